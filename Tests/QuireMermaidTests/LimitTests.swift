import QuireSupport
import Testing

@testable import QuireMermaid

/// Limits that keep a short diagram source from asking for unbounded work.
@Suite struct LimitTests {
    static func group(_ prefix: String, _ count: Int) -> String {
        (0..<count).map { "\(prefix)\($0)" }.joined(separator: " & ")
    }

    @Test func aMillionLinksAreRefusedAtTheArrow() throws {
        let source = "flowchart LR\n  \(Self.group("a", 1000)) --> \(Self.group("b", 1000))\n"
        let result = Mermaid.render(source)
        #expect(result.svg == nil)
        let error = try #require(result.errors.first)
        #expect(error.id == "mermaid.flowchart.too-many-links")
        #expect(error.line == 2)
        #expect(error.column == 3 + Self.group("a", 1000).unicodeScalars.count + 1)
        #expect(error.length == 3)
    }

    @Test func tenThousandLinksAreDrawn() {
        // 100 × 100 = 10,000: exactly the bound.
        let source = "flowchart LR\n  \(Self.group("a", 100)) --> \(Self.group("b", 100))\n"
        #expect(Mermaid.render(source).svg != nil)
        let over = "flowchart LR\n  \(Self.group("a", 100)) --> \(Self.group("b", 100))\n  x --> y\n"
        #expect(Mermaid.render(over).errors.first?.line == 3)
    }

    @Test func subgraphsAndMindmapsNestAtMost64Levels() {
        let subgraphs = { (levels: Int) in
            "flowchart LR\n" + String(repeating: "subgraph s\n", count: levels) + "A\n"
                + String(repeating: "end\n", count: levels)
        }
        #expect(Mermaid.render(subgraphs(64)).svg != nil)
        let deep = Mermaid.render(subgraphs(65)).errors.first
        #expect(deep?.id == "mermaid.too-deep")
        #expect(deep?.line == 66)
        let mindmap = { (levels: Int) in
            "mindmap\n" + (0..<levels).map { String(repeating: " ", count: $0 + 1) + "n\($0)\n" }.joined()
        }
        #expect(Mermaid.render(mindmap(64)).svg != nil)
        let deepMap = Mermaid.render(mindmap(65)).errors.first
        #expect(deepMap?.id == "mermaid.too-deep")
        #expect(deepMap?.line == 66)
        #expect(deepMap?.column == 66)
    }

    /// Splitting a long word between characters used to re-measure the rest after every piece.
    @Test func longLabelsWrapInLinearTime() {
        let metrics = TextMetrics()
        let clock = ContinuousClock()
        var lines: [String] = []
        let elapsed = clock.measure { lines = metrics.wrap(String(repeating: "x", count: 200_000), maxWidth: 200) }
        #expect(elapsed < .seconds(3))
        #expect(lines.joined().count == 200_000)
        #expect(lines.allSatisfy { metrics.width(of: $0) <= 200 })
        // Greedy: every line but the last is full.
        #expect(lines.dropLast().allSatisfy { metrics.width(of: $0 + "x") > 200 })
    }
}
