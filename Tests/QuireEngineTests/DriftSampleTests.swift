import Foundation
import QuireEngine
import Testing

/// The reference and current summaries on drift results (mean and std, or the top categories)
/// against numpy and pandas: Fixtures/monitor/drift_samples.json, written by
/// scripts/drift_sample_fixtures.py from the inputs of drift_cases.json.
@Suite("Drift samples against numpy and pandas")
struct DriftSampleTests {
    /// The expected summaries by case name.
    static func expected() -> [String: [String: Any]] {
        guard
            let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil)?
                .appendingPathComponent("monitor/drift_samples.json"),
            let data = try? Data(contentsOf: url),
            let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let cases = root["cases"] as? [[String: Any]]
        else { return [:] }
        return Dictionary(
            cases.compactMap { entry in (entry["name"] as? String).map { ($0, entry) } },
            uniquingKeysWith: { first, _ in first })
    }

    @Test func everyOracleCaseHasItsSamples() {
        let expected = Self.expected()
        #expect(!DriftOracleCase.all.isEmpty)
        #expect(DriftOracleCase.all.allSatisfy { expected[$0.name] != nil })
        #expect(DriftOracleCase.all.contains { $0.kind == .categorical })
    }

    @Test(arguments: DriftOracleCase.all)
    func agreesWithNumpyAndPandas(_ oracle: DriftOracleCase) throws {
        let entry = try #require(Self.expected()[oracle.name])
        let result = try Drift.compare(
            reference: Frame(columns: [oracle.reference]), current: Frame(columns: [oracle.current]),
            options: DriftOptions(method: oracle.method))
        let column = try #require(result["x"])
        for (side, sample) in [("reference", column.reference), ("current", column.current)] {
            let expected = try #require(entry[side] as? [String: Any])
            let actual = try #require(sample, "\(side) has no summary")
            #expect(actual.count == expected["count"] as? Int, "\(side) count")
            if oracle.kind == .numeric {
                Self.check(actual.mean, expected["mean"], "\(side) mean")
                Self.check(actual.std, expected["std"], "\(side) std")
                #expect(actual.top == nil)
            } else {
                #expect(actual.mean == nil && actual.std == nil)
                #expect(actual.distinct == expected["distinct"] as? Int, "\(side) distinct")
                let top = try #require(expected["top"] as? [[String: Any]])
                #expect(actual.top?.map(\.value) == top.map { $0["value"] as? String ?? "" }, "\(side) top")
                #expect(actual.top?.map(\.count) == top.map { $0["count"] as? Int ?? -1 }, "\(side) counts")
                for (category, oracleCategory) in zip(actual.top ?? [], top) {
                    Self.check(category.share, oracleCategory["share"], "\(side) share of \(category.value)")
                }
            }
        }
    }

    /// Equal to 1e-12, relative above 1; both absent when the oracle has none.
    static func check(_ actual: Double?, _ expected: Any?, _ what: String) {
        guard let text = expected as? String, let value = Double(text) else {
            #expect(actual == nil, "\(what): \(String(describing: actual)), pandas has none")
            return
        }
        guard let actual else {
            Issue.record("\(what): none, pandas has \(value)")
            return
        }
        #expect(abs(actual - value) <= 1e-12 * max(1, abs(value)), "\(what): \(actual) vs \(value)")
    }

    /// The sums behind mean and std are exact before one rounding, so any order of the values
    /// gives the same bits (a saved, sorted reference equals the frame).
    @Test func sumsDoNotDependOnOrder() throws {
        let values = [1e16, 1, -1e16, 3.5, 0.1, 0.2, -7.25, 1e-3]
        var generator = SystemRandomNumberGenerator()
        let first = try Frame(columns: [Column(name: "x", numbers: values)])
        let sample = DriftSample(DriftColumnProfile(try first.column(named: "x")))
        // 1e16 + 1 - 1e16 is 0 in naive left-to-right addition; the exact sum keeps the 1.
        let exactMean = (1 + 3.5 + 0.1 + 0.2 - 7.25 + 1e-3) / 8
        #expect(abs((sample.mean ?? .nan) - exactMean) <= 1e-15)
        for _ in 0..<20 {
            let shuffled = try Frame(columns: [Column(name: "x", numbers: values.shuffled(using: &generator))])
            #expect(DriftSample(DriftColumnProfile(try shuffled.column(named: "x"))) == sample)
        }
    }

    @Test func topCategoriesBreakTiesByName() {
        let column = Column(name: "c", strings: ["b", "a", "c", "c", nil, "d", "b", "a", "c"])
        let sample = DriftSample(DriftColumnProfile(column))
        #expect(sample.count == 8)
        #expect(sample.distinct == 4)
        #expect(sample.top?.map(\.value) == ["c", "a", "b"])
        #expect(sample.top?.map(\.count) == [3, 2, 2])
        #expect(sample.top?.first?.share == 3.0 / 8)
    }
}
