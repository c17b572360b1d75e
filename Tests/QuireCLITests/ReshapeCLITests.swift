import Foundation
import TestSupport
import Testing

/// The reshaping ops end to end, as a user types them: sample, concat, distinct, pivot and melt
/// run from a notebook by the built binary, the rows the report shows, and one mistake per op
/// reported at its position.
@Suite struct ReshapeCLITests {
    static let jan = """
        customer,plan,spend
        ann,basic,10
        bob,pro,
        cid,basic,30
        ann,basic,10

        """
    static let feb = """
        spend,customer,region
        12,dan,north
        7,ann,

        """
    static let long = """
        customer,metric,value
        ann,spend,10
        ann,visits,3
        bob,spend,20
        bob,visits,4
        ann,spend,30

        """

    static func project(_ steps: String) throws -> TemporaryDirectory {
        let project = try TemporaryDirectory()
        try project.write("", to: "quire.yaml")
        try project.write(jan, to: "jan.csv")
        try project.write(feb, to: "feb.csv")
        try project.write(long, to: "long.csv")
        try project.write(
            """
            ```step jan
            load: jan.csv
            ```
            ```step feb
            load: feb.csv
            ```
            ```step long
            load: long.csv
            ```
            \(steps)
            """, to: "nb.md")
        return project
    }

    /// The report's section of `step`, from its anchor to the next step's.
    static func section(_ step: String, in project: TemporaryDirectory) throws -> String {
        let html = try String(contentsOf: project.url.appendingPathComponent("reports/nb.html"), encoding: .utf8)
        let start = try #require(html.range(of: "id=\"step-\(step)\"")).upperBound
        let end = html.range(of: "id=\"step-", range: start..<html.endIndex)?.lowerBound ?? html.endIndex
        return String(html[start..<end])
    }

    /// Whether `texts` appear in `html` in that order, each as a table cell (text or number).
    static func inOrder(_ texts: [String], in html: String) -> Bool {
        var from = html.startIndex
        for text in texts {
            guard let found = html.range(of: ">\(text)</td>", range: from..<html.endIndex) else { return false }
            from = found.upperBound
        }
        return true
    }

    static func run(_ project: TemporaryDirectory) throws -> QuireProcess.Output {
        try QuireProcess.run(["run", "--quiet", "nb.md"], in: project.url)
    }

    @Test func concatAlignsColumnsAndNamesTheSource() throws {
        let project = try Self.project(
            """
            ```step both
            concat: {frames: [jan, feb], source: month}
            ```
            """)
        let run = try Self.run(project)
        #expect(run.status == 0, "\(run.stderr)")
        let html = try Self.section("both", in: project)
        let headers = ["customer", "plan", "spend", "region", "month"].compactMap {
            html.range(of: ">\($0)<span class=\"type\">")?.lowerBound
        }
        #expect(headers.count == 5 && headers == headers.sorted(), "columns in order of first appearance")
        #expect(Self.inOrder(["ann", "bob", "cid", "ann", "dan", "ann"], in: html))
        #expect(Self.inOrder(["jan", "jan", "jan", "jan", "feb", "feb"], in: html))
        #expect(html.contains("6 rows"), "\(html.prefix(400))")
    }

    @Test func concatOfNumbersAndTextNamesBothFrames() throws {
        let project = try Self.project(
            """
            ```step text
            rename: {from: long, columns: {metric: spend}}
            ```
            ```step mixed
            concat: {frames: [jan, text]}
            ```
            """)
        let run = try Self.run(project)
        #expect(run.status == 1)
        #expect(run.stderr.contains("nb.md:14:"), "\(run.stderr)")
        #expect(run.stderr.contains("`jan`") && run.stderr.contains("`text`"), "\(run.stderr)")
        #expect(run.stderr.contains("cast"), "\(run.stderr)")
    }

    @Test func distinctKeepsTheFirstOrLastRow() throws {
        let project = try Self.project(
            """
            ```step once
            distinct: {from: jan, columns: [customer], keep: last}
            ```
            ```step all
            distinct: {from: jan}
            ```
            """)
        let run = try Self.run(project)
        #expect(run.status == 0, "\(run.stderr)")
        let once = try Self.section("once", in: project)
        #expect(Self.inOrder(["bob", "cid", "ann"], in: once) && once.contains("3 rows"), "\(once.prefix(600))")
        #expect(try Self.section("all", in: project).contains("3 rows"))
        let misspelt = try Self.project(
            """
            ```step once
            distinct: {from: jan, columns: [custmer]}
            ```
            """)
        let failed = try Self.run(misspelt)
        #expect(failed.status == 2, "check finds it before anything runs")
        #expect(failed.stderr.contains("nb.md:11:33:"), "\(failed.stderr)")
        #expect(failed.stderr.contains("did you mean 'customer'?"), "\(failed.stderr)")
    }

