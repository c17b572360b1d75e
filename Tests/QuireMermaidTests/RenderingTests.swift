import Foundation
import QuireSupport
import Testing

@testable import QuireMermaid

@Suite("SVG output")
struct RenderingTests {
    static let samples = [
        "flowchart LR\n A[Load] --> B[Split] --> C{Train}\n C --> D[Evaluate]",
        "flowchart TD\n subgraph s [Stage]\n  A --> B\n end\n B --> C\n C -.->|retry| A",
        "mindmap\n  root((MLOps))\n    Data\n      Quality\n    Models\n    Monitoring",
    ]

    @Test(arguments: samples)
    func deterministic(source: String) throws {
        let first = try #require(Mermaid.render(source).svg)
        let second = try #require(Mermaid.render(source).svg)
        #expect(first == second)
    }

    @Test(arguments: samples)
    func selfContained(source: String) throws {
        let svg = try #require(Mermaid.render(source).svg)
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.contains("<title"))
        #expect(svg.contains("viewBox=\"0 0 "))
        #expect(svg.contains(" width=\""))
        #expect(svg.contains("var(--mermaid-"))
        #expect(!svg.contains("<script"))
        #expect(!svg.contains("http://") || svg.components(separatedBy: "http://").count == 2, "only the xmlns")
        #expect(!svg.contains("href"))
    }

    @Test func textIsEscaped() throws {
        let svg = try #require(
            Mermaid.render(
                "flowchart LR\n A[\"<script>alert(1)</script>\"] --> B[\"a & b\"]\n classDef x fill:url(http://x)\n class B x"
            ).svg)
        #expect(!svg.contains("<script>"))
        #expect(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(svg.contains("a &amp; b"))
        #expect(!svg.contains("url(http"))
        let titled = try #require(Mermaid.render("flowchart LR\n A", options: .init(title: "</title><script>")).svg)
        #expect(titled.contains("&lt;/title&gt;&lt;script&gt;"))
    }

    @Test func idPrefixOption() throws {
        let svg = try #require(Mermaid.render("flowchart LR\n A --> B", options: .init(idPrefix: "d1")).svg)
        #expect(svg.contains("id=\"d1\""))
        #expect(svg.contains("url(#d1-arrow)"))
    }

    /// Golden SVGs; re-record with `QUIRE_RECORD=1 swift test`.
    @Test(arguments: [
        "flowchart-basic-lr", "flowchart-subgraph-nested", "flowchart-shapes-all", "mindmap-basic",
        "flowchart-shapes-v11-more", "sequence-blocks", "sequence-rect-autonumber", "sequence-create-destroy",
    ])
    func golden(name: String) throws {
        let corpus = Bundle.module.resourceURL!.appendingPathComponent("Corpus")
        let source = try String(contentsOf: corpus.appendingPathComponent(name + ".mmd"), encoding: .utf8)
        let svg = try #require(Mermaid.render(source).svg)
        let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Golden").appendingPathComponent(name + ".svg")
        if ProcessInfo.processInfo.environment["QUIRE_RECORD"] != nil {
            try svg.write(to: golden, atomically: true, encoding: .utf8)
            return
        }
        let expected = try #require(try? String(contentsOf: golden, encoding: .utf8), "record with QUIRE_RECORD=1")
        if svg != expected {
            let a = svg.split(separator: "\n", omittingEmptySubsequences: false)
            let b = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let line = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
            Issue.record(
                "golden \(name).svg differs at line \(line + 1):\n- \(line < b.count ? b[line] : "")\n+ \(line < a.count ? a[line] : "")"
            )
        }
    }

    @Test func numbersAreFormattedStably() {
        #expect(SVGWriter.number(1) == "1")
        #expect(SVGWriter.number(1.5) == "1.5")
        #expect(SVGWriter.number(-0.004) == "0")
        #expect(SVGWriter.number(2.05) == "2.05")
        #expect(SVGWriter.number(-12.3456) == "-12.35")
    }
}

@Suite("Text metrics")
struct TextMetricsTests {
    let metrics = TextMetrics(fontSize: 16)

    @Test func liberationSansWidths() {
        // Arial-metric advances at 16 px: "a" is 1139/2048 em, "W" 1933/2048 em.
        #expect(abs(metrics.width(of: "a") - 1139.0 / 2048 * 16) < 1e-9)
        #expect(abs(metrics.width(of: "W") - 1933.0 / 2048 * 16) < 1e-9)
        #expect(abs(metrics.width(of: "Load") - 4 * 1139.0 / 2048 * 16) < 1e-9)
        #expect(metrics.width(of: "é") == metrics.width(of: "e"))
    }

    @Test func fallbackWidths() {
        #expect(metrics.width(of: "中") == 16)
        #expect(metrics.width(of: "🚀") == 16)
        #expect(metrics.width(of: "e\u{301}") == metrics.width(of: "e"))
    }

    @Test func wrapping() {
        let lines = metrics.wrap("This is a rather long label that mermaid wraps onto several lines", maxWidth: 200)
        #expect(lines.count > 1)
        for line in lines { #expect(metrics.width(of: line) <= 200) }
        #expect(lines.joined(separator: " ") == "This is a rather long label that mermaid wraps onto several lines")
        #expect(metrics.wrap("a\nb", maxWidth: 200) == ["a", "b"])
        let long = metrics.wrap(String(repeating: "x", count: 80), maxWidth: 100)
        #expect(long.count > 1 && long.allSatisfy { metrics.width(of: $0) <= 100 })
    }
}
