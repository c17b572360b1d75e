import Foundation
import TestSupport
import Testing

/// `join` end to end, as a user types it: customers joined to their plans by the built binary,
/// the rows the report shows, and mistakes reported at their position with the exit code.
@Suite struct JoinCLITests {
    static let customers = """
        customer_id,plan_id,tenure
        c1,2,10
        c2,1,3
        c3,,7
        c4,9,1
        c5,2,4

        """

    static let plans = """
        plan_id,plan,fee
        1,basic,10
        2,pro,25
        3,team,40

        """

    static func project(_ step: String, plans: String = plans) throws -> TemporaryDirectory {
        let project = try TemporaryDirectory()
        try project.write("", to: "quire.yaml")
        try project.write(customers, to: "customers.csv")
        try project.write(plans, to: "plans.csv")
        try project.write(
            """
            ```step customers
            load: customers.csv
            ```
            ```step plans
            load: plans.csv
            ```
            \(step)
            """, to: "nb.md")
        return project
    }

    /// The cells of the step's preview table (or its `table`-th table after it), row by row, as text.
    static func preview(_ project: TemporaryDirectory, step: String, table: Int = 0) throws -> (
        caption: String, rows: [[String]]
    ) {
        let html = try String(contentsOf: project.url.appendingPathComponent("reports/nb.html"), encoding: .utf8)
        var start = try #require(html.range(of: "id=\"step-\(step)\"")).upperBound
        for _ in 0..<table {
            start = try #require(html.range(of: "</tbody>", range: start..<html.endIndex)).upperBound
        }
        let section = html[start...]
        let caption = String(section[..<(section.range(of: "</figcaption>")?.lowerBound ?? section.endIndex)])
        let body = try #require(section.range(of: "<tbody>")).upperBound
        let end = try #require(section.range(of: "</tbody>", range: body..<section.endIndex)).lowerBound
        let rows = section[body..<end].components(separatedBy: "</tr>").dropLast().map { row in
            row.components(separatedBy: "</td>").dropLast().map { cell in
                // The cell's text without its tags (`<td class="num">25`, `<span class="missing">NA</span>`).
                cell.replacingOccurrences(of: "<[^>]*>", with: "", options: .regularExpression)
            }
        }
        return (caption, rows)
    }

    @Test func leftJoinKeepsEveryCustomerInOrder() throws {
        let project = try Self.project(
            """
            ```step joined
            join: {left: customers, right: plans, on: plan_id, how: left, validate: many_to_one}
            ```
            """)
        let run = try QuireProcess.run(["run", "--quiet", "nb.md"], in: project.url)
        #expect(run.status == 0, "\(run.stderr)")
        let (caption, rows) = try Self.preview(project, step: "joined")
        #expect(caption.contains("5 rows × 5 columns"), "\(caption)")
        #expect(rows.map { $0.first ?? "" } == ["c1", "c2", "c3", "c4", "c5"])
        // A missing key and a key the plans lack: kept, with missing plan values.
        #expect(rows.map { $0.count > 3 ? $0[3] : "" } == ["pro", "basic", "NA", "NA", "pro"])
        // The `matches` table: c1, c2 and c5 found a plan, c3 (missing key) and c4 (plan 9) did
        // not; plans 1 and 2 were matched, plan 3 was not.
        let matches = try Self.preview(project, step: "joined", table: 1).rows
        #expect(matches == [["left: customers", "5", "3", "2"], ["right: plans", "3", "2", "1"]], "\(matches)")
    }

