import Foundation
import TestSupport
import Testing

@testable import QuireEngine

@Suite("Drift edge cases, selection and statuses", .tags(.slow))
struct DriftEdgeCaseTests {
    func frame(_ columns: Column...) throws -> Frame { try Frame(columns: columns) }

    @Test(arguments: [
        (300, 10, DriftMethod.ks), (1000, 10, .ks), (1001, 10, .wasserstein), (300, 4, .chiSquare),
        (300, 2, .z), (5000, 4, .jensenShannon), (5000, 2, .jensenShannon),
    ])
    func automaticNumericChoice(rows: Int, distinct: Int, expected: DriftMethod) throws {
        let values = (0..<rows).map { Double($0 % distinct) }
        let result = try Drift.compare(
            reference: frame(Column(name: "x", numbers: values)), current: frame(Column(name: "x", numbers: values)))
        #expect(result["x"]?.method == expected)
    }

    @Test(arguments: [
        (300, 3, DriftMethod.chiSquare), (300, 2, .z), (1001, 2, .jensenShannon), (1001, 7, .jensenShannon),
    ])
    func automaticCategoricalChoice(rows: Int, distinct: Int, expected: DriftMethod) throws {
        let values: [String?] = (0..<rows).map { "c\($0 % distinct)" }
        let result = try Drift.compare(
            reference: frame(Column(name: "c", strings: values)), current: frame(Column(name: "c", strings: values)))
        #expect(result["c"]?.method == expected)
    }

    @Test func missingAndInfiniteValuesAreIgnoredAndCounted() throws {
        let reference = try frame(Column(name: "x", numbers: [1, .nan, 2, .infinity, 3, 4, 5, 6]))
        let current = try frame(Column(name: "x", numbers: [-.infinity, 1, 2, .nan, .nan, 3, 4, 5, 6]))
        let column = try #require(try Drift.compare(reference: reference, current: current)["x"])
        #expect(column.referenceCount == 6 && column.currentCount == 6)
        #expect(column.referenceMissing == 1 && column.currentMissing == 2)
        #expect(column.referenceInfinite == 1 && column.currentInfinite == 1)
        #expect(column.method == .ks)
        #expect(column.statistic == 0 && column.pValue == 1 && column.status == .ok)
    }

