import Foundation
import Testing

@testable import QuireEngine

/// `binning: quantile` against the PSI of ../shared/bench/pipeline.py and scipy's KL and
/// Jensen–Shannon over the same bins (Fixtures/monitor/psi_quantile_cases.json, written by
/// scripts/psi_quantile_fixtures.py).
@Suite("Drift with quantile bins against numpy")
struct DriftQuantileBinningTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let bins: Int
        let reference: [Double]
        let current: [Double]
        let expected: [DriftMethod: Double]
        var testDescription: String { name }
    }

    static let cases: [Case] = {
        guard
            let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil)?
                .appendingPathComponent("monitor/psi_quantile_cases.json"),
            let data = try? Data(contentsOf: url),
            let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let cases = root["cases"] as? [[String: Any]]
        else { return [] }
        return cases.compactMap { entry in
            guard let name = entry["name"] as? String, let bins = entry["bins"] as? Int,
                let reference = entry["reference"] as? [Any], let current = entry["current"] as? [Any]
            else { return nil }
            return Case(
                name: name, bins: bins, reference: reference.map { FixtureFiles.double($0) },
                current: current.map { FixtureFiles.double($0) },
                expected: [
                    .psi: FixtureFiles.double(entry["psi"]), .kl: FixtureFiles.double(entry["kl"]),
                    .jensenShannon: FixtureFiles.double(entry["jensen_shannon"]),
                ])
        }
    }()

    @Test func fixturesArePresent() {
        #expect(Self.cases.count == 12)
    }

    @Test(arguments: cases)
    func agreesWithNumpy(_ oracle: Case) throws {
        let reference = try Frame(columns: [Column(name: "x", numbers: oracle.reference)])
        let current = try Frame(columns: [Column(name: "x", numbers: oracle.current)])
        for (method, expected) in oracle.expected {
            let options = DriftOptions(method: method, bins: oracle.bins == 10 ? nil : oracle.bins, binning: .quantile)
            let result = try Drift.compare(reference: reference, current: current, options: options)
            let statistic = try #require(result["x"]?.statistic)
            #expect(
                abs(statistic - expected) <= 1e-12 * max(1, abs(expected)),
                "\(method.rawValue): \(statistic) against \(expected)")
            // The same through a saved reference profile.
            let profiled = try Drift.compare(reference: DriftReference(reference), current: current, options: options)
            #expect(profiled == result)
        }
    }

    /// The default stays Evidently's equal-width bins: quantile bins give another number on
    /// shifted data (the x15: 2.44 against 1.60).
    @Test func equalWidthStaysTheDefault() throws {
        let oracle = try #require(Self.cases.first)
        let reference = try Frame(columns: [Column(name: "x", numbers: oracle.reference)])
        let current = try Frame(columns: [Column(name: "x", numbers: oracle.current)])
        let plain = try Drift.compare(reference: reference, current: current, options: DriftOptions(method: .psi))
        let equalWidth = try Drift.compare(
            reference: reference, current: current, options: DriftOptions(method: .psi, binning: .equalWidth))
        let quantile = try Drift.compare(
            reference: reference, current: current, options: DriftOptions(method: .psi, binning: .quantile))
        #expect(plain == equalWidth)
        #expect(plain["x"]?.statistic != quantile["x"]?.statistic)
    }
}
