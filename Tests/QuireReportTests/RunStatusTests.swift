import Foundation
import QuireNotebook
import QuireReport
import QuireRunner
import QuireSupport
import TestSupport
import Testing

/// The status at the top of a report and in the index: words that say what the colour says, the
/// failing step named and linked, alert and warning counts linked to their monitor tables, the
/// date of a reproducible report, and the link back to the index.
@Suite struct RunStatusTests {
    /// A step fails at run time on an unknown column: the planner leaves that to the run here.
    static var planner: Planner {
        var planner = Planner()
        planner.checksColumns = false
        return planner
    }

    /// A drift between two generated frames: the second is shifted, so its rows alert.
    static let monitored = SampleNotebooks.titled("Monitored") + SampleNotebooks.shiftedDrift

    /// Runs `source` and renders it with `configure`d options; also returns the JSON summary.
    static func render(
        _ source: String, configure: (inout ReportRenderer.Options) -> Void = { _ in }
    ) throws -> (run: RunResult, html: String, json: [String: Any]) {
        let directory = try TemporaryDirectory()
        let parsed = try #require(
            NotebookParser(options: [.renderProse]).parse(bytes: Array(source.utf8), path: "nb.md").notebook)
        let plan = try Self.planner.plan(parsed, params: ParamSet(frontMatter: parsed.frontMatter)).get()
        let run = Executor(
            plan: plan, options: RunOptions(baseDirectory: directory.url.path, projectRoot: directory.url.path)
        ).run()
        var options = ReportRenderer.Options(reproducible: true)
        configure(&options)
        let html = ReportRenderer(options: options).render(parsed, run: run)
        let text = RunSummary(run: run, notebookPath: "nb.md", notebookDigest: "", reproducible: true).json.text
        let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        return (run, html, json)
    }

    /// The header element of a page.
    static func header(_ html: String) throws -> String {
        let start = try #require(html.range(of: "<header class=\"report-header\">"))
        let end = try #require(html.range(of: "</header>", range: start.upperBound..<html.endIndex))
        return String(html[start.lowerBound..<end.upperBound])
    }

    @Test(arguments: [
        (RunStatus(succeeded: true), "succeeded", "ok"),
        (RunStatus(succeeded: true, alerts: 6), "succeeded · 6 alerts", "alert"),
        (RunStatus(succeeded: true, alerts: 1), "succeeded · 1 alert", "alert"),
        (RunStatus(succeeded: true, warnings: 2), "succeeded · 2 warnings", "warn"),
        (RunStatus(succeeded: true, alerts: 6, warnings: 1), "succeeded · 6 alerts · 1 warning", "alert"),
        (RunStatus(succeeded: false), "failed", "failed"),
        (
            RunStatus(succeeded: false, failedSteps: [.init(id: "train", line: 42)], alerts: 2),
            "failed at step train (line 42) · 2 alerts", "failed"
        ),
        (
            RunStatus(succeeded: false, failedSteps: [.init(id: "a", line: 3), .init(id: "b", line: nil)]),
            "failed at step a (line 3) +1 more", "failed"
        ),
    ])
    func wording(status: RunStatus, text: String, style: String) {
        #expect(status.text == text)
        #expect(status.style == style)
        let pill = status.pill(stepLink: { "#step-\($0)" }, alertsLink: nil, warningsLink: nil).markup
        #expect(pill.hasPrefix("<span class=\"badge run-status \(style)\">"))
        // Every word of the plain text is in the pill (the colour is never the only carrier).
        let visible = pill.replacingOccurrences(of: "<[^>]*>", with: "", options: .regularExpression)
            .replacingOccurrences(of: "\u{00A0}", with: " ")
        #expect(visible == text)
    }

    @Test func aFailedRunNamesAndLinksItsFirstFailingStep() throws {
        let (run, html, json) = try Self.render(RunReportTests.notebook)
        let header = try Self.header(html)
        // The oracle is the JSON summary: the failed steps and their error lines.
        let steps = try #require(json["steps"] as? [[String: Any]])
        let failed = steps.filter { $0["status"] as? String == "failed" }
        let first = try #require(failed.first)
        let id = try #require(first["id"] as? String)
        let line = try #require((first["error"] as? [String: Any])?["line"] as? Int)
        #expect(
            header.contains(
                "<span class=\"badge run-status failed\">failed at step <a href=\"#step-\(id)\"><code>\(id)</code></a> (line \(line))</span>"
            ), "\(header)")
        #expect(html.contains("<section class=\"step\" id=\"step-\(id)\">"), "the link leads to the step")
        #expect(run.result(id)?.status == .failed)
    }

    @Test func severalFailuresShowTheFirstAndHowManyMore() throws {
        let source = RunReportTests.notebook + "\n\n```step lost\nload: missing.csv\n```\n"
        let (_, html, _) = try Self.render(source)
        let header = try Self.header(html)
        #expect(header.contains("failed at step <a href=\"#step-bad\"><code>bad</code></a> (line 12)"), "\(header)")
        #expect(header.contains("<span title=\"lost\"> +1 more</span>"), "\(header)")
    }

    @Test func alertsShowAtTheTopInTheAlertColourAndLinkToTheirTable() throws {
        let (_, html, json) = try Self.render(Self.monitored)
        let steps = try #require(json["steps"] as? [[String: Any]])
        let rows = steps.flatMap { ($0["monitor"] as? [[String: Any]]) ?? [] }
        let alerts = rows.filter { $0["status"] as? String == "alert" }.count
        let warnings = rows.filter { $0["status"] as? String == "warn" }.count
        try #require(alerts > 0, "the shifted frame alerts")
        let header = try Self.header(html)
        var expected =
            "<span class=\"badge run-status alert\">succeeded · <a href=\"#step-drift.monitor\">\(alerts)\u{00A0}alerts</a>"
        if warnings > 0 { expected += " · <a href=\"#step-drift.monitor\">\(warnings)\u{00A0}warning" }
        #expect(header.contains(expected), "\(header)")
        #expect(
            html.contains("<div class=\"output-anchor\" id=\"step-drift.monitor\"><figure class=\"output monitor\">"))
    }

    @Test func hiddenOutputsLinkTheCountToTheStep() throws {
        let source = Self.monitored.replacingOccurrences(of: "```step drift", with: "```step drift output=false")
        let (_, html, _) = try Self.render(source)
        #expect(try Self.header(html).contains("<a href=\"#step-drift\">"))
        #expect(!html.contains("id=\"step-drift.monitor\""))
    }

    @Test func aReproducibleReportCarriesItsDateAndItsSource() throws {
        let epoch = try #require(ReportDate(secondsSince1970: 1_700_000_000, source: .sourceDateEpoch))
        let (_, html, _) = try Self.render(Self.monitored) { $0.reproducibleDate = epoch }
        // 1700000000 s after the epoch is 2023-11-14 22:13:20 UTC.
        #expect(
            try Self.header(html).contains(
                "<p class=\"run-info\">Dated <time datetime=\"2023-11-14T22:13:20Z\">2023-11-14T22:13:20Z</time> (SOURCE_DATE_EPOCH).</p>"
            ))
        let commit = try #require(ReportDate(secondsSince1970: 0, source: .lastCommit))
        let (_, dated, _) = try Self.render(Self.monitored) { $0.reproducibleDate = commit }
        #expect(dated.contains("1970-01-01T00:00:00Z</time> (the notebook&#39;s last commit)."))
        let (_, undated, _) = try Self.render(Self.monitored)
        #expect(!undated.contains("Dated"))
        // Without --reproducible, the run's own date stays and no fixed date is shown.
        let (_, live, _) = try Self.render(Self.monitored) {
            $0.reproducible = false
            $0.reproducibleDate = epoch
            $0.runInfo = .init(date: "2026-12-06T20:00:00Z", host: "h")
        }
        #expect(live.contains("on h, 2026-12-06T20:00:00Z.") && !live.contains("Dated"))
    }

    @Test(arguments: [-1.0, 1.5, .nan, .infinity, 253_402_300_800])
    func aDateOutsideWholeSecondsFrom1970To9999IsNone(seconds: Double) {
        #expect(ReportDate(secondsSince1970: seconds, source: .sourceDateEpoch) == nil)
    }

    @Test func theHeaderLinksBackToTheIndex() throws {
        let (_, html, _) = try Self.render(Self.monitored) { $0.indexLink = "index.html" }
        #expect(try Self.header(html).contains("<p class=\"index-link\"><a href=\"index.html\">← all reports</a></p>"))
        let (_, alone, _) = try Self.render(Self.monitored)
        #expect(!alone.contains("all reports"))
    }
}

