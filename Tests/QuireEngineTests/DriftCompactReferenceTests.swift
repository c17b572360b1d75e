import Foundation
import Testing

@testable import QuireEngine

/// Compact reference profiles: exact when a column has few distinct values, and otherwise within
/// the bounds they record, checked against scipy's figures (Fixtures/monitor/drift_cases.json)
/// and against the exact profile on large samples.
@Suite("Compact drift reference profiles")
struct DriftCompactReferenceTests {
    /// A compact profile with more points than distinct values keeps every value with its count:
    /// every method gives what the data gives, bit for bit, through a JSON round trip too.
    @Test(arguments: DriftOracleCase.all)
    func exactWhenPointsCoverTheDistinctValues(_ oracle: DriftOracleCase) throws {
        let reference = try Frame(columns: [oracle.reference])
        let current = try Frame(columns: [oracle.current])
        let options = DriftOptions(method: oracle.method)
        let expected = try Drift.compare(reference: reference, current: current, options: options)
        let compact = DriftReference(reference, points: 1_000_000)
        #expect(compact.columns.allSatisfy { $0.approximation == nil })
        let decoded = try JSONDecoder().decode(DriftReference.self, from: JSONEncoder().encode(compact))
        #expect(decoded == compact)
        #expect(try Drift.compare(reference: decoded, current: current, options: options) == expected)
    }

