import Testing

@testable import QuireNotebook

/// Unclosed mermaid fences in the parser: positions kept exactly, and a bound on the cuts (each
/// parses the text again).
@Suite struct UnclosedMermaidTests {
    static func parse(_ text: String) throws -> (Notebook, [Diagnostic]) {
        let result = NotebookParser(options: [.renderProse]).parse(bytes: Array(text.utf8), path: "nb.md")
        return (try #require(result.notebook), result.diagnostics)
    }

    @Test func frontMatterAndCRLFKeepPositions() throws {
        let text =
            "---\r\ntitle: T\r\n---\r\n\r\n```mermaid\r\nmindmap\r\n  root\r\n    a\r\n\r\n## After\r\n\r\nText.\r\n"
        let (notebook, diagnostics) = try Self.parse(text)
        #expect(diagnostics.map(\.id) == [.unclosedFence])
        #expect(diagnostics.first?.range?.start.line == 5)
        #expect(notebook.headings.map(\.text) == ["After"])
        #expect(notebook.headings.first?.range.start.line == 10)
        guard case .mermaid(let diagram) = notebook.blocks.first else {
            Issue.record("the diagram first: \(notebook.blocks)")
            return
        }
        #expect(diagram.code == "mindmap\n  root\n    a\n")
        #expect(diagram.range.end.line == 8)
    }

    @Test func cutsAreBounded() throws {
        let count = UnclosedMermaid.maximumCuts + 5
        var text = ""
        for index in 0..<count {
            text += "```mermaid\nflowchart LR\n  A --> B\n```step s\(index)\nload: x.csv\n```\n\n"
        }
        let (notebook, diagnostics) = try Self.parse(text)
        #expect(notebook.steps.count == UnclosedMermaid.maximumCuts)
        #expect(diagnostics.filter { $0.id == .unclosedFence }.count == UnclosedMermaid.maximumCuts)
    }
}
