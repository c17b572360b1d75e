import Foundation
import Testing

@testable import QuireNotebook

/// What GitHub's extensions make or move keeps its place in the notebook: table cells, the
/// table, the lines around it, and the problems found in them.
@Suite struct GFMPositionTests {
    @Test func cellsKnowTheirLineAndColumn() {
        let markdown = "Intro\n\n| ab | cd |\n|----|----|\n| é  | f \\| g |\n| h |\n"
        let document = CommonMarkConverter.parse(Array(markdown.utf8))
        withExtendedLifetime(document) {
            let cells = document.root.descendants(ofKinds: [.customInline]).filter { $0.parent?.kind == .customBlock }
            // Byte columns, as cmark's: `é` is two bytes. The missing cell of the short row sits at
            // the end of its line.
            #expect(
                cells.map { [$0.startLine, $0.startColumn] } == [[3, 3], [3, 8], [5, 3], [5, 9], [6, 3], [6, 5]])
            // The text in a cell ends where it was written, not where cmark parsed it on the side
            // (an escaped pipe counts one byte: `f \| g` ends a byte early).
            let texts = cells.compactMap { $0.firstChild }.filter { $0.kind == .text }
            #expect(texts.map { [$0.endLine, $0.endColumn] } == [[3, 4], [3, 9], [5, 4], [5, 13], [6, 3]])
            let table = document.root.descendants(ofKinds: [.customBlock]).first
            #expect(table.map { [$0.startLine, $0.startColumn, $0.endLine] } == [3, 1, 6])
        }
    }

    static func parse(_ markdown: String) throws -> (Notebook, [Diagnostic]) {
        let result = NotebookParser(options: [.renderProse]).parse(
            bytes: Array(markdown.utf8), path: "/nonexistent-quire-test/nb.md")
        return (try #require(result.notebook), result.diagnostics)
    }

    /// Where the image warnings are, as line:column.
    static func imageWarnings(_ markdown: String) throws -> [String] {
        try parse(markdown).1.filter { $0.id == .imageNotEmbedded }.compactMap {
            $0.range.map { "\($0.start.line):\($0.start.column)" }
        }
    }

    @Test func problemsInAndAroundATableAreAtTheirPlace() throws {
        // In a cell, after an escaped pipe and a two-byte character (columns count characters).
        #expect(try Self.imageWarnings("| a | b |\n|---|---|\n| é \\| x | y ![i](m.png) |\n") == ["3:14"])
        // On the paragraph lines before the table, parsed again on the side.
        #expect(try Self.imageWarnings("intro\nmore ![i](m.png)\n| a |\n|---|\n") == ["2:6"])
        // On a line after the table that leaves its quote.
        #expect(try Self.imageWarnings("> | a |\n> |---|\nlazy ![i](m.png)\n") == ["3:6"])
        // In a table inside a list item.
        #expect(try Self.imageWarnings("- | a |\n  |---|\n  | ![i](m.png) |\n") == ["3:5"])
    }

    @Test func aProseRunEndingInATableEndsOnItsLastRow() throws {
        let (notebook, _) = try Self.parse("Intro\n\n| a |\n|---|\n| b |\n\n```step s\nload: x.csv\n```\n")
        guard case .prose(let prose) = notebook.blocks.first else {
            Issue.record("no prose")
            return
        }
        #expect(prose.range.start == SourceLocation(line: 1, column: 1))
        #expect(prose.range.end == SourceLocation(line: 5, column: 5))
        #expect(prose.html?.contains("<td>b</td>") == true)
    }

    @Test func theStrikethroughAndLinksOfAHeadingKeepItsAnchor() throws {
        let (notebook, _) = try Self.parse("# ~~Old~~ results at www.example.com\n")
        #expect(notebook.headings.first?.anchor == "old-results-at-www-example-com")
        guard case .prose(let prose) = notebook.blocks.first else {
            Issue.record("no prose")
            return
        }
        #expect(
            prose.html
                == "<h1 id=\"old-results-at-www-example-com\"><del>Old</del> results at "
                + "<a href=\"http://www.example.com\">www.example.com</a></h1>\n")
    }

    // MARK: Inlines read again (GFMReparse)

    /// The kind, line and columns of every inline node under the first block, in order.
    static func inlines(_ markdown: String) -> [String] {
        let document = CommonMarkConverter.parse(Array(markdown.utf8))
        return withExtendedLifetime(document) {
            guard let block = document.root.firstChild else { return [] }
            return block.descendants(ofKinds: MarkdownNode.allKinds).filter { !$0.isBlock }.map {
                "\($0.kind) \($0.startLine):\($0.startColumn)-\($0.endLine):\($0.endColumn) \($0.literal)"
            }
        }
    }

    @Test func nodesReadAgainKeepTheirPlace() {
        // The strikethrough closes before the emphasis, whose `*`s stay text.
        #expect(
            Self.inlines("x ~~a *b~~ c*\n") == [
                "text 1:1-1:2 x ", "customInline 1:3-1:10 ", "text 1:5-1:8 a *b", "text 1:11-1:13  c*",
            ])
        // The URL runs on over the emphasis; its last `*` stays text.
        #expect(
            Self.inlines("www.example.com/*x* y\n") == [
                "link 1:1-1:18 ", "text 1:1-1:18 www.example.com/*x", "text 1:19-1:21 * y",
            ])
        // On a quote's second line, after its marker, an emphasis and a code span.
        #expect(
            Self.inlines("> first\n> *e* ~~a *b~~ c* `k`\n") == [
                "text 1:3-1:7 first", "softBreak 0:0-0:0 ", "customInline 2:3-2:5 ", "text 2:4-2:4 e",
                "text 2:6-2:6  ", "customInline 2:7-2:14 ", "text 2:9-2:12 a *b", "text 2:15-2:18  c* ",
                "code 2:20-2:20 k",
            ])
    }

    @Test func quotesInTextReadAgainAreAtTheirPlace() throws {
        let markdown = "~~a *b {{ s.rows }}~~ c* and www.example.com/*x* {{ t.auc }}\n"
        let (notebook, diagnostics) = try Self.parse(markdown)
        #expect(diagnostics.isEmpty)
        #expect(notebook.quotes.map(\.name) == ["s.rows", "t.auc"])
        #expect(
            notebook.quotes.map(\.range) == [
                SourceRange(start: .init(line: 1, column: 8), end: .init(line: 1, column: 19)),
                SourceRange(start: .init(line: 1, column: 50), end: .init(line: 1, column: 60)),
            ])
        guard case .prose(let prose) = notebook.blocks.first else {
            Issue.record("no prose")
            return
        }
        #expect(
            prose.html
                == "<p><del>a *b <quire-quote:0></del> c* and <a href=\"http://www.example.com/*x\">"
                + "www.example.com/*x</a>* <quire-quote:1></p>\n")
        // On a list item's second line, after a span read again.
        let (listed, _) = try Self.parse("- www.example.com/*x*\n  ~~a *b~~ c* {{ u.v }}\n")
        #expect(listed.quotes.map(\.range.start) == [SourceLocation(line: 2, column: 15)])
    }

    @Test func problemsAfterTextReadAgainAreAtTheirPlace() throws {
        let (_, diagnostics) = try Self.parse("~~a *b {{ a..b }}~~ c*\n")
        #expect(diagnostics.first?.id == .quoteSyntax)
        #expect(diagnostics.first?.range?.start == SourceLocation(line: 1, column: 13))
        #expect(try Self.imageWarnings("~~a *b~~ c* ![i](m.png)\n") == ["1:13"])
        #expect(try Self.imageWarnings("> www.example.com/*x*\n> ~~a *b~~ ![i](m.png) c*\n") == ["2:12"])
    }
}