    @Test func innerOuterSemiAntiAndDifferentKeyNames() throws {
        let project = try Self.project(
            """
            ```step inner
            join: {left: customers, right: plans, left_on: plan_id, right_on: [plan_id]}
            ```
            ```step outer
            join: {left: customers, right: plans, on: [plan_id], how: outer}
            ```
            ```step semi
            join: {left: customers, right: plans, on: plan_id, how: semi}
            ```
            ```step anti
            join: {left: customers, right: plans, on: plan_id, how: anti}
            ```
            """)
        let run = try QuireProcess.run(["run", "--quiet", "nb.md"], in: project.url)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try Self.preview(project, step: "inner").rows.map { $0.first ?? "" } == ["c1", "c2", "c5"])
        let outer = try Self.preview(project, step: "outer")
        // Left rows in order, then the plan nobody has (its key filled from the plans).
        #expect(outer.rows.map { $0.first ?? "" } == ["c1", "c2", "c3", "c4", "c5", "NA"])
        #expect(outer.rows.last.map { $0.count > 3 ? [$0[1], $0[3]] : [] } == ["3", "team"])
        #expect(try Self.preview(project, step: "semi").rows.map { $0.first ?? "" } == ["c1", "c2", "c5"])
        let anti = try Self.preview(project, step: "anti")
        #expect(anti.rows.map { $0.first ?? "" } == ["c3", "c4"])
        #expect(anti.caption.contains("2 rows × 3 columns"), "\(anti.caption)")
    }

    @Test func unknownKeyIsNamedWithTheClosestColumn() throws {
        let project = try Self.project(
            """
            ```step joined
            join: {left: customers, right: plans, on: plan_di}
            ```
            """)
        // `check` knows both frames' columns: the run stops before anything runs (exit 2).
        let run = try QuireProcess.run(["run", "--quiet", "nb.md"], in: project.url)
        #expect(run.status == 2)
        #expect(run.stderr.contains("nb.md:8:43: error: `on` (left frame): 'plan_di' is not a column"), "\(run.stderr)")
        #expect(run.stderr.contains("did you mean 'plan_id'?"), "\(run.stderr)")
    }

    @Test func keysOfDifferentKindsAreNamedWithAHintToCast() throws {
        let project = try Self.project(
            """
            ```step joined
            join: {left: customers, right: plans, left_on: plan_id, right_on: plan}
            ```
            """)
        let run = try QuireProcess.run(["run", "--quiet", "nb.md"], in: project.url)
        #expect(run.status == 1)
        #expect(run.stderr.contains("nb.md:8:"), "\(run.stderr)")
        #expect(
            run.stderr.contains("cannot join numeric `plan_id` (left) with categorical `plan` (right)"), "\(run.stderr)"
        )
        #expect(run.stderr.contains("`cast`"), "\(run.stderr)")
    }

    @Test func validateViolationNamesTheKeyAndBothRows() throws {
        let duplicated = """
            plan_id,plan,fee
            1,basic,10
            2,pro,25
            2,pro plus,30

            """
        let project = try Self.project(
            """
            ```step joined
            join: {left: customers, right: plans, on: plan_id, how: left, validate: many_to_one}
            ```
            """, plans: duplicated)
        let run = try QuireProcess.run(["run", "--quiet", "nb.md"], in: project.url)
        #expect(run.status == 1)
        #expect(run.stderr.contains("nb.md:8:"), "\(run.stderr)")
        #expect(run.stderr.contains("`plan_id` = 2 is in right rows 2 and 3"), "\(run.stderr)")
        #expect(run.stderr.contains("many_to_one"), "\(run.stderr)")
    }

    @Test func parameterMistakes() throws {
        let both = try Self.project(
            """
            ```step joined
            join: {left: customers, right: plans, on: plan_id, left_on: plan_id}
            ```
            """)
        let run = try QuireProcess.run(["run", "--quiet", "nb.md"], in: both.url)
        #expect(run.status == 1)
        #expect(run.stderr.contains("not both"), "\(run.stderr)")
        let how = try Self.project(
            """
            ```step joined
            join: {left: customers, right: plans, on: plan_id, how: lefft}
            ```
            """)
        let checked = try QuireProcess.run(["check", "nb.md"], in: how.url)
        #expect(checked.status == 2)
        #expect(checked.stderr.contains("did you mean 'left'?"), "\(checked.stderr)")
        let suffixes = try Self.project(
            """
            ```step joined
            join: {left: customers, right: plans, on: plan_id, suffixes: [_a]}
            ```
            """)
        let suffixed = try QuireProcess.run(["check", "nb.md"], in: suffixes.url)
        #expect(suffixed.status == 2)
        #expect(suffixed.stderr.contains("two texts"), "\(suffixed.stderr)")
    }
}