    /// With fewer points than values, scipy's statistic for the data lies within what the compact
    /// profile says: D within `ecdfError / n` (at most half a block), the p-value and the
    /// Wasserstein distance inside the row's range.
    @Test(
        arguments: DriftOracleCase.all.filter {
            ($0.method == .ks || $0.method == .wasserstein) && $0.reference.count >= 100
        }, [10, 37, 500])
    func boundsHoldAgainstScipy(_ oracle: DriftOracleCase, points: Int) throws {
        let reference = try Frame(columns: [oracle.reference])
        let current = try Frame(columns: [oracle.current])
        let compact = DriftReference(reference, points: points)
        let profile = try #require(compact["x"])
        let n = profile.presentCount
        guard let approximation = profile.approximation else {
            // Enough points for every distinct value: exact (checked above).
            #expect(profile.values.count <= points)
            return
        }
        let block = (n + points - 1) / points
        #expect(approximation.ecdfError <= block / 2, "half a block of \(block)")
        #expect(profile.values.count <= points)
        let column = try #require(
            try Drift.compare(reference: compact, current: current, options: DriftOptions(method: oracle.method))["x"])
        let range = try #require(column.scoreRange)
        let slack = 1e-12
        if oracle.method == .ks {
            let d = try #require(column.statistic)
            #expect(abs(d - oracle.statistic) <= Double(approximation.ecdfError) / Double(n) + slack)
            let p = try #require(oracle.pValue)
            #expect(range.lowerBound - slack <= p && p <= range.upperBound + slack, "p \(p) outside \(range)")
            #expect(column.note?.contains("compact reference profile") == true)
        } else {
            let statistic = oracle.statistic
            #expect(
                range.lowerBound * (1 - slack) <= statistic && statistic <= range.upperBound * (1 + slack),
                "distance \(statistic) outside \(range)")
        }
    }

    /// On 60,000 values of four shapes (continuous, heavy ties, a point mass beside a continuous
    /// part, values over many orders of magnitude), every method against the compact profile stays
    /// within its recorded bounds of the result against the data.
    @Test(arguments: 0..<4)
    func boundsHoldOnLargeSamples(shape: Int) throws {
        var generator = Xoshiro256StarStar(seed: 41 + UInt64(shape))
        func sample(_ count: Int, shift: Double) -> [Double] {
            (0..<count).map { _ in
                let u = Double.random(in: 0..<1, using: &generator)
                switch shape {
                case 0: return generator.nextNormal() + shift
                case 1: return (u * 3000).rounded() + shift * 1000
                case 2: return u < 0.4 ? 0 : generator.nextNormal() + shift
                default: return exp(20 * u) + shift
                }
            }
        }
        let reference = try Frame(columns: [Column(name: "x", numbers: sample(60_000, shift: 0))])
        let current = try Frame(columns: [Column(name: "x", numbers: sample(20_000, shift: 0.02))])
        let compact = DriftReference(reference, points: 1_000)
        let profile = try #require(compact["x"])
        let approximation = try #require(profile.approximation)
        #expect(approximation.ecdfError <= 30)
        #expect(profile.values.count <= 1_000)
        // The data's own figures are kept, not the points'.
        let exactProfile = DriftReference(reference)
        let exactColumn = try #require(exactProfile["x"])
        #expect(DriftSample(profile) == DriftSample(exactColumn))
        #expect(profile.range == exactColumn.range)
        let decoded = try JSONDecoder().decode(DriftReference.self, from: JSONEncoder().encode(compact))
        #expect(decoded == compact)
        for method in [DriftMethod.ks, .wasserstein, .psi] {
            let options = DriftOptions(method: method)
            let exact = try #require(try Drift.compare(reference: reference, current: current, options: options)["x"])
            let approximate = try #require(
                try Drift.compare(reference: decoded, current: current, options: options)["x"])
            #expect(approximate.reference == exact.reference)
            #expect(approximate.histogram.edges == exact.histogram.edges)
            for (a, b) in zip(approximate.histogram.reference, exact.histogram.reference) {
                #expect(abs(a - b) <= 2 * approximation.ecdfError, "\(method): bin count \(a) against \(b)")
            }
            let score = try #require(exact.score)
            switch method {
            case .ks:
                let range = try #require(approximate.scoreRange)
                #expect(range.contains(score), "p \(score) outside \(range)")
                let d = try #require(approximate.statistic), exactD = try #require(exact.statistic)
                #expect(abs(d - exactD) <= Double(approximation.ecdfError) / 60_000 + 1e-12)
            case .wasserstein:
                let range = try #require(approximate.scoreRange)
                #expect(range.contains(score), "distance \(score) outside \(range)")
                #expect(range.upperBound - range.lowerBound < 0.05, "a useful bound: \(range)")
            default:
                #expect(approximate.scoreRange == nil)
                #expect(approximate.note?.contains("within") == true)
            }
        }
    }

    /// The recorded errors are what they claim: the largest gap of the counting functions and
    /// the Wasserstein distance between the data and its points, checked by brute force.
    @Test func recordedErrorsAreMeasured() throws {
        var generator = Xoshiro256StarStar(seed: 3)
        let values = (0..<999).map { _ in (Double.random(in: 0..<1, using: &generator) * 200).rounded() / 7 }
        let profile = DriftColumnProfile(Column(name: "x", numbers: values)).compacted(points: 13)
        let approximation = try #require(profile.approximation)
        let points = profile.expanded().values
        let sorted = values.sorted()
        #expect(points.count == sorted.count)
        var largest = 0
        for x in Set(sorted) {
            largest = max(largest, abs(sorted.count { $0 <= x } - points.count { $0 <= x }))
        }
        #expect(approximation.ecdfError == largest)
        // Sorted couplings give the Wasserstein-1 distance between equal-size samples.
        let distance = zip(sorted, points).reduce(0) { $0 + abs($1.0 - $1.1) } / Double(sorted.count)
        #expect(approximation.wassersteinError >= distance)
        #expect(approximation.wassersteinError <= distance * (1 + 1e-9))
    }

    @Test func corruptCompactColumnsAreRefusedByField() throws {
        let good = """
            {"name": "x", "kind": "numeric", "points": [1, 2, 3], "pointCounts": [2, 1, 4], "missing": 0, "infinite": 0,
             "approximation": {"points": 3, "ecdfError": 1, "wassersteinError": 0.5, "min": 0, "max": 4, "mean": 2,
             "std": 1, "populationStd": 0.9}}
            """
        let profile = try JSONDecoder().decode(DriftColumnProfile.self, from: Data(good.utf8))
        #expect(profile.presentCount == 7)
        #expect(profile.range == 0...4)
        #expect(profile.expanded().values == [1, 1, 2, 3, 3, 3, 3])
        let cases: [(String, String, String)] = [
            ("\"points\": [1, 2, 3]", "\"points\": [1, 3, 2]", "ascending order without repeats"),
            ("\"points\": [1, 2, 3]", "\"points\": [1, 2, 2]", "ascending order without repeats"),
            ("\"pointCounts\": [2, 1, 4]", "\"pointCounts\": [2, 1]", "has 2 entries for 3 points"),
            ("\"pointCounts\": [2, 1, 4]", "\"pointCounts\": [2, 0, 4]", "a count below 1 (0)"),
            ("\"min\": 0", "\"min\": 1.5", "do not enclose the points"),
            ("\"ecdfError\": 1", "\"ecdfError\": -1", "ecdfError is negative"),
            ("\"kind\": \"numeric\"", "\"kind\": \"categorical\"", "must be absent for a categorical column"),
        ]
        for (from, to, message) in cases {
            let text = good.replacingOccurrences(of: from, with: to)
            #expect(text != good)
            do {
                _ = try JSONDecoder().decode(DriftColumnProfile.self, from: Data(text.utf8))
                Issue.record("accepted \(to)")
            } catch DecodingError.dataCorrupted(let context) {
                #expect(context.debugDescription.contains(message), "\(context.debugDescription)")
            }
        }
        let exactWithApproximation = """
            {"name": "x", "kind": "numeric", "sortedValues": [1], "categories": [], "counts": [], "missing": 0,
             "infinite": 0, "approximation": {"points": 3, "ecdfError": 1, "wassersteinError": 0.5, "min": 0,
             "max": 4, "mean": 2, "std": 1, "populationStd": 0.9}}
            """
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(DriftColumnProfile.self, from: Data(exactWithApproximation.utf8))
        }
    }
}
