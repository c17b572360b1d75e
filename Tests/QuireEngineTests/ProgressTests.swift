import Foundation
import QuireEngine
import Synchronization
import Testing

/// The engine's progress reports: every long phase counts up to its total, in order, and
/// counting never changes a result.
@Suite struct ProgressTests {
    /// The snapshots a sink delivered, in order.
    final class Recorder: Sendable {
        private let snapshots = Mutex<[ProgressSnapshot]>([])
        /// A sink that reports every change (no interval), so tests need not wait.
        var sink: ProgressSink {
            ProgressSink(interval: .zero) { snapshot in self.snapshots.withLock { $0.append(snapshot) } }
        }
        var all: [ProgressSnapshot] { snapshots.withLock { $0 } }

        /// Runs `body` as work that reports here.
        func run<T>(_ body: () throws -> T) rethrows -> T {
            try EngineWork.$current.withValue(EngineWork(progress: sink), operation: body)
        }
    }

    /// Checks one phase: the label and unit, counts that never go back, a first report at 0 and a
    /// last one at `total` (and a share of 1).
    func expectPhase(
        _ snapshots: [ProgressSnapshot], label: String, unit: String, total: Int?, lastDone: Int? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(!snapshots.isEmpty, sourceLocation: sourceLocation)
        #expect(snapshots.allSatisfy { $0.label == label && $0.unit == unit }, sourceLocation: sourceLocation)
        #expect(snapshots.allSatisfy { $0.total == total }, sourceLocation: sourceLocation)
        #expect(snapshots.first?.done == 0 && snapshots.first?.fraction == 0, sourceLocation: sourceLocation)
        for (a, b) in zip(snapshots, snapshots.dropFirst()) {
            #expect(a.done <= b.done && a.fraction <= b.fraction, "\(a) then \(b)", sourceLocation: sourceLocation)
        }
        #expect(snapshots.last?.done == (lastDone ?? total), sourceLocation: sourceLocation)
        #expect(snapshots.last?.fraction == 1, sourceLocation: sourceLocation)
        // Some reports between the first and the last: the phase reports as it goes.
        #expect(snapshots.count > 2, sourceLocation: sourceLocation)
    }

    static func data() throws -> Frame {
        try DataGenerator.classification(ClassificationSpec(samples: 600, features: 5), seed: 3)
    }

    @Test func forestCountsTreesAndKeepsItsBytes() throws {
        let data = try Self.data()
        let spec = ModelSpec(
            algorithm: .randomForest, target: "target", hyperparameters: ["n_estimators": .int(12)], seed: 1)
        let recorder = Recorder()
        var reported = try recorder.run { try ModelTrainer.fit(spec, on: data, threads: 2) }
        expectPhase(recorder.all, label: "forest", unit: "trees", total: 12)
        var silent = try ModelTrainer.fit(spec, on: data, threads: 1)
        reported.trainingSeconds = 0
        silent.trainingSeconds = 0
        #expect(try reported.encoded() == silent.encoded())
    }

    @Test func boostingCountsIterations() throws {
        let spec = ModelSpec(
            algorithm: .gradientBoosting, target: "target",
            hyperparameters: ["max_iter": .int(15), "early_stopping": .string("false")], seed: 1)
        let data = try Self.data()
        let recorder = Recorder()
        _ = try recorder.run { try ModelTrainer.fit(spec, on: data, threads: 2) }
        expectPhase(recorder.all, label: "boosting", unit: "iterations", total: 15)
    }

    @Test func boostingThatStopsEarlyIsComplete() throws {
        let spec = ModelSpec(
            algorithm: .gradientBoosting, target: "target",
            hyperparameters: ["max_iter": .int(500), "early_stopping": .string("true"), "n_iter_no_change": .int(2)],
            seed: 1)
        let data = try Self.data()
        let recorder = Recorder()
        _ = try recorder.run { try ModelTrainer.fit(spec, on: data, threads: 2) }
        expectPhase(recorder.all, label: "boosting", unit: "iterations", total: 500)
        // It stopped early, and the report before the last shows how far it came.
        let counted = recorder.all.dropLast().last?.done ?? 0
        #expect(counted < 500)
    }

    @Test func logisticRegressionCountsSolverIterations() throws {
        let spec = ModelSpec(algorithm: .logisticRegression, target: "target", hyperparameters: ["max_iter": .int(50)])
        let data = try Self.data()
        let recorder = Recorder()
        _ = try recorder.run { try ModelTrainer.fit(spec, on: data, threads: 2) }
        expectPhase(recorder.all, label: "logistic regression", unit: "iterations", total: 50)
    }

