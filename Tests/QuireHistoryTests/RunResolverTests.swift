import Foundation
import QuireHistory
import QuireSupport
import TestSupport
import Testing

/// Naming runs: ids, `last~N`, summary files and summaries committed at a git revision.
@Suite struct RunResolverTests {
    /// A summary as `quire run` writes it, in brief.
    static func summary(auc: Double, seed: Int) -> String {
        """
        {"schema": 1, "quire_version": "0.1.0", "engine": "quire-engine/0.1.0-r6", "cache_format": 4,
         "notebook": {"path": "notebooks/churn.md", "digest": "nd"}, "title": "Churn", "status": "ok",
         "params": {"seed": \(seed), "plan": "basic", "grid": [1, 2.5], "opts": {"a": null}},
         "monitor_status": "warn", "duration_ms": 12,
         "steps": [
          {"id": "raw", "op": "load", "status": "ok", "cache_key": "k1", "duration_ms": 4,
           "key_components": {"op": "load", "parameters": {}, "inputs": {}, "files": {"data/c.csv": "fd"}}},
          {"id": "eval", "op": "evaluate", "status": "cached", "cache_key": null, "duration_ms": 0,
           "metrics": {"roc_auc": \(auc), "accuracy": 0.75, "log_loss": null}},
          {"id": "drift", "op": "drift", "status": "ok", "cache_key": "k3", "duration_ms": 1,
           "monitor": [{"subject": "x", "test": "psi", "value": 0.15, "threshold": 0.1, "status": "warn",
                        "direction": "higher_is_worse", "future_key": 1}]}
         ]}
        """
    }

    @Test func aSummaryIsReadAsTheRunItRecords() throws {
        let run = try RunSnapshot(summary: Data(Self.summary(auc: 0.8, seed: 3).utf8), source: "x.json")
        #expect(run.notebook == "notebooks/churn.md")
        #expect(run.params == ["seed": "3", "plan": "\"basic\"", "grid": "[1, 2.5]", "opts": "{\"a\": null}"])
        #expect(run.files == ["data/c.csv": "fd"])
        #expect(run.steps.map(\.key) == ["k1", nil, "k3"])
        #expect(run.metrics.map(\.key) == ["eval.accuracy", "eval.log_loss", "eval.roc_auc"])
        #expect(run.metric("roc_auc")?.value == 0.8)
        #expect(run.metric("log_loss") == RunSnapshot.Metric(step: "eval", name: "log_loss", value: nil))
        #expect(run.headlineMetrics.map(\.key) == ["eval.roc_auc"])
        #expect(
            run.monitors == [
                .init(
                    step: "drift", subject: "x", test: "psi", value: 0.15, status: "warn", direction: "higher_is_worse")
            ])
        #expect(run.monitorStatus == "warn")
        #expect(!run.reproducible)
        #expect(run.source == "x.json")
        #expect(throws: RunSnapshot.SummaryError.self) { try RunSnapshot(summary: Data("{}".utf8)) }
    }

    @Test func referencesAreReadAsIdsCountsFilesOrRevisions() throws {
        let directory = try TemporaryDirectory()
        let file = try directory.write("{}", to: "a.json").path
        #expect(RunReference("42") == .id(42))
        #expect(RunReference("last") == .last(0))
        #expect(RunReference("last~3") == .last(3))
        #expect(RunReference(file) == .file(file))
        #expect(RunReference("main") == .git("main"))
        #expect(RunReference("HEAD~1") == .git("HEAD~1"))
        #expect(RunReference("0") == .git("0"))
        #expect(RunReference("missing.json") == .git("missing.json"))
        #expect(RunReference("last~x") == .git("last~x"))
    }

    @Test func lastCountsBackThroughTheNotebooksRuns() throws {
        let directory = try TemporaryDirectory()
        let store = try HistoryStore(path: directory.url.appendingPathComponent("h.sqlite").path)
        for seed in 1...3 {
            var run = try RunSnapshot(summary: Data(Self.summary(auc: Double(seed) / 10, seed: seed).utf8))
            run.startedAt = Date()
            try store.record(run)
        }
        let resolver = RunResolver(store: store, projectRoot: directory.url.path)
        #expect(try resolver.resolve(.last(0), notebook: nil).id == 3)
        #expect(try resolver.resolve(.last(2), notebook: "notebooks/churn.md").params["seed"] == "1")
        #expect(throws: HistoryError.notEnoughRuns("last~3", notebook: "notebooks/churn.md", count: 3)) {
            try resolver.resolve(.last(3), notebook: nil)
        }
        #expect(throws: HistoryError.unknownRun("9", notebook: nil, known: 1...3)) {
            try resolver.resolve(.id(9), notebook: nil)
        }
        #expect(throws: HistoryError.unknownRun("2", notebook: "notebooks/other.md", known: 1...3)) {
            try resolver.resolve(.id(2), notebook: "notebooks/other.md")
        }
        #expect(throws: HistoryError.noRuns(notebook: "notebooks/other.md", known: ["notebooks/churn.md"])) {
            try resolver.resolve(.last(0), notebook: "notebooks/other.md")
        }
    }

    @Test func aRevisionIsReadFromTheSummaryCommittedThere() throws {
        let directory = try TemporaryDirectory()
        let root = directory.url.path
        func git(_ arguments: String...) throws {
            let output = try #require(Git.run(["-c", "user.name=t", "-c", "user.email=t@e"] + arguments, in: root))
            #expect(output.status == 0, "git \(arguments): \(output.stderr)")
        }
        try git("init", "-q", "-b", "main")
        try directory.write(Self.summary(auc: 0.7, seed: 1), to: "reports/churn.json")
        try git("add", "-A")
        try git("commit", "-q", "-m", "first")
        try directory.write(Self.summary(auc: 0.9, seed: 2), to: "reports/churn.json")
        try git("commit", "-q", "-am", "second")
        let resolver = RunResolver(store: nil, projectRoot: root)
        let previous = try resolver.resolve(.git("HEAD~1"), notebook: "notebooks/churn.md")
        #expect(previous.metric("roc_auc")?.value == 0.7)
        #expect(previous.source == "HEAD~1:reports/churn.json")
        #expect(previous.gitCommit?.count == 40)
        #expect(try resolver.resolve(.git("main"), notebook: "notebooks/churn.md").params["seed"] == "2")
        #expect(throws: HistoryError.unknownRef("mian", suggestion: "did you mean 'main'?")) {
            try resolver.resolve(.git("mian"), notebook: "notebooks/churn.md")
        }
        #expect(throws: HistoryError.noSummaryAtCommit(ref: "main", path: "reports/other.json")) {
            try resolver.resolve(.git("main"), notebook: "notebooks/other.md")
        }
        #expect(throws: HistoryError.self) { try resolver.resolve(.git("--output=x"), notebook: "notebooks/churn.md") }
        let elsewhere = RunResolver(store: nil, projectRoot: root, outputDirectory: "site/")
        #expect(throws: HistoryError.noSummaryAtCommit(ref: "main", path: "site/churn.json")) {
            try elsewhere.resolve(.git("main"), notebook: "notebooks/churn.md")
        }
    }
}
