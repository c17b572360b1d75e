import Foundation
import GRDB
import Synchronization
import TestSupport
import Testing

/// `quire run` records every run and `quire history` shows them, as a user types it: runs with
/// different parameters, the metrics each report's JSON summary holds, the mistakes a user
/// makes, and a history that cannot be used, which never costs a run its report.
@Suite(.tags(.slow)) struct HistoryCLITests {
    static let notebook = """
        ---
        title: Blobs
        params: {seed: 1, C: 1.0}
        ---
        # Blobs

        ```step raw
        generate: {kind: classification, n_samples: 300, n_features: 4, seed: "${params.seed}"}
        ```

        ```step split
        split: {from: raw, test_size: 0.3, seed: 5}
        ```

        ```step model
        train: {data: split.train, algorithm: logistic_regression, target: target, C: "${params.C}"}
        ```

        ```step quality
        evaluate: {model: model, data: split.test}
        ```

        ```step drift
        drift: {reference: split.train, current: split.test}
        ```
        """

    static func project() throws -> TemporaryDirectory {
        let project = try TemporaryDirectory()
        try project.write("", to: "quire.yaml")
        try project.write(notebook, to: "nb.md")
        return project
    }

    /// Runs `nb.md` with `params` and returns the JSON summary it wrote.
    static func run(_ project: TemporaryDirectory, _ params: [String], extra: [String] = []) throws -> [String: Any] {
        let run = try QuireProcess.run(
            ["run", "--quiet", "nb.md"] + params.flatMap { ["-p", $0] } + extra, in: project.url)
        #expect(run.status == 0, "\(run.stderr)")
        let data = try Data(contentsOf: project.url.appendingPathComponent("reports/nb.json"))
        return try #require(JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// The metric `name` of step `step` in a summary.
    static func metric(_ summary: [String: Any], _ step: String, _ name: String) throws -> Double {
        let steps = try #require(summary["steps"] as? [[String: Any]])
        let found = try #require(steps.first { $0["id"] as? String == step })
        return try #require((found["metrics"] as? [String: Any])?[name] as? Double)
    }

    @Test func runsWithDifferentParamsAreListedWithTheirMetricsAndChanges() throws {
        let project = try Self.project()
        let summaries = try [["seed=1"], ["seed=2"], ["seed=3", "C=0.1"]].map { try Self.run(project, $0) }
        let aucs = try summaries.map { try Self.metric($0, "quality", "roc_auc") }
        let list = try QuireProcess.run(["history", "nb.md"], in: project.url)
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout.hasPrefix("nb.md: 3 runs\n"))
        let rows = list.stdout.split(separator: "\n").filter { $0.contains("succeeded") }
        try #require(rows.count == 3)
        for (index, row) in rows.enumerated() {
            #expect(row.hasPrefix(" #\(index + 1)  "))
            #expect(row.contains(" " + Self.decimal(aucs[index])), "\(row)")
        }
        // The change from the run before, and the params that differ (seed and C).
        let delta = aucs[1] - aucs[0]
        #expect(rows[1].contains("(" + (delta > 0 ? "+" : "") + Self.decimal(delta, digits: 2) + ")"), "\(rows[1])")
        #expect(rows[2].contains("C=0.1 seed=3"))
        #expect(rows[0].contains("C=1 seed=1"))
        // The drift monitor's worst status.
        let status = try #require(summaries[2]["monitor_status"] as? String)
        #expect(rows[2].contains(status))

        let limited = try QuireProcess.run(
            ["history", "nb.md", "--metric", "log_loss", "--limit", "2"], in: project.url)
        #expect(limited.stdout.hasPrefix("nb.md: the last 2 of 3 runs\n"))
        #expect(limited.stdout.contains("quality.log_loss"))
        #expect(limited.stdout.contains(Self.decimal(try Self.metric(summaries[2], "quality", "log_loss"))))
        #expect(!limited.stdout.contains(" #1 "))

        let overview = try QuireProcess.run(["history"], in: project.url)
        #expect(overview.stdout.contains("nb.md") && overview.stdout.contains("#3"))
    }

    @Test func jsonAndCSVCarryEveryMetricInFullPrecision() throws {
        let project = try Self.project()
        let summary = try Self.run(project, ["seed=4"])
        let json = try QuireProcess.run(["history", "nb.md", "--json"], in: project.url)
        let runs = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        try #require(runs.count == 1)
        let metrics = try #require(runs[0]["metrics"] as? [String: Any])
        #expect(metrics["quality.roc_auc"] as? Double == (try Self.metric(summary, "quality", "roc_auc")))
        #expect((runs[0]["params"] as? [String: String])?["seed"] == "4")
        #expect(runs[0]["notebook"] as? String == "nb.md")
        #expect(runs[0]["git"] is NSNull, "not a git repository")
        #expect(
            (runs[0]["steps"] as? [[String: Any]])?.map { $0["id"] as? String } == [
                "raw", "split", "model", "quality", "drift",
            ])

        let csv = try QuireProcess.run(["history", "export", "--csv", "-o", "runs.csv"], in: project.url)
        #expect(csv.status == 0, "\(csv.stderr)")
        let lines = try String(contentsOf: project.url.appendingPathComponent("runs.csv"), encoding: .utf8)
            .split(separator: "\n")
        #expect(lines[0] == "run,notebook,started_at,run_status,git_commit,git_dirty,kind,step,name,test,value,status")
        // Full precision, compared as text: Foundation's JSONSerialization rounds the last digit on Linux.
        let auc = try #require(lines.first { $0.contains(",metric,quality,roc_auc,") })
        let written = auc.split(separator: ",", omittingEmptySubsequences: false)[10]
        let summaryText = try String(contentsOf: project.url.appendingPathComponent("reports/nb.json"), encoding: .utf8)
        #expect(summaryText.contains("\"roc_auc\": \(written)\n"))
        #expect(json.stdout.contains("\"quality.roc_auc\": \(written)\n"))
        #expect(lines.contains { $0.contains(",param,,seed,,4,") })
        #expect(lines.contains { $0.contains(",monitor,drift,") })
    }

    @Test func garbageCollectionKeepsTheLatestRuns() throws {
        let project = try Self.project()
        for seed in 1...3 { _ = try Self.run(project, ["seed=\(seed)"]) }
        let gc = try QuireProcess.run(["history", "gc", "--keep", "1"], in: project.url)
        #expect(gc.stdout == "deleted 2 runs; 1 run kept\n")
        let list = try QuireProcess.run(["history", "nb.md"], in: project.url)
        #expect(list.stdout.hasPrefix("nb.md: 1 run\n") && list.stdout.contains(" #3 "))
    }

    @Test func mistakesNameWhatIsThereAndExit64() throws {
        let project = try Self.project()
        _ = try Self.run(project, [])
        let metric = try QuireProcess.run(["history", "nb.md", "--metric", "roc_acu"], in: project.url)
        #expect(metric.status == 64)
        #expect(metric.stderr == "error: no run of nb.md measured a metric 'roc_acu'\nhint: did you mean 'roc_auc'?\n")
        try project.write("# Other\n", to: "other.md")
        let other = try QuireProcess.run(["history", "other.md"], in: project.url)
        #expect(other.status == 64)
        #expect(other.stderr.contains("no run of other.md in the history") && other.stderr.contains("runs of: nb.md"))
        let empty = try TemporaryDirectory()
        try empty.write("", to: "quire.yaml")
        let none = try QuireProcess.run(["history"], in: empty.url)
        #expect(none.status == 64 && none.stderr.contains("`quire run` records every run"))
    }

    @Test func runsRecordFromManyProcessesAtOnce() throws {
        let project = try Self.project()
        _ = try Self.run(project, [])  // the cache, so the runs below are quick
        let group = DispatchGroup()
        let statuses = Mutex<[Int32]>([])
        let directory = project.url
        for _ in 0..<6 {
            group.enter()
            Thread {
                let status = (try? QuireProcess.run(["run", "--quiet", "nb.md"], in: directory).status) ?? -1
                statuses.withLock { $0.append(status) }
                group.leave()
            }.start()
        }
        group.wait()
        #expect(statuses.withLock { $0 } == [Int32](repeating: 0, count: 6))
        let json = try QuireProcess.run(["history", "nb.md", "--json", "--limit", "0"], in: project.url)
        let runs = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(runs.compactMap { $0["id"] as? Int }.sorted() == Array(1...7))
    }

    @Test func anUnusableHistoryIsAWarningAndTheRunStillWritesItsReport() throws {
        let project = try Self.project()
        try project.write(String(repeating: "garbage\n", count: 600), to: ".quire/history.sqlite")
        let run = try QuireProcess.run(["run", "--quiet", "nb.md"], in: project.url)
        #expect(run.status == 0)
        #expect(run.stderr.contains("warning: cannot use the run history") && run.stderr.contains("not a database"))
        #expect(FileManager.default.fileExists(atPath: project.url.appendingPathComponent("reports/nb.html").path))
        let history = try QuireProcess.run(["history", "nb.md"], in: project.url)
        #expect(history.status == 65)
        #expect(history.stderr.contains("error: cannot use the run history"))
    }

    @Test func aHistoryFromANewerQuireIsLeftAsItIs() throws {
        let project = try Self.project()
        _ = try Self.run(project, [])
        let path = project.url.appendingPathComponent(".quire/history.sqlite").path
        let queue = try DatabaseQueue(path: path)
        try queue.write { try $0.execute(sql: "INSERT INTO grdb_migrations VALUES ('v9')") }
        try queue.close()
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let history = try QuireProcess.run(["history", "nb.md"], in: project.url)
        #expect(history.status == 65)
        #expect(history.stderr.contains("was written by a newer Quire (schema v9)"))
        let run = try QuireProcess.run(["run", "--quiet", "nb.md"], in: project.url)
        #expect(run.status == 0 && run.stderr.contains("newer Quire"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test func noHistoryAndAnotherDatabaseAreHonoured() throws {
        let project = try Self.project()
        _ = try Self.run(project, [], extra: ["--no-history"])
        #expect(
            !FileManager.default.fileExists(atPath: project.url.appendingPathComponent(".quire/history.sqlite").path))
        _ = try Self.run(project, [], extra: ["--history-db", "elsewhere.sqlite"])
        let list = try QuireProcess.run(["history", "nb.md", "--history-db", "elsewhere.sqlite"], in: project.url)
        #expect(list.status == 0 && list.stdout.hasPrefix("nb.md: 1 run\n"))
    }

    @Test func aRunInAGitRepositoryRecordsItsCommitAndWhetherItIsDirty() throws {
        let project = try Self.project()
        func git(_ arguments: String...) throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["git", "-c", "user.name=t", "-c", "user.email=t@e"] + arguments
            process.currentDirectoryURL = project.url
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            try #require(process.terminationStatus == 0)
        }
        try git("init", "-q")
        try git("add", "nb.md", "quire.yaml")
        try git("commit", "-q", "-m", "one")
        _ = try Self.run(project, [])
        try project.write(Self.notebook + "\n\nMore prose.\n", to: "nb.md")
        _ = try Self.run(project, [])
        let json = try QuireProcess.run(["history", "nb.md", "--json"], in: project.url)
        let runs = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        let gits = runs.compactMap { $0["git"] as? [String: Any] }
        try #require(gits.count == 2)
        #expect((gits[0]["commit"] as? String)?.count == 40)
        #expect(gits[0]["commit"] as? String == gits[1]["commit"] as? String)
        #expect(gits.map { $0["dirty"] as? Bool } == [false, true])
        let list = try QuireProcess.run(["history", "nb.md"], in: project.url)
        let commit = try #require(gits[0]["commit"] as? String)
        #expect(list.stdout.contains(String(commit.prefix(7)) + "*"))
    }

    /// Every command of docs/history.md before `quire diff`'s section, as written, on a copy of
    /// the example notebooks run three times with different seeds.
    @Test func documentedCommandsWork() throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..")
        let project = try TemporaryDirectory()
        try project.write("", to: "quire.yaml")
        try FileManager.default.copyItem(
            at: repository.appendingPathComponent("notebooks"), to: project.url.appendingPathComponent("notebooks"))
        for seed in [42, 7, 11] {
            let run = try QuireProcess.run(
                ["run", "--quiet", "-p", "seed=\(seed)", "notebooks/churn-model.md"], in: project.url)
            try #require(run.status == 0, "\(run.stderr)")
        }
        let docs = try String(contentsOf: repository.appendingPathComponent("docs/history.md"), encoding: .utf8)
        let part = try #require(docs.components(separatedBy: "## Comparing two runs").first)
        var commands: [String] = []
        for block in part.components(separatedBy: "```sh\n").dropFirst() {
            for line in (block.components(separatedBy: "```").first ?? "").split(separator: "\n") {
                commands.append(line.components(separatedBy: "  #").first?.trimmingCharacters(in: .whitespaces) ?? "")
            }
        }
        #expect(commands.count >= 8)
        for command in commands {
            let (status, text) = try QuireProcess.shell(command, in: project.url)
            #expect(status == 0, "\(command): \(text)")
            if command.hasPrefix("quire history notebooks/churn-model.md --metric roc_auc") {
                #expect(text.contains("tuned_quality.roc_auc") && text.contains("leaderboard.roc_auc"), "\(text)")
            }
            if command == "quire history notebooks/churn-model.md" {
                // The columns the docs show are the ones printed.
                let header = try #require(docs.split(separator: "\n").first { $0.hasPrefix("run  started") })
                let printed = try #require(text.split(separator: "\n").first { $0.hasPrefix("run  started") })
                #expect(header.split(separator: " ") == printed.split(separator: " "), "\(text)")
            }
        }
        let csv = try String(contentsOf: project.url.appendingPathComponent("churn-runs.csv"), encoding: .utf8)
        #expect(csv.split(separator: "\n").filter { $0.contains(",param,,seed,,") }.count == 3)
        #expect(FileManager.default.fileExists(atPath: project.url.appendingPathComponent("runs.csv").path))
    }

    static func decimal(_ value: Double, digits: Int = 4) -> String {
        // NumberFormat's rule, restated: `digits` significant digits, trailing zeros dropped.
        var text = String(format: "%.\(max(0, digits - 1 - Int(floor(log10(abs(value))))))f", value)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }
}
