import Foundation
import QuireEngine
import Testing

/// One case of Fixtures/monitor/drift_cases.json (scripts/monitor_fixtures.py).
struct DriftOracleCase: CustomTestStringConvertible, Sendable {
    let name: String
    let method: DriftMethod
    let kind: ColumnKind
    let reference: Column
    let current: Column
    let statistic: Double
    let pValue: Double?
    let automaticMethod: DriftMethod?

    var testDescription: String { name }

    static let all: [DriftOracleCase] = {
        guard
            let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil)?
                .appendingPathComponent("monitor/drift_cases.json"),
            let data = try? Data(contentsOf: url),
            let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let cases = root["cases"] as? [[String: Any]]
        else { return [] }
        return cases.map { entry in
            let kind = ColumnKind(rawValue: entry["kind"] as! String)!
            func column(_ key: String) -> Column {
                let values = entry[key] as! [Any]
                if kind == .numeric { return Column(name: "x", numbers: values.map { FixtureFiles.double($0) }) }
                return Column(name: "x", strings: values.map { $0 as? String })
            }
            let p = entry["p_value"] as? String
            return DriftOracleCase(
                name: entry["name"] as! String, method: DriftMethod(rawValue: entry["method"] as! String)!,
                kind: kind, reference: column("reference"), current: column("current"),
                statistic: FixtureFiles.double(entry["statistic"]), pValue: p.map { FixtureFiles.double($0) },
                automaticMethod: (entry["auto_method"] as? String).flatMap(DriftMethod.init(rawValue:)))
        }
    }()
}

@Suite("Drift statistics against scipy and Evidently")
struct DriftOracleTests {
    @Test func fixturesArePresent() {
        #expect(DriftOracleCase.all.count >= 50)
    }

    @Test(arguments: DriftOracleCase.all)
    func agreesWithOracle(_ oracle: DriftOracleCase) throws {
        let reference = try Frame(columns: [oracle.reference])
        let current = try Frame(columns: [oracle.current])
        let result = try Drift.compare(
            reference: reference, current: current, options: DriftOptions(method: oracle.method))
        let column = try #require(result["x"])
        #expect(column.method == oracle.method)
        let statistic = try #require(column.statistic)
        #expect(agrees(statistic, oracle.statistic), "statistic \(statistic) vs scipy \(oracle.statistic)")
        if let expected = oracle.pValue {
            let p = try #require(column.pValue)
            #expect(agrees(p, expected), "p-value \(p) vs scipy \(expected)")
        }
        // The same comparison through a saved reference profile is identical.
        let profiled = try Drift.compare(
            reference: DriftReference(reference), current: current, options: DriftOptions(method: oracle.method))
        #expect(profiled == result)
    }

    @Test(arguments: DriftOracleCase.all.filter { $0.automaticMethod != nil })
    func automaticChoiceMatchesEvidently(_ oracle: DriftOracleCase) throws {
        let result = try Drift.compare(
            reference: Frame(columns: [oracle.reference]), current: Frame(columns: [oracle.current]))
        #expect(result["x"]?.method == oracle.automaticMethod)
    }

    /// Equal to 1e-9, relative for values above 1 (infinities must match exactly).
    func agrees(_ actual: Double, _ expected: Double) -> Bool {
        if expected.isInfinite || actual.isInfinite { return actual == expected }
        return abs(actual - expected) <= 1e-9 * max(1, abs(expected))
    }
}
