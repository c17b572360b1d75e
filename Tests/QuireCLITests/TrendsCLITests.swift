import Foundation
import TestSupport
import Testing

/// Trend sparklines end to end: runs of one notebook with different parameters fill the run
/// history, and the next report shows how its metrics moved; a reproducible report shows none.
@Suite struct TrendsCLITests {
    static let notebook = """
        ---
        title: Trend notebook
        params: {seed: 1}
        ---
        # Trend notebook

        ```step data
        generate: {kind: classification, n_samples: 300, n_features: 4, n_informative: 3, n_redundant: 0, seed: "${params.seed}"}
        ```

        ```step split
        split: {from: data, test_size: 0.3, seed: 1}
        ```

        ```step model
        train: {data: split.train, algorithm: logistic_regression, target: target}
        ```

        ```step quality
        evaluate: {model: model, data: split.test}
        ```
        """

    /// The `quality` step's metric `name` in the JSON summary the last run wrote.
    static func metric(_ name: String, in project: TemporaryDirectory) throws -> Double {
        let data = try Data(contentsOf: project.url.appendingPathComponent("reports/nb.json"))
        let summary = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let steps = try #require(summary["steps"] as? [[String: Any]])
        let quality = try #require(steps.first { $0["id"] as? String == "quality" })
        let metrics = try #require(quality["metrics"] as? [String: Any])
        return try #require((metrics[name] as? NSNumber)?.doubleValue)
    }

    static func page(_ name: String, in project: TemporaryDirectory) throws -> String {
        try String(contentsOf: project.url.appendingPathComponent("reports/\(name)"), encoding: .utf8)
    }

    /// The numbers of `prev A → B (±C)` in `text`.
    static func change(in text: Substring) throws -> (previous: Double, current: Double, change: Double) {
        let start = try #require(text.range(of: "prev "))
        let words = text[start.upperBound...].split(separator: " ", maxSplits: 3)
        let previous = try #require(Double(words[0]))
        #expect(words[1] == "→")
        let current = try #require(Double(words[2]))
        let rest = text[start.upperBound...]
        let open = try #require(rest.range(of: "(")).upperBound
        let close = try #require(rest[open...].firstIndex(of: ")"))
        let change = try #require(Double(rest[open..<close].replacingOccurrences(of: "+", with: "")))
        return (previous, current, change)
    }

    /// Equal to four significant digits, as reports show numbers.
    static func close(_ shown: Double, _ value: Double) -> Bool {
        abs(shown - value) <= 5e-4 * max(abs(value), 1e-12)
    }

    @Test func threeRunsShowTheTwoBeforeAndTheChange() throws {
        let project = try TemporaryDirectory()
        try project.write("", to: "quire.yaml")
        try project.write(Self.notebook, to: "nb.md")
        var values: [Double] = []
        for seed in [1, 2, 3] {
            let run = try QuireProcess.run(
                ["run", "--quiet", "-p", "seed=\(seed)", "nb.md"], in: project.url, timeout: 120)
            #expect(run.status == 0, "\(run.stderr)")
            values.append(try Self.metric("roc_auc", in: project))
        }
        #expect(Set(values).count == 3, "the seeds give different data")
        let html = try Self.page("nb.html", in: project)
        let row = try #require(html.range(of: "<th scope=\"row\">roc_auc</th>"))
        let end = html[row.upperBound...].range(of: "</tr>")?.lowerBound ?? html.endIndex
        let cells = html[row.upperBound..<end]
        // The sparkline: the two earlier values and this one.
        let points = try #require(cells.range(of: "<polyline points=\""))
        let list = cells[points.upperBound...].prefix { $0 != "\"" }
        #expect(list.split(separator: " ").count == 3)
        #expect(cells.contains("over the last 3 runs"))
        let shown = try Self.change(in: cells)
        #expect(Self.close(shown.previous, values[1]))
        #expect(Self.close(shown.current, values[2]))
        #expect(Self.close(shown.change, values[2] - values[1]))
        let verdict = values[2] > values[1] ? "better" : "worse"
        #expect(cells.contains("class=\"trend-\(verdict)\""))
        // The index shows the headline metric's trend and the monitor status of each run.
        let index = try Self.page("index.html", in: project)
        #expect(index.contains("<svg class=\"trend-line\""))

        // Without the history there is nothing to draw.
        let unrecorded = try QuireProcess.run(
            ["run", "--quiet", "--no-history", "-p", "seed=3", "nb.md"], in: project.url, timeout: 120)
        #expect(unrecorded.status == 0, "\(unrecorded.stderr)")
        #expect(!(try Self.page("nb.html", in: project)).contains("trend-line"))

        // A reproducible run leaves the history out of the report and the index.
        let reproducible = try QuireProcess.run(
            ["run", "--quiet", "--reproducible", "-p", "seed=3", "nb.md"], in: project.url, timeout: 120)
        #expect(reproducible.status == 0, "\(reproducible.stderr)")
        #expect(!(try Self.page("nb.html", in: project)).contains("trend"))
        #expect(!(try Self.page("index.html", in: project)).contains("trend"))
    }

    /// The index row of a notebook not run this time shows the runs before the one its summary
    /// holds, and the change to it.
    @Test func theIndexRowOfAnotherNotebookShowsItsEarlierRuns() throws {
        let project = try TemporaryDirectory()
        try project.write("", to: "quire.yaml")
        try project.write(Self.notebook, to: "nb.md")
        try project.write(
            Self.notebook.replacingOccurrences(of: "Trend notebook", with: "Other notebook"), to: "other.md")
        var values: [Double] = []
        for seed in [4, 5] {
            let run = try QuireProcess.run(
                ["run", "--quiet", "-p", "seed=\(seed)", "nb.md"], in: project.url, timeout: 120)
            #expect(run.status == 0, "\(run.stderr)")
            values.append(try Self.metric("roc_auc", in: project))
        }
        let other = try QuireProcess.run(["run", "--quiet", "other.md"], in: project.url, timeout: 120)
        #expect(other.status == 0, "\(other.stderr)")
        let index = try Self.page("index.html", in: project)
        let row = try #require(index.range(of: ">Trend notebook</a>"))
        let end = index[row.upperBound...].range(of: "</tr>")?.lowerBound ?? index.endIndex
        let cells = index[row.upperBound..<end]
        let shown = try Self.change(in: cells)
        #expect(Self.close(shown.previous, values[0]))
        #expect(Self.close(shown.current, values[1]))
        #expect(cells.contains("over the last 2 runs"))
        // The other notebook ran once: no earlier run, no sparkline in its row.
        let otherRow = try #require(index.range(of: ">Other notebook</a>"))
        let otherEnd = index[otherRow.upperBound...].range(of: "</tr>")?.lowerBound ?? index.endIndex
        #expect(!index[otherRow.upperBound..<otherEnd].contains("trend-line"))
    }
}
