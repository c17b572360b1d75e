import Foundation
import Testing

@testable import QuireService

/// The numbers `against: {git: REF}` reads from a committed JSON summary.
@Suite struct CommittedBaselinesTests {
    /// Doubles whose shortest text has 17 digits come back exactly (JSONSerialization rounded
    /// some of them on Linux, and a gate compares them exactly).
    @Test func everyNumberIsReadExactly() throws {
        var generator = SystemRandomNumberGenerator()
        let numbers = (0..<200).map { _ in Double.random(in: 0..<1, using: &generator) } + [0.1, 1e-300, 123456789.123]
        let metrics = numbers.enumerated().map { "\"m\($0.offset)\": \($0.element.description)" }.joined(
            separator: ", ")
        let summary = """
            {"steps": [{"id": "eval", "op": "evaluate", "metrics": {\(metrics), "count": 7, "missing": "nan"},
              "outputs": {"table": {"scalars": {"rows": 12, "share": 0.25, "flag": true}}}},
              {"id": "gate", "op": "assert", "monitor": [
                {"subject": "roc_auc", "value": 0.8125}, {"subject": "roc_auc", "value": 0.5}, {"subject": "x"}]}]}
            """
        let values = try CommittedBaselines.values(ofSummary: Data(summary.utf8))
        for (index, number) in numbers.enumerated() {
            #expect(values["eval.m\(index)"] == number)
        }
        #expect(values["eval.count"] == 7)
        #expect(values["eval.missing"] == nil)
        #expect(values["eval.table.rows"] == 12)
        #expect(values["eval.table.share"] == 0.25)
        #expect(values["eval.table.flag"] == nil)
        #expect(values["gate.roc_auc"] == 0.8125)
        #expect(values["gate.x"] == nil)
        #expect(values.count == numbers.count + 4)
    }

    @Test func aFileThatIsNotASummaryIsRefused() {
        #expect(throws: CommittedBaselines.SummaryError.self) {
            try CommittedBaselines.values(ofSummary: Data("not json".utf8))
        }
        #expect(throws: CommittedBaselines.SummaryError.self) {
            try CommittedBaselines.values(ofSummary: Data("{\"title\": \"x\"}".utf8))
        }
    }
}
