import Foundation
import TestSupport
import Testing

/// Window functions in `derive` end to end, as a user types them: `by` groups, `order`, the
/// frame's row order kept, and mistakes reported at their position.
@Suite struct WindowCLITests {
    static let csv = """
        customer_id,month,spend,plan
        b,3,30,pro
        a,2,20,basic
        b,1,10,pro
        a,1,5,basic
        b,2,,pro
        c,1,7,basic
        b,4,40,pro
        b,5,20,pro

        """

    static func project(_ step: String) throws -> TemporaryDirectory {
        let project = try TemporaryDirectory()
        try project.write("", to: "quire.yaml")
        try project.write(csv, to: "monthly.csv")
        try project.write(
            """
            ```step monthly
            load: monthly.csv
            ```
            \(step)
            """, to: "nb.md")
        return project
    }

    /// The cells of the `windows` step's preview, row by row (the report shows every row of a
    /// frame this small).
    static func rows(_ project: TemporaryDirectory, step: String) throws -> [[String]] {
        let html = try String(contentsOf: project.url.appendingPathComponent("reports/nb.html"), encoding: .utf8)
        guard let start = html.range(of: "id=\"step-\(step)\"")?.upperBound,
            let body = html.range(of: "<tbody>", range: start..<html.endIndex)?.upperBound,
            let end = html.range(of: "</tbody>", range: body..<html.endIndex)?.lowerBound
        else { return [] }
        return html[body..<end].components(separatedBy: "</tr>").compactMap { row in
            let cells = row.components(separatedBy: "<td").dropFirst().map { cell -> String in
                let text = cell.drop { $0 != ">" }.dropFirst()
                return String(text.prefix { $0 != "<" })
            }
            return cells.isEmpty ? nil : cells
        }
    }

    @Test func theDocumentedExampleRunsInGroupsAndKeepsRowOrder() throws {
        // The example of docs/engine.md, "Window functions", as written there.
        let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/engine.md")
        let text = try String(contentsOf: docs, encoding: .utf8)
        let section = try #require(text.range(of: "### Window functions")).upperBound
        let open = try #require(text.range(of: "```yaml\n", range: section..<text.endIndex)).upperBound
        let close = try #require(text.range(of: "```", range: open..<text.endIndex)).lowerBound
        let example = String(text[open..<close])
        #expect(example.contains("by: [customer_id]") && example.contains("rolling_mean(spend, 3)"))
        let project = try Self.project("```step windows\n\(example)```\n")
        let run = try QuireProcess.run(["run", "--quiet", "nb.md"], in: project.url)
        #expect(run.status == 0, "\(run.stderr)")
        let rows = try Self.rows(project, step: "windows")
        #expect(rows.count == 8, "\(rows)")
        // Row order as loaded: the customer and month columns are unchanged.
        #expect(rows.map { $0.first ?? "" } == ["b", "a", "b", "a", "b", "c", "b", "b"], "\(rows)")
        #expect(rows.map { $0.count > 1 ? $0[1] : "" } == ["3", "2", "1", "1", "2", "1", "4", "5"], "\(rows)")
        // In month order, b spends 10, (missing), 30, 40, 20; a 5, 20; c 7 (a group of one).
        let header = [
            "customer_id", "month", "spend", "plan", "prev_spend", "next_spend", "spend_3m", "spend_total",
            "spend_rank", "change",
        ]
        func column(_ name: String) -> [String] {
            let index = header.firstIndex(of: name) ?? 0
            return rows.map { index < $0.count ? $0[index] : "?" }
        }
        let m = column("spend")[4]
        #expect(column("prev_spend") == [m, "5", m, m, "10", m, "30", "40"], "\(rows)")
        #expect(column("next_spend") == ["40", m, m, "20", "30", m, "20", m], "\(rows)")
        #expect(column("spend_3m") == [m, m, m, m, m, m, m, "30"], "\(rows)")
        #expect(column("spend_total") == ["40", "25", "10", "5", m, "7", "80", "100"], "\(rows)")
        #expect(column("spend_rank") == ["3", "2", "1", "1", m, "1", "4", "2"], "\(rows)")
        #expect(
            column("change").map { $0.replacingOccurrences(of: "\u{2212}", with: "-") } == [
                m, "15", m, m, m, m, "10", "-20",
            ], "\(rows)")
    }

    @Test func unknownByColumnIsNamedAtItsPosition() throws {
        let project = try Self.project(
            """
            ```step windows
            derive:
              from: monthly
              by: [custmer_id]
              columns: {prev: "lag(spend)"}
            ```
            """)
        let run = try QuireProcess.run(["run", "--quiet", "nb.md"], in: project.url)
        #expect(run.status == 1)
        #expect(run.stderr.contains("nb.md:7:"), "\(run.stderr)")
        #expect(run.stderr.contains("did you mean `customer_id`?"), "\(run.stderr)")
    }

    @Test func windowInFilterPointsAtTheFunction() throws {
        let project = try Self.project(
            """
            ```step rising
            filter: {from: monthly, where: "spend > lag(spend)"}
            ```
            """)
        let run = try QuireProcess.run(["run", "--quiet", "nb.md"], in: project.url)
        #expect(run.status == 2, "check catches it before anything runs")
        // `lag` is the 41st character of the line.
        #expect(run.stderr.contains("nb.md:5:41:"), "\(run.stderr)")
        #expect(run.stderr.contains("window functions work in `derive`"), "\(run.stderr)")
        let when = try Self.project(
            """
            ```step rising
            when: "lag(x) > 1"
            filter: {from: monthly, where: "spend > 1"}
            ```
            """)
        let checked = try QuireProcess.run(["check", "nb.md"], in: when.url)
        #expect(checked.status == 2)
        #expect(checked.stderr.contains("window functions work in `derive`"), "\(checked.stderr)")
    }

    @Test func rollingOfTextPointsAtTheArgument() throws {
        let project = try Self.project(
            """
            ```step windows
            derive: {from: monthly, columns: {r: "rolling_mean(plan, 2)"}}
            ```
            """)
        let run = try QuireProcess.run(["run", "--quiet", "nb.md"], in: project.url)
        #expect(run.status == 2, "check catches it before anything runs")
        // `plan` starts at column 52 of the line.
        #expect(run.stderr.contains("nb.md:5:52:"), "\(run.stderr)")
        #expect(run.stderr.contains("`rolling_mean` needs numbers; `plan` is a text"), "\(run.stderr)")
        let counted = try Self.project(
            """
            ```step windows
            derive: {from: monthly, order: [month, spend], ascending: [true, false, true], columns: {r: "rank(spend)"}}
            ```
            """)
        let mismatched = try QuireProcess.run(["run", "--quiet", "nb.md"], in: counted.url)
        #expect(mismatched.status == 1)
        #expect(mismatched.stderr.contains("'ascending' has 3 values for 2 keys in 'order'"), "\(mismatched.stderr)")
    }
}
