import Foundation
import TestSupport
import Testing

/// Dates and `cast` end to end, as a user types them: a CSV with ISO dates loads as date columns,
/// expressions filter and derive on them, `cast` converts text; mistakes are reported at their
/// position with the row and value.
@Suite struct DatesCLITests {
    static let csv = """
        id,signup,last_seen,zip,age,flag,score
        1,2023-11-05,2024-02-01T10:00:00,02134,31,yes,1.5
        2,2024-01-01,2024-03-15T08:30:00,10001,45,no,2
        3,2024-02-29,,94105,,TRUE,x
        4,,2024-01-10T00:00:00Z,60601,22,0,
        5,2024-07-04,2024-07-05T12:00:00+02:00,02134,38,1,4

        """

    static func project(_ steps: String, load: String = "load: {path: people.csv, types: {zip: categorical}}") throws
        -> TemporaryDirectory
    {
        let project = try TemporaryDirectory()
        try project.write("", to: "quire.yaml")
        try project.write(csv, to: "people.csv")
        try project.write(
            """
            ```step people
            \(load)
            ```
            \(steps)
            """, to: "nb.md")
        return project
    }

    /// Each step's frame outputs in the JSON summary: rows and column types by name.
    static func frames(_ project: TemporaryDirectory) throws -> [String: (rows: Int, types: [String: String])] {
        let data = try Data(contentsOf: project.url.appendingPathComponent("reports/nb.json"))
        let summary = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var frames: [String: (Int, [String: String])] = [:]
        for step in summary["steps"] as? [[String: Any]] ?? [] {
            for (name, output) in step["outputs"] as? [String: [String: Any]] ?? [:] {
                guard let columns = output["columns"] as? [[String: Any]], let rows = output["rows"] as? Int else {
                    continue
                }
                var types: [String: String] = [:]
                for column in columns { types[column["name"] as? String ?? ""] = column["type"] as? String }
                frames["\(step["id"] as? String ?? "").\(name)"] = (rows, types)
            }
        }
        return frames
    }

