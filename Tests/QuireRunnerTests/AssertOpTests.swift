import Foundation
import QuireEngine
import QuireNotebook
import QuireRunner
import Testing

/// `assert` through the planner and the executor: its rows against the evaluation's own
/// numbers, its bands, relative gates with baselines a ``BaselineSource`` supplies (and their
/// place in the cache key), and the mistakes `check` reports.
@Suite struct AssertOpTests {
    static func notebook(_ gate: String) -> String {
        """
        ```step data
        generate: {kind: classification, n_samples: 400, n_features: 4, seed: 5}
        ```
        ```step split
        split: {from: data, test_size: 0.3, seed: 1}
        ```
        ```step model
        train: {data: split.train, algorithm: logistic_regression, target: target}
        ```
        ```step quality
        evaluate: {model: model, data: split.test}
        ```
        ```step gate
        \(gate)
        ```
        """
    }

    /// A baseline source that answers every reference with `run`, or throws `error`.
    struct Fixed: BaselineSource {
        var run: BaselineRun?
        var error: BaselineError?
        func baseline(_ reference: BaselineReference, for location: NotebookLocation) throws(BaselineError)
            -> BaselineRun?
        {
            if let error { throw error }
            return run
        }
    }

    static func metric(_ name: String, in run: RunResult) throws -> Double {
        try #require(run.result("quality")?.outputs["metrics"]?.summary.evaluation?.metrics[name])
    }

    static func rows(of run: RunResult) throws -> [MonitorValue.Row] {
        try #require(run.result("gate")?.outputs["monitor"]?.summary.monitor?.rows)
    }

