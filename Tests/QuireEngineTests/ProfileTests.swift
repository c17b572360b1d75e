import Foundation
import Testing

@testable import QuireEngine

/// `profile` against pandas/numpy on scikit-learn's bundled datasets (Fixtures/expected/profile.json).
@Suite("Profile against pandas")
struct ProfileTests {
    @Test(arguments: ["iris", "wine", "breast_cancer", "diabetes", "messy"])
    func matchesPandas(dataset: String) throws {
        let all = try #require(try FixtureFiles.json("profile.json") as? [String: [String: Any]])
        let expected = try #require(all[dataset])
        let profile = try FixtureFiles.dataset(dataset).profile(topCount: 10)
        #expect(profile.rowCount == expected["rows"] as! Int)
        let columns = expected["columns"] as! [[String: Any]]
        #expect(profile.columns.map(\.name) == columns.map { $0["name"] as! String })
        for (column, want) in zip(profile.columns, columns) {
            #expect(column.kind.rawValue == want["kind"] as! String, "\(column.name)")
            #expect(column.count == want["count"] as! Int, "\(column.name)")
            #expect(column.missing == want["missing"] as! Int, "\(column.name)")
            #expect(column.distinct == want["distinct"] as! Int, "\(column.name)")
            if column.kind == .numeric, column.count > 0 {
                #expect(close(column.mean, FixtureFiles.double(want["mean"])), "\(column.name) mean")
                #expect(close(column.std, FixtureFiles.double(want["std"]), tolerance: 1e-10), "\(column.name) std")
                #expect(column.min == FixtureFiles.double(want["min"]), "\(column.name) min")
                #expect(column.max == FixtureFiles.double(want["max"]), "\(column.name) max")
                #expect(close(column.q25, FixtureFiles.double(want["q25"])), "\(column.name) q25")
                #expect(close(column.q50, FixtureFiles.double(want["q50"])), "\(column.name) q50")
                #expect(close(column.q75, FixtureFiles.double(want["q75"])), "\(column.name) q75")
            } else if column.kind == .numeric {
                #expect(column.mean == nil && column.q50 == nil)
            }
            if let top = want["top"] as? [[String: Any]] {
                #expect(column.top.map(\.value) == top.map { $0["value"] as! String }, "\(column.name) top")
                #expect(column.top.map(\.count) == top.map { $0["count"] as! Int }, "\(column.name) top counts")
            }
        }
    }
}

/// numpy.quantile(method="linear") on assorted arrays (Fixtures/expected/quantiles.json).
@Suite("Quantiles against numpy")
struct QuantileTests {
    @Test func matchesNumpy() throws {
        let cases = try #require(try FixtureFiles.json("quantiles.json") as? [[String: Any]])
        for entry in cases {
            let values = Statistics.sortedPresent((entry["values"] as! [Any]).map { FixtureFiles.double($0) })
            let qs = (entry["q"] as! [Any]).map { FixtureFiles.double($0) }
            let expected = (entry["expected"] as! [Any]).map { FixtureFiles.double($0) }
            for (q, want) in zip(qs, expected) {
                let got = Statistics.quantile(sorted: values, q)
                #expect(close(got, want, tolerance: 1e-15), "q=\(q) of \(values.count) values")
            }
        }
    }

    /// The bucket sort the profile uses orders present values exactly as the standard library's
    /// comparison sort does: duplicates, both zeros, infinities, NaN left out, values over many
    /// orders of magnitude, and already sorted or reversed input.
    @Test func sortedPresentMatchesTheStandardSort() {
        var generator = SplitMix64(seed: 7)
        func uniform() -> Double { Double(generator.next() >> 11) / Double(1 << 53) }
        var inputs: [[Double]] = [
            [], [.nan], [.infinity, -.infinity, .nan, 0, -0.0, 1], Array(repeating: 3, count: 500),
        ]
        inputs.append((0..<100_000).map { _ in (uniform() - 0.5) * 1e6 })
        inputs.append((0..<50_000).map { _ in (uniform() * 10).rounded() })
        inputs.append(
            (0..<50_000).map { (_: Int) -> Double in pow(10.0, uniform() * 600 - 300) * (uniform() < 0.5 ? -1 : 1) })
        inputs.append(
            (0..<20_000).map { (i: Int) -> Double in
                if i % 97 == 0 { return .nan }
                if i % 89 == 0 { return -.infinity }
                return i % 83 == 0 ? .infinity : Double(i)
            })
        inputs.append((0..<20_000).map { Double(20_000 - $0) })
        for values in inputs {
            let expected = values.filter { !$0.isNaN }.sorted()
            let got = Statistics.sortedPresent(values)
            #expect(got.count == expected.count)
            #expect(zip(got, expected).allSatisfy { $0 == $1 }, "\(values.prefix(5))")
        }
    }
}