    @Test func loadFilterDeriveAndCast() throws {
        let project = try Self.project(
            """
            ```step recent
            filter: {from: people, where: "signup >= date(\\"2024-01-01\\")"}
            ```
            ```step features
            derive: {from: recent, columns: {signup_month: "month(signup)", tenure_days: "days_between(signup, last_seen)", start: "date_trunc(\\"month\\", signup)"}}
            ```
            ```step typed
            cast: {from: features, columns: {age: int, flag: bool, signup: str}}
            ```
            """)
        let run = try QuireProcess.run(["run", "--quiet", "nb.md"], in: project.url)
        #expect(run.status == 0, "\(run.stderr)")
        let frames = try Self.frames(project)
        let people = try #require(frames["people.frame"])
        #expect(people.types["signup"] == "date" && people.types["last_seen"] == "date")
        #expect(people.types["zip"] == "categorical" && people.types["flag"] == "categorical")
        // Rows 2, 3 and 5 are on or after 2024-01-01; row 4 has no signup, so the comparison is false.
        #expect(frames["recent.frame"]?.rows == 3)
        let features = try #require(frames["features.frame"])
        #expect(features.types["signup_month"] == "numeric" && features.types["start"] == "date")
        let typed = try #require(frames["typed.frame"])
        #expect(
            typed.types["age"] == "numeric" && typed.types["flag"] == "numeric"
                && typed.types["signup"] == "categorical")
        let html = try String(contentsOf: project.url.appendingPathComponent("reports/nb.html"), encoding: .utf8)
        // Dates show as ISO text: all-midnight columns without a time, others with one (UTC).
        #expect(html.contains("<td>2024-02-29</td>"))
        #expect(html.contains("<td>2024-07-05T10:00:00</td>"), "the +02:00 offset is converted to UTC")
        let section = try #require(html.range(of: "id=\"step-features\"")).upperBound
        // 2024-07-04 → 2024-07-05T10:00:00Z is 1 day and 10 hours.
        #expect(html.range(of: "1.41667", range: section..<html.endIndex) != nil)
        #expect(html.range(of: "<td>2024-07-01</td>", range: section..<html.endIndex) != nil)
    }

    @Test func dateMistakesPointAtTheToken() throws {
        let invalid = try Self.project(
            """
            ```step recent
            filter: {from: people, where: "signup >= date(\\"2024-02-30\\")"}
            ```
            """)
        let failed = try QuireProcess.run(["run", "--quiet", "nb.md"], in: invalid.url)
        #expect(failed.status == 2, "check catches it before anything runs")
        #expect(failed.stderr.contains("nb.md:5:"), "\(failed.stderr)")
        #expect(failed.stderr.contains("`2024-02-30` is not a date"), "\(failed.stderr)")
        let number = try Self.project(
            """
            ```step recent
            filter: {from: people, where: "signup > 20240101"}
            ```
            """)
        let compared = try QuireProcess.run(["run", "--quiet", "nb.md"], in: number.url)
        #expect(compared.status == 2)
        #expect(compared.stderr.contains("cannot compare a date with a number"), "\(compared.stderr)")
        #expect(compared.stderr.contains("date(\"2024-01-01\")"), "\(compared.stderr)")
        let part = try Self.project(
            """
            ```step m
            derive: {from: people, columns: {m: "month(zip)"}}
            ```
            """)
        let parted = try QuireProcess.run(["run", "--quiet", "nb.md"], in: part.url)
        #expect(parted.status == 2)
        #expect(parted.stderr.contains("`month` needs a date"), "\(parted.stderr)")
    }

    @Test func failedCastNamesRowAndValue() throws {
        let strict = try Self.project(
            """
            ```step typed
            cast: {from: people, columns: {score: num}}
            ```
            """)
        let failed = try QuireProcess.run(["run", "--quiet", "nb.md"], in: strict.url)
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("nb.md:5:"), "\(failed.stderr)")
        #expect(failed.stderr.contains("row 3: `x` in column `score` is not a number"), "\(failed.stderr)")
        #expect(failed.stderr.contains("errors: null"), "\(failed.stderr)")
        let lenient = try Self.project(
            """
            ```step typed
            cast: {from: people, columns: {score: num, age: int}, errors: null}
            ```
            ```step scores
            select: {from: typed, columns: [score]}
            ```
            """)
        let run = try QuireProcess.run(["run", "--quiet", "nb.md"], in: lenient.url)
        #expect(run.status == 0, "\(run.stderr)")
        let data = try Data(contentsOf: lenient.url.appendingPathComponent("reports/nb.json"))
        let text = try #require(String(data: data, encoding: .utf8))
        #expect(text.contains("\"nulls\""), "the nulls table is in the summary")
        let html = try String(contentsOf: lenient.url.appendingPathComponent("reports/nb.html"), encoding: .utf8)
        #expect(html.contains("became null"))
        // A bare `typed` is the cast frame: `nulls` is only there with `errors: null`.
        #expect(html.contains("id=\"step-scores\""), "a step reads the cast frame by the step's name")
        let whole = try Self.project(
            """
            ```step typed
            cast: {from: people, columns: {score: int}}
            ```
            """)
        let fraction = try QuireProcess.run(["run", "--quiet", "nb.md"], in: whole.url)
        #expect(fraction.stderr.contains("row 1: `1.5` in column `score` is not a whole number"), "\(fraction.stderr)")
        let numbers = try Self.project(
            """
            ```step typed
            cast: {from: people, columns: {age: date}}
            ```
            """)
        let refused = try QuireProcess.run(["run", "--quiet", "nb.md"], in: numbers.url)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("does not turn into dates"), "\(refused.stderr)")
    }

    @Test func loadWithAFormatAndForcedDates() throws {
        let project = try TemporaryDirectory()
        try project.write("", to: "quire.yaml")
        try project.write("id,joined\n1,31/01/2024\n2,29/02/2024\n3,31/02/2024\n", to: "eu.csv")
        try project.write(
            """
            ```step eu
            load: {path: eu.csv, dates: {joined: "%d/%m/%Y"}}
            ```
            """, to: "nb.md")
        let failed = try QuireProcess.run(["run", "--quiet", "nb.md"], in: project.url)
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("eu.csv:4:3"), "\(failed.stderr)")
        #expect(
            failed.stderr.contains("row 3: `31/02/2024` in column `joined` is not a date in the format `%d/%m/%Y`"),
            "\(failed.stderr)")
        try project.write("id,joined\n1,31/01/2024\n2,29/02/2024\n", to: "eu.csv")
        let run = try QuireProcess.run(["run", "--quiet", "nb.md"], in: project.url)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try Self.frames(project)["eu.frame"]?.types["joined"] == "date")
        try project.write(
            """
            ```step eu
            load: {path: eu.csv, dates: {joined: "%d/%q/%Y"}}
            ```
            """, to: "nb.md")
        let pattern = try QuireProcess.run(["run", "--quiet", "nb.md"], in: project.url)
        #expect(pattern.status == 1)
        #expect(pattern.stderr.contains("`%q`, which is not supported"), "\(pattern.stderr)")
    }
}
