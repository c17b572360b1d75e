import Foundation
import QuireHistory
import QuireSupport
import Testing

/// Comparing two runs: every param, file, fact, step, metric and monitor row of either, each
/// with how it changed, judged by the rules given.
@Suite struct RunDiffTests {
    /// Higher is better except for `log_loss`; `ok < warn < alert`.
    static let judgement = RunDiff.Judgement(
        higherIsBetter: { $0 != "log_loss" }, severity: { ["ok", "warn", "alert"].firstIndex(of: $0) })

    static func run(
        params: [String: String] = ["seed": "1", "plan": "\"basic\""], files: [String: String] = ["d.csv": "f1"],
        steps: [RunSnapshot.Step] = [
            .init(id: "load", op: "load", status: "ok", key: "k1"),
            .init(id: "eval", op: "evaluate", status: "ok", key: "k2"),
        ],
        metrics: [RunSnapshot.Metric] = [
            .init(step: "eval", name: "roc_auc", value: 0.8), .init(step: "eval", name: "log_loss", value: 0.5),
        ],
        monitors: [RunSnapshot.Monitor] = [.init(step: "drift", subject: "x", test: "psi", value: 0.05, status: "ok")],
        commit: String? = "abc", engine: String = "quire-engine/0.1.0-r6"
    ) -> RunSnapshot {
        RunSnapshot(
            id: nil, notebook: "notebooks/a.md", title: "A", startedAt: nil, endedAt: nil, status: "ok",
            ending: "succeeded", params: params, gitCommit: commit, gitDirty: commit.map { _ in false }, engine: engine,
            quireVersion: "0.1.0", host: nil, notebookDigest: "nd", files: files, steps: steps, metrics: metrics,
            monitors: monitors, monitorStatus: "ok", reproducible: true, source: nil)
    }

    @Test func aRunComparedWithItselfIsTheSame() {
        let diff = RunDiff(Self.run(), Self.run(), judgement: Self.judgement)
        #expect(diff.isSame)
        #expect(diff.changedKeys.isEmpty)
        #expect(diff.params.map(\.change) == [.same, .same])
        #expect(diff.metrics.allSatisfy { $0.delta == 0 && $0.verdict == nil && $0.relative == 0 })
    }