/// The index, built from the JSON summaries of an output directory.
@Suite struct IndexFromSummariesTests {
    static func summary(title: String, status: String = "ok", extra: String = "") -> String {
        """
        {"schema": 1, "title": \(JSONValue.quote(title)), "status": "\(status)", "notebook": {"path": "nb/\(title).md"},
         "counts": {"ok": 2, "cached": 1, "failed": 0, "skipped": 0, "not-run": 0}, "monitor_status": null,
         "steps": [], "future_key": {"anything": [1, 2]}\(extra)}
        """
    }

    @Test func aSummaryIsReadFromItsStableKeysAlone() throws {
        let text = """
            {"schema": 7, "title": "T", "status": "failed", "notebook": {"path": "n.md", "digest": "x"},
             "counts": {"ok": 1, "failed": 1, "not-run": 1, "unknown-status": 4}, "monitor_status": "alert",
             "lock": {"whatever": true},
             "steps": [
               {"id": "quality", "status": "ok", "metrics": {"roc_auc": 0.9, "accuracy": 0.8},
                "outputs": {"metrics": {"kind": "evaluation"}}, "new": 1},
               {"id": "tuned", "status": "ok", "metrics": {"accuracy": 0.7}, "outputs": {"results": {"kind": "table"}}},
               {"id": "drift", "status": "ok", "monitor": [{"status": "ok"}, {"status": "alert"}, {"status": "warn"}]},
               {"id": "train", "status": "failed", "line": 40, "error": {"line": 42, "code": "c"}},
               {"id": "after", "status": "not-run", "error": null}
             ]}
            """
        guard case .entry(let entry) = IndexRenderer.reading(summary: Data(text.utf8), report: "t.html") else {
            Issue.record("a summary with unknown keys still reads")
            return
        }
        #expect(entry.title == "T" && entry.notebook == "n.md" && entry.report == "t.html")
        #expect(
            entry.status
                == RunStatus(succeeded: false, failedSteps: [.init(id: "train", line: 42)], alerts: 1, warnings: 1))
        #expect(entry.counts == [.ok: 1, .failed: 1, .notRun: 1])
        #expect(entry.metrics == [.init(name: "quality.roc_auc", value: 0.9)], "only evaluations give headlines")
        #expect(entry.monitorStatus == "alert" && entry.alertStep == "drift" && entry.warningStep == "drift")
    }

    @Test func otherFilesAreSkippedAndCorruptSummariesReported() throws {
        #expect(IndexRenderer.reading(summary: Data(#"{"name": "package.json"}"#.utf8), report: nil) == .notASummary)
        #expect(IndexRenderer.reading(summary: Data("[1, 2]".utf8), report: nil) == .notASummary)
        guard case .unreadable = IndexRenderer.reading(summary: Data(#"{"schema": 1, "title": "#.utf8), report: nil)
        else {
            Issue.record("a truncated summary is unreadable")
            return
        }
        guard
            case .unreadable(let reason) = IndexRenderer.reading(
                summary: Data(#"{"schema": 1, "status": "ok"}"#.utf8), report: nil)
        else {
            Issue.record("a summary without a title is unreadable")
            return
        }
        #expect(reason == "no 'title'")
    }

    @Test func aDirectoryListsEverySummaryBesideItsReport() throws {
        let directory = try TemporaryDirectory()
        try directory.write(Self.summary(title: "Beta"), to: "b.json")
        try directory.write("<html>", to: "b.html")
        try directory.write(Self.summary(title: "Alpha"), to: "a.json")
        try directory.write("<html>", to: "a.html")
        try directory.write(Self.summary(title: "Orphan"), to: "orphan.json")
        try directory.write(#"{"dependencies": {}}"#, to: "package.json")
        try directory.write(#"{"schema": 1, "title": "cut"#, to: "broken.json")
        try directory.write(Self.summary(title: "Index"), to: "index.json")
        try directory.write(Self.summary(title: "Hidden"), to: ".hidden.json")
        try directory.write(Self.summary(title: "Temp"), to: ".a.json.123.tmp")
        try FileManager.default.createSymbolicLink(
            atPath: directory.url.appendingPathComponent("link.json").path,
            withDestinationPath: directory.url.appendingPathComponent("a.json").path)
        let found = IndexRenderer.entries(inDirectory: directory.url.path)
        #expect(found.entries.keys.sorted() == ["a", "b", "orphan"])
        #expect(found.entries["a"]?.report == "a.html")
        #expect(found.entries["orphan"]?.report == nil, "no page beside it: no link")
        #expect(found.unreadable.map(\.file) == [directory.url.appendingPathComponent("broken.json").path])
        let html = IndexRenderer(reproducible: true).render(Array(found.entries.values))
        let alpha = try #require(html.range(of: ">Alpha<"))
        let beta = try #require(html.range(of: ">Beta<"))
        #expect(alpha.lowerBound < beta.lowerBound, "sorted by title")
        #expect(html.contains("<td data-label=\"Steps\">3 ok</td>"), "cached counts as ok when reproducible")
        #expect(html == IndexRenderer(reproducible: true).render(Array(found.entries.values).reversed()))
        #expect(IndexRenderer.entries(inDirectory: directory.url.appendingPathComponent("none").path).entries.isEmpty)
    }

    @Test func everythingIsEscapedAndNoFileNameBecomesAScheme() throws {
        let hostile = "<script>alert(1)</script>"
        let text = Self.summary(
            title: hostile, status: "failed",
            extra: #", "steps2": 1"#
        ).replacingOccurrences(
            of: #""steps": []"#,
            with: #""steps": [{"id": "x\" onclick=\"y", "status": "failed"}, {"id": "ok", "status": "failed"}]"#)
        guard
            case .entry(let entry) = IndexRenderer.reading(summary: Data(text.utf8), report: "javascript:alert(1).html")
        else {
            Issue.record("the summary reads")
            return
        }
        let html = IndexRenderer().render([entry])
        #expect(!html.contains("<script>alert"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("href=\"./javascript%3Aalert%281%29.html\""))
        #expect(!html.contains("href=\"javascript"))
        #expect(!html.contains("onclick=\"y"), "a step id that is not an id is not a link")
        #expect(html.contains("<code>x&quot; onclick=&quot;y</code>"))
        #expect(IndexRenderer.href(toFile: "a b#c?.html") == "./a%20b%23c%3F.html")
    }
}
