import Foundation
import Testing

@testable import QuireMermaid

/// The v11 `A@{ shape: … }` node syntax: every shape name and alias draws, labels and bad data are
/// reported at their positions.
@Suite("Flowchart @{ shape } nodes")
struct ShapeDataTests {
    func chart(_ source: String) throws -> Flowchart {
        switch Mermaid.parse(source) {
        case .flowchart(let chart, _, _): return chart
        case .failure(let errors):
            Issue.record("\(errors)")
            throw CancellationError()
        default: throw CancellationError()
        }
    }

    @Test(arguments: FlowchartShapes.groups.flatMap { $0.0 })
    func everyNameDraws(name: String) throws {
        let source = "flowchart LR\n  A@{ shape: \(name), label: \"Some label\" } --> B\n"
        let parsed = try chart(source)
        #expect(parsed.nodes[0].shape == FlowchartShapes.byName[name])
        let svg = try #require(Mermaid.render(source).svg)
        #expect(svg.contains("data-id=\"A\""))
        if !FlowchartShapes.hidesLabel(parsed.nodes[0].shape) { #expect(svg.contains(">Some label<")) }
    }

    @Test func everyShapeHasItsOwnOutline() {
        // Distinct shapes draw distinct markup in the same rectangle.
        let rect = Rect(x: 0, y: 0, width: 100, height: 50)
        var seen: [String: Flowchart.Shape] = [:]
        for (_, shape) in FlowchartShapes.groups {
            let markup = FlowchartRenderer.shape(shape, rect: rect, attributes: "class=\"node\"")
            // Mermaid draws both start (sm-circ) and junction (f-circ) as a filled dot; only the size differs.
            let dots: Set<Flowchart.Shape> = [.smallCircle, .filledCircle]
            if let other = seen[markup], other != shape, !(dots.contains(shape) && dots.contains(other)) {
                Issue.record("\(shape) draws as \(other)")
            }
            seen[markup] = shape
        }
        #expect(Set(FlowchartShapes.groups.map(\.1)).count >= 44)
    }

    @Test func bracketAndDataSpellingsAgree() throws {
        let data = try chart("flowchart LR\nA@{ shape: cyl, label: \"DB\" }\nB@{ shape: diamond }\n")
        let brackets = try chart("flowchart LR\nA[(DB)]\nB{B}\n")
        #expect(data.nodes.map(\.shape) == brackets.nodes.map(\.shape))
        #expect(data.nodes.map(\.label) == brackets.nodes.map(\.label))
    }

    @Test func multilineDataAndLinks() throws {
        let parsed = try chart(
            """
            flowchart LR
                load@{ shape: docs, label: "Load, clean" } --> train@{
                    shape: processes
                    label: "Train"
                }
                train --> store@{ shape: database }
            """)
        #expect(parsed.nodes.map(\.id) == ["load", "train", "store"])
        #expect(parsed.nodes.map(\.label) == ["Load, clean", "Train", "store"])
        #expect(parsed.nodes.map(\.shape) == [.documents, .stackedRect, .cylinder])
        #expect(parsed.edges.count == 2)
    }

    @Test func unknownShapeIsPositionedWithSuggestion() throws {
        guard case .failure(let errors) = Mermaid.parse("flowchart LR\n    A@{ shape: cylindre } --> B\n") else {
            Issue.record("drawn")
            return
        }
        #expect(errors[0].id == "mermaid.flowchart.unknown-shape")
        #expect(errors[0].line == 2 && errors[0].column == 16 && errors[0].length == 8)
        #expect(errors[0].hint == "did you mean 'cylinder'?")
    }

    @Test func unclosedAndMalformedData() throws {
        guard case .failure(let unclosed) = Mermaid.parse("flowchart LR\nA@{ shape: rect\n") else {
            Issue.record("drawn")
            return
        }
        #expect(unclosed[0].id == "mermaid.flowchart.shape-data" && unclosed[0].line == 2 && unclosed[0].column == 2)
        guard case .failure(let noColon) = Mermaid.parse("flowchart LR\nA@{ shape rect }\n") else {
            Issue.record("drawn")
            return
        }
        #expect(noColon[0].id == "mermaid.flowchart.shape-data" && noColon[0].column == 11)
    }

    @Test func iconsAreWarnedAndDrawnAsBoxes() throws {
        let result = Mermaid.render("flowchart LR\nA@{ icon: \"fa:user\", label: \"User\" } --> B\n")
        #expect(result.svg?.contains(">User<") == true)
        #expect(result.diagnostics.map(\.id) == ["mermaid.flowchart.icon"])
        #expect(result.diagnostics.first?.column == 5)
    }
}
