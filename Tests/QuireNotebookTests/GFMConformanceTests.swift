import Foundation
import Testing

@testable import QuireNotebook

/// Quire's prose HTML equals what Debian's `cmark-gfm -e table -e strikethrough -e autolink -e
/// tasklist` prints, over the corpus `scripts/gfm-corpus.py` writes: the GFM spec's examples for
/// the four extensions, hand-written cases for each rule and seeded generated cases.
///
/// The committed corpus holds cmark-gfm's output as data, so this runs without cmark-gfm;
/// `scripts/test.sh` regenerates it from the live cmark-gfm into a temporary file and runs this
/// suite on it (`QUIRE_GFM_CORPUS`).
///
/// Two normalisations, and nothing else:
/// - whitespace: runs of whitespace count as one space, and whitespace next to the tag of a
///   block element (`p`, `li`, `table`, `td`, …, and a task's checkbox) is dropped, where HTML
///   ignores it (cmark-gfm writes a loose task's checkbox on the `<li>` line, Quire on the next);
/// - heading ids: the notebook parser gives every heading an `id` for the report's anchors
///   (Quire policy), which is taken out of its HTML before comparing. The converter's own output
///   (without anchors) is compared as it is.
/// Raw HTML is omitted by cmark's safe mode in both. Images are Quire policy in a notebook (a
/// remote image becomes a link, a report loads nothing), so cases with an image are compared
/// through the converter only.
@Suite struct GFMConformanceTests {
    struct Case: Decodable {
        var name: String
        var markdown: String
        var html: String
    }

    struct Corpus: Decodable {
        var oracle: String
        var version: String
        var cases: [Case]
    }

    static let committed = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Golden/gfm-corpus.json")

    static func corpus() throws -> Corpus {
        let path = ProcessInfo.processInfo.environment["QUIRE_GFM_CORPUS"] ?? committed.path
        return try JSONDecoder().decode(Corpus.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// Whitespace runs as one space, none next to a block element's tag (or a checkbox).
    static func normalised(_ html: String) -> String {
        var text = html.replacingOccurrences(of: #"\s+"#, with: " ", options: .regularExpression)
        let block = #"</?(?:p|ul|ol|li|blockquote|pre|h[1-6]|hr|table|thead|tbody|tr|th|td|input)\b[^>]*>"#
        text = text.replacingOccurrences(of: #"\s*("# + block + #")\s*"#, with: "$1", options: .regularExpression)
        return text.trimmingCharacters(in: .whitespaces)
    }

    /// The prose HTML the converter writes for a whole document, without heading anchors.
    static func converterHTML(_ markdown: String) -> String {
        let document = CommonMarkConverter.parse(Array(markdown.utf8))
        let policy = ProseRenderPolicy(
            renders: true, allowsRawHTML: false, images: ProseImages(directory: "/", root: "/", embeds: false),
            headingAnchor: { _ in nil })
        return withExtendedLifetime(document) {
            var html = ""
            var node = document.root.firstChild
            while let current = node {
                html += CommonMarkConverter.html(of: current, policy: policy)
                node = current.next
            }
            return html
        }
    }

    /// The prose HTML of a notebook holding only `markdown`, heading ids removed; nil when some
    /// block is not prose (code, a step or a diagram, which the report draws itself).
    static func notebookHTML(_ markdown: String) throws -> String? {
        let result = NotebookParser(options: [.renderProse]).parse(bytes: Array(markdown.utf8), path: "/nb.md")
        let notebook = try #require(result.notebook)
        var html = ""
        for block in notebook.blocks {
            guard case .prose(let prose) = block else { return nil }
            html += prose.html ?? ""
        }
        return html.replacingOccurrences(of: #"(<h[1-6]) id="[^"]*""#, with: "$1", options: .regularExpression)
    }

    @Test func theCorpusIsLargeAndFromCmarkGFM() throws {
        let corpus = try Self.corpus()
        #expect(corpus.cases.count >= 200)
        #expect(corpus.version.hasPrefix("cmark-gfm"))
        #expect(corpus.oracle == "cmark-gfm -e table -e strikethrough -e autolink -e tasklist")
        for kind in ["spec-table", "spec-strikethrough", "spec-autolink", "spec-disabled", "hand", "generated"] {
            #expect(corpus.cases.contains { $0.name.hasPrefix(kind) }, "no \(kind) cases")
        }
    }

    @Test func converterOutputEqualsCmarkGFM() throws {
        var failures: [String] = []
        for item in try Self.corpus().cases {
            let quire = Self.normalised(Self.converterHTML(item.markdown))
            let expected = Self.normalised(item.html)
            if quire != expected {
                failures.append(
                    "\(item.name): \(item.markdown.debugDescription)\n  quire:     \(quire)\n  cmark-gfm: \(expected)")
            }
        }
        #expect(failures.isEmpty, "\(failures.count) differences:\n\(failures.joined(separator: "\n"))")
    }

    @Test func notebookProseEqualsCmarkGFM() throws {
        var failures: [String] = []
        var compared = 0
        for item in try Self.corpus().cases where !item.markdown.contains("![") {
            guard let html = try Self.notebookHTML(item.markdown) else { continue }
            compared += 1
            let quire = Self.normalised(html)
            let expected = Self.normalised(item.html)
            if quire != expected {
                failures.append(
                    "\(item.name): \(item.markdown.debugDescription)\n  quire:     \(quire)\n  cmark-gfm: \(expected)")
            }
        }
        #expect(compared >= 200)
        #expect(failures.isEmpty, "\(failures.count) differences:\n\(failures.joined(separator: "\n"))")
    }
}
