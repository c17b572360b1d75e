import Foundation
import TestSupport
import Testing

/// `quire run` end to end: the status at the top of each report, the date of reproducible
/// reports, and the index of every report in the output directory.
@Suite struct ReportStatusCLITests {
    static let passing = """
        ---
        title: Passing
        ---
        ```step data
        generate: {kind: classification, n_samples: 120, n_features: 6, seed: 1}
        ```
        ```step model
        train: {data: data, algorithm: logistic_regression, target: target}
        ```
        ```step quality
        evaluate: {model: model, data: data}
        ```
        """

    static let failing = """
        ---
        title: Failing
        ---
        ```step data
        generate: {kind: blobs, n_samples: 30, seed: 1}
        ```

        ```step bad
        split: {from: data, test_size: 500}
        ```
        """

    static let drifting = SampleNotebooks.titled("Drifting") + SampleNotebooks.shiftedDrift

    static func read(_ directory: TemporaryDirectory, _ name: String) -> String {
        (try? String(contentsOf: directory.url.appendingPathComponent(name), encoding: .utf8)) ?? ""
    }

    static func json(_ directory: TemporaryDirectory, _ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: directory.url.appendingPathComponent(name))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// Runs `git arguments…` in `directory` with `environment` added.
    @discardableResult
    static func git(_ arguments: [String], in directory: URL, environment: [String: String] = [:]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        process.currentDirectoryURL = directory
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    @Test func notebooksRunOneByOneIntoOneDirectoryAreAllInTheIndex() throws {
        let project = try TemporaryDirectory()
        try project.write("", to: "quire.yaml")
        try project.write(Self.passing, to: "passing.md")
        try project.write(Self.failing, to: "failing.md")
        let first = try QuireProcess.run(["run", "-q", "--no-cache", "--reproducible", "passing.md"], in: project.url)
        #expect(first.status == 0, "\(first.stderr)")
        let second = try QuireProcess.run(["run", "-q", "--no-cache", "--reproducible", "failing.md"], in: project.url)
        #expect(second.status == 1, "\(second.stderr)")
        let index = Self.read(project, "reports/index.html")
        #expect(index.contains("<a href=\"./passing.html\">Passing</a>"), "\(index)")
        #expect(index.contains("<a href=\"./failing.html\">Failing</a>"), "\(index)")
        #expect(index.contains("2 reports · 1 failed"))
        let failingRow = try #require(index.range(of: ">Failing<"))
        let passingRow = try #require(index.range(of: ">Passing<"))
        #expect(failingRow.lowerBound < passingRow.lowerBound, "sorted by title")
        #expect(index.contains("<a href=\"./failing.html#step-bad\"><code>bad</code></a>"))
        // Headline metric of the evaluation, as the summary records it.
        let summary = try Self.json(project, "reports/passing.json")
        let steps = try #require(summary["steps"] as? [[String: Any]])
        let quality = try #require(steps.first { $0["id"] as? String == "quality" }?["metrics"] as? [String: Any])
        #expect(quality["roc_auc"] != nil)
        #expect(index.contains("quality.roc_auc\u{00A0}"), "\(index)")
        for report in ["passing.html", "failing.html"] {
            #expect(Self.read(project, "reports/\(report)").contains("<a href=\"index.html\">← all reports</a>"))
        }
        // Byte-stable: the same notebooks give the same index whether run together or one by one.
        let together = try QuireProcess.run(
            ["run", "-q", "--no-cache", "--reproducible", "-o", "together", "failing.md", "passing.md"], in: project.url
        )
        #expect(together.status == 1, "\(together.stderr)")
        #expect(Self.read(project, "together/index.html") == index)
        // Under --frozen nothing is written, the index neither.
        try FileManager.default.removeItem(at: project.url.appendingPathComponent("reports/index.html"))
        _ = try QuireProcess.run(["run", "-q", "--frozen", "passing.md"], in: project.url)
        #expect(!FileManager.default.fileExists(atPath: project.url.appendingPathComponent("reports/index.html").path))
    }

    @Test func aCorruptSummaryIsAWarningAndLeftOut() throws {
        let project = try TemporaryDirectory()
        try project.write("", to: "quire.yaml")
        try project.write(Self.passing, to: "passing.md")
        try project.write(#"{"schema": 1, "title": "#, to: "reports/broken.json")
        try project.write(#"{"name": "not a summary"}"#, to: "reports/other.json")
        let output = try QuireProcess.run(["run", "-q", "--no-cache", "passing.md"], in: project.url)
        #expect(output.status == 0, "\(output.stderr)")
        #expect(
            output.stderr.contains(
                "reports/broken.json: warning: not a readable run summary (not valid JSON); index.html leaves it out"),
            "\(output.stderr)")
        #expect(!output.stderr.contains("other.json"))
        let index = Self.read(project, "reports/index.html")
        #expect(index.contains("<p class=\"summary\">1 report</p>"), "\(index)")
    }

    @Test func aFailingNotebooksHeaderNamesTheStepWithAWorkingAnchor() throws {
        let project = try TemporaryDirectory()
        try project.write("", to: "quire.yaml")
        try project.write(Self.failing, to: "failing.md")
        let output = try QuireProcess.run(["run", "-q", "--no-cache", "failing.md"], in: project.url)
        #expect(output.status == 1, "\(output.stderr)")
        let page = Self.read(project, "reports/failing.html")
        let steps = try #require(try Self.json(project, "reports/failing.json")["steps"] as? [[String: Any]])
        let bad = try #require(steps.first { $0["status"] as? String == "failed" })
        let line = try #require((bad["error"] as? [String: Any])?["line"] as? Int)
        #expect(
            page.contains(
                "<span class=\"badge run-status failed\">failed at step <a href=\"#step-bad\"><code>bad</code></a> (line \(line))</span>"
            ), "\(page)")
        #expect(page.contains("id=\"step-bad\""))
    }

    @Test func aDriftingNotebooksPillCountsItsAlerts() throws {
        let project = try TemporaryDirectory()
        try project.write("", to: "quire.yaml")
        try project.write(Self.drifting, to: "drifting.md")
        let output = try QuireProcess.run(["run", "-q", "--no-cache", "drifting.md"], in: project.url)
        #expect(output.status == 0, "\(output.stderr)")
        let steps = try #require(try Self.json(project, "reports/drifting.json")["steps"] as? [[String: Any]])
        let rows = steps.flatMap { ($0["monitor"] as? [[String: Any]]) ?? [] }
        let alerts = rows.filter { $0["status"] as? String == "alert" }.count
        try #require(alerts > 0)
        let page = Self.read(project, "reports/drifting.html")
        #expect(
            page.contains(
                "<span class=\"badge run-status alert\">succeeded · <a href=\"#step-drift.monitor\">\(alerts)\u{00A0}alert"
            ),
            "\(page.prefix(6000))")
        #expect(page.contains("id=\"step-drift.monitor\""))
        let index = Self.read(project, "reports/index.html")
        #expect(index.contains("<a href=\"./drifting.html#step-drift\">\(alerts)\u{00A0}alert"))
        #expect(index.contains("1 report · 1 with alerts"))
    }

