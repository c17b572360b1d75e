import Foundation
import TestSupport
import Testing

/// Small notebooks that used to ask for unbounded work finish quickly with small reports.
@Suite struct LimitTests {
    @Test func aMillionLinkDiagramLeavesASmallReport() throws {
        let directory = try TemporaryDirectory()
        let a = (0..<1000).map { "a\($0)" }.joined(separator: "&")
        let b = (0..<1000).map { "b\($0)" }.joined(separator: "&")
        let notebook = "# Links\n\n```mermaid\nflowchart LR\n  \(a) --> \(b)\n```\n"
        #expect(notebook.utf8.count < 16_000)
        try notebook.write(to: directory.url.appendingPathComponent("nb.md"), atomically: true, encoding: .utf8)
        let output = try QuireProcess.run(["run", "--output", "out", "nb.md"], in: directory.url, timeout: 30)
        #expect(output.status == 0)
        #expect(output.stderr.contains("nb.md:5:\(3 + a.count + 1): warning:"))
        #expect(output.stderr.contains("[mermaid-too-large]"))
        let report = directory.url.appendingPathComponent("out/nb.html")
        let size = try FileManager.default.attributesOfItem(atPath: report.path)[.size] as? Int ?? .max
        #expect(size < 200_000, "the report is \(size) bytes")
        // The source is shown instead of the drawing.
        let html = try String(contentsOf: report, encoding: .utf8)
        #expect(html.contains("a999 --&gt; b0") || html.contains("a999 --> b0"))
    }

    @Test func aLongStepIDIsRefusedQuickly() throws {
        let directory = try TemporaryDirectory()
        let notebook = "```step \(String(repeating: "a", count: 200_000))\nload: x.csv\n```\n"
        try notebook.write(to: directory.url.appendingPathComponent("nb.md"), atomically: true, encoding: .utf8)
        let start = Date()
        let output = try QuireProcess.run(["run", "nb.md"], in: directory.url, timeout: 30)
        #expect(output.status == 2)
        #expect(output.stderr.contains("nb.md:1:9: error: the step id is 200000 characters long"))
        #expect(Date().timeIntervalSince(start) < 10)
    }
}
