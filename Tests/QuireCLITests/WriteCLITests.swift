import Foundation
import TestSupport
import Testing

/// `write` end to end: the CSV file in the output directory, read back by the `load` spelling the
/// step shows to the same frame, kept intact by a failed run, and refused paths at plan time;
/// and the text functions as a filter spells them.
@Suite struct WriteCLITests {
    /// Zip codes that look like numbers, a text value equal to a missing marker, a comma, a quote
    /// and a line break in values, and a column name with a comma and a quote.
    static let csv = #"""
        name,zip,city,"a,""b"
        ann,007,New York,1.5
        bob,10001,"Lyon, FR",-0
        cid,,NA,
        "dan ""d""","02139","two
        lines",1e-300

        """#

    static func project(_ steps: String) throws -> TemporaryDirectory {
        let project = try TemporaryDirectory()
        try project.write("", to: "quire.yaml")
        try project.write(csv, to: "people.csv")
        try project.write(
            """
            ```step people
            load: {path: people.csv, types: {zip: categorical}, missing: [""]}
            ```
            \(steps)
            """, to: "nb.md")
        return project
    }

    /// The first string under `key` anywhere in a JSON document.
    static func find(_ key: String, in object: Any) -> String? {
        if let dictionary = object as? [String: Any] {
            if let value = dictionary[key] as? String { return value }
            for value in dictionary.values { if let found = find(key, in: value) { return found } }
        } else if let array = object as? [Any] {
            for value in array { if let found = find(key, in: value) { return found } }
        }
        return nil
    }

    @Test func writtenFileLoadsBackToTheSameFrame() throws {
        let project = try Self.project(
            """
            ```step shout
            derive: {from: people, columns: {loud: "upper(concat(name, \\"!\\"))"}}
            ```
            ```step saved
            write: {from: shout, path: tables/people.csv}
            ```
            """)
        let run = try QuireProcess.run(["run", "--quiet", "--output", "out", "nb.md"], in: project.url)
        #expect(run.status == 0, "\(run.stderr)")
        let file = project.url.appendingPathComponent("out/tables/people.csv")
        let written = try Data(contentsOf: file)
        let text = String(decoding: written, as: UTF8.self)
        #expect(text.hasPrefix("name,zip,city,\"a,\"\"b\",loud\n"), "\(text)")
        #expect(text.contains("\"two\nlines\""))
        #expect(!text.contains("\r"))
        // The summary names the `load` that reads it back: zip is text, and "NA" is a value.
        let summary = try JSONSerialization.jsonObject(
            with: Data(contentsOf: project.url.appendingPathComponent("out/nb.json")))
        let load = try #require(Self.find("load", in: summary))
        #expect(load.contains("types: {zip: categorical}"), "\(load)")
        #expect(load.contains("missing: [\"\"]"), "\(load)")
        // The report links the file and says what it holds.
        let html = try String(contentsOf: project.url.appendingPathComponent("out/nb.html"), encoding: .utf8)
        #expect(html.contains("<a href=\"./tables/people.csv\"><code>tables/people.csv</code></a>"))
        #expect(html.contains("4 rows × 5 columns · \(written.count) bytes"), "\(html)")
        // A second notebook in the output directory (where the path starts) loads it with that spelling and writes it again:
        // the same frame gives the same bytes.
        try project.write(
            """
            ```step back
            \(load)
            ```
            ```step again
            write: {from: back, path: again.csv}
            ```
            """, to: "out/back.md")
        let second = try QuireProcess.run(
            ["run", "--quiet", "--output", "out2", "out/back.md"], in: project.url)
        #expect(second.status == 0, "\(second.stderr) \(load)")
        let again = try Data(contentsOf: project.url.appendingPathComponent("out2/again.csv"))
        #expect(again == written)
        let summary2 = try JSONSerialization.jsonObject(
            with: Data(contentsOf: project.url.appendingPathComponent("out2/back.json")))
        #expect(
            Self.find("load", in: summary2) == load.replacingOccurrences(of: "tables/people.csv", with: "again.csv"))
    }

    @Test func failedRunKeepsThePreviousFile() throws {
        let project = try Self.project(
            """
            ```step saved
            write: {from: people, path: people.csv}
            ```
            """)
        let first = try QuireProcess.run(["run", "--quiet", "--output", "out", "nb.md"], in: project.url)
        #expect(first.status == 0, "\(first.stderr)")
        let file = project.url.appendingPathComponent("out/people.csv")
        let good = try Data(contentsOf: file)
        // The data goes bad: the load fails, the write does not run, the old file stays.
        try project.write("name,zip\nann,1,extra\n", to: "people.csv")
        let failed = try QuireProcess.run(["run", "--quiet", "--output", "out", "nb.md"], in: project.url)
        #expect(failed.status == 1)
        #expect(try Data(contentsOf: file) == good)
        let leftovers = try FileManager.default.contentsOfDirectory(
            atPath: project.url.appendingPathComponent("out").path
        )
        .filter { $0.hasPrefix(".") || $0.contains("tmp") }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }

    @Test func pathsOutsideTheOutputAreRefusedAtCheck() throws {
        for (path, message) in [
            ("../x.csv", "leaves the output directory"), ("/tmp/x.csv", "is absolute"),
            ("x.txt", "does not end in `.csv`"),
        ] {
            let project = try Self.project(
                """
                ```step saved
                write: {from: people, path: \(path)}
                ```
                """)
            let checked = try QuireProcess.run(["check", "nb.md"], in: project.url)
            #expect(checked.status == 2)
            #expect(checked.stderr.contains("nb.md:5:29: error: '\(path)' \(message)"), "\(checked.stderr)")
            #expect(checked.stderr.contains("[write-path]"), "\(checked.stderr)")
        }
        let twice = try Self.project(
            """
            ```step a
            write: {from: people, path: x.csv}
            ```
            ```step b
            write: {from: people, path: x.csv}
            ```
            """)
        let checked = try QuireProcess.run(["check", "nb.md"], in: twice.url)
        #expect(checked.status == 2)
        #expect(checked.stderr.contains("nb.md:8:"), "\(checked.stderr)")
        #expect(checked.stderr.contains("already written by step 'a'"), "\(checked.stderr)")
    }

    @Test func frameWithoutColumnsFailsTheStep() throws {
        let project = try Self.project(
            """
            ```step none
            drop: {from: people, columns: [name, zip, city, "a,\\"b"]}
            ```
            ```step saved
            write: {from: none, path: none.csv}
            ```
            """)
        let run = try QuireProcess.run(["run", "--quiet", "--output", "out", "nb.md"], in: project.url)
        #expect(run.status == 1)
        #expect(run.stderr.contains("no columns"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: project.url.appendingPathComponent("out/none.csv").path))
    }

    @Test func reportEscapesThePath() throws {
        let project = try Self.project(
            """
            ```step saved
            write: {from: people, path: "a&b <x>.csv"}
            ```
            """)
        let run = try QuireProcess.run(["run", "--quiet", "--output", "out", "nb.md"], in: project.url)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(FileManager.default.fileExists(atPath: project.url.appendingPathComponent("out/a&b <x>.csv").path))
        let html = try String(contentsOf: project.url.appendingPathComponent("out/nb.html"), encoding: .utf8)
        #expect(html.contains("<a href=\"./a%26b%20%3Cx%3E.csv\"><code>a&amp;b &lt;x&gt;.csv</code></a>"))
        #expect(html.contains("load: {path: &quot;a&amp;b &lt;x&gt;.csv&quot;"), "\(html)")
    }

    @Test func filterWithContainsLowerAsTheDesignSpellsIt() throws {
        let project = try Self.project(
            """
            ```step yorkers
            filter: {from: people, where: "contains(lower(city), \\"york\\")"}
            ```
            """)
        let run = try QuireProcess.run(["run", "--quiet", "--output", "out", "nb.md"], in: project.url)
        #expect(run.status == 0, "\(run.stderr)")
        let summary = try String(contentsOf: project.url.appendingPathComponent("out/nb.json"), encoding: .utf8)
        #expect(summary.contains("\"rows\": 1") || summary.contains("\"rows\":1"), "\(summary)")
    }

    @Test func foreignOperatorsAndBadPatternsFailCheckAtTheirColumn() throws {
        let project = try Self.project(
            """
            ```step squared
            derive: {from: people, columns: {z: "length(name) ** 2"}}
            ```
            ```step zips
            filter: {from: people, where: "matches(zip, '(?=0)')"}
            ```
            """)
        let checked = try QuireProcess.run(["check", "nb.md"], in: project.url)
        #expect(checked.status == 2)
        #expect(
            checked.stderr.contains(
                "nb.md:5:51: error: in `length(name) ** 2`: `**` is not an operator [bad-expression]"),
            "\(checked.stderr)")
        #expect(checked.stderr.contains("hint: for a power write `pow(x, y)`"), "\(checked.stderr)")
        #expect(checked.stderr.contains("nb.md:8:46: error:"), "\(checked.stderr)")
        #expect(checked.stderr.contains("invalid regular expression"), "\(checked.stderr)")
    }
}