    @Test func sourceDateEpochDatesAReproducibleReport() throws {
        let project = try TemporaryDirectory()
        try project.write("", to: "quire.yaml")
        try project.write(Self.passing, to: "passing.md")
        let output = try QuireProcess.run(
            ["run", "-q", "--no-cache", "passing.md"], in: project.url, environment: ["SOURCE_DATE_EPOCH": "1700000000"]
        )
        #expect(output.status == 0, "\(output.stderr)")
        let page = Self.read(project, "reports/passing.html")
        #expect(
            page.contains(
                "Dated <time datetime=\"2023-11-14T22:13:20Z\">2023-11-14T22:13:20Z</time> (SOURCE_DATE_EPOCH)."))
        #expect(!page.contains("Ran in"))
    }

    @Test func aCommittedNotebookIsDatedByItsLastCommit() throws {
        let project = try TemporaryDirectory()
        try project.write(Self.passing, to: "passing.md")
        try project.write(Self.failing, to: "failing.md")
        // Outside a repository: no date, no error.
        let plain = try QuireProcess.run(["run", "-q", "--no-cache", "--reproducible", "passing.md"], in: project.url)
        #expect(plain.status == 0 && plain.stderr.isEmpty, "\(plain.stderr)")
        #expect(!Self.read(project, "reports/passing.html").contains("Dated"))

        try #require(try Self.git(["init", "-q"], in: project.url) == 0, "git is needed for this test")
        let identity = ["-c", "user.name=Quire Test", "-c", "user.email=test@example.com"]
        try Self.git(["add", "passing.md"], in: project.url)
        let date = ["GIT_AUTHOR_DATE": "2021-03-04T05:06:07Z", "GIT_COMMITTER_DATE": "2021-03-04T05:06:07Z"]
        try #require(try Self.git(identity + ["commit", "-q", "-m", "one"], in: project.url, environment: date) == 0)
        try Self.git(["add", "failing.md"], in: project.url)
        let later = ["GIT_AUTHOR_DATE": "2022-01-02T03:04:05Z", "GIT_COMMITTER_DATE": "2022-01-02T03:04:05Z"]
        try #require(try Self.git(identity + ["commit", "-q", "-m", "two"], in: project.url, environment: later) == 0)

        let dated = try QuireProcess.run(
            ["run", "-q", "--no-cache", "--reproducible", "passing.md", "failing.md"], in: project.url)
        #expect(dated.status == 1, "\(dated.stderr)")
        let passing = Self.read(project, "reports/passing.html")
        #expect(
            passing.contains(">2021-03-04T05:06:07Z</time> (the notebook&#39;s last commit)."), "each its own commit")
        #expect(Self.read(project, "reports/failing.html").contains(">2022-01-02T03:04:05Z</time>"))
        // SOURCE_DATE_EPOCH wins; without git on PATH there is no date and no error.
        let epoch = try QuireProcess.run(
            ["run", "-q", "--no-cache", "passing.md"], in: project.url, environment: ["SOURCE_DATE_EPOCH": "0"])
        #expect(epoch.status == 0)
        #expect(
            Self.read(project, "reports/passing.html").contains(">1970-01-01T00:00:00Z</time> (SOURCE_DATE_EPOCH)."))
        let noGit = try QuireProcess.run(
            ["run", "-q", "--no-cache", "--reproducible", "passing.md"], in: project.url,
            environment: ["PATH": "/nonexistent"])
        #expect(noGit.status == 0 && noGit.stderr.isEmpty, "\(noGit.stderr)")
        #expect(!Self.read(project, "reports/passing.html").contains("Dated"))
        // Without --reproducible the run's own date stays.
        let live = try QuireProcess.run(["run", "-q", "--no-cache", "passing.md"], in: project.url)
        #expect(live.status == 0)
        let page = Self.read(project, "reports/passing.html")
        #expect(page.contains("<p class=\"run-info\">Ran in") && !page.contains("Dated"))
    }
}
