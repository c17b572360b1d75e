import Foundation
import TestSupport
import Testing

/// Every number a person reads in the example reports follows the one rule (issue 14, item 6):
/// at most six significant digits, no float artefacts. The example notebooks are rendered
/// by the built binary into a temporary project, timings included (not `--reproducible`).
@Suite struct ReadableNumbersTests {
    /// The numbers of a report's visible text that break the rule, each with its context.
    ///
    /// Left out: the stylesheet, tags and their attributes (SVG coordinates, ids), `<pre>` blocks
    /// (notebook source and mermaid source, as the author wrote them) and 64-digit hex digests
    /// (cache keys, SHA-256). Whole numbers are exempt from the digit limit: the rule keeps the
    /// whole integer part (`9,173,218` rows per second, counts, ids).
    static func unreadable(_ html: String) -> [String] {
        var text = html
        for pattern in ["(?s)<style.*?</style>", "(?s)<pre.*?</pre>", "<[^>]+>", "\\b[0-9a-f]{64}\\b"] {
            text = text.replacingOccurrences(of: pattern, with: " ", options: .regularExpression)
        }
        text = text.replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&#39;", with: "'")
        let number = try? NSRegularExpression(pattern: "\\d[\\d,]*(\\.\\d+)?(e-?\\d+)?")
        var found: [String] = []
        for match in number?.matches(in: text, range: NSRange(text.startIndex..., in: text)) ?? [] {
            guard let range = Range(match.range, in: text) else { continue }
            let written = String(text[range])
            let mantissa = written.split(separator: "e").first.map(String.init) ?? written
            let significant = mantissa.filter(\.isNumber).drop { $0 == "0" }.count
            let fractional = mantissa.contains(".") || written.contains("e")
            let artefact = written.range(of: "\\d\\.\\d{7,}|e-0|99999|00000\\d", options: .regularExpression) != nil
            if artefact || (fractional && significant > 6) {
                let start = text.index(range.lowerBound, offsetBy: -30, limitedBy: text.startIndex) ?? text.startIndex
                found.append("\(written) in …\(text[start..<range.upperBound])")
            }
        }
        return found
    }

    @Test func theRuleCatchesWhatTheIssueShowed() {
        for shown in ["791.8799999999999", "2.0545796685394", "observed mean 1.5303124093282419", "9.5e-05"] {
            #expect(!Self.unreadable("<p>\(shown)</p>").isEmpty, "\(shown)")
        }
        for readable in ["791.9", "2.055", "9,173,218 rows/s", "3.21e-7", "12.34%", "2024", "<pre>0.1234567</pre>"] {
            #expect(Self.unreadable("<p>\(readable)</p>").isEmpty, "\(readable)")
        }
    }

    @Test func exampleReportsShowReadableNumbers() throws {
        let project = try TemporaryDirectory()
        try project.write("", to: "quire.yaml")
        let notebooks = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "../../notebooks")
        try FileManager.default.copyItem(at: notebooks, to: project.url.appendingPathComponent("notebooks"))
        let names = try FileManager.default.contentsOfDirectory(atPath: notebooks.path)
            .filter { $0.hasSuffix(".md") }.map { String($0.dropLast(3)) }.sorted()
        #expect(names.count >= 4, "every example notebook: \(names)")
        let run = try QuireProcess.run(
            ["run", "--quiet", "--output", "out"] + names.map { "notebooks/\($0).md" }, in: project.url)
        #expect(run.status == 0, "\(run.stderr)")
        for name in names {
            let html = try String(
                contentsOf: project.url.appendingPathComponent("out/\(name).html"), encoding: .utf8)
            let found = Self.unreadable(html)
            #expect(found.isEmpty, "\(name).html: \(found.prefix(10).joined(separator: "\n"))")
        }
        // The JSON summary keeps full precision: the observed mean is there to the last digit.
        let summary = try String(
            contentsOf: project.url.appendingPathComponent("out/drift-monitoring.json"), encoding: .utf8)
        #expect(summary.range(of: "\"value\": 1\\.\\d{12,}", options: .regularExpression) != nil)
    }
}
