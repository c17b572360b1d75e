import QuireNotebook
import QuireReport
import Testing

/// Portability warnings of a diagram go to `check` and `run`, once per diagram and kind; the
/// report shows the diagram alone.
@Suite struct DiagramWarningsTests {
    static let items = ["Drift detection", "Dashboards", "Alerts", "Retraining"]
    static let source =
        "# T\n\n```mermaid\nmindmap\n  root\n    Monitoring\n"
        + items.map { "      \"\($0)\"\n" }.joined() + "```\n\n```mermaid\nmindmap\n  other\n    \"Only one\"\n```\n"

    @Test func oneSummarisedWarningPerDiagram() throws {
        let notebook = try #require(NotebookParser().parse(bytes: Array(Self.source.utf8), path: "nb.md").notebook)
        let found = Diagrams.diagnostics(in: notebook)
        #expect(found.map(\.id.rawValue) == ["mermaid-portability", "mermaid-portability"])
        // At the first item of the first diagram, with the count; the second diagram's one item as it was.
        let first = try #require(found.first)
        #expect(first.message.hasPrefix("\(Self.items.count) mindmap items are written as bare quoted text"))
        #expect(first.range?.start.line == 7 && first.range?.start.column == 7)
        #expect(first.hint?.contains("[\"\(Self.items[0])\"]") == true)
        #expect(first.message.contains("mermaid.js shows their quote marks"))
        let second = try #require(found.last)
        #expect(second.message == "other mermaid renderers show the quote marks of bare quoted text")
    }

    @Test func theReportShowsTheDiagramWithoutNotes() throws {
        let result = NotebookParser(options: [.renderProse]).parse(bytes: Array(Self.source.utf8), path: "nb.md")
        let html = ReportRenderer().render(try #require(result.notebook))
        #expect(html.components(separatedBy: "<svg").count - 1 == 2)
        for item in Self.items { #expect(html.contains(item)) }
        #expect(!html.contains("Note (line"))
        #expect(!html.contains("quote marks"))
    }

    @Test func itemsMermaidRejectsAreCounted() throws {
        let source =
            "```mermaid\nmindmap\n  root\n    \"Serving (KServe)\"\n    \"Canary\"\n    \"Grafana [ui]\"\n```\n"
        let notebook = try #require(NotebookParser().parse(bytes: Array(source.utf8), path: "nb.md").notebook)
        let found = Diagrams.diagnostics(in: notebook)
        #expect(found.count == 1)
        #expect(found.first?.message.contains("3 mindmap items") == true)
        #expect(found.first?.message.contains("mermaid.js rejects the diagram (2 of them hold brackets") == true)
    }
}