    @Test func paramsAndFilesAreChangedAddedOrRemoved() {
        let diff = RunDiff(
            Self.run(files: ["d.csv": "f1", "old.csv": "o"]),
            Self.run(params: ["seed": "2", "depth": "3"], files: ["d.csv": "f2", "new.csv": "n"]),
            judgement: Self.judgement)
        #expect(
            diff.params == [
                .init(name: "depth", a: nil, b: "3", change: .added),
                .init(name: "plan", a: "\"basic\"", b: nil, change: .removed),
                .init(name: "seed", a: "1", b: "2", change: .changed),
            ])
        #expect(diff.files.map(\.change) == [.changed, .added, .removed])
        #expect(diff.files.map(\.name) == ["d.csv", "new.csv", "old.csv"])
        #expect(!diff.isSame)
    }

    @Test func metricsAreJudgedByTheirDirection() throws {
        let diff = RunDiff(
            Self.run(),
            Self.run(metrics: [
                .init(step: "eval", name: "roc_auc", value: 0.7), .init(step: "eval", name: "log_loss", value: 0.4),
                .init(step: "eval", name: "accuracy", value: 0.9),
            ]), judgement: Self.judgement)
        let auc = try #require(diff.metrics.first { $0.key == "eval.roc_auc" })
        #expect(auc.delta == 0.7 - 0.8)
        #expect(auc.relative == (0.7 - 0.8) / 0.8)
        #expect(auc.verdict == .worse)
        let loss = try #require(diff.metrics.first { $0.key == "eval.log_loss" })
        #expect(!loss.higherIsBetter)
        #expect(loss.verdict == .better, "a smaller loss is better")
        let accuracy = try #require(diff.metrics.last)
        #expect(accuracy.key == "eval.accuracy" && accuracy.change == .added && accuracy.a == nil)
        #expect(accuracy.delta == nil && accuracy.verdict == nil)
    }

    @Test func aMetricFromZeroHasNoRelativeChangeAndNaNEqualsNaN() {
        let diff = RunDiff(
            Self.run(metrics: [.init(step: "e", name: "r2", value: 0), .init(step: "e", name: "f1", value: .nan)]),
            Self.run(metrics: [.init(step: "e", name: "r2", value: 0.5), .init(step: "e", name: "f1", value: .nan)]),
            judgement: Self.judgement)
        #expect(diff.metrics[0].delta == 0.5 && diff.metrics[0].relative == nil && diff.metrics[0].verdict == .better)
        #expect(diff.metrics[1].change == .same && diff.metrics[1].delta == nil)
    }

    @Test func stepsWhoseKeyChangedComputedFromSomethingDifferent() {
        let diff = RunDiff(
            Self.run(steps: [
                .init(id: "load", op: "load", status: "ok", key: "k1"),
                .init(id: "eval", op: "evaluate", status: "ok", key: "k2"),
                .init(id: "gone", op: "load", status: "ok", key: "k9"),
            ]),
            Self.run(steps: [
                .init(id: "load", op: "load", status: "cached", key: "k1"),
                .init(id: "eval", op: "evaluate", status: "failed", key: "k3"),
                .init(id: "extra", op: "load", status: "ok", key: "k4"),
            ]), judgement: Self.judgement)
        #expect(diff.steps.map(\.id) == ["load", "eval", "extra", "gone"])
        #expect(diff.steps.map(\.change) == [.same, .changed, .added, .removed])
        #expect(diff.steps[0].isSame, "ok and cached end the same way")
        #expect(diff.steps[1].statusChanged)
        #expect(diff.changedKeys.map(\.id) == ["eval", "extra", "gone"])
    }

    @Test func aMonitorWhoseStatusGotWorseIsFlagged() {
        let diff = RunDiff(
            Self.run(monitors: [
                .init(step: "drift", subject: "x", test: "psi", value: 0.05, status: "ok"),
                .init(step: "drift", subject: "y", test: "psi", value: 0.3, status: "alert"),
            ]),
            Self.run(monitors: [
                .init(step: "drift", subject: "x", test: "psi", value: 0.15, status: "warn"),
                .init(step: "drift", subject: "y", test: "psi", value: 0.3, status: "warn"),
                .init(step: "speed", subject: "p", test: "p95_ms", value: nil, status: "ok"),
            ]), judgement: Self.judgement)
        let bounds = RunDiff(
            Self.run(monitors: [.init(step: "c", subject: "y", test: "between(y, max: 9)", value: 1, status: "ok")]),
            Self.run(monitors: [.init(step: "c", subject: "y", test: "between(y, max: 5)", value: 0.6, status: "alert")]
            ),
            judgement: Self.judgement)
        #expect(bounds.monitors.count == 1, "a row whose bound changed is the same row")
        #expect(bounds.monitors.first?.testA == "between(y, max: 9)" && bounds.monitors.first?.worse == true)
        #expect(diff.monitors.map(\.key) == ["drift: x psi", "drift: y psi", "speed: p p95_ms"])
        #expect(diff.monitors[0].worse && !diff.monitors[0].better && diff.monitors[0].delta == 0.15 - 0.05)
        #expect(diff.monitors[1].better && diff.monitors[1].change == .changed && diff.monitors[1].delta == 0)
        #expect(diff.monitors[2].change == .added && !diff.monitors[2].worse)
    }

    @Test func codeFactsAnOneSideDoesNotRecordAreNotDifferences() {
        let diff = RunDiff(Self.run(commit: nil), Self.run(engine: "quire-engine/0.1.0-r7"), judgement: Self.judgement)
        let facts = Dictionary(uniqueKeysWithValues: diff.code.map { ($0.name, $0.change) })
        #expect(
            facts == [
                "notebook_digest": .same, "engine": .changed, "quire_version": .same, "git_commit": .unknown,
                "git_dirty": .unknown,
            ])
    }

    @Test func theJSONListsEveryEntryWithItsChange() throws {
        let set = RunDiffSet(
            a: "main", b: "last",
            diffs: [
                RunDiff(Self.run(), Self.run(params: ["seed": "2", "plan": "\"basic\""]), judgement: Self.judgement)
            ])
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(set.json.text.utf8)) as? [String: Any])
        #expect(object["a"] as? String == "main")
        let notebooks = try #require(object["notebooks"] as? [[String: Any]])
        let params = try #require(notebooks.first?["params"] as? [[String: Any]])
        #expect(params.map { $0["change"] as? String } == ["same", "changed"])
        #expect(params.last?["a"] as? String == "1" && params.last?["b"] as? String == "2")
        let metrics = try #require(notebooks.first?["metrics"] as? [[String: Any]])
        #expect(metrics.first?["metric"] as? String == "eval.roc_auc" && metrics.first?["delta"] as? Double == 0)
        #expect(notebooks.first?["same"] as? Bool == false)
    }
}
