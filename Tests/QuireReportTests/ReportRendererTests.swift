import QuireNotebook
import QuireReport
import QuireSupport
import Testing

@Suite struct ReportRendererTests {
    static func render(_ source: String, options: NotebookParser.Options = [.renderProse]) throws -> String {
        let result = NotebookParser(options: options).parse(bytes: Array(source.utf8), path: "nb.md")
        return ReportRenderer().render(try #require(result.notebook))
    }

    @Test func pageIsSelfContainedUnderAStrictPolicy() throws {
        let html = try Self.render("# Title\n\n![remote](https://example.org/x.png)\n")
        #expect(html.contains("<meta http-equiv=\"Content-Security-Policy\""))
        #expect(html.contains("script-src &#39;none&#39;") || html.contains("script-src 'none'"))
        #expect(html.contains("default-src &#39;none&#39;") || html.contains("default-src 'none'"))
        #expect(!html.contains("<script"))
        #expect(!html.contains("<link"))
    }

    @Test func rawHTMLInProseIsDroppedBySafeMode() throws {
        let html = try Self.render("Hello <script>alert(1)</script> <b onclick=x>b</b>\n\n<iframe src=x></iframe>\n")
        #expect(!html.contains("<script>alert"))
        #expect(!html.contains("<iframe"))
        #expect(!html.contains("onclick"))
        #expect(html.contains("raw HTML omitted"))
    }

    @Test func rawHTMLIsKeptOnlyWhenAllowed() throws {
        let html = try Self.render("Hello <b>bold</b>\n", options: [.renderProse, .allowRawHTML])
        #expect(html.contains("<b>bold</b>"))
    }

    @Test func stepAndDiagramTextIsEscaped() throws {
        let source = """
            ---
            title: "<script>alert('t')</script>"
            ---
            ```step a title="x"
            load: "</code><script>alert(1)</script>"
            title: <img src=x onerror=alert(1)>
            ```

            ```mermaid
            flowchart LR
              A["</pre><script>x</script>"] --> B
            ```
            """
        let html = try Self.render(source)
        #expect(!html.contains("<script>"))
        #expect(!html.contains("<img"))
        #expect(html.contains("&lt;/code&gt;&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("<title>&lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt;</title>"))
    }

    @Test func aFirstHeadingThatRepeatsTheTitleIsShownOnce() throws {
        let same = try Self.render("---\ntitle: Churn\n---\n# Churn\n\nText.\n")
        #expect(same.components(separatedBy: "Churn</h1>").count == 2)
        let different = try Self.render("---\ntitle: Churn\n---\n# Other\n\nText.\n")
        #expect(different.contains("<h1 id=\"other\">Other</h1>"))
    }

    @Test func headingsGetStableUniqueAnchorsAndAContentsList() throws {
        let html = try Self.render("# T\n\n## The data\n\n## The data\n\n### Step split\n\n## Café & <b>\n")
        #expect(html.contains("<h2 id=\"the-data\">The data</h2>"))
        #expect(html.contains("<h2 id=\"the-data-1\">The data</h2>"))
        #expect(html.contains("<h3 id=\"h-step-split\">Step split</h3>"))
        #expect(html.contains("<h2 id=\"café\">"), "raw HTML in a heading is not part of its anchor")
        #expect(html.contains("<nav class=\"toc\" aria-label=\"Contents\">"))
        #expect(html.contains("<a href=\"#the-data-1\">The data</a>"))
        #expect(html.contains("<a href=\"#café\">Café &amp;</a>"))
        let short = try Self.render("# T\n\n## Only one\n")
        #expect(!short.contains("<nav class=\"toc\""))
    }

    @Test func mermaidBlocksBecomeInlineSVGOrTheirSourceWithTheError() throws {
        let html = try Self.render(
            "# T\n\n```mermaid\nflowchart LR\n  A[Start] --> B{{Done}}\n```\n\n```mermaid\nflowchart LR\n  A[a( --> B\n```\n\n```mermaid\npie\n  \"a\": 1\n```\n"
        )
        #expect(html.components(separatedBy: "<svg").count == 2, "one diagram drawn")
        #expect(html.contains("<title>"))
        #expect(html.contains("This diagram could not be drawn."))
        #expect(html.contains("Line 10, column"))
        #expect(html.contains("A pie diagram, shown as source"))
    }

    @Test func mermaidProblemsAreWarningsAtNotebookPositions() throws {
        let source = "# T\n\n```mermaid\nflowchart LR\n  A[a( --> B\n```\n"
        let notebook = try #require(NotebookParser().parse(bytes: Array(source.utf8), path: "nb.md").notebook)
        let found = Diagrams.diagnostics(in: notebook)
        #expect(found.map(\.id.rawValue) == ["mermaid-syntax"])
        #expect(found.first?.severity == .warning)
        #expect(found.first?.range?.start.line == 5)
    }

    @Test func echoFalseHidesTheSource() throws {
        let html = try Self.render("```step a echo=false\nload: secret_source.csv\n```\n")
        #expect(!html.contains("secret_source.csv"))
        #expect(html.contains("id=\"step-a\""))
    }

    @Test func renderingIsDeterministic() throws {
        let source = "# T\n\n```step a\nload: x.csv\n```\n"
        #expect(try Self.render(source) == Self.render(source))
    }

    @Test func escapeCoversAttributesAndText() {
        #expect(HTML.escape("a&b<c>\"d'e") == "a&amp;b&lt;c&gt;&quot;d&#39;e")
        #expect(
            HTML.element("p", ["title": "\"x\""], .text("<y>")).markup == "<p title=\"&quot;x&quot;\">&lt;y&gt;</p>")
    }
}
