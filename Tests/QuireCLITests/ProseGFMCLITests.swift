import Foundation
import TestSupport
import Testing

/// GitHub-style prose end to end: tables, strikethrough, autolinks and task lists in a notebook
/// run by the built binary, hostile content in them neutralised, and positions inside a table.
@Suite struct ProseGFMCLITests {
    static let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/notebook-format.md")

    /// The `markdown` example of docs/notebook-format.md's "Prose" section.
    static func docsExample() throws -> String {
        let text = try String(contentsOf: docs, encoding: .utf8)
        let section = try #require(text.range(of: "\n## Prose\n"))
        let open = try #require(text.range(of: "```markdown\n", range: section.upperBound..<text.endIndex))
        let close = try #require(text.range(of: "\n```\n", range: open.upperBound..<text.endIndex))
        return String(text[open.upperBound..<close.lowerBound]) + "\n"
    }

    static func run(_ notebook: String, _ arguments: [String] = []) throws -> (QuireProcess.Output, String) {
        let project = try TemporaryDirectory()
        try project.write("", to: "quire.yaml")
        try project.write("---\ntitle: Prose\n---\n\n" + notebook, to: "nb.md")
        let run = try QuireProcess.run(["run", "--quiet"] + arguments + ["nb.md"], in: project.url)
        let html =
            (try? String(contentsOf: project.url.appendingPathComponent("reports/nb.html"), encoding: .utf8)) ?? ""
        return (run, html)
    }

    @Test func theDocumentedExampleRendersEveryExtension() throws {
        let (run, html) = try Self.run(try Self.docsExample())
        #expect(run.status == 0, "\(run.stderr)")
        #expect(html.contains("<table>\n<thead>\n<tr>\n<th align=\"left\">model</th>\n<th align=\"right\">AUC</th>"))
        #expect(html.contains("<td align=\"right\">0.86</td>\n<td align=\"center\"><del>tuning</del></td>"))
        #expect(html.contains("<td align=\"center\"><code>done</code></td>"))
        #expect(html.contains("Results, <del>draft</del> final"))
        #expect(html.contains("<a href=\"http://www.example.com/report\">www.example.com/report</a> or"))
        #expect(html.contains("<a href=\"mailto:ml-team@example.com\">ml-team@example.com</a>."))
        #expect(html.contains("<li><input type=\"checkbox\" checked=\"\" disabled=\"\" /> train</li>"))
        #expect(html.contains("<li><input type=\"checkbox\" disabled=\"\" /> deploy</li>"))
        // The report's stylesheet aligns cells by their `align` and scrolls a wide table.
        #expect(html.contains("td[align=right]{text-align:right"))
        #expect(html.contains("table{border-collapse:collapse;display:block;overflow-x:auto}"))
    }

    static let hostile = """
        | cell | more |
        |------|------|
        | <script>alert(1)</script> | [x](javascript:alert(1)) |
        | javascript:alert(1) | www.example.com/"onmouseover="alert(1) |
        | https://example.com/<script>alert(2)</script> | <img src=x onerror=alert(3)> |
        | [y](JAVASCRIPT:alert(4)) | ![z](javascript:alert(5)) |

        ~~<script>alert(6)</script>~~ and http://example.com/"><script>alert(7)</script>

        - [ ] <iframe src="javascript:alert(8)"></iframe>

        """

    /// Nothing in a report may run: no script, no event handler, no `javascript:` destination.
    static func expectInert(_ html: String) {
        let body = String(html[(html.range(of: "<main")?.lowerBound ?? html.startIndex)...])
        #expect(!body.lowercased().contains("<script"))
        #expect(!body.lowercased().contains("<iframe"))
        #expect(!body.lowercased().contains("javascript:alert(1))\""))
        #expect(body.range(of: #"(href|src)="\s*javascript:"#, options: [.regularExpression, .caseInsensitive]) == nil)
        #expect(body.range(of: #"<[^>]*\son[a-z]+="#, options: [.regularExpression, .caseInsensitive]) == nil)
    }

    @Test func hostileCellsAndLinksAreNeutralised() throws {
        let (run, html) = try Self.run(Self.hostile)
        #expect(run.status == 0, "\(run.stderr)")
        Self.expectInert(html)
        #expect(html.contains("<td><!-- raw HTML omitted -->alert(1)<!-- raw HTML omitted --></td>"))
        #expect(html.contains("<td><a href=\"\">x</a></td>"))
        // Text, not a link: only http, https and ftp become links, and `www.` ones get `http://`.
        #expect(html.contains("<td>javascript:alert(1)</td>"))
        #expect(html.contains("href=\"http://www.example.com/%22onmouseover=%22alert(1)\""))
        #expect(html.contains("<a href=\"https://example.com/\">https://example.com/</a><!-- raw HTML omitted -->"))
        #expect(html.contains("<del><!-- raw HTML omitted -->alert(6)<!-- raw HTML omitted --></del>"))
    }

    @Test func rawHTMLKeptSafelyInCells() throws {
        let (run, html) = try Self.run(Self.hostile, ["--allow-raw-html"])
        #expect(run.status == 0, "\(run.stderr)")
        Self.expectInert(html)
        #expect(html.contains("<table>"))
        // Each removal is reported at its place in the cell (the front matter takes 4 lines).
        #expect(run.stderr.contains("nb.md:7:3: warning: raw HTML removed: <script>"), "\(run.stderr)")
        #expect(run.stderr.contains("nb.md:9:51: warning: raw HTML removed: attribute onerror of <img>"))
        #expect(run.stderr.contains("nb.md:14:7: warning: raw HTML removed: <iframe>"))
    }

    @Test func problemsInATablePointIntoTheCell() throws {
        let project = try TemporaryDirectory()
        try project.write("", to: "quire.yaml")
        // Line 3 is the table's header; the image is in the second row's second cell.
        try project.write(
            """
            Some prose.

            | name | picture |
            |------|---------|
            | a    | b       |
            | é \\| c | ![alt](missing.png) |
            """, to: "nb.md")
        let check = try QuireProcess.run(["check", "nb.md"], in: project.url)
        let column = "| é \\| c | ".unicodeScalars.count + 1
        #expect(check.stderr.contains("nb.md:6:\(column): warning:"), "\(check.stderr)")
        let raw = try TemporaryDirectory()
        try raw.write("", to: "quire.yaml")
        try raw.write("| a |\n|---|\n| x <b onclick=\"f()\">y</b> |\n", to: "nb.md")
        let checked = try QuireProcess.run(["check", "--allow-raw-html", "nb.md"], in: raw.url)
        #expect(checked.stderr.contains("nb.md:3:5: warning: raw HTML removed"), "\(checked.stderr)")
    }
}
