import Foundation
import TestSupport
import Testing

@testable import QuireMermaid

/// `Mermaid.validate` reports what `Mermaid.render` reports (same case, ids, messages, hints and
/// positions) without laying the diagram out: `quire check` relies on it instead of drawing.
@Suite struct ValidationTests {
    /// Every diagram of the mermaid corpus.
    static let corpusSources: [(name: String, source: String)] = CorpusTests.names.compactMap { name in
        let url = CorpusTests.corpus.appendingPathComponent(name + ".mmd")
        return (try? String(contentsOf: url, encoding: .utf8)).map { (name, $0) }
    }

    /// The mermaid blocks of the bad-input corpus cases (Tests/QuireCLITests/BadInputs), with
    /// `⟪N×TEXT⟫` expanded as that corpus does.
    static let badInputSources: [(name: String, source: String)] = {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("QuireCLITests/BadInputs")
        let fm = FileManager.default
        var found: [(String, String)] = []
        for name in ((try? fm.contentsOfDirectory(atPath: directory.path)) ?? []).sorted() {
            let folder = directory.appendingPathComponent(name)
            for file in ((try? fm.contentsOfDirectory(atPath: folder.path)) ?? []).sorted() where file.hasSuffix(".md")
            {
                guard let text = try? String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
                else { continue }
                for (index, block) in mermaidBlocks(in: CorpusMacro.expand(text)).enumerated() {
                    found.append(("\(name)/\(file)#\(index)", block))
                }
            }
        }
        return found
    }()

    /// The bodies of the ```` ```mermaid ```` fences of a Markdown text.
    static func mermaidBlocks(in markdown: String) -> [String] {
        var blocks: [String] = []
        var current: [Substring]?
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            if let body = current {
                if line.hasPrefix("```") {
                    blocks.append(body.joined(separator: "\n") + "\n")
                    current = nil
                } else {
                    current = body + [line]
                }
            } else if line.hasPrefix("```mermaid") {
                current = []
            }
        }
        if let body = current { blocks.append(body.joined(separator: "\n")) }
        return blocks
    }

    @Test func theCorporaHoldDiagramsOfEveryOutcome() {
        let all = (Self.corpusSources + Self.badInputSources).map { Mermaid.validate($0.source) }
        #expect(Self.corpusSources.count >= 80)
        #expect(Self.badInputSources.count >= 9, "bad-input cases with mermaid blocks")
        #expect(all.contains { if case .drawable(let warnings) = $0 { !warnings.isEmpty } else { false } })
        #expect(all.contains { if case .failure = $0 { true } else { false } })
        #expect(all.contains { $0.diagnostics.contains { $0.id == "mermaid.too-deep" } })
        #expect(all.contains { $0.diagnostics.contains { $0.id == "mermaid.flowchart.too-many-links" } })
    }

    @Test func validateReportsWhatRenderReportsOnTheCorpus() {
        for (name, source) in Self.corpusSources {
            #expect(Mermaid.validate(source) == Mermaid.render(source).validation, "\(name)")
        }
    }

    @Test func validateReportsWhatRenderReportsOnTheBadInputs() {
        for (name, source) in Self.badInputSources {
            #expect(Mermaid.validate(source) == Mermaid.render(source).validation, "\(name)")
        }
    }

    @Test func validateReportsWhatRenderReportsOnEdgeCases() {
        let sources = [
            "", "   \n%% only a comment\n", "sequenceDiagram\n  a->>b: hi\n", "pie title x\n",
            "flowchrat TD\n  A-->B\n",
            "---\ntitle: T\n---\nflowchart LR\n  A --> B\n", "flowchart LR\n  A[unclosed --> B\n",
            "mindmap\n  root\n    child\n   odd\n", "graph TD;A-->B;B-->C",
        ]
        for source in sources {
            #expect(Mermaid.validate(source) == Mermaid.render(source).validation, "\(source)")
        }
        #expect(Mermaid.validate("pie title x\n") == .unsupported(type: "pie"))
        #expect(Mermaid.validate("").errors.first?.id == "mermaid.no-diagram")
    }
}
