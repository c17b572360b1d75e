import Foundation
import TestSupport
import Testing

/// The data-preparation ops end to end, as a user types them: a notebook run by the built
/// binary, the order the report shows, and mistakes reported at their position.
@Suite struct PrepareOpsCLITests {
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

    @Test func sortOrdersByKeysWithMissingLast() throws {
        let project = try Self.project(
            """
            ```step ranked
            sort: {from: people, by: [grade, name], ascending: [false, true]}
            ```
            """)
        let run = try QuireProcess.run(["run", "--quiet", "nb.md"], in: project.url)
        #expect(run.status == 0, "\(run.stderr)")
        let html = try String(contentsOf: project.url.appendingPathComponent("reports/nb.html"), encoding: .utf8)
        // The ranked frame's preview comes after the loaded one's: find the names in its order.
        let section = try #require(html.range(of: "id=\"step-ranked\"")).upperBound
        let positions = ["cid", "eve", "ann", "dan", "fay", "bob"].map {
            html.range(of: "<td>\($0)</td>", range: section..<html.endIndex)?.lowerBound
        }
        let found = positions.compactMap { $0 }
        #expect(found.count == 6 && found == found.sorted(), "grade descending, then name; the missing grade last")
    }

    @Test func sortMistakesPointAtTheParameter() throws {
        let unknown = try Self.project(
            """
            ```step ranked
            sort: {from: people, by: grade_}
            ```
            """)
        // Refused before anything runs: `check` knows the columns.
        let failed = try QuireProcess.run(["run", "--quiet", "nb.md"], in: unknown.url)
        #expect(failed.status == 2)
        #expect(failed.stderr.contains("nb.md:5:"), "\(failed.stderr)")
        #expect(failed.stderr.contains("grade"), "\(failed.stderr)")
        let mismatched = try Self.project(
            """
            ```step ranked
            sort: {from: people, by: [grade, name], ascending: [true, false, true]}
            ```
            """)
        let counted = try QuireProcess.run(["run", "--quiet", "nb.md"], in: mismatched.url)
        #expect(counted.status == 1)
        #expect(counted.stderr.contains("'ascending' has 3 values for 2 keys"), "\(counted.stderr)")
        let wrongWord = try Self.project(
            """
            ```step ranked
            sort: {from: people, by: grade, nulls: frist}
            ```
            """)
        let checked = try QuireProcess.run(["check", "nb.md"], in: wrongWord.url)
        #expect(checked.status == 2)
        #expect(checked.stderr.contains("did you mean 'first'?"), "\(checked.stderr)")
    }

    @Test func renameKeepsPlacesAndNamesTheMistake() throws {
        let project = try Self.project(
            """
            ```step renamed
            rename: {from: people, columns: {grade: level, name: who}}
            ```
            """)
        let run = try QuireProcess.run(["run", "--quiet", "nb.md"], in: project.url)
        #expect(run.status == 0, "\(run.stderr)")
        let html = try String(contentsOf: project.url.appendingPathComponent("reports/nb.html"), encoding: .utf8)
        let section = try #require(html.range(of: "id=\"step-renamed\"")).upperBound
        let headers = ["who", "level", "city"].compactMap {
            html.range(of: ">\($0)<span class=\"type\">", range: section..<html.endIndex)?.lowerBound
        }
        #expect(headers.count == 3 && headers == headers.sorted(), "each column keeps its place")
        let misspelt = try Self.project(
            """
            ```step renamed
            rename: {from: people, columns: {grde: level}}
            ```
            """)
        // Refused before anything runs: `check` knows the columns.
        let failed = try QuireProcess.run(["run", "--quiet", "nb.md"], in: misspelt.url)
        #expect(failed.status == 2)
        #expect(failed.stderr.contains("nb.md:5:"), "\(failed.stderr)")
        #expect(failed.stderr.contains("grade"), "\(failed.stderr)")
    }
}