    @Test func gatesReadTheEvaluationsNumbersAndBandThem() throws {
        let harness = try RunnerHarness()
        let probe = try harness.run(Self.notebook("assert: {from: quality, roc_auc: {min: 0}}"))
        let auc = try Self.metric("roc_auc", in: probe)
        let accuracy = try Self.metric("accuracy", in: probe)
        let run = try harness.run(
            Self.notebook(
                "assert: {from: quality, roc_auc: {min: \(auc - 0.01), warn_min: \(auc + 0.01)}, accuracy: {max: \(accuracy - 0.01)}, rows: {min: 1}}"
            ))
        let rows = try Self.rows(of: run)
        #expect(rows.map(\.subject) == ["roc_auc", "accuracy", "rows"], "in the order written")
        #expect(rows.map(\.test) == ["min", "max", "min"])
        #expect(rows.map(\.status) == [.warn, .alert, .ok])
        #expect(rows[0].value == auc)
        #expect(rows[0].alert == MonitorValue.Band(below: auc - 0.01))
        #expect(rows[0].warn == MonitorValue.Band(below: auc + 0.01))
        #expect(rows[0].direction == .low)
        #expect(rows[1].direction == .high)
        #expect(rows[1].detail?.hasPrefix("above max ") == true)
        #expect(
            rows[2].value == Double(try #require(run.result("quality")?.outputs["metrics"]?.summary.evaluation?.rows)))
        let monitor = try #require(run.result("gate")?.outputs["monitor"]?.summary)
        #expect(monitor.monitor?.failsRun == true)
        #expect(monitor.flags?["passed"] == false)
        #expect(monitor.flags?["alert"] == true)
        #expect(monitor.scalars["failed"] == 2)
    }

    @Test func failRunFalseIsAPlainMonitor() throws {
        let run = try RunnerHarness().run(Self.notebook("assert: {from: quality, fail_run: false, roc_auc: {min: 2}}"))
        let monitor = try #require(run.result("gate")?.outputs["monitor"]?.summary.monitor)
        #expect(monitor.failsRun == nil)
        #expect(monitor.status == .alert)
    }

    @Test func relativeGatesCompareWithTheSuppliedBaselineWhichEntersTheKey() throws {
        let harness = try RunnerHarness()
        let source = Self.notebook(
            "assert: {from: quality, against: previous, roc_auc: {max_drop: 0.01, warn_max_drop: 0.005}}")
        let probe = try harness.run(source)
        let auc = try Self.metric("roc_auc", in: probe)
        #expect(try Self.rows(of: probe).first?.detail == "no baseline", "nothing resolved the baseline")
        let location = NotebookLocation(path: harness.directory.url.appendingPathComponent("nb.md").path)
        func run(baseline: Double?) throws -> RunResult {
            let fixed = Fixed(run: baseline.map { BaselineRun(source: "run 1", values: ["quality.roc_auc": $0]) })
            let plan = try harness.plan(source).resolvingBaselines(from: fixed, location: location)
            return Executor(plan: plan, options: try harness.options()).run()
        }
        let dropped = try run(baseline: auc + 0.02)
        let row = try #require(try Self.rows(of: dropped).first)
        #expect(row.status == .alert)
        #expect(row.test == "max_drop")
        #expect(row.alert == MonitorValue.Band(below: auc + 0.02 - 0.01))
        #expect(row.warn == MonitorValue.Band(below: auc + 0.02 - 0.005))
        #expect(row.detail?.hasPrefix("baseline ") == true && row.detail?.contains(" (run 1); change -") == true)
        #expect(try Self.rows(of: run(baseline: auc + 0.007)).first?.status == .warn)
        #expect(try Self.rows(of: run(baseline: auc)).first?.status == .ok)
        // The same baseline again: served from the cache; another baseline: checked again.
        #expect(try run(baseline: auc).result("gate")?.status == .cached)
        #expect(try run(baseline: auc - 0.5).result("gate")?.status == .ok)
        // No baseline (a first run) passes, and says so.
        let none = try #require(try Self.rows(of: run(baseline: nil)).first)
        #expect(none.status == .ok)
        #expect(none.detail == "no baseline")
    }

    @Test func theAssertStepsOwnPreviousValueIsTheFirstBaseline() throws {
        let harness = try RunnerHarness()
        let source = Self.notebook("assert: {from: quality, against: {git: main}, roc_auc: {max_rise: 0}}")
        let auc = try Self.metric("roc_auc", in: try harness.run(source))
        let fixed = Fixed(
            run: BaselineRun(source: "main 1234567", values: ["gate.roc_auc": auc - 0.1, "quality.roc_auc": auc]))
        let plan = try harness.plan(source).resolvingBaselines(
            from: fixed, location: NotebookLocation(path: harness.directory.url.appendingPathComponent("nb.md").path))
        let row = try #require(try Self.rows(of: Executor(plan: plan, options: try harness.options()).run()).first)
        #expect(row.status == .alert, "it rose by 0.1 above what the gate measured at main")
        #expect(row.threshold == auc - 0.1)
    }

    @Test func anUnreadableBaselineFailsTheStepAtAgainst() throws {
        let harness = try RunnerHarness()
        let source = Self.notebook("assert: {from: quality, against: {git: mian}, roc_auc: {max_drop: 0.01}}")
        let fixed = Fixed(error: BaselineError("the git ref 'mian' does not resolve to a commit", hint: "fetch it"))
        let plan = try harness.plan(source).resolvingBaselines(
            from: fixed, location: NotebookLocation(path: harness.directory.url.appendingPathComponent("nb.md").path))
        let result = try #require(Executor(plan: plan, options: try harness.options()).run().result("gate"))
        #expect(result.status == .failed)
        #expect(result.failure?.code == .baselineUnavailable)
        #expect(result.failure?.message == "the git ref 'mian' does not resolve to a commit")
        #expect(result.failure?.range?.start.line == 14)
        #expect(result.failure?.range?.start.column == 34)
    }

    @Test func tablesGateTheRowAsked() throws {
        let run = try RunnerHarness().run(
            Self.notebook("assert: {from: board, row: 0, roc_auc: {min: 0}, accuracy: {min: 0}}")
                + "\n```step board\ncompare: {evaluations: [quality], metric: roc_auc}\n```\n")
        let rows = try Self.rows(of: run)
        #expect(rows.map(\.value) == [try Self.metric("roc_auc", in: run), try Self.metric("accuracy", in: run)])
        let missing = try RunnerHarness().run(
            Self.notebook("assert: {from: board, where: 'evaluation == \"nope\"', roc_auc: {min: 0}}")
                + "\n```step board\ncompare: {evaluations: [quality], metric: roc_auc}\n```\n")
        #expect(missing.result("gate")?.failure?.message.hasPrefix("no row of the table has") == true)
    }

    @Test(arguments: [
        ("roc_auc: 0.7", "the gate on 'roc_auc' must be a mapping of bounds, not a number"),
        ("roc_auc: {minimum: 0.7}", "a gate has no setting 'minimum'"),
        ("roc_auc: {min: x}", "'roc_auc': 'min' must be a number, not text (x)"),
        ("roc_auc: {min: 0.9, max: 0.5}", "'roc_auc' has min 0.9 above max 0.5: nothing can pass"),
        ("roc_auc: {min: 0.7, warn_min: 0.6}", "'roc_auc': warn_min 0.6 is below min 0.7: it would never warn"),
        ("log_loss: {max: 0.4, warn_max: 0.5}", "'log_loss': warn_max 0.5 is above max 0.4: it would never warn"),
        ("roc_auc: {}", "the gate on 'roc_auc' sets no bound"),
        ("roc_auc: {max_drop: 0.01}", "'roc_auc': `max_drop` compares with a baseline, and the step has no `against`"),
        ("against: last, roc_auc: {min: 0}", "`against` must be `previous` or `{git: REF}`, not last"),
        ("roc_acu: {min: 0}", "'quality' (evaluate) gives an evaluation, which has no number 'roc_acu'"),
        ("row: 1, roc_auc: {min: 0}", "`row` picks a row of a table, and 'quality' (evaluate) gives an evaluation"),
    ])
    func checkRefuses(_ gate: String, _ message: String) throws {
        let diagnostics = try RunnerHarness().diagnostics(Self.notebook("assert: {from: quality, \(gate)}"))
        #expect(diagnostics.map(\.message) == [message])
        #expect(diagnostics.allSatisfy { $0.id == .assertSetting || $0.id == .assertMetric })
        #expect(diagnostics.first?.range?.start.line == 14)
    }

    @Test func aGateOnNothingIsRefused() throws {
        let diagnostics = try RunnerHarness().diagnostics(Self.notebook("assert: {from: quality}"))
        #expect(diagnostics.map(\.message) == ["'assert' gates nothing"])
    }
}
