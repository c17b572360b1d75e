import Foundation
import GRDB
import QuireSupport
import TestSupport
import Testing

/// `quire diff` end to end: three runs of a notebook with different params in a git project,
/// compared by id, by `last~N`, with a committed summary, as text, Markdown and JSON; the
/// numbers checked against the JSON summaries the runs wrote; and every mistake with its exit code.
@Suite(.tags(.slow)) struct DiffCLITests {
    static let notebook = """
        ---
        title: Diff <me>
        params: {seed: 4, top: 20}
        ---
        # Diff

        ```step rows
        load: data/rows.csv
        ```

        ```step split
        split: {from: rows, test_size: 0.25, seed: "${params.seed}"}
        ```

        ```step model
        train: {data: split.train, algorithm: linear_regression, target: y}
        ```

        ```step quality
        evaluate: {model: model, data: split.test}
        ```

        ```step checks
        expect:
          from: rows
          expectations:
            - between: {column: y, min: 0, max: "${params.top}"}
        ```
        """

    static let csv =
        "x,y\n" + (1...80).map { "\($0),\(Double($0) / 8 + Double($0 * 3 % 17) / 2)" }.joined(separator: "\n") + "\n"

    /// A git project with three runs: `seed=1` (its reports committed at `main`), `seed=2`, and
    /// `seed=3 top=15`, which trips the `checks` monitor. `HEAD~1` has no reports.
    struct Project {
        let directory: TemporaryDirectory
        /// Each run's JSON summary, as written.
        let summaries: [[String: Any]]
        var url: URL { directory.url }

        func quire(_ arguments: [String]) throws -> QuireProcess.Output {
            try QuireProcess.run(arguments, in: url)
        }

        func git(_ script: String) throws -> String {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-ec", script]
            process.currentDirectoryURL = url
            var environment = ProcessInfo.processInfo.environment
            for name in ["AUTHOR", "COMMITTER"] {
                environment["GIT_\(name)_NAME"] = "Quire Test"
                environment["GIT_\(name)_EMAIL"] = "test@example.invalid"
            }
            process.environment = environment
            let out = Pipe()
            process.standardOutput = out
            try process.run()
            let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "\(script)")
            return text.trimmingCharacters(in: .whitespacesAndNewlines)
        }

        /// The metric `step.name` of run `index` (0-based), as its summary recorded it.
        func metric(_ index: Int, _ key: String) -> Double? {
            let parts = key.split(separator: ".", maxSplits: 1).map(String.init)
            let steps = summaries[index]["steps"] as? [[String: Any]] ?? []
            let step = steps.first { $0["id"] as? String == parts[0] }
            return (step?["metrics"] as? [String: Any])?[parts[1]] as? Double
        }

        /// The metrics `step.name` every run measured.
        var metricKeys: [String] {
            let steps = summaries[0]["steps"] as? [[String: Any]] ?? []
            return steps.flatMap { step in
                ((step["metrics"] as? [String: Any]) ?? [:]).keys.sorted().map {
                    "\(step["id"] as? String ?? "").\($0)"
                }
            }
        }
    }

    static func project() throws -> Project {
        let directory = try TemporaryDirectory()
        try directory.write(".quire/\n", to: ".gitignore")
        try directory.write(notebook, to: "notebooks/nb.md")
        try directory.write(csv, to: "notebooks/data/rows.csv")
        var project = Project(directory: directory, summaries: [])
        _ = try project.git("git init --quiet --initial-branch=main && git add . && git commit --quiet -m notebook")
        var summaries: [[String: Any]] = []
        for (index, params) in [["seed=1"], ["seed=2"], ["seed=3", "top=15"]].enumerated() {
            let run = try project.quire(["run", "--quiet", "notebooks/nb.md"] + params.flatMap { ["-p", $0] })
            #expect(run.status == 0, "\(run.stderr)")
            let data = try Data(contentsOf: directory.url.appendingPathComponent("reports/nb.json"))
            summaries.append(try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any]))
            if index == 0 { _ = try project.git("git add reports && git commit --quiet -m reports") }
        }
        project = Project(directory: directory, summaries: summaries)
        return project
    }

    /// The one notebook's comparison in `quire diff --json`'s output.
    static func notebookDiff(_ output: QuireProcess.Output) throws -> [String: Any] {
        #expect(output.status == 0, "\(output.stderr)")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        let notebooks = try #require(object["notebooks"] as? [[String: Any]])
        #expect(notebooks.count == 1)
        return try #require(notebooks.first)
    }

    static func rows(_ diff: [String: Any], _ kind: String) -> [[String: Any]] {
        diff[kind] as? [[String: Any]] ?? []
    }

    /// `quire diff last~1 last --json`: the metrics of the runs' summaries, their differences,
    /// and the monitor that went from ok to alert.
    @Test func theLastTwoRunsAsJSONCarryTheSummariesNumbers() throws {
        let project = try Self.project()
        let text = try project.quire(["diff", "last~1", "last"])
        #expect(text.status == 0 && text.stdout.hasPrefix("notebooks/nb.md\n  A  last~1: #2, "), "\(text.stdout)")
        let diff = try Self.notebookDiff(try project.quire(["diff", "last~1", "last", "--json"]))
        #expect((diff["a"] as? [String: Any])?["id"] as? Int == 2)
        #expect((diff["b"] as? [String: Any])?["id"] as? Int == 3)
        let params = Self.rows(diff, "params").map { "\($0["name"] ?? ""):\($0["a"] ?? ""):\($0["b"] ?? "")" }
        #expect(params == ["seed:2:3", "top:20:15"])
        let metrics = Self.rows(diff, "metrics")
        #expect(Set(metrics.compactMap { $0["metric"] as? String }) == Set(project.metricKeys))
        #expect(!metrics.isEmpty)
        for row in metrics {
            let key = try #require(row["metric"] as? String)
            let a = try #require(project.metric(1, key))
            let b = try #require(project.metric(2, key))
            #expect(row["a"] as? Double == a, "\(key)")
            #expect(row["b"] as? Double == b, "\(key)")
            // Foundation's JSON parser may round the last digit differently: a relative tolerance.
            let delta = try #require(row["delta"] as? Double)
            #expect(abs(delta - (b - a)) <= 1e-12 * max(1, abs(a), abs(b)), "\(key)")
            if a != 0 {
                let relative = try #require(row["relative"] as? Double)
                #expect(abs(relative - (b - a) / abs(a)) <= 1e-12 * max(1, abs(relative)), "\(key)")
            }
            let higher = !["mae", "mse", "rmse", "mape"].contains(key.split(separator: ".").last ?? "")
            #expect(row["higher_is_better"] as? Bool == higher, "\(key)")
            let verdict = b == a ? nil : (b > a) == higher ? "better" : "worse"
            #expect(row["verdict"] as? String == verdict, "\(key)")
        }
        let monitor = try #require(Self.rows(diff, "monitors").first)
        #expect(monitor["status_a"] as? String == "ok" && monitor["status_b"] as? String == "alert")
        #expect(monitor["worse"] as? Bool == true)
        let steps = Dictionary(
            uniqueKeysWithValues: Self.rows(diff, "steps").map { ($0["id"] as? String ?? "", $0["change"] as? String) })
        #expect(
            steps == [
                "rows": "same", "split": "changed", "model": "changed", "quality": "changed", "checks": "changed",
            ])
        #expect(Self.rows(diff, "files").map { $0["change"] as? String } == ["same"])
    }

    /// `quire diff 1 3`: a text table with the values as NumberFormat shows them.
    @Test func twoRunsByIdAsATable() throws {
        let project = try Self.project()
        let diff = try project.quire(["diff", "1", "3"])
        #expect(diff.status == 0, "\(diff.stderr)")
        let lines = diff.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "notebooks/nb.md")
        #expect(lines.contains { $0.hasPrefix("  A  1: #1, ") && $0.hasSuffix(", succeeded, monitors ok") })
        #expect(lines.contains { $0.hasPrefix("  B  3: #3, ") && $0.hasSuffix(", succeeded, monitors alert") })
        #expect(
            lines.contains {
                $0.split(separator: " ", omittingEmptySubsequences: true) == ["seed", "1", "3", "changed"]
            })
        #expect(lines.contains("computed from something different (the key changed): split, model, quality, checks"))
        for key in ["quality.r2", "quality.rmse"] {
            let a = try #require(project.metric(0, key))
            let b = try #require(project.metric(2, key))
            let line = try #require(lines.first { $0.hasPrefix(key + " ") }, "\(diff.stdout)")
            let cells = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            #expect(cells[1] == NumberFormat.decimal(a) && cells[2] == NumberFormat.decimal(b), "\(line)")
        }
        let monitor = try #require(lines.first { $0.hasPrefix("checks: y between") })
        #expect(monitor.contains("ok → alert") && monitor.hasSuffix("worse"), "\(monitor)")
        #expect(lines.last?.contains("1 step with the same key") == true, "\(diff.stdout)")
        #expect(!diff.stdout.contains("rows  "), "an unchanged step is counted, not listed")

        let r2 = try project.quire(["diff", "1", "3", "--metric", "r2"])
        #expect(r2.status == 0, "\(r2.stderr)")
        let metricLines = r2.stdout.split(separator: "\n").filter { $0.hasPrefix("quality.") }
        #expect(metricLines.count == 1 && metricLines[0].hasPrefix("quality.r2 "), "\(r2.stdout)")
        let misspelt = try project.quire(["diff", "1", "3", "--metric", "r3"])
        #expect(misspelt.status == 64)
        #expect(misspelt.stderr.contains("hint: did you mean 'r2'?"), "\(misspelt.stderr)")

        let all = try project.quire(["diff", "1", "3", "--all"])
        #expect(all.stdout.split(separator: "\n").contains { $0.hasPrefix("rows ") }, "\(all.stdout)")
    }

    /// `quire diff main last --notebook …`, `quire diff main reports/nb.json`: the committed
    /// summary against the history and against the work tree's.
    @Test func aGitRevisionAgainstTheLatestRunAndASummaryFile() throws {
        let project = try Self.project()
        let main = try project.git("git rev-parse main")
        let diff = try Self.notebookDiff(
            try project.quire(["diff", "main", "last", "--notebook", "notebooks/nb.md", "--json"]))
        let a = try #require(diff["a"] as? [String: Any])
        #expect(a["source"] as? String == "main:reports/nb.json")
        let commit = try #require(Self.rows(diff, "code").first { $0["name"] as? String == "git_commit" })
        #expect(commit["a"] as? String == main && commit["b"] as? String == main, "\(commit)")
        #expect(Self.rows(diff, "params").map { $0["a"] as? String } == ["1", "20"])
        let r2 = try #require(Self.rows(diff, "metrics").first { $0["metric"] as? String == "quality.r2" })
        #expect(r2["a"] as? Double == project.metric(0, "quality.r2"))
        #expect(r2["b"] as? Double == project.metric(2, "quality.r2"))

        // Without --notebook: the summary file says which notebook; the history has one anyway.
        let file = try Self.notebookDiff(try project.quire(["diff", "main", "reports/nb.json", "--json"]))
        #expect((file["b"] as? [String: Any])?["source"] as? String == "reports/nb.json")
        #expect(Self.rows(file, "params").map { $0["b"] as? String } == ["3", "15"])
        let text = try project.quire(["diff", "main", "last", "--notebook", "notebooks/nb.md"])
        #expect(text.status == 0 && text.stdout.contains("A  main: main:reports/nb.json, ok"), "\(text.stdout)")
        #expect(try project.quire(["diff", "main", "reports/nb.json"]).stdout.contains("B  reports/nb.json: "))
        let metric = try project.quire(["diff", "main", "last", "--metric", "r2"])
        #expect(metric.status == 0, "\(metric.stderr)")
        #expect(metric.stdout.split(separator: "\n").filter { $0.hasPrefix("quality.") }.count == 1, "\(metric.stdout)")
    }

    /// `quire diff 1 3 --md`: a pull-request comment, with the notebook's text escaped.
    @Test func markdownIsAPullRequestComment() throws {
        let project = try Self.project()
        let md = try project.quire(["diff", "1", "3", "--md"])
        #expect(md.status == 0, "\(md.stderr)")
        #expect(md.stdout.hasPrefix("## Quire diff: 1 → 3\n\n### Diff &lt;me&gt;\n\n"), "\(md.stdout)")
        #expect(md.stdout.contains("| seed | 1 | 3 | changed |"))
        #expect(
            md.stdout.contains(
                "| checks: y between(y, min: 0, max: 15) (was between(y, min: 0, max: 20)) | ok → alert |"),
            "\(md.stdout)")
        #expect(md.stdout.contains("**worse**"))
        let r2 = try #require(project.metric(2, "quality.r2"))
        #expect(
            md.stdout.contains(
                "| quality.r2 | \(NumberFormat.decimal(project.metric(0, "quality.r2"))) | \(NumberFormat.decimal(r2)) |"
            ))

        // -o writes the same to a file.
        let written = try project.quire(["diff", "1", "3", "--md", "-o", "diff.md"])
        #expect(written.status == 0 && written.stdout.isEmpty)
        #expect(try String(contentsOf: project.url.appendingPathComponent("diff.md"), encoding: .utf8) == md.stdout)
        let json = try project.quire(["diff", "1", "3", "--json", "-o", "diff.json"])
        #expect(json.status == 0)
        #expect(FileManager.default.fileExists(atPath: project.url.appendingPathComponent("diff.json").path))
    }

    /// `quire diff main HEAD --md`: every notebook whose summary both commits have, and the ones
    /// only one has.
    @Test func twoRevisionsCompareEveryNotebook() throws {
        let project = try Self.project()
        try project.directory.write("# Other\n\n```step rows\nload: data/rows.csv\n```\n", to: "notebooks/other.md")
        let other = try project.quire(["run", "--quiet", "--no-history", "notebooks/other.md"])
        #expect(other.status == 0, "\(other.stderr)")
        // A pull request's branch: run 3 and a new notebook, against main's committed run 1.
        _ = try project.git("git checkout --quiet -b feature && git add . && git commit --quiet -m 'runs 3 and other'")
        let md = try project.quire(["diff", "main", "HEAD", "--md"])
        #expect(md.status == 0, "\(md.stderr)")
        #expect(md.stdout.contains("### Diff &lt;me&gt;"))
        #expect(md.stdout.contains("| seed | 1 | 3 | changed |"), "\(md.stdout)")
        #expect(md.stdout.contains("### notebooks/other.md\n\nnew: only HEAD has its summary"), "\(md.stdout)")
        let json = try project.quire(["diff", "main", "HEAD", "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["only_in_b"] as? [String] == ["notebooks/other.md"])
        #expect((object["notebooks"] as? [Any])?.count == 1)
        // Before the reports were committed, every notebook is new.
        let first = try project.quire(["diff", "main~1", "HEAD"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(
            first.stdout
                == "notebooks/nb.md: new (only HEAD has its summary)\nnotebooks/other.md: new (only HEAD has its summary)\n"
        )
        let same = try project.quire(["diff", "HEAD", "HEAD"])
        #expect(same.stdout.contains("No difference"), "\(same.stdout)")
        // --output is relative to the working directory, as for `quire run -o`.
        let inside = try QuireProcess.run(
            ["diff", "main", "HEAD", "--md", "--output", "../reports"],
            in: project.url.appendingPathComponent("notebooks"))
        #expect(inside.status == 0, "\(inside.stderr)")
        #expect(inside.stdout == md.stdout)
    }

    /// Every mistake is an error with a hint and its documented exit code; nothing is printed on
    /// standard output.
    @Test func mistakesAreErrorsWithTheirExitCodes() throws {
        let project = try Self.project()
        try project.directory.write("{\"a\": 1}\n", to: "bogus.json")
        let newer = project.url.appendingPathComponent("newer.sqlite").path
        let history = project.url.appendingPathComponent(".quire/history.sqlite").path
        for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: history + suffix) {
            try FileManager.default.copyItem(atPath: history + suffix, toPath: newer + suffix)
        }
        let queue = try DatabaseQueue(path: newer)
        try queue.write { try $0.execute(sql: "INSERT INTO grdb_migrations VALUES ('v99-from-the-future')") }
        try queue.close()
        let cases: [(arguments: [String], code: Int32, message: String, hint: String)] = [
            (["9", "last"], 64, "error: no run 9 in the history", "hint: runs 1–3 are recorded"),
            (["mian", "last"], 64, "error: 'mian' is not a run id", "hint: did you mean 'main'?"),
            (["HEAD~1", "last"], 64, "error: HEAD~1 has no committed reports/nb.json", "hint: commit the reports"),
            (
                ["HEAD~1", "main", "--output", "out"], 64, "error: HEAD~1 has no committed out/NAME.json",
                "hint: commit"
            ),
            (["last~5", "last"], 64, "error: last~5: notebooks/nb.md has 3 runs", "hint: `quire history"),
            (
                ["bogus.json", "last"], 65, "error: cannot read bogus.json: not a Quire JSON summary",
                "hint: a summary is the NAME.json `quire run` writes"
            ),
            (["1", "2", "--history-db", "newer.sqlite"], 65, "was written by a newer Quire", "hint: use the Quire"),
            (["1", "2", "--md", "--json"], 64, "--md and --json are two formats", ""),
        ]
        for (arguments, code, message, hint) in cases {
            let result = try project.quire(["diff"] + arguments)
            #expect(result.status == code, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
            #expect(hint.isEmpty || result.stderr.contains(hint), "\(arguments): \(result.stderr)")
            #expect(result.stdout.isEmpty, "\(arguments)")
        }
    }
}
