import Foundation
import QuireNotebook
import QuireReport
import QuireRunner
import QuireSupport
import TestSupport
import Testing

/// Reports of real runs: statuses, errors in place, the reproducibility record, the index.
@Suite struct RunReportTests {
    /// A step fails at run time on an unknown column: the planner leaves that to the run here.
    static var planner: Planner {
        var planner = Planner()
        planner.checksColumns = false
        return planner
    }

    static let notebook = """
        ---
        title: Report test
        params: {n: 40}
        ---
        # Report test

        ```step g
        generate: {kind: blobs, n_samples: "${params.n}", seed: 2}
        ```

        ```step bad
        filter: {from: g, where: "nope > 1"}
        ```

        ```step after
        profile: bad
        ```

        ```step p
        profile: g
        ```
        """

    static func run(reproducible: Bool, cache: Bool = false) throws -> (RunResult, String, String) {
        let directory = try TemporaryDirectory()
        let result = NotebookParser(options: [.renderProse]).parse(bytes: Array(notebook.utf8), path: "nb.md")
        let parsed = try #require(result.notebook)
        let plan = try Self.planner.plan(parsed, params: ParamSet(frontMatter: parsed.frontMatter)).get()
        var options = RunOptions(baseDirectory: directory.url.path, projectRoot: directory.url.path)
        if cache { options.cache = try CacheStore(directory: directory.url.appendingPathComponent("cache")) }
        let run = Executor(plan: plan, options: options).run()
        let html = ReportRenderer(
            options: .init(
                reproducible: reproducible, runInfo: .init(date: "2026-11-29T00:00:00Z", host: "build-host"),
                notebookDigest: "abc123")
        ).render(parsed, run: run)
        let json = RunSummary(run: run, notebookPath: "nb.md", notebookDigest: "abc123", reproducible: reproducible)
            .json.text
        return (run, html, json)
    }

    @Test func failureIsShownInPlaceWithWhatDidNotRun() throws {
        let (run, html, _) = try Self.run(reproducible: false)
        #expect(run.results.map(\.status) == [.ok, .failed, .notRun, .ok])
        #expect(html.contains("<span class=\"badge failed\">failed</span>"))
        #expect(html.contains("no column named `nope`"))
        #expect(html.contains("<code>nb.md:12:27</code>"))
        #expect(html.contains("Not run because of it: after"))
        #expect(html.contains("on build-host, 2026-11-29T00:00:00Z"))
    }

    @Test func reproducibilityRecordNamesDigestsKeysAndVersions() throws {
        let (run, html, _) = try Self.run(reproducible: true)
        #expect(html.contains("<section class=\"reproducibility\" id=\"reproducibility\">"))
        #expect(html.contains("<code>abc123</code>"))
        #expect(html.contains("<code>n=40</code>"))
        let key = try #require(run.result("g")?.key)
        #expect(html.contains("<code>\(key)</code>"))
        #expect(html.contains("Quire \(QuireVersion.string)"))
        #expect(!html.contains("build-host"), "volatile facts are left out when reproducible")
    }

    @Test func reproducibleOutputIsByteIdentical() throws {
        let (_, first, firstJSON) = try Self.run(reproducible: true)
        let (_, second, secondJSON) = try Self.run(reproducible: true)
        #expect(first == second)
        #expect(firstJSON == secondJSON)
    }

    @Test func failuresCarryTheirCodeToTheSummaryAndTheReport() throws {
        let (run, html, text) = try Self.run(reproducible: true)
        let code = try #require(run.result("bad")?.failure?.code)
        #expect(code.rawValue == "expr-unknown-column")
        #expect(html.contains("<code class=\"error-code\" title=\"error code\">expr-unknown-column</code>"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let steps = try #require(json["steps"] as? [[String: Any]])
        #expect((steps[1]["error"] as? [String: Any])?["code"] as? String == "expr-unknown-column")
    }

