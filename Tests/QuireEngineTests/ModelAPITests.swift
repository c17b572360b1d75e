import Foundation
import QuireEngine
import TestSupport
import Testing

/// The model API: errors, serialization, determinism, tuning and importance.
@Suite(.tags(.slow)) struct ModelAPITests {
    static func frame(_ columns: [String: [Double]]) throws -> Frame {
        try Frame(columns: columns.keys.sorted().map { Column(name: $0, numbers: columns[$0]!) })
    }

    func modelError(_ body: () throws -> Void) -> ModelError? {
        do {
            try body()
            return nil
        } catch let error as ModelError {
            return error
        } catch {
            return nil
        }
    }

    @Test func everyAlgorithmListsHyperparameters() {
        for algorithm in Algorithm.allCases {
            #expect(!algorithm.hyperparameters.isEmpty)
            for spec in algorithm.hyperparameters where spec.defaultValue != .null {
                #expect((try? spec.validate(spec.defaultValue)) != nil, "\(algorithm) \(spec.name)")
            }
        }
    }

    @Test func hyperparameterErrors() throws {
        let data = try Self.frame(["x": [1, 2, 3, 4], "y": [0, 1, 0, 1]])
        let unknown = modelError {
            _ = try ModelTrainer.fit(
                ModelSpec(algorithm: .logisticRegression, target: "y", hyperparameters: ["c": .double(1)]), on: data)
        }
        #expect(unknown?.code == .unknownHyperparameter)
        #expect(unknown?.hint?.contains("did you mean `C`") == true)
        let invalid = modelError {
            _ = try ModelTrainer.fit(
                ModelSpec(algorithm: .randomForest, target: "y", hyperparameters: ["n_estimators": .int(0)]), on: data)
        }
        #expect(invalid?.code == .invalidHyperparameter)
    }

    @Test func badInputs() throws {
        let single = try Self.frame(["x": [1, 2, 3], "y": [1, 1, 1]])
        #expect(
            modelError { _ = try ModelTrainer.fit(ModelSpec(algorithm: .logisticRegression, target: "y"), on: single) }?
                .code == .singleClass)
        let missingTarget = try Self.frame(["x": [1, 2, 3], "y": [1, .nan, 0]])
        #expect(
            modelError { _ = try ModelTrainer.fit(ModelSpec(algorithm: .ridge, target: "y"), on: missingTarget) }?.code
                == .missingTargetValues)
        let categorical = try Frame(columns: [
            Column(name: "x", numbers: [1, 2, 3]), Column(name: "y", strings: ["a", "b", "a"]),
        ])
        #expect(
            modelError {
                _ = try ModelTrainer.fit(ModelSpec(algorithm: .linearRegression, target: "y"), on: categorical)
            }?
            .code == .categoricalTarget)
        let missingFeature = try Self.frame(["bmi": [1, .nan, 3, 4], "y": [0, 1, 0, 1]])
        let error = modelError {
            _ = try ModelTrainer.fit(ModelSpec(algorithm: .logisticRegression, target: "y"), on: missingFeature)
        }
        #expect(error?.code == .missingFeatureValues)
        #expect(error?.column == "bmi")
        #expect(error?.message.contains("`bmi`") == true)
        // With impute it trains.
        let imputed = try ModelTrainer.fit(
            ModelSpec(algorithm: .logisticRegression, target: "y", preprocess: [.impute(nil)]), on: missingFeature)
        #expect(imputed.preprocessing.count == 1)
        // Gradient boosting takes missing values as they are.
        _ = try ModelTrainer.fit(ModelSpec(algorithm: .gradientBoosting, target: "y"), on: missingFeature)
        // A categorical feature needs an encoder.
        let text = try Frame(columns: [
            Column(name: "city", strings: ["a", "b", "a", "c"]), Column(name: "y", numbers: [0, 1, 0, 1]),
        ])
        #expect(
            modelError { _ = try ModelTrainer.fit(ModelSpec(algorithm: .logisticRegression, target: "y"), on: text) }?
                .code == .categoricalFeature)
    }

    @Test func unknownCategoriesAtPredictionAreIgnoredByOneHot() throws {
        let train = try Frame(columns: [
            Column(name: "city", strings: ["a", "b", "a", "b", "a", "b"]),
            Column(name: "x", numbers: [1, 2, 1.5, 2.5, 0.5, 3]), Column(name: "y", numbers: [0, 1, 0, 1, 0, 1]),
        ])
        let model = try ModelTrainer.fit(
            ModelSpec(algorithm: .logisticRegression, target: "y", preprocess: [.oneHot()]), on: train)
        #expect(model.summary.inputs == ["city_a", "city_b", "x"])
        let unseen = try Frame(columns: [Column(name: "city", strings: ["z"]), Column(name: "x", numbers: [2])])
        let probabilities = try model.predictProbabilities(unseen)
        #expect(probabilities.count == 1)
        #expect(abs(probabilities[0].reduce(0, +) - 1) < 1e-12)
    }

    @Test func nonConvergenceIsAWarning() throws {
        let data = try FixtureFiles.dataset("breast_cancer")
        let model = try ModelTrainer.fit(
            ModelSpec(algorithm: .logisticRegression, target: "target", hyperparameters: ["max_iter": .int(3)]),
            on: data)
        #expect(model.warnings.first?.contains("did not converge in max_iter=3") == true)
    }

    @Test func moreFeaturesThanRows() throws {
        let data = try Self.frame(["a": [1, 2, 3], "b": [2, 1, 0], "c": [5, 5, 6], "d": [0, 1, 1], "y": [1, 2, 4]])
        let model = try ModelTrainer.fit(ModelSpec(algorithm: .linearRegression, target: "y"), on: data)
        let predictions = try model.predict(data)
        #expect(zip(predictions, [1.0, 2, 4]).allSatisfy { abs($0 - $1) < 1e-9 })
        #expect(!model.warnings.isEmpty)
    }

    @Test(arguments: Algorithm.allCases)
    func jsonRoundTripPredictsIdentically(_ algorithm: Algorithm) throws {
        var data = try FixtureFiles.dataset("iris")
        var spec = ModelSpec(algorithm: algorithm, target: "target", preprocess: [.standardize()], seed: 3)
        if algorithm.tasks == [.regression] { spec.task = .regression }
        if algorithm == .kmeans {
            data = try data.dropping(["target"])
            spec.target = nil
            spec.hyperparameters = ["n_clusters": .int(3)]
        }
        if algorithm == .randomForest { spec.hyperparameters = ["n_estimators": .int(10)] }
        let model = try ModelTrainer.fit(spec, on: data, threads: 2)
        let encoded = try model.encoded()
        let decoded = try TrainedModel.decode(encoded)
        #expect(decoded == model)
        let a = try model.predict(data), b = try decoded.predict(data)
        #expect(a.map(\.bitPattern) == b.map(\.bitPattern))
        if model.hasProbabilities {
            let pa = try model.predictProbabilities(data).flatMap { $0 }
            let pb = try decoded.predictProbabilities(data).flatMap { $0 }
            #expect(pa.map(\.bitPattern) == pb.map(\.bitPattern))
        }
        let json = try #require(try JSONSerialization.jsonObject(with: encoded) as? [String: Any])
        #expect(json["format"] as? String == "quire-model")
        #expect(json["version"] as? Int == TrainedModel.formatVersion)
    }

    @Test func decodeRejectsOtherFiles() {
        let notModel = modelError { _ = try TrainedModel.decode(Data("{\"a\":1}".utf8)) }
        #expect(notModel?.code == .badFormat)
        let future = modelError {
            _ = try TrainedModel.decode(Data("{\"format\":\"quire-model\",\"version\":99}".utf8))
        }
        #expect(future?.code == .unsupportedVersion)
    }

    @Test(arguments: [Algorithm.randomForest, .gradientBoosting, .kmeans])
    func sameBytesWithOneOrTwoThreads(_ algorithm: Algorithm) throws {
        var data = try FixtureFiles.dataset("wine")
        var spec = ModelSpec(algorithm: algorithm, target: "target", hyperparameters: [:], seed: 42)
        if algorithm == .randomForest { spec.hyperparameters = ["n_estimators": .int(20)] }
        if algorithm == .kmeans {
            data = try data.dropping(["target"])
            spec.target = nil
        }
        let one = try ModelTrainer.fit(spec, on: data, threads: 1)
        let two = try ModelTrainer.fit(spec, on: data, threads: 2)
        var a = one, b = two
        a.trainingSeconds = 0
        b.trainingSeconds = 0
        #expect(try a.encoded() == b.encoded())
    }

    @Test func evaluationHasMetricsAndCurves() throws {
        let data = try FixtureFiles.dataset("breast_cancer")
        let split = try data.split(SplitOptions(testSize: 0.3, seed: 1, stratify: "target"))
        let model = try ModelTrainer.fit(
            ModelSpec(algorithm: .logisticRegression, target: "target", preprocess: [.standardize()]), on: split.train)
        let evaluation = try Evaluation.evaluate(model: model, frame: split.test)
        for name in Evaluation.metricNames(for: .classification) {
            #expect(evaluation.metrics[name] != nil, "\(name)")
        }
        #expect(evaluation.metrics["accuracy"]! > 0.9)
        #expect(evaluation.rocCurves?["1"] != nil)
        #expect(evaluation.calibration != nil)
        #expect(evaluation.confusionMatrix?.flatMap { $0 }.reduce(0, +) == split.test.rowCount)
        let roundTrip = try JSONDecoder().decode(Evaluation.self, from: JSONEncoder().encode(evaluation))
        #expect(roundTrip.metrics == evaluation.metrics)
    }

    @Test func regressionEvaluation() throws {
        let data = try FixtureFiles.dataset("diabetes")
        let model = try ModelTrainer.fit(ModelSpec(algorithm: .ridge, target: "target"), on: data)
        let evaluation = try Evaluation.evaluate(model: model, frame: data)
        #expect(Set(evaluation.metrics.keys) == Set(Evaluation.metricNames(for: .regression)))
        #expect(evaluation.residuals?.predicted.count == data.rowCount)
    }

    @Test func permutationImportanceFindsTheSignal() throws {
        var generator = Xoshiro256StarStar(seed: 5)
        let n = 400
        let signal = (0..<n).map { _ in generator.nextNormal() }
        let noise = (0..<n).map { _ in generator.nextNormal() }
        let y = signal.map { $0 > 0 ? 1.0 : 0.0 }
        let data = try Self.frame(["noise": noise, "signal": signal, "y": y])
        let model = try ModelTrainer.fit(ModelSpec(algorithm: .logisticRegression, target: "y"), on: data)
        let importance = try PermutationImportance.compute(model: model, frame: data, repeats: 3, seed: 1)
        let signalIndex = try #require(importance.features.firstIndex(of: "signal"))
        let noiseIndex = try #require(importance.features.firstIndex(of: "noise"))
        #expect(importance.importancesMean[signalIndex] > 0.3)
        #expect(abs(importance.importancesMean[noiseIndex]) < 0.05)
        let again = try PermutationImportance.compute(model: model, frame: data, repeats: 3, seed: 1, threads: 2)
        #expect(again == importance)
    }

    @Test func foldsMatchScikitLearnSizes() {
        let folds = Folds.kFold(rows: 10, folds: 3)
        #expect(folds == [[0, 1, 2, 3], [4, 5, 6], [7, 8, 9]])
        // StratifiedKFold(3).split on y = [0,0,0,0,1,1,1,1,1,1] (scikit-learn 1.9).
        let stratified = Folds.stratifiedKFold(labels: [0, 0, 0, 0, 1, 1, 1, 1, 1, 1], folds: 3)
        #expect(stratified == [[0, 1, 4, 5], [2, 6, 7], [3, 8, 9]])
    }

    @Test func gridSearchPicksTheBestAndRefits() throws {
        let data = try FixtureFiles.dataset("iris")
        let candidates = Tuning.grid(["n_neighbors": [.int(1), .int(5), .int(15)], "weights": [.string("uniform")]])
        #expect(candidates.count == 3)
        let result = try Tuning.search(
            ModelSpec(algorithm: .knn, target: "target", preprocess: [.standardize()]), on: data,
            candidates: candidates, folds: 5)
        #expect(result.metric == "accuracy")
        #expect(result.results.count == 3)
        let best = try #require(result.results.first { $0.rank == 1 })
        #expect(best.parameters == result.bestParameters)
        #expect(result.best.hyperparameters["n_neighbors"] == result.bestParameters["n_neighbors"])
        #expect(result.results.allSatisfy { $0.foldScores.count == 5 })
        let random = Tuning.randomCandidates(["C": [.double(0.1), .double(1), .double(10)]], count: 2, seed: 4)
        #expect(random.count == 2)
    }
}
