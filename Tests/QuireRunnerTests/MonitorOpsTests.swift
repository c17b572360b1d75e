import Foundation
import QuireNotebook
import QuireRunner
import Testing

/// drift, expect and latency through the runner; `when:` reads monitors.
@Suite struct MonitorOpsTests {
    static func notebook(shift: Double) -> String {
        """
        ```step reference
        generate: {kind: regression, n_samples: 1500, n_features: 3, seed: 1}
        ```
        ```step current
        generate: {kind: regression, n_samples: 1500, n_features: 3, seed: 2, shift: {x01: \(shift)}}
        ```
        ```step drift
        drift: {reference: reference, current: current, include: [x00, x01, x02], drift_share: 0.3}
        ```
        ```step quality
        expect:
          from: current
          expectations:
            - not_null: {column: x00}
            - between: {column: x01, min: -2, max: 2, mostly: 0.9}
            - row_count: {min: 10}
        ```
        ```step model
        train: {data: reference, algorithm: ridge, target: target}
        ```
        ```step speed
        latency: {model: model, data: current, samples: 50, p95_ms: 10000}
        ```
        ```step retrain
        train: {data: current, algorithm: ridge, target: target}
        when: drift.detected
        ```
        """
    }

    @Test func driftDetectedTriggersRetraining() throws {
        let run = try RunnerHarness().run(Self.notebook(shift: 3))
        #expect(
            run.results.allSatisfy { $0.status == .ok },
            "\(run.results.map { "\($0.id): \($0.status) \($0.failure?.message ?? "")" })")
        let drift = try #require(run.result("drift")?.outputs["monitor"]?.summary.monitor)
        #expect(drift.drift?.datasetDrift == true)
        #expect(drift.rows.first { $0.subject == "x01" }?.status == .alert)
        #expect(drift.rows.first { $0.subject == "x00" }?.status == .ok)
        let quality = try #require(run.result("quality")?.outputs["monitor"]?.summary.monitor)
        #expect(quality.rows.map(\.status) == [.ok, .alert, .ok], "x01 is shifted out of [-2, 2]")
        let speed = try #require(run.result("speed")?.outputs["monitor"]?.summary.monitor)
        #expect(speed.rows.count == 5)
        #expect(speed.rows.allSatisfy { $0.isVolatile })
    }

    @Test func noDriftSkipsRetraining() throws {
        let run = try RunnerHarness().run(Self.notebook(shift: 0))
        #expect(run.result("drift")?.outputs["monitor"]?.summary.monitor?.drift?.datasetDrift == false)
        #expect(run.result("retrain")?.status == .skipped)
        #expect(run.result("retrain")?.note == "when: drift.detected is false")
    }

    @Test func unknownExpectationIsRefusedByThePlannerAtItsName() throws {
        let notebook = try RunnerHarness().parse(
            "```step g\ngenerate: blobs\n```\n```step q\nexpect: {from: g, expectations: [{not_nul: {column: x00}}]}\n```\n"
        )
        guard case .failure(let error) = Planner().plan(notebook, params: ParamSet(frontMatter: notebook.frontMatter))
        else {
            Issue.record("an unknown expectation was accepted")
            return
        }
        let diagnostic = try #require(error.diagnostics.first)
        #expect(diagnostic.id == .expectationSetting)
        #expect(diagnostic.message == "unknown expectation 'not_nul'")
        #expect(diagnostic.hint == "did you mean 'not_null'?")
        #expect(diagnostic.range?.start == SourceLocation(line: 5, column: 35))
    }

    @Test(arguments: [
        ("{between: {column: x00, maximum: 1}}", "'between' has no setting 'maximum'", 58),
        ("{row_count: {min: 3.5}}", "row_count's min must be a whole number of rows, not 3.5", 52),
        ("{between: {column: x00, min: 2, max: 1}}", "'between' has min 2 above max 1: nothing can pass", 63),
    ])
    func expectationSettingsAreCheckedByThePlanner(entry: String, message: String, column: Int) throws {
        let notebook = try RunnerHarness().parse(
            "```step g\ngenerate: blobs\n```\n```step q\nexpect: {from: g, expectations: [\(entry)]}\n```\n")
        guard case .failure(let error) = Planner().plan(notebook, params: ParamSet(frontMatter: notebook.frontMatter))
        else {
            Issue.record("\(entry) was accepted")
            return
        }
        let diagnostic = try #require(error.diagnostics.first)
        #expect(diagnostic.id == .expectationSetting)
        #expect(diagnostic.message == message)
        #expect(diagnostic.range?.start == SourceLocation(line: 5, column: column))
    }
}