    @Test func aRaggedCSVFailsWithTheReadersCode() throws {
        let directory = try TemporaryDirectory()
        try directory.write("a,b\n1,2\n3\n", to: "data.csv")
        let source = "# Ragged\n\n```step d\nload: data.csv\n```\n"
        let parsed = try #require(NotebookParser().parse(bytes: Array(source.utf8), path: "nb.md").notebook)
        let plan = try Self.planner.plan(parsed, params: ParamSet(frontMatter: parsed.frontMatter)).get()
        let options = RunOptions(baseDirectory: directory.url.path, projectRoot: directory.url.path)
        let run = Executor(plan: plan, options: options).run()
        let failure = try #require(run.result("d")?.failure)
        #expect(failure.code.rawValue == "csv-ragged-row")
        #expect(failure.cause.map { "\(type(of: $0))" } == "CSVError", "the reader's error is kept as the cause")
        let text = RunSummary(run: run, notebookPath: "nb.md", notebookDigest: "", reproducible: true).json.text
        let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let error = try #require((json["steps"] as? [[String: Any]])?.first?["error"] as? [String: Any])
        #expect(error["code"] as? String == "csv-ragged-row")
        #expect(error["line"] as? Int == 4 && error["column"] as? Int == 7)
        #expect((error["message"] as? String)?.hasPrefix("data.csv:3:") == true)
    }

    @Test func jsonSummaryFollowsTheDocumentedSchema() throws {
        let (_, _, text) = try Self.run(reproducible: true)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(
            Set(json.keys) == [
                "schema", "quire_version", "engine", "cache_format", "notebook", "title", "status", "params", "counts",
                "duration_ms", "steps", "monitor_status",
            ])
        #expect(json["status"] as? String == "failed")
        let steps = try #require(json["steps"] as? [[String: Any]])
        #expect(steps.map { $0["status"] as? String } == ["ok", "failed", "not-run", "ok"])
        let error = try #require(steps[1]["error"] as? [String: Any])
        #expect(error["line"] as? Int == 12 && error["column"] as? Int == 27)
        // The lock: each step's key and what it was made of (none for a step that did not run).
        let components = try #require(steps[0]["key_components"] as? [String: Any])
        #expect(components["op"] as? String == steps[0]["op"] as? String)
        #expect((components["parameters"] as? [String: String])?["seed"] == "i:2")
        #expect((components["files"] as? [String: String])?.isEmpty == true)
        #expect(steps[2]["key_components"] is NSNull)
        let frame = try #require((steps[0]["outputs"] as? [String: Any])?["frame"] as? [String: Any])
        #expect(frame["rows"] as? Int == 40)
        #expect((frame["columns"] as? [[String: Any]])?.count == 3)
        let profile = try #require((steps[3]["outputs"] as? [String: Any])?["profile"] as? [String: Any])
        #expect(
            (profile["profile"] as? [[String: Any]])?.first?["name"] as? String
                == (frame["columns"] as? [[String: Any]])?.first?["name"] as? String)
    }

    @Test func indexLinksEveryNotebook() {
        let html = IndexRenderer().render([
            .init(
                title: "A <b>", notebook: "a.md", report: "a.html", status: RunStatus(succeeded: true, warnings: 2),
                counts: [.ok: 3], metrics: [.init(name: "quality.roc_auc", value: 0.81234)], monitorStatus: "warn",
                warningStep: "check"),
            .init(title: "B", notebook: "b.md", report: nil, status: RunStatus(succeeded: false), counts: [:]),
        ])
        #expect(html.contains("<a href=\"./a.html\">A &lt;b&gt;</a>"))
        #expect(html.contains("3 ran"))
        #expect(html.contains("quality.roc_auc\u{00A0}0.8123"))
        #expect(html.contains("<span class=\"badge warn\">warn</span>"))
        #expect(
            html.contains(
                "<span class=\"badge run-status warn\">succeeded · <a href=\"./a.html#step-check\">2\u{00A0}warnings</a></span>"
            ))
        #expect(html.contains("<span class=\"badge run-status failed\">failed</span>"))
        #expect(html.contains("2 reports · 1 failed · 1 with warnings"))
        #expect(html.contains("Content-Security-Policy"))
    }
}

