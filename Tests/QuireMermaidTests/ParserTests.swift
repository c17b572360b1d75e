import Testing

@testable import QuireMermaid

@Suite("Parsing and diagnostics")
struct ParserTests {
    struct Case: Sendable, CustomStringConvertible {
        var source: String
        var id: String
        var line: Int
        var column: Int
        var description: String { id }
    }

    static let errors: [Case] = [
        Case(source: "flowchart LR\n A[foo (bar)] --> B", id: "mermaid.flowchart.label-character", line: 2, column: 8),
        Case(source: "flowchart XY\n A --> B", id: "mermaid.flowchart.direction", line: 1, column: 11),
        Case(source: "flowchart LR\n A --> B %% note", id: "mermaid.flowchart.trailing-comment", line: 2, column: 10),
        Case(source: "flowchart LR\n end --> x", id: "mermaid.flowchart.end-keyword", line: 2, column: 2),
        Case(source: "flowchart LR\n A -> B", id: "mermaid.flowchart.link", line: 2, column: 4),
        Case(source: "flowchart LR\n A -->", id: "mermaid.flowchart.missing-target", line: 2, column: 7),
        Case(source: "flowchart LR\n  subgraph a\n A", id: "mermaid.flowchart.unclosed-subgraph", line: 2, column: 3),
        Case(source: "flowchart LR\n A[open --> B", id: "mermaid.flowchart.unclosed-shape", line: 2, column: 3),
        Case(source: "flowchart LR\n A[]", id: "mermaid.flowchart.empty-label", line: 2, column: 3),
        Case(source: "flowchart LR\n é[x] -->|a (b)| ü", id: "mermaid.flowchart.label-character", line: 2, column: 13),
        Case(source: "mindmap\n  root\n    a (b) c", id: "mermaid.mindmap.trailing-text", line: 3, column: 10),
        Case(source: "mindmap\n  root\n  second", id: "mermaid.mindmap.second-root", line: 3, column: 3),
        Case(source: "mindmap\n  root\n    a[b (c)]", id: "mermaid.mindmap.label-character", line: 3, column: 9),
        Case(source: "mindmap\n  root\n    a {b}", id: "mermaid.mindmap.brace", line: 3, column: 7),
        Case(source: "nonsense\n A --> B", id: "mermaid.unknown-type", line: 1, column: 1),
    ]

    @Test(arguments: errors)
    func errorPosition(_ test: Case) throws {
        let result = Mermaid.render(test.source)
        let error = try #require(result.errors.first)
        #expect(error.id == test.id)
        #expect(error.line == test.line)
        #expect(error.column == test.column)
        #expect(error.hint?.isEmpty == false)
    }

    @Test func lineNumbersSurviveFrontMatterAndComments() throws {
        let result = Mermaid.render("---\ntitle: T\n---\n%% note\nflowchart LR\n A[x(y)]")
        let error = try #require(result.errors.first)
        #expect(error.line == 6)
        #expect(error.column == 5)
    }

    @Test(arguments: ["stateDiagram-v2\n [*] --> A", "pie\n \"a\": 1", "gantt\n title x", "classDiagram\n A <|-- B"])
    func unsupportedTypes(source: String) {
        guard case .unsupported(let type) = Mermaid.render(source) else {
            Issue.record("expected unsupported")
            return
        }
        #expect(type == Mermaid.diagramType(of: source))
    }

    @Test func flowchartModel() throws {
        let text = SourceText(
            "flowchart LR\n A[\"Load (CSV)\"] -- yes --> B & C ---> D\n A -.->|no| D\n subgraph s [Group]\n  direction TB\n  B\n end"
        )
        var parser = FlowchartParser(source: text, start: 0)
        let (chart, _) = try parser.parse()
        #expect(chart.direction == .leftToRight)
        #expect(chart.nodes.map(\.id) == ["A", "B", "C", "D"])
        #expect(chart.nodes[0].label == "Load (CSV)")
        #expect(chart.edges.count == 5)
        #expect(chart.edges[0].label == "yes")
        #expect(chart.edges[2].length == 2)
        #expect(chart.edges[4].stroke == .dotted && chart.edges[4].label == "no")
        #expect(chart.subgraphs.first?.title == "Group")
        #expect(chart.subgraphs.first?.direction == .topToBottom)
        #expect(chart.subgraphs.first?.nodes == ["B"])
    }

    @Test func edgeKinds() throws {
        let text = SourceText("flowchart LR\n A --o B\n A --x C\n A <--> D\n A === E\n A ~~~ F\n A -.- G\n A ==> H")
        var parser = FlowchartParser(source: text, start: 0)
        let (chart, _) = try parser.parse()
        let kinds = chart.edges.map { "\($0.tail.rawValue)-\($0.stroke.rawValue)-\($0.head.rawValue)" }
        #expect(
            kinds == [
                "none-normal-circle", "none-normal-cross", "arrow-normal-arrow", "none-thick-none",
                "none-invisible-none",
                "none-dotted-none", "none-thick-arrow",
            ])
    }

    @Test func mindmapTree() throws {
        let text = SourceText("mindmap\n  root((R))\n    a\n      b\n   c\n    ::icon(fa fa-x)\n    d[\"x (y)\"]")
        var parser = MindmapParser(source: text, headerLine: 0)
        let (map, _) = try parser.parse()
        #expect(map.nodes.map(\.label) == ["R", "a", "b", "c", "x (y)"])
        #expect(map.nodes[0].shape == .circle)
        #expect(map.nodes[3].parent == 0)
        #expect(map.nodes[4].parent == 3)
        #expect(map.nodes[3].icon == "fa fa-x")
    }

    @Test func bareQuotedMindmapTextWarns() throws {
        let result = Mermaid.render("mindmap\n  root\n    \"Monitoring (Grafana, Prometheus)\"")
        #expect(result.svg.map { CorpusTests.visibleText($0).contains("Monitoring(Grafana,Prometheus)") } == true)
        let warning = try #require(result.diagnostics.first)
        #expect(warning.severity == .warning)
        #expect(warning.line == 3 && warning.column == 5)
        #expect(warning.hint?.contains("[\"Monitoring (Grafana, Prometheus)\"]") == true)
    }

    @Test func labelMarkup() {
        #expect(LabelText.plain("a<br>b<br/>c<br />d") == "a\nb\nc\nd")
        #expect(LabelText.plain("#quot;x#quot; #9829; &amp;") == "\"x\" ♥ &")
        #expect(LabelText.plain("<small>op</small>") == "op")
        #expect(LabelText.plain("<script>x</script>") == "<script>x</script>")
        #expect(LabelText.plain("**bold** `code`", markdown: true) == "bold code")
    }
}
