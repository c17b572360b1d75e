import Foundation
import TestSupport
import Testing

/// `aggregate` end to end, as a user types it: a notebook run by the built binary, the groups the
/// report shows in key order, the example of docs/engine.md, and each mistake at its position.
@Suite struct AggregateCLITests {
    static let csv = """
        name,grade,city
        ann,2,Paris
        bob,,Lyon
        cid,3,
        dan,2,Nice
        eve,3,Lyon
        fay,1,Paris

        """

    static func project(_ step: String) throws -> TemporaryDirectory {
        let project = try TemporaryDirectory()
        try project.write("", to: "quire.yaml")
        try project.write(csv, to: "people.csv")
        try project.write(
            """
            ```step people
            load: people.csv
            ```
            \(step)
            """, to: "nb.md")
        return project
    }

    /// The cells of the step's frame preview (its first table), in order, without their markup.
    static func cells(_ project: TemporaryDirectory, step: String) throws -> [String] {
        let html = try String(contentsOf: project.url.appendingPathComponent("reports/nb.html"), encoding: .utf8)
        let start = try #require(html.range(of: "id=\"step-\(step)\"")).upperBound
        let end = try #require(html.range(of: "</table>", range: start..<html.endIndex)).lowerBound
        var cells: [String] = []
        var rest = html[start..<end]
        while let open = rest.range(of: "<td") {
            guard let tagEnd = rest.range(of: ">", range: open.upperBound..<rest.endIndex),
                let close = rest.range(of: "</td>", range: tagEnd.upperBound..<rest.endIndex)
            else { break }
            cells.append(String(rest[tagEnd.upperBound..<close.lowerBound]))
            rest = rest[close.upperBound...]
        }
        return cells
    }

