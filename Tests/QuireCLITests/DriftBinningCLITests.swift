import Foundation
import TestSupport
import Testing

/// `drift` with `binning: quantile`, as docs/monitoring.md shows it, through the built binary.
@Suite struct DriftBinningCLITests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..")

    /// The documented step, run after a load and a split of notebooks/data/churn.csv, with the
    /// same step without `binning` beside it.
    static func project(binning example: String) throws -> TemporaryDirectory {
        let project = try TemporaryDirectory()
        try project.write("", to: "quire.yaml")
        try FileManager.default.copyItem(
            at: root.appendingPathComponent("notebooks/data/churn.csv"),
            to: project.url.appendingPathComponent("churn.csv"))
        let plain = example.replacingOccurrences(of: ", binning: quantile", with: "")
            .replacingOccurrences(of: "```step shift", with: "```step plain")
        try project.write(
            "```step churn\nload: churn.csv\n```\n\n```step split\nsplit: {from: churn, test_size: 0.3, seed: 7}\n```\n\n"
                + example + "\n" + plain, to: "nb.md")
        return project
    }

    static func documentedExample() throws -> String {
        let doc = try String(contentsOf: root.appendingPathComponent("docs/monitoring.md"), encoding: .utf8)
        let section = try #require(doc.range(of: "**Quantile bins**"))
        let open = try #require(doc.range(of: "```step ", range: section.upperBound..<doc.endIndex))
        let close = try #require(doc.range(of: "```\n", range: open.upperBound..<doc.endIndex))
        // The example is indented under its list item.
        return doc[open.lowerBound..<close.upperBound].split(separator: "\n")
            .map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: "\n") + "\n"
    }

    /// PSI of each numeric column by step, from the JSON summary.
    static func scores(_ project: TemporaryDirectory) throws -> [String: [String: Double]] {
        let data = try Data(contentsOf: project.url.appendingPathComponent("reports/nb.json"))
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var scores: [String: [String: Double]] = [:]
        for step in try #require(root["steps"] as? [[String: Any]]) {
            guard let id = step["id"] as? String, let rows = step["monitor"] as? [[String: Any]] else { continue }
            for row in rows where row["test"] as? String == "psi" {
                scores[id, default: [:]][row["subject"] as? String ?? ""] = row["value"] as? Double
            }
        }
        return scores
    }

    @Test func documentedExampleBinsAtTheReferenceQuantiles() throws {
        let example = try Self.documentedExample()
        #expect(example.contains("binning: quantile"))
        let project = try Self.project(binning: example)
        let run = try QuireProcess.run(["run", "--quiet", "nb.md"], in: project.url)
        #expect(run.status == 0, "\(run.stderr)")
        let scores = try Self.scores(project)
        let quantile = try #require(scores["shift"]?["monthly_charges"])
        let equalWidth = try #require(scores["plain"]?["monthly_charges"])
        #expect(quantile.isFinite && quantile >= 0)
        #expect(quantile != equalWidth, "quantile bins are not the equal-width ones")
    }

    @Test func anUnknownBinningIsRefusedWithASuggestion() throws {
        let example = try Self.documentedExample().replacingOccurrences(of: "quantile", with: "quantiles")
        let project = try Self.project(binning: example)
        let run = try QuireProcess.run(["run", "--quiet", "nb.md"], in: project.url)
        #expect(run.status != 0)
        #expect(run.stderr.contains("nb.md:10:"), "\(run.stderr)")
        #expect(run.stderr.contains("quantile"), "\(run.stderr)")
    }
}