/// Hostile text from every source — front matter, prose, titles, CSV cells, column names,
/// category values, expressions, error messages — comes out inert. (The browser test in
/// scripts/test.sh opens the same notebook in Chromium and checks no script runs.)
@Suite struct HostileInputTests {
    @Test func hostileNotebookRendersInert() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../Browser")
        let directory = try TemporaryDirectory()
        for name in ["hostile.md", "hostile.csv", "dot.png"] {
            try directory.write(try Data(contentsOf: folder.appendingPathComponent(name)), to: name)
        }
        let path = directory.url.appendingPathComponent("hostile.md").path
        let result = NotebookParser(options: [.renderProse]).parse(contentsOfFile: path)
        let notebook = try #require(result.notebook)
        let plan = try RunReportTests.planner.plan(notebook, params: ParamSet(frontMatter: notebook.frontMatter)).get()
        let run = Executor(
            plan: plan, options: RunOptions(baseDirectory: directory.url.path, projectRoot: directory.url.path)
        ).run()
        #expect(run.result("data")?.status == .ok)
        let html = ReportRenderer().render(notebook, run: run)
        let lower = html.lowercased()
        #expect(!lower.contains("<script"))
        #expect(!lower.contains("<img src=x"))
        #expect(!lower.contains("<svg onload"))
        #expect(!lower.contains("<b onclick"))
        #expect(!lower.contains("href=\"javascript:"))
        #expect(!lower.contains("src=\"javascript:"))
        #expect(!lower.contains("src=\"https:"), "remote images become links")
        #expect(lower.contains("src=\"data:image/png;base64,"), "local images are embedded")
        #expect(html.contains("&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;"))
        let json = RunSummary(run: run, notebookPath: "hostile.md", notebookDigest: "", reproducible: true).json.text
        #expect(
            try JSONSerialization.jsonObject(with: Data(json.utf8)) is [String: Any], "the summary stays valid JSON")
    }

    /// The raw-HTML notebook, rendered as `run --allow-raw-html` renders it, keeps the harmless
    /// markup and none of the payloads; each removal is a warning at its tag.
    @Test func rawHTMLNotebookRendersInert() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../Browser")
        let directory = try TemporaryDirectory()
        try directory.write(try Data(contentsOf: folder.appendingPathComponent("raw-html.md")), to: "raw-html.md")
        let path = directory.url.appendingPathComponent("raw-html.md").path
        let result = NotebookParser(options: [.renderProse, .allowRawHTML]).parse(contentsOfFile: path)
        let notebook = try #require(result.notebook)
        #expect(result.diagnostics.allSatisfy { $0.id == .rawHTMLRemoved && $0.severity == .warning })
        #expect(result.diagnostics.count >= 25)
        let plan = try RunReportTests.planner.plan(notebook, params: ParamSet(frontMatter: notebook.frontMatter)).get()
        let run = Executor(
            plan: plan, options: RunOptions(baseDirectory: directory.url.path, projectRoot: directory.url.path)
        ).run()
        let html = ReportRenderer().render(notebook, run: run)
        let main = try #require(html.range(of: "<main>").map { html[$0.upperBound...] })
        for forbidden in [
            "<meta", "<base", "<link", "<script", "<svg", "<math", "<iframe", "<object", "<embed", "<form", "<input",
            "<style", "<noscript", "onerror", "onmouseover", "ontoggle", "onfocus", "onload", "javascript:",
            "data:text", "https://example.org/tracker", "position:fixed",
        ] {
            #expect(!main.lowercased().contains(forbidden), "\(forbidden)")
        }
        for kept in [
            "<kbd>Ctrl</kbd>", "<mark>marked</mark>", "<details open=\"\"><summary>", "<table><tr><th>a</th><td>1</td>",
            "<img src=\"data:image/png;base64,", "<a href=\"#raw-html-that-tries-to-leave-run-script-or-load-things\">",
        ] {
            #expect(main.contains(kept), "\(kept)")
        }
        #expect(main.components(separatedBy: "</main>").count == 2, "the notebook's </main> is dropped")
    }
}