    @Test func groupsInKeyOrderWithNamedOutputs() throws {
        let project = try Self.project(
            """
            ```step by_city
            aggregate: {from: people, by: city, columns: {people: {size: name}, graded: {count: grade}, mean_grade: {mean: grade}, first: {first: name}}}
            ```
            """)
        let run = try QuireProcess.run(["run", "--quiet", "nb.md"], in: project.url)
        #expect(run.status == 0, "\(run.stderr)")
        // Lyon: bob (no grade) and eve (3); Nice: dan (2); Paris: ann (2) and fay (1); cid has no
        // city and is left out.
        let cells = try Self.cells(project, step: "by_city")
        #expect(
            cells.starts(with: [
                "Lyon", "2", "1", "3", "bob", "Nice", "1", "1", "2", "dan", "Paris", "2", "2", "1.5", "ann",
            ]),
            "\(cells)")
        #expect(!cells.contains("cid"))
    }

    @Test func missingKeysFormTheLastGroupWithDropnaFalse() throws {
        let project = try Self.project(
            """
            ```step by_city
            aggregate: {from: people, by: [city], dropna: false, columns: {n: {count: name}}}
            ```
            """)
        let run = try QuireProcess.run(["run", "--quiet", "nb.md"], in: project.url)
        #expect(run.status == 0, "\(run.stderr)")
        let cells = try Self.cells(project, step: "by_city")
        // cid's missing city is a group of its own, last.
        #expect(cells.count == 8, "\(cells)")
        #expect(Array(cells.prefix(6)) == ["Lyon", "2", "Nice", "1", "Paris", "2"], "\(cells)")
        #expect(cells.last == "1" && cells[6].contains("missing"), "\(cells)")
    }

    /// The example in docs/engine.md runs as written on notebooks/data/churn.csv, one group per
    /// contract in order.
    @Test func documentedExampleRuns() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..")
        let doc = try String(contentsOf: root.appendingPathComponent("docs/engine.md"), encoding: .utf8)
        let section = try #require(doc.range(of: "### Aggregate"))
        let open = try #require(doc.range(of: "```step ", range: section.upperBound..<doc.endIndex))
        let close = try #require(doc.range(of: "\n```\n", range: open.upperBound..<doc.endIndex))
        let example = String(doc[open.lowerBound..<close.upperBound])
        #expect(example.contains("aggregate:"))
        let project = try TemporaryDirectory()
        try project.write("", to: "quire.yaml")
        try FileManager.default.copyItem(
            at: root.appendingPathComponent("notebooks/data/churn.csv"),
            to: project.url.appendingPathComponent("churn.csv"))
        try project.write("```step churn\nload: churn.csv\n```\n\n" + example, to: "nb.md")
        let run = try QuireProcess.run(["run", "--quiet", "nb.md"], in: project.url)
        #expect(run.status == 0, "\(run.stderr)")
        let step = try #require(example.split(separator: "\n").first?.split(separator: " ").last)
        let cells = try Self.cells(project, step: String(step))
        let contracts = cells.filter { ["month-to-month", "one year", "two year"].contains($0) }
        #expect(contracts == ["month-to-month", "one year", "two year"], "\(cells)")
    }

    @Test func meanOfTextPointsAtTheFunction() throws {
        let project = try Self.project(
            """
            ```step by_city
            aggregate: {from: people, by: city, columns: {avg: {mean: name}}}
            ```
            """)
        let run = try QuireProcess.run(["run", "--quiet", "nb.md"], in: project.url)
        #expect(run.status == 1)
        // Line 5, at `mean` (column 53).
        #expect(run.stderr.contains("nb.md:5:53:"), "\(run.stderr)")
        #expect(run.stderr.contains("mean needs numbers"), "\(run.stderr)")
        #expect(run.stderr.contains("cast"), "\(run.stderr)")
    }

    @Test func unknownColumnSuggestsTheClosest() throws {
        let project = try Self.project(
            """
            ```step by_city
            aggregate: {from: people, by: city, columns: {avg: {mean: grde}}}
            ```
            """)
        let run = try QuireProcess.run(["run", "--quiet", "nb.md"], in: project.url)
        #expect(run.status == 2, "check finds it before anything runs")
        #expect(run.stderr.contains("nb.md:5:59:"), "\(run.stderr)")
        #expect(run.stderr.contains("grde") && run.stderr.contains("grade"), "\(run.stderr)")
        let key = try Self.project(
            """
            ```step by_city
            aggregate: {from: people, by: [grade, citi], columns: {n: {count: name}}}
            ```
            """)
        let keyed = try QuireProcess.run(["run", "--quiet", "nb.md"], in: key.url)
        #expect(keyed.status == 2)
        #expect(keyed.stderr.contains("nb.md:5:39:"), "\(keyed.stderr)")
        #expect(keyed.stderr.contains("city"), "\(keyed.stderr)")
    }

    @Test func unknownAggregationIsFoundByCheck() throws {
        let project = try Self.project(
            """
            ```step by_city
            aggregate: {from: people, by: city, columns: {avg: {skewness: grade}, q: {quantile: grade, q: 1.5}}}
            ```
            """)
        let checked = try QuireProcess.run(["check", "nb.md"], in: project.url)
        #expect(checked.status == 2)
        #expect(checked.stderr.contains("nb.md:5:53: error: unknown aggregation 'skewness'"), "\(checked.stderr)")
        #expect(checked.stderr.contains("[aggregation-setting]"), "\(checked.stderr)")
        #expect(checked.stderr.contains("count, size, sum, mean"), "\(checked.stderr)")
        #expect(checked.stderr.contains("'q' must be"), "\(checked.stderr)")
        let misplaced = try Self.project(
            """
            ```step by_city
            aggregate: {from: people, by: city, columns: {avg: {mean: grade, q: 0.5}}}
            ```
            """)
        let placed = try QuireProcess.run(["check", "nb.md"], in: misplaced.url)
        #expect(placed.status == 2)
        #expect(placed.stderr.contains("`q` goes with quantile"), "\(placed.stderr)")
        let typo = try Self.project(
            """
            ```step by_city
            aggregate: {from: people, by: city, columns: {avg: {meen: grade}, total: {avg: grade}}}
            ```
            """)
        let suggested = try QuireProcess.run(["check", "nb.md"], in: typo.url)
        #expect(suggested.stderr.contains("did you mean 'mean'?"), "\(suggested.stderr)")
        // Another library's name (SQL's avg) points to Quire's.
        #expect(suggested.stderr.contains("unknown aggregation 'avg' in output 'total'"), "\(suggested.stderr)")
        #expect(
            suggested.stderr.components(separatedBy: "did you mean 'mean'?").count == 3, "\(suggested.stderr)")
    }

    @Test func outputNamedLikeAKeyIsRefused() throws {
        let project = try Self.project(
            """
            ```step by_city
            aggregate: {from: people, by: city, columns: {city: {count: name}}}
            ```
            """)
        let run = try QuireProcess.run(["run", "--quiet", "nb.md"], in: project.url)
        #expect(run.status == 1)
        #expect(run.stderr.contains("nb.md:5:47:"), "\(run.stderr)")
        #expect(run.stderr.contains("has the name of a key column"), "\(run.stderr)")
    }
}
