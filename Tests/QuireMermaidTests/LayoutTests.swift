import QuireSupport
import Testing

@testable import QuireMermaid

@Suite("Layout properties")
struct LayoutTests {
    static let sources = [
        "flowchart TD\n A --> B --> C --> A\n C --> D & E\n D & E --> F",
        "flowchart LR\n A -- long label text --> B\n A --> C --> D\n B --> D\n A ---> D",
        "flowchart TB\n c1-->a2\n subgraph one\n  a1-->a2\n end\n subgraph two\n  b1-->b2\n end\n subgraph three\n  c1-->c2\n end\n one --> two",
        "flowchart RL\n subgraph outer\n  subgraph inner\n   x --> y\n  end\n  z --> x\n end\n w --> z\n y --> v",
        "flowchart BT\n subgraph s\n  direction LR\n  a --> b --> c\n end\n d --> s",
        "flowchart TD\n R --> A1 & A2 & A3 & A4 & A5 & A6\n A1 & A2 & A3 --> S\n A4 & A5 & A6 --> T\n S --> T",
    ]

    static func layout(_ source: String) throws -> (Flowchart, FlowchartLayout) {
        var parser = FlowchartParser(source: SourceText(source), start: 0)
        let (chart, _) = try parser.parse()
        let layout = FlowchartLayout(chart: chart, metrics: TextMetrics(), wrappingWidth: 200)
        layout.run()
        return (chart, layout)
    }

    @Test(arguments: sources)
    func nodesDoNotOverlap(source: String) throws {
        let (_, layout) = try Self.layout(source)
        for i in layout.nodeRects.indices {
            for j in layout.nodeRects.indices where j > i {
                #expect(!layout.nodeRects[i].intersects(layout.nodeRects[j]), "nodes \(i) and \(j) overlap")
            }
        }
    }

    @Test(arguments: sources)
    func everythingInsideTheViewBox(source: String) throws {
        let (_, layout) = try Self.layout(source)
        let canvas = Rect(x: 0, y: 0, width: layout.size.width, height: layout.size.height)
        for rect in layout.nodeRects + layout.frames {
            #expect(
                rect.minX >= -0.01 && rect.minY >= -0.01 && rect.maxX <= canvas.maxX + 0.01
                    && rect.maxY <= canvas.maxY + 0.01)
        }
    }

    @Test(arguments: sources)
    func edgesEndAtNodeBorders(source: String) throws {
        let (chart, layout) = try Self.layout(source)
        for (index, edge) in chart.edges.enumerated() where edge.from != edge.to {
            guard let from = chart.nodeIndex[edge.from], let to = chart.nodeIndex[edge.to] else { continue }
            let path = layout.edgePaths[index]
            let start = try #require(path.first)
            let end = try #require(path.last)
            #expect(
                Self.onBorder(start, of: layout.nodeRects[from], shape: chart.nodes[from].shape), "edge \(index) start")
            #expect(Self.onBorder(end, of: layout.nodeRects[to], shape: chart.nodes[to].shape), "edge \(index) end")
        }
    }

    @Test(arguments: sources)
    func framesContainTheirNodes(source: String) throws {
        let (chart, layout) = try Self.layout(source)
        for (index, subgraph) in chart.subgraphs.enumerated() {
            let frame = layout.frames[index]
            for id in subgraph.nodes {
                let rect = layout.nodeRects[chart.nodeIndex[id]!]
                #expect(
                    frame.minX <= rect.minX && frame.minY <= rect.minY && frame.maxX >= rect.maxX
                        && frame.maxY >= rect.maxY,
                    "\(id) outside subgraph \(subgraph.id)")
            }
            for child in subgraph.children {
                let inner = layout.frames[child]
                #expect(
                    frame.minX <= inner.minX && frame.minY <= inner.minY && frame.maxX >= inner.maxX
                        && frame.maxY >= inner.maxY)
            }
        }
    }

    @Test func directionsPointTheRightWay() throws {
        for (direction, check) in [
            ("TD", { (a: Rect, b: Rect) in a.maxY < b.minY }), ("BT", { (a: Rect, b: Rect) in a.minY > b.maxY }),
            ("LR", { (a: Rect, b: Rect) in a.maxX < b.minX }), ("RL", { (a: Rect, b: Rect) in a.minX > b.maxX }),
        ] {
            let (_, layout) = try Self.layout("flowchart \(direction)\n A --> B")
            #expect(check(layout.nodeRects[0], layout.nodeRects[1]), "\(direction)")
        }
    }

    @Test func labelsDoNotOverlapNodes() throws {
        let (_, layout) = try Self.layout(Self.sources[1])
        for label in layout.labelRects.compactMap({ $0 }) {
            for node in layout.nodeRects { #expect(!label.intersects(node)) }
        }
    }

    @Test func mindmapNodesDoNotOverlap() throws {
        var source = "mindmap\n  root((Topic))\n"
        for branch in 0..<6 {
            source += "    Branch \(branch)\n"
            for leaf in 0..<4 { source += "      Leaf \(branch).\(leaf) with text\n" }
        }
        var parser = MindmapParser(source: SourceText(source), headerLine: 0)
        let (map, _) = try parser.parse()
        let layout = MindmapLayout(map: map, metrics: TextMetrics(), wrappingWidth: 200)
        layout.run()
        for i in layout.rects.indices {
            for j in layout.rects.indices where j > i { #expect(!layout.rects[i].intersects(layout.rects[j])) }
        }
        // Branches are split over both sides of the root.
        #expect(layout.onLeft.contains(true) && layout.onLeft.contains(false))
        #expect(Set(layout.branch.compactMap { $0 }).count == 6)
    }

    static func onBorder(_ point: Point, of rect: Rect, shape: Flowchart.Shape) -> Bool {
        let tolerance = 0.5
        let c = rect.center
        switch shape {
        case .diamond:
            let value = abs(point.x - c.x) / (rect.width / 2) + abs(point.y - c.y) / (rect.height / 2)
            return abs(value - 1) < 0.02
        case .circle, .doubleCircle:
            let distance = ((point.x - c.x) * (point.x - c.x) + (point.y - c.y) * (point.y - c.y)).squareRoot()
            return abs(distance - rect.width / 2) < tolerance
        default:
            let inside =
                point.x >= rect.minX - tolerance && point.x <= rect.maxX + tolerance
                && point.y >= rect.minY - tolerance && point.y <= rect.maxY + tolerance
            let onEdge =
                abs(point.x - rect.minX) < tolerance || abs(point.x - rect.maxX) < tolerance
                || abs(point.y - rect.minY) < tolerance || abs(point.y - rect.maxY) < tolerance
            return inside && onEdge
        }
    }
}
