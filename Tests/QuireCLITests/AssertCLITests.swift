import Foundation
import TestSupport
import Testing

/// `assert` gates end to end: the built binary on small notebooks, its exit codes, and the
/// gate's rows in the JSON summary, the report, the Prometheus file and `when:`. Every bound is
/// made from what the evaluate step itself computed (read back from the summary).
@Suite struct AssertCLITests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../..").standardized

    /// A notebook training on `${params.feature}` and evaluating on held-out rows, then `gate`.
    static func notebook(gate: String, extra: String = "") -> String {
        """
        ---
        params:
          feature: contract
        ---
        # Churn gate

        ```step customers
        load: data/churn.csv
        ```

        ```step split
        split: {from: customers, test_size: 0.3, stratify: churned, seed: 3}
        ```

        ```step model
        train: {data: split.train, algorithm: logistic_regression, target: churned, features: ["${params.feature}"], preprocess: [impute, one_hot]}
        ```

        ```step quality
        evaluate: {model: model, data: split.test}
        ```

        ```step gate
        \(gate)
        ```
        \(extra)
        """
    }

    static func project(gate: String, extra: String = "") throws -> TemporaryDirectory {
        let project = try TemporaryDirectory()
        try project.write("", to: "quire.yaml")
        let data = try Data(contentsOf: repository.appendingPathComponent("notebooks/data/churn.csv"))
        try project.write(data, to: "data/churn.csv")
        try project.write(notebook(gate: gate, extra: extra), to: "nb.md")
        return project
    }

    /// The JSON summary of `nb.md`.
    static func summary(_ project: TemporaryDirectory) throws -> [String: Any] {
        let data = try Data(contentsOf: project.url.appendingPathComponent("reports/nb.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func step(_ id: String, in summary: [String: Any]) throws -> [String: Any] {
        let steps = try #require(summary["steps"] as? [[String: Any]])
        return try #require(steps.first { $0["id"] as? String == id })
    }

    /// The evaluation's metric `name` as the run computed it.
    static func metric(_ name: String, in project: TemporaryDirectory) throws -> Double {
        let metrics = try #require(try step("quality", in: summary(project))["metrics"] as? [String: Any])
        return try #require(metrics[name] as? Double)
    }

    /// The ROC AUC of the notebook with `feature`, from a run with a gate that always passes.
    static func auc(feature: String = "contract") throws -> Double {
        let probe = try project(gate: "assert: {from: quality, roc_auc: {min: 0}}")
        let run = try QuireProcess.run(["run", "--quiet", "-p", "feature=\(feature)", "nb.md"], in: probe.url)
        #expect(run.status == 0, "\(run.stderr)")
        return try metric("roc_auc", in: probe)
    }

    static func written(_ value: Double) -> String { String(format: "%.6f", value) }

    @Test func aPassingGateIsAMonitorRowAndExitsZero() throws {
        let auc = try Self.auc()
        let bound = try #require(Double(Self.written(auc - 0.05)))
        let project = try Self.project(
            gate: "assert: {from: quality, roc_auc: {min: \(Self.written(bound))}}",
            extra: "\n```step retrain\nprofile: {from: customers}\nwhen: gate.alert\n```\n")
        let run = try QuireProcess.run(["run", "--quiet", "--fail-on", "alert", "nb.md"], in: project.url)
        #expect(run.status == 0, "\(run.stderr)")
        let summary = try Self.summary(project)
        #expect(summary["monitor_status"] as? String == "ok")
        let gate = try Self.step("gate", in: summary)
        let rows = try #require(gate["monitor"] as? [[String: Any]])
        #expect(rows.count == 1)
        let row = try #require(rows.first)
        #expect(row["subject"] as? String == "roc_auc")
        #expect(row["test"] as? String == "min")
        #expect(row["status"] as? String == "ok")
        #expect(row["value"] as? Double == auc, "the gate reads the evaluation's own number")
        #expect(row["measure"] as? String == "metric")
        #expect(row["direction"] as? String == "lower_is_worse")
        #expect(((row["alert"] as? [String: Any])?["below"] as? Double).map { abs($0 - bound) < 1e-9 } == true)
        #expect(gate["monitor_status"] as? String == "ok")
        // `when: gate.alert` is false: the step is skipped.
        #expect(try Self.step("retrain", in: summary)["status"] as? String == "skipped")
        // Prometheus: the gate's status as every monitor's.
        let prom = try String(contentsOf: project.url.appendingPathComponent("reports/nb.prom"), encoding: .utf8)
        #expect(prom.contains("quire_monitor_status{notebook=\"nb\",step=\"gate\"} 0"), "\(prom)")
    }

    @Test func aFailingGateExitsThreeWithAndWithoutFailOn() throws {
        let auc = try Self.auc()
        let project = try Self.project(
            gate: "assert: {from: quality, roc_auc: {min: \(Self.written(auc + 0.05))}}",
            extra: "\n```step retrain\nprofile: {from: customers}\nwhen: gate.alert\n```\n")
        let gated = try QuireProcess.run(["run", "--quiet", "--fail-on", "alert", "nb.md"], in: project.url)
        #expect(gated.status == 3, "\(gated.stderr)")
        #expect(gated.stderr.contains("alert: gate · roc_auc · min"), "\(gated.stderr)")
        // An assert fails the run by default, as a failed test does.
        let plain = try QuireProcess.run(["run", "--quiet", "nb.md"], in: project.url)
        #expect(plain.status == 3, "\(plain.stderr)")
        #expect(plain.stderr.contains("nb.md: assertion failed: 1 gate at alert"), "\(plain.stderr)")
        let summary = try Self.summary(project)
        #expect(summary["monitor_status"] as? String == "alert")
        let row = try #require((try Self.step("gate", in: summary)["monitor"] as? [[String: Any]])?.first)
        #expect(row["status"] as? String == "alert")
        #expect(row["value"] as? Double == (try Self.metric("roc_auc", in: project)))
        let retrain = try Self.step("retrain", in: summary)["status"] as? String
        #expect(retrain == "ok" || retrain == "cached", "`when: gate.alert` is true")
        let prom = try String(contentsOf: project.url.appendingPathComponent("reports/nb.prom"), encoding: .utf8)
        #expect(prom.contains("quire_monitor_status{notebook=\"nb\",step=\"gate\"} 2"), "\(prom)")
        #expect(
            prom.contains("quire_assertion_success{notebook=\"nb\",step=\"gate\",metric=\"roc_auc\",test=\"min\"} 0"),
            "\(prom)")
        // The report's monitoring section lists the gate with the other monitors.
        let html = try String(contentsOf: project.url.appendingPathComponent("reports/nb.html"), encoding: .utf8)
        let section = try #require(html.range(of: "Monitoring"))
        let start = try #require(
            html.range(
                of: "<td><code>gate</code></td><td>roc_auc</td><td>min</td>", range: section.upperBound..<html.endIndex)
        )
        let gateRow = html[start.lowerBound...].prefix { $0 != "\n" }.prefix(600)
        #expect(gateRow.contains("<span class=\"badge failed\">alert</span>"), "\(gateRow)")
        #expect(gateRow.contains("<td class=\"band\">&lt;\u{A0}"), "its alert band: \(gateRow)")
        #expect(gateRow.contains("below min"), "\(gateRow)")
    }

    @Test func failRunFalseLeavesTheGateToFailOn() throws {
        let auc = try Self.auc()
        let project = try Self.project(
            gate: "assert: {from: quality, fail_run: false, roc_auc: {min: \(Self.written(auc + 0.05))}}")
        let plain = try QuireProcess.run(["run", "--quiet", "nb.md"], in: project.url)
        #expect(plain.status == 0, "\(plain.stderr)")
        let gated = try QuireProcess.run(["run", "--quiet", "--fail-on", "alert", "nb.md"], in: project.url)
        #expect(gated.status == 3, "\(gated.stderr)")
    }

    @Test func aWarnBandWarnsAndOnlyFailOnWarnTrips() throws {
        let auc = try Self.auc()
        let project = try Self.project(
            gate:
                "assert: {from: quality, roc_auc: {min: \(Self.written(auc - 0.05)), warn_min: \(Self.written(auc + 0.05))}}"
        )
        let plain = try QuireProcess.run(["run", "--quiet", "--fail-on", "alert", "nb.md"], in: project.url)
        #expect(plain.status == 0, "\(plain.stderr)")
        let row = try #require((try Self.step("gate", in: Self.summary(project))["monitor"] as? [[String: Any]])?.first)
        #expect(row["status"] as? String == "warn")
        let warned = try QuireProcess.run(["run", "--quiet", "--fail-on", "warn", "nb.md"], in: project.url)
        #expect(warned.status == 3, "\(warned.stderr)")
    }

    @Test func aTableGateReadsTheRowAsked() throws {
        let project = try Self.project(
            gate: "assert: {from: leaderboard, where: 'evaluation == \"quality\"', roc_auc: {min: 0}, rows: {min: 1}}",
            extra: "\n```step leaderboard\ncompare: {evaluations: [quality], metric: roc_auc}\n```\n")
        let run = try QuireProcess.run(["run", "--quiet", "nb.md"], in: project.url)
        #expect(run.status == 0, "\(run.stderr)")
        let rows = try #require(try Self.step("gate", in: Self.summary(project))["monitor"] as? [[String: Any]])
        #expect(rows.first?["value"] as? Double == (try Self.metric("roc_auc", in: project)))
        #expect(rows.last?["subject"] as? String == "rows")
        #expect(rows.last?["value"] as? Double == 1)
    }

    @Test func aFramesRowsAreGated() throws {
        // The data's rows, counted from the file (one header line, no quoted line breaks).
        let csv = try String(
            contentsOf: Self.repository.appendingPathComponent("notebooks/data/churn.csv"), encoding: .utf8)
        let rows = csv.split(separator: "\n").count - 1
        let project = try Self.project(gate: "assert: {from: customers, rows: {min: \(rows)}}")
        let run = try QuireProcess.run(["run", "--quiet", "nb.md"], in: project.url)
        #expect(run.status == 0, "\(run.stderr)")
        let row = try #require((try Self.step("gate", in: Self.summary(project))["monitor"] as? [[String: Any]])?.first)
        #expect(row["value"] as? Double == Double(rows))
        #expect(row["status"] as? String == "ok")
        try project.write(Self.notebook(gate: "assert: {from: customers, rows: {min: \(rows + 1)}}"), to: "nb.md")
        let short = try QuireProcess.run(["run", "--quiet", "nb.md"], in: project.url)
        #expect(short.status == 3, "\(short.stderr)")
    }

    @Test func aRelativeGateWithoutABaselinePasses() throws {
        let project = try Self.project(gate: "assert: {from: quality, against: previous, roc_auc: {max_drop: 0}}")
        let run = try QuireProcess.run(["run", "--quiet", "nb.md"], in: project.url)
        #expect(run.status == 0, "\(run.stderr)")
        let row = try #require((try Self.step("gate", in: Self.summary(project))["monitor"] as? [[String: Any]])?.first)
        #expect(row["status"] as? String == "ok")
        #expect(row["detail"] as? String == "no baseline")
    }

    @Test func aRelativeGateComparesWithThePreviousRunInTheHistory() throws {
        let project = try Self.project(gate: "assert: {from: quality, against: previous, roc_auc: {max_drop: 0.01}}")
        let first = try QuireProcess.run(["run", "--quiet", "nb.md"], in: project.url)
        #expect(first.status == 0, "\(first.stderr)")
        let recorded = try Self.metric("roc_auc", in: project)
        let row = try #require((try Self.step("gate", in: Self.summary(project))["monitor"] as? [[String: Any]])?.first)
        #expect(row["detail"] as? String == "no baseline", "the first run has none")
        let worse = try QuireProcess.run(["run", "--quiet", "-p", "feature=senior", "nb.md"], in: project.url)
        let now = try Self.metric("roc_auc", in: project)
        try #require(now < recorded - 0.01, "the weaker feature drops the AUC by more than the gate allows")
        #expect(worse.status == 3, "\(worse.stderr)")
        let dropped = try #require(
            (try Self.step("gate", in: Self.summary(project))["monitor"] as? [[String: Any]])?.first)
        #expect(dropped["status"] as? String == "alert")
        #expect((dropped["detail"] as? String)?.contains("(run 1)") == true, "\(dropped)")
        // Not recorded: no history to compare with.
        let unrecorded = try QuireProcess.run(["run", "--quiet", "--no-history", "nb.md"], in: project.url)
        #expect(unrecorded.status == 0, "\(unrecorded.stderr)")
    }

    // MARK: Relative to git

    @discardableResult
    static func git(_ arguments: [String], in directory: URL) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-c", "user.name=Quire", "-c", "user.email=quire@example.com"] + arguments
        process.currentDirectoryURL = directory
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    @Test func aRelativeGateComparesWithTheCommittedSummary() throws {
        let project = try Self.project(gate: "assert: {from: quality, against: {git: HEAD}, roc_auc: {max_drop: 0.01}}")
        try Self.git(["init", "-q"], in: project.url)
        // No commit yet: the ref does not resolve, at `against:`'s value.
        let unresolved = try QuireProcess.run(["run", "--quiet", "--reproducible", "nb.md"], in: project.url)
        #expect(unresolved.status == 1, "\(unresolved.stderr)")
        #expect(unresolved.stderr.contains("nb.md:24:34:"), "\(unresolved.stderr)")
        #expect(unresolved.stderr.contains("the git ref 'HEAD' does not resolve"), "\(unresolved.stderr)")
        // A commit without the report.
        try Self.git(["add", "nb.md", "quire.yaml", "data"], in: project.url)
        try Self.git(["commit", "-q", "-m", "notebook"], in: project.url)
        let missing = try QuireProcess.run(["run", "--quiet", "--reproducible", "nb.md"], in: project.url)
        #expect(missing.status == 1, "\(missing.stderr)")
        #expect(missing.stderr.contains("has no reports/nb.json"), "\(missing.stderr)")
        // Commit the report of a run, then make the model worse.
        try Self.git(["add", "reports/nb.json"], in: project.url)
        try Self.git(["commit", "-q", "-m", "report"], in: project.url)
        let committed = try Self.metric("roc_auc", in: project)
        let worse = try QuireProcess.run(
            ["run", "--quiet", "-p", "feature=senior", "--fail-on", "alert", "nb.md"], in: project.url)
        let now = try Self.metric("roc_auc", in: project)
        try #require(now < committed - 0.01, "the weaker feature drops the AUC by more than the gate allows")
        #expect(worse.status == 3, "\(worse.stderr)")
        let row = try #require((try Self.step("gate", in: Self.summary(project))["monitor"] as? [[String: Any]])?.first)
        #expect(row["status"] as? String == "alert")
        #expect(row["test"] as? String == "max_drop")
        #expect(row["value"] as? Double == now)
        #expect(
            ((row["alert"] as? [String: Any])?["below"] as? Double).map { abs($0 - (committed - 0.01)) < 1e-12 } == true
        )
        #expect((row["detail"] as? String)?.hasPrefix("baseline ") == true, "\(row)")
        // The same model again passes: no drop.
        let same = try QuireProcess.run(["run", "--quiet", "nb.md"], in: project.url)
        #expect(same.status == 0, "\(same.stderr)")
    }

    // MARK: Check

    @Test func checkReportsGateMistakesAtTheirPositions() throws {
        let project = try Self.project(
            gate: "assert: {from: quality, roc_acu: {min: 0.7}, f1: {min: 0.9, max: 0.5}, accuracy: {min: high}}",
            extra: "\n```step model_gate\nassert: {from: model, roc_auc: {min: 0.7}}\n```\n")
        let check = try QuireProcess.run(["check", "nb.md"], in: project.url)
        #expect(check.status == 2)
        let err = check.stderr
        #expect(
            err.contains(
                "nb.md:24:25: error: 'quality' (evaluate) gives an evaluation, which has no number 'roc_acu' [assert-metric]"
            ), "\(err)")
        #expect(err.contains("hint: did you mean 'roc_auc'?"), "\(err)")
        #expect(
            err.contains("nb.md:24:56: error: 'f1' has min 0.9 above max 0.5: nothing can pass [assert-setting]"),
            "\(err)")
        #expect(
            err.contains("nb.md:24:88: error: 'accuracy': 'min' must be a number, not text (high) [assert-setting]"),
            "\(err)")
        #expect(
            err.contains(
                "nb.md:28:23: error: 'model' (train) gives a model, which has no number 'roc_auc' [assert-metric]"),
            "\(err)")
        #expect(err.contains("an `evaluate` step"), "\(err)")
    }

    @Test func checkRefusesARelativeGateWithoutABaselineAndABadAgainst() throws {
        let project = try Self.project(
            gate: "assert: {from: quality, roc_auc: {max_drop: 0.01}}",
            extra: "\n```step other\nassert: {from: quality, against: {gti: main}, accuracy: {max_drop: 0.01}}\n```\n")
        let check = try QuireProcess.run(["check", "nb.md"], in: project.url)
        #expect(check.status == 2)
        #expect(
            check.stderr.contains("nb.md:24:35: error: 'roc_auc': `max_drop` compares with a baseline"),
            "\(check.stderr)")
        #expect(
            check.stderr.contains("nb.md:28:34: error: `against` must be `previous` or `{git: REF}`"), "\(check.stderr)"
        )
        #expect(check.stderr.contains("hint: did you mean 'git'?"), "\(check.stderr)")
    }
}
