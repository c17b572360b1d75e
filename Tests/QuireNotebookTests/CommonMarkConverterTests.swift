import Foundation
import Testing

@testable import QuireNotebook

/// `CommonMarkConverter` is the one file that calls cmark, and rendering policy reaches it as a
/// value applied to the tree.
@Suite struct CommonMarkConverterTests {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources")

    /// The byte-wise search the parser uses instead of Foundation's `contains`.
    @Test func holdsFindsTextByteForByte() {
        #expect("abc".holds("bc"))
        #expect("aab".holds("ab"))
        #expect("naïve name".holds("ïv"))
        #expect("see www.example.org".holds("www."))
        #expect("anything".holds(""))
        #expect(!"abc".holds("abcd"))
        #expect(!"abc".holds("ac"))
        #expect(!"".holds("a"))
        // Bytes, not characters: "e" followed by a combining accent holds "e".
        #expect("cafe\u{301}".holds("e"))
    }

    @Test func onlyTheConverterCallsCmark() throws {
        let files = try #require(FileManager.default.enumerator(atPath: Self.sources.path))
        var callers: [String] = []
        for case let file as String in files where file.hasSuffix(".swift") {
            let text = try String(contentsOf: Self.sources.appendingPathComponent(file), encoding: .utf8)
            if text.contains("cmark_") || text.contains("import CCmark") { callers.append(file) }
        }
        #expect(callers == ["QuireNotebook/CommonMarkConverter.swift"])
    }

    static func prose(_ markdown: String, options: NotebookParser.Options = [.renderProse]) throws -> [Prose] {
        let notebook = try #require(
            NotebookParser(options: options).parse(bytes: Array(markdown.utf8), path: "nb.md").notebook)
        return notebook.blocks.compactMap { if case .prose(let prose) = $0 { prose } else { nil } }
    }

    @Test func anchorsAreWrittenIntoTheHeadingElement() throws {
        let html = try #require(Self.prose("# A *b*\n\n## Step one\n\n## Step one\n").first?.html)
        #expect(
            html
                == "<h1 id=\"a-b\">A <em>b</em></h1>\n<h2 id=\"h-step-one\">Step one</h2>\n<h2 id=\"h-step-one-1\">Step one</h2>\n"
        )
    }

    @Test func aLeadingPlainHeadingIsRecorded() throws {
        let prose = try #require(Self.prose("# Churn & co\n\nText.\n").first)
        #expect(prose.leadingHeading?.text == "Churn & co")
        #expect(prose.leadingHeading?.anchor == "churn-co")
        #expect(prose.htmlWithoutLeadingHeading == "<p>Text.</p>\n")
        #expect(prose.html == "<h1 id=\"churn-co\">Churn &amp; co</h1>\n<p>Text.</p>\n")
        for markdown in ["# *Churn*\n\nText.\n", "# `code`\n", "Text.\n\n# Churn\n", "Churn\nin two\n===\n"] {
            let prose = try #require(Self.prose(markdown).first)
            #expect(prose.leadingHeading == nil, "\(markdown)")
            #expect(prose.htmlWithoutLeadingHeading == prose.html)
        }
        // Checking without rendering records nothing.
        #expect(try Self.prose("# Churn\n", options: [.checkProse]).first?.leadingHeading == nil)
    }
}