    @Test func constantColumnsDoNotDrift() throws {
        let constant = try frame(Column(name: "x", numbers: Array(repeating: 7, count: 2000)))
        for method in DriftMethod.allCases {
            let column = try #require(
                try Drift.compare(
                    reference: constant, current: constant, options: DriftOptions(method: method))["x"])
            #expect(column.drifted == false, "\(method)")
            #expect(column.status == .ok, "\(method)")
        }
    }

    @Test func categoryOnlyInCurrentIsDrift() throws {
        let reference = try frame(
            Column(name: "c", strings: Array(repeating: "a", count: 50) + Array(repeating: "b", count: 50)))
        let current = try frame(
            Column(
                name: "c",
                strings: Array(repeating: "a", count: 45) + Array(repeating: "b", count: 45) + ["new", "new"]))
        let column = try #require(
            try Drift.compare(
                reference: reference, current: current, options: DriftOptions(method: .chiSquare))["c"])
        #expect(column.statistic == .infinity && column.pValue == 0 && column.drifted)
        #expect(column.histogram.categories == ["a", "b", "new"])
        #expect(column.histogram.reference == [50, 50, 0] && column.histogram.current == [45, 45, 2])
        let psi = try #require(
            try Drift.compare(
                reference: reference, current: current, options: DriftOptions(method: .psi))["c"]?.statistic)
        #expect(psi.isFinite && psi > 0)
    }

    @Test func emptyCurrentColumnWarnsWithoutTesting() throws {
        let column = try #require(
            try Drift.compare(
                reference: frame(Column(name: "x", numbers: [1, 2, 3])),
                current: frame(Column(name: "x", numbers: [.nan, .nan])))["x"])
        #expect(column.statistic == nil && column.status == .warn && column.note != nil && !column.drifted)
    }

    @Test func warnBandAndThresholds() throws {
        // Normalized Wasserstein of a pure shift s of values with std σ is s/σ.
        let base = (0..<2000).map { Double($0 % 100) }
        let std = 28.86607004772212  // population std of 0…99
        func status(shift: Double) throws -> MonitorStatus? {
            try Drift.compare(
                reference: frame(Column(name: "x", numbers: base)),
                current: frame(Column(name: "x", numbers: base.map { $0 + shift })))["x"]?.status
        }
        #expect(try status(shift: 0.05 * std) == .ok)
        #expect(try status(shift: 0.09 * std) == .warn)
        #expect(try status(shift: 0.11 * std) == .alert)
        let custom = try Drift.compare(
            reference: frame(Column(name: "x", numbers: base)),
            current: frame(Column(name: "x", numbers: base.map { $0 + 0.11 * std })),
            options: DriftOptions(columns: ["x": ColumnDriftOptions(threshold: 0.2, warnThreshold: 0.15)]))["x"]
        #expect(custom?.status == .ok && custom?.threshold == 0.2)
    }

    @Test func datasetDriftAtShare() throws {
        let a = (0..<500).map { Double($0) }
        let reference = try frame(
            Column(name: "a", numbers: a), Column(name: "b", numbers: a), Column(name: "c", numbers: a))
        let current = try frame(
            Column(name: "a", numbers: a.map { $0 + 200 }), Column(name: "b", numbers: a), Column(name: "c", numbers: a)
        )
        let third = try Drift.compare(reference: reference, current: current)
        #expect(third.driftedCount == 1 && !third.datasetDrift && third.status == .alert)
        let low = try Drift.compare(reference: reference, current: current, options: DriftOptions(driftShare: 0.3))
        #expect(low.datasetDrift)
    }

    @Test func errorsNameTheProblem() throws {
        let reference = try frame(Column(name: "age", numbers: [1, 2]), Column(name: "city", strings: ["a", "b"]))
        #expect(throws: FrameError.self) {
            try Drift.compare(
                reference: reference, current: self.frame(Column(name: "age", numbers: [1])),
                options: DriftOptions(include: ["city"]))
        }
        do {
            _ = try Drift.compare(
                reference: reference,
                current: frame(Column(name: "age", strings: ["1"]), Column(name: "city", strings: ["a"])))
            Issue.record("expected a kind mismatch")
        } catch let error as FrameError {
            #expect(error.code == .wrongKind && error.hint != nil)
        }
        #expect(throws: FrameError.self) {
            try Drift.compare(
                reference: reference, current: reference, options: DriftOptions(method: .ks, include: ["city"]))
        }
    }

    @Test func referenceProfileRoundTripsThroughJSON() throws {
        let reference = try frame(
            Column(name: "x", numbers: (0..<3000).map { sin(Double($0)) }),
            Column(name: "c", strings: (0..<3000).map { "k\($0 % 4)" }))
        let current = try frame(
            Column(name: "x", numbers: (0..<2500).map { sin(Double($0)) + 0.1 }),
            Column(name: "c", strings: (0..<2500).map { "k\($0 % 5)" }))
        let profile = DriftReference(reference)
        let decoded = try JSONDecoder().decode(DriftReference.self, from: JSONEncoder().encode(profile))
        #expect(decoded == profile)
        for method in [nil, DriftMethod.psi, .kl] {
            let options = DriftOptions(method: method == nil ? nil : method, include: method == nil ? nil : ["x"])
            #expect(
                try Drift.compare(reference: decoded, current: current, options: options)
                    == Drift.compare(reference: reference, current: current, options: options))
        }
    }

    @Test func numericHistogramUsesCommonEdges() throws {
        let column = try #require(
            try Drift.compare(
                reference: frame(Column(name: "x", numbers: [0, 1, 2, 3])),
                current: frame(Column(name: "x", numbers: [2, 3, 4, 5, 6])), options: DriftOptions(bins: 3))["x"])
        #expect(column.histogram.edges == [0, 2, 4, 6])
        #expect(column.histogram.reference == [2, 2, 0] && column.histogram.current == [0, 2, 3])
    }

    @Test func onePassHistogramEqualsSearchingTheSortedValues() {
        var generator = Xoshiro256StarStar(seed: 7)
        let edges = DriftStatistics.equalWidthEdges(low: -3, high: 1e-3, bins: 37)
        // Random values, every edge exactly, its neighbours, and values outside the edges.
        var values = (0..<50_000).map { _ in Double.random(in: -3.5...0.5, using: &generator) }
        values += edges + edges.map { $0.nextUp } + edges.map { $0.nextDown }
        let unsorted = DriftStatistics.histogram(unsorted: values, edges: edges)
        #expect(unsorted == DriftStatistics.histogram(sorted: values.sorted(), edges: edges))
        #expect(unsorted.reduce(0, +) == values.filter { $0 >= -3 && $0 <= 1e-3 }.count)
    }

    @Test func quantileBinCountsEqualCountingCutPoints() {
        var generator = Xoshiro256StarStar(seed: 13)
        let edges = [-1.5, -0.2, -0.2, 0, 0.7, 3]
        // Random values, every cut point exactly and beside it, a length that is not a multiple of 8.
        var values = (0..<10_003).map { _ in Double.random(in: -3...4, using: &generator) }
        values += edges + edges.map(\.nextUp) + edges.map(\.nextDown) + [-.greatestFiniteMagnitude, 1e300]
        for sample in [values, Array(values.prefix(7)), []] {
            var expected = [Int](repeating: 0, count: edges.count + 1)
            for value in sample { expected[edges.count { $0 <= value }] += 1 }
            #expect(Drift.binCounts(sample, edges: edges) == expected)
        }
        #expect(Drift.binCounts([1, 2, 3], edges: []) == [3])
    }

    @Test func bucketedKolmogorovSmirnovEqualsTheSortedWalk() {
        var generator = Xoshiro256StarStar(seed: 5)
        func sample(_ count: Int, _ shape: Int, shift: Double) -> [Double] {
            (0..<count).map { _ in
                let u = Double.random(in: 0..<1, using: &generator)
                switch shape {
                case 0: return u + shift
                case 1: return (u * 20).rounded() + shift  // heavy ties, shared across samples
                case 2: return exp(12 * u) + shift  // values over five orders of magnitude
                default: return (u < 0.5 ? -1 : 1) * 1.7e308 * u + shift  // a range too wide to bucket
                }
            }
        }
        for shape in 0..<4 {
            for (n1, n2, shift) in [
                (1, 1, 0.0), (7, 3, 0.0), (500, 800, 0.0), (40_000, 30_000, 0.0),
                (40_000, 30_000, 0.01), (25_000, 25_000, 0.3),
            ] {
                let a = sample(n1, shape, shift: 0), b = sample(n2, shape, shift: shift)
                let all = a + b
                let bucketed = BucketedKS.largestDifference(a, b, range: all.min()!...all.max()!)
                let walked = BucketedKS.walk(a.sorted()[...], b.sorted()[...], from: (0, 0), sizes: (n1, n2))
                #expect(bucketed == walked, "shape \(shape), sizes \(n1), \(n2), shift \(shift)")
            }
        }
    }

    @Test func valueSortOrdersLikeComparison() {
        var generator = Xoshiro256StarStar(seed: 11)
        var values = (0..<20_000).map { _ in Double.random(in: -1e6...1e6, using: &generator) }
        values += [
            0, -0.0, .leastNonzeroMagnitude, -.leastNonzeroMagnitude, .greatestFiniteMagnitude,
            -.greatestFiniteMagnitude, 1, 1, 1,
        ]
        values += (0..<5000).map { _ in Double(Int.random(in: -3...3, using: &generator)) }
        // Values over many orders of magnitude crowd one bucket level after level.
        let spread = (0..<4000).map { pow(1.5, Double(($0 * 7919) % 1500)) - 1e6 }
        for sample in [values, spread, Array(values[0..<20_000]), [3, 1, 2]] {
            let sorted = ValueSort.sorted(sample)
            #expect(sorted.count == sample.count)
            #expect(zip(sorted, sorted.dropFirst()).allSatisfy { $0 <= $1 })
            #expect(sorted == sample.sorted())
        }
    }

    @Test func statusOrder() {
        #expect(MonitorStatus.ok < .warn && MonitorStatus.warn < .alert)
        #expect([MonitorStatus.warn, .ok, .alert, .ok].max() == .alert)
    }
}