    @Test func pivotAndMeltRoundTrip() throws {
        let project = try Self.project(
            """
            ```step wide
            pivot: {from: long, index: [customer], columns: metric, values: value, aggregate: sum}
            ```
            ```step back
            melt: {from: wide, id: [customer], columns: [spend, visits], variable: metric, value: total}
            ```
            """)
        let run = try Self.run(project)
        #expect(run.status == 0, "\(run.stderr)")
        let wide = try Self.section("wide", in: project)
        // ann: spend 10 + 30, visits 3; bob: 20, 4.
        #expect(Self.inOrder(["ann", "40", "3", "bob", "20", "4"], in: wide), "\(wide.prefix(800))")
        let back = try Self.section("back", in: project)
        #expect(Self.inOrder(["ann", "spend", "40", "bob", "spend", "20", "ann", "visits", "3"], in: back))
    }

    @Test func pivotWithoutAggregateNamesTheDuplicate() throws {
        let project = try Self.project(
            """
            ```step wide
            pivot: {from: long, index: [customer], columns: metric, values: value}
            ```
            """)
        let run = try Self.run(project)
        #expect(run.status == 1)
        #expect(run.stderr.contains("nb.md:11:"), "\(run.stderr)")
        #expect(run.stderr.contains("rows 1 and 5") && run.stderr.contains("`customer` = ann"), "\(run.stderr)")
        #expect(run.stderr.contains("aggregate"), "\(run.stderr)")
    }

    @Test func meltOfMixedKindsIsRefused() throws {
        let project = try Self.project(
            """
            ```step longer
            melt: {from: jan, id: [customer], columns: [plan, spend]}
            ```
            """)
        let run = try Self.run(project)
        #expect(run.status == 1)
        #expect(run.stderr.contains("nb.md:11:"), "\(run.stderr)")
        #expect(run.stderr.contains("different kinds") && run.stderr.contains("cast"), "\(run.stderr)")
    }

    @Test func sampleIsSeededAndRefusesTooManyRows() throws {
        let project = try Self.project(
            """
            ```step some
            sample: {from: long, n: 3, seed: 3}
            ```
            ```step strata
            sample: {from: long, fraction: 0.4, stratify: customer, seed: 1}
            ```
            """)
        let first = try Self.run(project)
        #expect(first.status == 0, "\(first.stderr)")
        let some = try Self.section("some", in: project)
        #expect(some.contains("3 rows"))
        let again = try QuireProcess.run(["run", "--quiet", "--no-cache", "nb.md"], in: project.url)
        #expect(again.status == 0)
        #expect(try Self.section("some", in: project) == some, "the same seed gives the same rows")
        let strata = try Self.section("strata", in: project)
        #expect(strata.contains("2 rows") && strata.contains("<td>ann</td>") && strata.contains("<td>bob</td>"))
        let tooMany = try Self.project(
            """
            ```step some
            sample: {from: long, n: 9}
            ```
            """)
        let failed = try Self.run(tooMany)
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("nb.md:11:"), "\(failed.stderr)")
        #expect(failed.stderr.contains("cannot draw 9 rows from 5 rows"), "\(failed.stderr)")
        let negative = try Self.project(
            """
            ```step some
            sample: {from: long, fraction: -0.5}
            ```
            """)
        let checked = try QuireProcess.run(["check", "nb.md"], in: negative.url)
        #expect(checked.status == 2)
        #expect(checked.stderr.contains("nb.md:11:"), "\(checked.stderr)")
    }

    @Test func renamingAnInputChangesTheSourceColumnsKey() throws {
        let project = try Self.project(
            """
            ```step both
            concat: {frames: [jan, feb], source: month}
            ```
            """)
        #expect(try Self.run(project).status == 0)
        let renamed = try String(contentsOf: project.url.appendingPathComponent("nb.md"), encoding: .utf8)
            .replacingOccurrences(of: "```step feb", with: "```step february")
            .replacingOccurrences(of: "[jan, feb]", with: "[jan, february]")
        try project.write(renamed, to: "nb.md")
        #expect(try Self.run(project).status == 0)
        let html = try Self.section("both", in: project)
        #expect(html.contains("<td>february</td>") && !html.contains("<td>feb</td>"), "not served from the cache")
    }
}
