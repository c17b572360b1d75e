import Foundation
import QuireEngine
import QuireNotebook
import QuireRunner
import QuireService
import QuireSupport
import TestSupport
import Testing

/// `quire run --summary-md`'s Markdown, built from a real run's outcome.
@Suite struct MarkdownSummaryTests {
    @Test func escapesEverythingThatCouldBeMarkup() {
        #expect(MarkdownSummary.text("a|b") == "a\\|b")
        #expect(MarkdownSummary.text("`code`") == "\\`code\\`")
        #expect(MarkdownSummary.text("<script>&") == "&lt;script&gt;&amp;")
        #expect(MarkdownSummary.text("two\nlines\r\nhere") == "two lines here")
        #expect(
            MarkdownSummary.text("[x](http://e) ![i](y) *a* _b_ ~c~ $d$ #e \\")
                == "\\[x\\](http://e) \\!\\[i\\](y) \\*a\\* \\_b\\_ \\~c\\~ \\$d\\$ \\#e \\\\")
        #expect(MarkdownSummary.cell("") == " ")
        #expect(MarkdownSummary.cell("a\nb|c") == "a b\\|c")
    }

    /// A monitored notebook whose title and column names hold markup; one step fails.
    static let notebook =
        SampleNotebooks.titled("\"Drift | <b>bold</b> `tick`\"") + "\n" + SampleNotebooks.shiftedDrift + "\n"
        + SampleNotebooks.modelOnReference + "\n" + SampleNotebooks.qualityOnCurrent + """

            ```step broken
            load: missing.csv
            ```
            """

    @Test func summarisesStatusMonitorsAndMetrics() throws {
        let project = try TemporaryDirectory()
        try project.write("", to: "quire.yaml")
        try project.write(Self.notebook, to: "nb.md")
        var request = RunRequest(
            notebooks: [project.url.appendingPathComponent("nb.md").path],
            outputDirectory: project.url.appendingPathComponent("reports").path, cache: .none)
        request.reproducible = true
        request.failOn = .warn
        let outcome = try RunService().run(request)
        let markdown = MarkdownSummary(outcome: outcome, outputDirectory: "reports", reproducible: true, failOn: .warn)
            .markdown
        // The title is escaped: no raw HTML, no extra table cell, no code span.
        #expect(markdown.contains("### Drift \\| &lt;b&gt;bold&lt;/b&gt; \\`tick\\`\n"), "\(markdown)")
        // The first failed step is named, with its line and message.
        #expect(markdown.contains("**failed at step broken"), "\(markdown)")
        #expect(markdown.contains("- broken (line 21): cannot read 'missing.csv'"), "\(markdown)")
        // Every monitor row that is not ok, from the run itself, with its value in the one format.
        let notebook = try #require(outcome.notebooks.first)
        let findings = notebook.monitorFindings
        #expect(!findings.isEmpty)
        #expect(findings.allSatisfy { $0.row.status != .ok })
        #expect(markdown.contains("| step | monitor | column | value | status |"))
        for finding in findings {
            let value = finding.row.value.map { NumberFormat.decimal($0) } ?? "—"
            let row =
                "| drift | \(MarkdownSummary.cell(finding.row.test)) | \(MarkdownSummary.cell(finding.row.subject)) | \(value) | \(finding.row.status.rawValue) |"
            #expect(markdown.contains(row), "\(row) in \(markdown)")
        }
        // The headline metric, as the index shows it.
        let r2 = try #require(
            notebook.result?.result("quality")?.outputs.values.first?.summary.scalars["r2"])
        #expect(markdown.contains("| quality.r2 | \(NumberFormat.decimal(r2)) |"), "\(markdown)")
        // The same outcome gives the same bytes.
        #expect(
            markdown
                == MarkdownSummary(outcome: outcome, outputDirectory: "reports", reproducible: true, failOn: .warn)
                .markdown)
    }

    @Test func namesInvalidNotebooksAndTheirErrors() throws {
        let project = try TemporaryDirectory()
        try project.write("", to: "quire.yaml")
        try project.write("```step Bad\nload: x\n```\n", to: "bad.md")
        let request = RunRequest(
            notebooks: [project.url.appendingPathComponent("bad.md").path],
            outputDirectory: project.url.appendingPathComponent("reports").path, cache: .none)
        let markdown = MarkdownSummary(outcome: try RunService().run(request), outputDirectory: "reports").markdown
        #expect(markdown.contains("**invalid notebook: 1 error, not run**"), "\(markdown)")
        #expect(markdown.contains("- 1:9: 'Bad' is not a valid step id \\[step-invalid-id\\]"), "\(markdown)")
    }
}