    @Test func csvCountsRowsAndBytes() throws {
        var text = "a,b,c\n"
        for i in 0..<5000 { text += "\(i),\(i % 7).5,\(i % 3 == 0 ? "x" : "y")\n" }
        let recorder = Recorder()
        let frame = try recorder.run {
            try CSVReader.read(
                bytes: Array(text.utf8), name: "dir/data.csv", options: CSVOptions(threads: 2, blockSize: 4096))
        }
        #expect(frame.rowCount == 5000)
        expectPhase(recorder.all, label: "reading data.csv", unit: "rows", total: nil, lastDone: 5000)
    }

    @Test func tuningCountsEveryFitOnce() throws {
        let spec = ModelSpec(algorithm: .randomForest, target: "target", hyperparameters: [:], seed: 1)
        let candidates = Tuning.grid(["n_estimators": [.int(3), .int(5)], "max_depth": [.int(2), .int(4)]])
        let data = try Self.data()
        let recorder = Recorder()
        _ = try recorder.run {
            try Tuning.search(spec, on: data, candidates: candidates, folds: 3, threads: 2)
        }
        // 4 candidates × 3 folds, then the refit; the forests inside report nothing of their own.
        expectPhase(recorder.all, label: "cross-validation", unit: "fits", total: 13)
    }

    @Test func permutationImportanceCountsPermutations() throws {
        let data = try Self.data()
        let model = try ModelTrainer.fit(ModelSpec(algorithm: .logisticRegression, target: "target"), on: data)
        let recorder = Recorder()
        let reported = try recorder.run {
            try PermutationImportance.compute(model: model, frame: data, repeats: 3, seed: 1, threads: 2)
        }
        expectPhase(recorder.all, label: "permutation importance", unit: "permutations", total: 5 * 3)
        #expect(reported == (try PermutationImportance.compute(model: model, frame: data, repeats: 3, seed: 1)))
    }

    @Test func generateCountsRows() throws {
        let recorder = Recorder()
        let frame = try recorder.run {
            try DataGenerator.classification(ClassificationSpec(samples: 20_000, features: 5), seed: 1)
        }
        expectPhase(recorder.all, label: "generate", unit: "rows", total: 20_000)
        #expect(frame == (try DataGenerator.classification(ClassificationSpec(samples: 20_000, features: 5), seed: 1)))
    }

    @Test func kMeansCountsEveryRestartsIterations() throws {
        let data = try Self.data().dropping(["target"])
        let spec = ModelSpec(
            algorithm: .kmeans, target: nil, hyperparameters: ["n_clusters": .int(3), "n_init": .int(2)], seed: 1)
        let recorder = Recorder()
        _ = try recorder.run { try ModelTrainer.fit(spec, on: data, threads: 2) }
        expectPhase(recorder.all, label: "k-means", unit: "iterations", total: 2 * 300)
    }

    @Test func nearestNeighboursCountScoredRows() throws {
        let data = try Self.data()
        let model = try ModelTrainer.fit(ModelSpec(algorithm: .knn, target: "target"), on: data)
        let recorder = Recorder()
        let reported = try recorder.run { try model.predict(data, threads: 2) }
        expectPhase(recorder.all, label: "nearest neighbours", unit: "rows", total: 600)
        #expect(reported == (try model.predict(data)))
    }

    @Test func nothingIsCountedWithoutASink() throws {
        let meter = EngineWork.beginProgress("forest", unit: "trees", total: 3)
        #expect(meter == nil)
    }

    @Test func anInnerPhaseIsNotMeasured() {
        let recorder = Recorder()
        recorder.run {
            EngineWork.withProgress("outer", unit: "fits", total: 2) { outer in
                for _ in 0..<2 {
                    let inner = EngineWork.beginProgress("inner", unit: "trees", total: 5)
                    #expect(inner == nil)
                    outer?.advance()
                }
            }
            // The outer phase ended: the next one is measured.
            let next = EngineWork.beginProgress("next", unit: "rows", total: 1)
            #expect(next != nil)
            next?.complete()
        }
        #expect(Set(recorder.all.map(\.label)) == ["outer", "next"])
    }

    @Test func reportsAreThrottled() {
        let counted = Mutex(0)
        let slow = ProgressSink(interval: .seconds(3600)) { _ in counted.withLock { $0 += 1 } }
        EngineWork.$current.withValue(EngineWork(progress: slow)) {
            EngineWork.withProgress("loop", unit: "items", total: 10_000) { meter in
                for _ in 0..<10_000 { meter?.advance() }
            }
        }
        // The start and the end only: nothing between within the hour.
        #expect(counted.withLock { $0 } == 2)
        // A phase begun within the interval of that report is not reported, neither at its end.
        EngineWork.$current.withValue(EngineWork(progress: slow)) {
            for _ in 0..<100 {
                EngineWork.withProgress("row", unit: "rows", total: 1) { meter in meter?.advance() }
            }
        }
        #expect(counted.withLock { $0 } == 2)
    }
}
