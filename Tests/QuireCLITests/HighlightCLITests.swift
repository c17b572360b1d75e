import Foundation
import TestSupport
import Testing

/// Highlighted code in the report, end to end: step bodies as YAML, top-level and nested fenced
/// code by language, unknown languages plain, and the example of docs/report.md as written.
@Suite struct HighlightCLITests {
    static let notebook = """
        # Code

        ```step rows
        generate: {kind: blobs, n_samples: 5, seed: 1}
        ```

        ```sql
        SELECT plan, COUNT(*) FROM customers WHERE note = 'it''s' -- by plan
        ```

        > ```json
        > {"auc": 0.87, "ok": true}
        > ```

        ```cobol
        DISPLAY "<b>".
        ```

        ```
        plain "text"
        ```

        """

    @Test func reportHighlightsStepsAndFencedCode() throws {
        let project = try TemporaryDirectory()
        try project.write("", to: "quire.yaml")
        try project.write(Self.notebook, to: "code.md")
        let run = try QuireProcess.run(["run", "--quiet", "code.md"], in: project.url)
        #expect(run.status == 0, "\(run.stderr)")
        let html = try String(contentsOf: project.url.appendingPathComponent("reports/code.html"), encoding: .utf8)
        // The step body as YAML.
        #expect(
            html.contains(
                "<pre><code class=\"language-yaml\"><span class=\"tok-key\">generate</span>: {<span class=\"tok-key\">kind</span>: blobs, <span class=\"tok-key\">n_samples</span>: <span class=\"tok-number\">5</span>"
            ), "\(html)")
        // Top-level fenced SQL.
        #expect(html.contains("<code class=\"language-sql\"><span class=\"tok-keyword\">SELECT</span> plan,"))
        #expect(html.contains("<span class=\"tok-string\">&#39;it&#39;&#39;s&#39;</span>"))
        #expect(html.contains("<span class=\"tok-comment\">-- by plan</span>"))
        // JSON inside a quote, through cmark's tree.
        #expect(
            html.contains(
                "<blockquote>\n<pre><code class=\"language-json\">{<span class=\"tok-key\">&quot;auc&quot;</span>"))
        #expect(html.contains("<span class=\"tok-literal\">true</span>"))
        // Unknown and no language: escaped, plain.
        #expect(html.contains("<code class=\"language-cobol\">DISPLAY &quot;&lt;b&gt;&quot;.\n</code>"))
        #expect(html.contains("<pre><code>plain &quot;text&quot;\n</code></pre>"))
        // Colours for both themes, no script.
        #expect(html.contains(".tok-keyword{color:var(--tok-keyword)}"))
        #expect(!html.contains("<script"))
    }

    @Test func documentedExampleHighlightsInsideTheListItem() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..")
        let doc = try String(contentsOf: root.appendingPathComponent("docs/report.md"), encoding: .utf8)
        let section = try #require(doc.range(of: "## Code\n"))
        let open = try #require(doc.range(of: "````markdown\n", range: section.upperBound..<doc.endIndex))
        let close = try #require(doc.range(of: "\n````\n", range: open.upperBound..<doc.endIndex))
        let example = String(doc[open.upperBound..<close.lowerBound]) + "\n"
        let project = try TemporaryDirectory()
        try project.write("", to: "quire.yaml")
        try project.write(example, to: "example.md")
        let run = try QuireProcess.run(["run", "--quiet", "example.md"], in: project.url)
        #expect(run.status == 0, "\(run.stderr)")
        let html = try String(contentsOf: project.url.appendingPathComponent("reports/example.html"), encoding: .utf8)
        let item = try #require(html.range(of: "<li>"))
        let end = try #require(html.range(of: "</li>", range: item.upperBound..<html.endIndex))
        let inside = html[item.upperBound..<end.lowerBound]
        #expect(inside.contains("<code class=\"language-python\">"), "\(inside)")
        #expect(inside.contains("<span class=\"tok-string\">&quot;data/churn.csv&quot;</span>"), "\(inside)")
        #expect(inside.contains("<span class=\"tok-comment\"># one row per customer</span>"), "\(inside)")
    }
}
