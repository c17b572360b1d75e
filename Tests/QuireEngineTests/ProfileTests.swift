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
            let values = (entry["values"] as! [Any]).map { FixtureFiles.double($0) }.sorted()
            let qs = (entry["q"] as! [Any]).map { FixtureFiles.double($0) }
            let expected = (entry["expected"] as! [Any]).map { FixtureFiles.double($0) }
            for (q, want) in zip(qs, expected) {
                let got = Statistics.quantile(sorted: values, q)
                #expect(close(got, want, tolerance: 1e-15), "q=\(q) of \(values.count) values")
            }
        }
    }
}
