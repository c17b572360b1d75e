import Foundation
import QuireMermaid
import TestSupport
import Testing

/// Mutation fuzzing of the mermaid parsers, layouts and renderers, seeded with the agreement
/// corpus: no crash, no hang, diagnostics inside the source, and one well-formed `<svg>` element
/// whenever something is drawn.
@Suite(.tags(.slow)) struct FuzzTests {
    static let seeds: [String] = {
        let corpus = Bundle.module.resourceURL!.appendingPathComponent("Corpus")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: corpus.path)) ?? []
        return names.filter { $0.hasSuffix(".mmd") }.sorted().compactMap {
            try? String(contentsOf: corpus.appendingPathComponent($0), encoding: .utf8)
        }
    }()

    @Test func mermaidParsersAndLayouts() {
        #expect(Self.seeds.count >= 50)
        var fuzzer = Fuzzer(
            name: "mermaid", seeds: Self.seeds,
            dictionary: [
                "-->", "---", "-.->", "==>", "<-->", "--o", "|label|", "&", "subgraph s\n", "end\n", "[", "]", "((",
                "))",
                "{{", "}}", "(", ")", ">", "\"", "<br>", "#quot;", "&amp;", ":::c", "classDef c fill:#f00\n", "%%",
                "\n  ", "direction LR\n", "::icon(x)\n", "`**b**`",
                "->>", "-->>", "-x", "--)", "<<->>", "+", "Note over A,B: n\n", "Note left of A: n\n", "loop l\n",
                "alt a\n", "else e\n", "par p\n", "and q\n", "activate A\n", "deactivate A\n", "autonumber\n",
                "create participant C\n", "destroy C\n", "box Aqua B\n", "rect rgb(1,2,3)\n", "@{ shape: doc }",
                "@{ shape: ", "label: \"x\"", "}",
            ], seed: 0x5EED_0005, maximumLength: 3072)
        let report = fuzzer.run(iterations: Fuzzer.iterations(1200)) { bytes in
            let text = String(decoding: bytes, as: UTF8.self)
            // Mermaid, like mermaid.js, ends a line at a lone CR too.
            let bounds = TextBounds(text, loneCarriageReturnEndsLine: true)
            let result = Mermaid.render(text)
            var problems = result.diagnostics.filter { !bounds.contains(line: $0.line, column: $0.column) }.map {
                "\($0.id) at \($0.line):\($0.column) is outside the source"
            }
            if let svg = result.svg {
                let trimmed = svg.trimmingCharacters(in: .whitespacesAndNewlines)
                if !trimmed.hasPrefix("<svg") || !trimmed.hasSuffix("</svg>") {
                    problems.append("the SVG is not one element")
                }
                if svg.contains("<script") { problems.append("the SVG holds a <script> element") }
            }
            return problems
        }
        #expect(report.findings.isEmpty, "\(report.findings.map(\.description).joined(separator: "\n\n"))")
    }
}
