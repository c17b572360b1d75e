import QuireNotebook
import Testing

/// `{{ … }}` and `${params.…}` in prose, headings and the title: what is found, where, and what
/// is left as text.
@Suite struct QuoteParsingTests {
    static func parse(_ markdown: String) -> NotebookParser.Result {
        NotebookParser(options: [.renderProse]).parse(bytes: Array(markdown.utf8), path: "nb.md")
    }

    static func prose(_ result: NotebookParser.Result) -> [Prose] {
        result.notebook?.blocks.compactMap { if case .prose(let prose) = $0 { prose } else { nil } } ?? []
    }

    @Test func findsReferencesWithTheirFormatsAndPositions() throws {
        let result = Self.parse("AUC {{ eval.roc_auc | .3f }}, rows {{split.train.rows}} and ${params.seed}.\n")
        #expect(result.diagnostics.isEmpty)
        let quotes = try #require(result.notebook).quotes
        #expect(quotes.map(\.name) == ["eval.roc_auc", "split.train.rows", "params.seed"])
        #expect(quotes[0].format?.spec == ".3f")
        #expect(quotes[1].format == nil)
        #expect(quotes[0].range == SourceRange(start: .init(line: 1, column: 5), end: .init(line: 1, column: 28)))
        #expect(quotes[0].pathRange.start == SourceLocation(line: 1, column: 8))
        #expect(quotes[1].pathRange.start == SourceLocation(line: 1, column: 38))
        #expect(quotes[2].range.start == SourceLocation(line: 1, column: 61))
        let html = try #require(Self.prose(result).first?.html)
        #expect(html == "<p>AUC <quire-quote:0>, rows <quire-quote:1> and <quire-quote:2>.</p>\n")
    }

    @Test func positionsInsideQuotesListsAndAfterWideCharacters() throws {
        let result = Self.parse("> - first\n>   é {{ a.rows }}\n\n- ü\n  {{ b.rows }}\n")
        let quotes = try #require(result.notebook).quotes
        #expect(quotes.map(\.range.start) == [SourceLocation(line: 2, column: 7), SourceLocation(line: 5, column: 3)])
    }

    @Test func codeEscapesAndOtherBracesAreLeftAlone() throws {
        let markdown = """
            `{{ a.rows }}` \\{{ b.rows }} $${params.x} &#123;{ c.rows }} {single} ${HOME} }} [x](http://e/{{d}}) ![{{ f.rows }}](data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7)

            ```python
            print("{{ e.rows }}")
            ```
            """
        let result = Self.parse(markdown)
        #expect(result.diagnostics.isEmpty)
        #expect(try #require(result.notebook).quotes.isEmpty)
        let html = try #require(Self.prose(result).first?.html)
        #expect(html.contains("<code>{{ a.rows }}</code> {{ b.rows }} ${params.x} {{ c.rows }} {single} ${HOME} }}"))
        #expect(html.contains("alt=\"{{ f.rows }}\""))
        #expect(!html.contains("quire-quote"))
    }

    @Test func textAroundAQuoteIsNotReparsedAsMarkdown() throws {
        let result = Self.parse("*a* {{ x_y.rows }} _b_ **{{ m.f1 | .2f }}**\n")
        let quotes = try #require(result.notebook).quotes
        #expect(quotes.map(\.name) == ["x_y.rows", "m.f1"])
        let html = try #require(Self.prose(result).first?.html)
        #expect(html == "<p><em>a</em> <quire-quote:0> <em>b</em> <strong><quire-quote:1></strong></p>\n")
    }

    @Test(arguments: [
        ("x {{ a.rows\n", 1, 3, "never closed"),
        ("x {{ }}\n", 1, 3, "empty reference"),
        ("x {{ a..b }}\n", 1, 8, "missing before `.`"),
        ("x {{ a.b + 1 }}\n", 1, 10, "cannot be part"),
        ("x {{ t.c[x] }}\n", 1, 9, "row index"),
        ("x {{ a b }}\n", 1, 7, "no spaces"),
    ])
    func malformedReferences(markdown: String, line: Int, column: Int, message: String) throws {
        let result = Self.parse(markdown)
        let diagnostic = try #require(result.diagnostics.first)
        #expect(diagnostic.id == .quoteSyntax)
        #expect(diagnostic.severity == .error)
        #expect(diagnostic.range?.start == SourceLocation(line: line, column: column))
        #expect(diagnostic.message.contains(message), "\(diagnostic.message)")
        #expect(diagnostic.hint != nil)
    }

    @Test(arguments: [
        ("x {{ a.b | .3x }}\n", 14, "unknown format type 'x'"),
        ("x {{ a.b | >10 }}\n", 12, "width"),
        ("x {{ a.b | }}\n", 10, "must be followed by a format"),
    ])
    func unknownFormats(markdown: String, column: Int, message: String) throws {
        let result = Self.parse(markdown)
        let diagnostic = try #require(result.diagnostics.first)
        #expect(diagnostic.id == .quoteFormat)
        #expect(diagnostic.range?.start == SourceLocation(line: 1, column: column))
        #expect(diagnostic.message.contains(message), "\(diagnostic.message)")
    }

    @Test func headingsAnchorOnTheNamesAndKeepTheirQuotes() throws {
        let notebook = try #require(Self.parse("# Report\n\n## AUC {{ eval.roc_auc | .3f }}\n").notebook)
        let heading = try #require(notebook.headings.last)
        #expect(heading.anchor == "auc-eval-roc_auc")
        #expect(heading.quotedText?.quotes.map(\.name) == ["eval.roc_auc"])
        #expect(heading.quotedText?.text { _ in "0.9" } == "AUC 0.9")
        let html = try #require(Self.prose(Self.parse("## AUC {{ eval.roc_auc }}\n")).first?.html)
        #expect(html == "<h2 id=\"auc-eval-roc_auc\">AUC <quire-quote:0></h2>\n")
    }

    @Test func titleQuotesWithPositionsAndEscapes() throws {
        let markdown =
            "---\ntitle: \"AUC {{ eval.roc_auc | .2f }} \\\\{{ x }} $${y} seed ${params.seed}\"\n---\n\nText\n"
        let result = Self.parse(markdown)
        #expect(result.diagnostics.isEmpty)
        let notebook = try #require(result.notebook)
        let title = notebook.quotedTitle
        #expect(title.quotes.map(\.name) == ["eval.roc_auc", "params.seed"])
        #expect(title.quotes[0].range.start == SourceLocation(line: 2, column: 13))
        #expect(title.text { "<\($0.name)>" } == "AUC <eval.roc_auc> {{ x }} ${y} seed <params.seed>")
        #expect(notebook.quotes.count == 2)
    }

    @Test func placeholdersAreFilledInOrder() {
        let html = "<p>a <quire-quote:1> b <quire-quote:0> &lt;quire-quote:0&gt;</p>"
        #expect(QuotePlaceholder.fill(html) { "[\($0)]" } == "<p>a [1] b [0] &lt;quire-quote:0&gt;</p>")
    }
}
