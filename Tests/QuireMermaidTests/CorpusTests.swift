import Foundation
import Testing

@testable import QuireMermaid

/// The corpus checked against the real mermaid: `Corpus/verdicts.json` holds mermaid 11's verdict
/// and node labels per file, recorded by `scripts/mermaid_compare.sh`, so no browser is needed here.
@Suite("Corpus agreement with mermaid")
struct CorpusTests {
    struct Verdict: Decodable {
        var mermaid: String
        var labels: [String]
    }

    static let corpus: URL = Bundle.module.resourceURL!.appendingPathComponent("Corpus")

    static let names: [String] = {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: corpus.path)) ?? []
        return files.filter { $0.hasSuffix(".mmd") }.map { String($0.dropLast(4)) }.sorted()
    }()

    static let verdicts: [String: Verdict] = {
        guard let data = try? Data(contentsOf: corpus.appendingPathComponent("verdicts.json")) else { return [:] }
        return (try? JSONDecoder().decode([String: Verdict].self, from: data)) ?? [:]
    }()

    @Test func corpusIsLargeEnough() {
        #expect(Self.names.filter { $0.hasPrefix("flowchart-") }.count >= 60)
        #expect(Self.names.filter { $0.hasPrefix("mindmap-") }.count >= 20)
        #expect(
            Set(Self.names) == Set(Self.verdicts.keys), "re-run scripts/mermaid_compare.sh after editing the corpus")
    }

    @Test(arguments: names)
    func agreesWithMermaid(name: String) throws {
        let source = try String(contentsOf: Self.corpus.appendingPathComponent(name + ".mmd"), encoding: .utf8)
        let verdict = try #require(Self.verdicts[name])
        let result = Mermaid.render(source)
        if verdict.mermaid == "ok" {
            let svg = try #require(result.svg, "mermaid accepts \(name); Quire said \(result.diagnostics)")
            let text = Self.visibleText(svg)
            for label in verdict.labels {
                let wanted = label.filter { !$0.isWhitespace }
                #expect(text.contains(wanted), "label \(label) missing from \(name)")
            }
        } else if name.hasPrefix("mindmap-warn-") {
            // Mermaid rejects it, but the intent is unambiguous: Quire draws it and warns.
            #expect(result.svg != nil)
            #expect(result.diagnostics.contains { $0.severity == .warning && $0.hint?.contains("[\"") == true })
        } else {
            let error = try #require(result.errors.first, "mermaid rejects \(name); Quire drew it")
            #expect(error.line >= 1 && error.column >= 1)
            #expect(error.hint != nil, "every error says how to fix it")
        }
    }

    /// The text content of the SVG's `<tspan>`s, unescaped, without whitespace.
    static func visibleText(_ svg: String) -> String {
        var text = ""
        var rest = Substring(svg)
        while let open = rest.range(of: "<tspan") {
            rest = rest[open.upperBound...]
            guard let close = rest.range(of: ">"), let end = rest.range(of: "</tspan>") else { break }
            text += rest[close.upperBound..<end.lowerBound]
            rest = rest[end.upperBound...]
        }
        return text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&").filter { !$0.isWhitespace }
    }
}
