import Foundation
import TestSupport
import Testing

/// `quire check` knows the columns: a misspelt column, a type mismatch or an unknown function
/// is reported at its position before anything runs, with "did you mean"; a feature `one_hot`
/// would blow up is a warning.
@Suite struct CheckColumnsCLITests {
    static let csv = """
        name,grade,city
        ann,2,Paris
        bob,,Lyon
        cid,3,
        dan,2,Nice
        eve,3,Lyon
        fay,1,Paris

        """

    static let load = """
        ```step people
        load: people.csv
        ```

        """

    /// A project with people.csv and a notebook of the load step followed by `steps`.
    static func project(_ steps: String, csv: String = csv, file: String = "people.csv") throws -> TemporaryDirectory {
        let project = try TemporaryDirectory()
        try project.write("", to: "quire.yaml")
        try project.write(csv, to: file)
        try project.write(load + steps, to: "nb.md")
        return project
    }

    /// `nb.md:LINE:COL` of the first `token` in `steps` (after the load step), counted in characters.
    static func position(of token: String, in steps: String) -> String {
        let lines = (load + steps).components(separatedBy: "\n")
        for (index, line) in lines.enumerated() where index >= 3 {
            if let range = line.range(of: token) {
                return "nb.md:\(index + 1):\(line.distance(from: line.startIndex, to: range.lowerBound) + 1):"
            }
        }
        return "not found"
    }

    /// Checks the notebook made of `steps`; expects an error at `token` with `message` and `hint`.
    static func expectError(
        _ steps: String, at token: String, _ message: String, hint: String, id: String = "unknown-column",
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let project = try project(steps)
        let check = try QuireProcess.run(["check", "nb.md"], in: project.url)
        #expect(check.status == 2, "\(check.stderr)", sourceLocation: sourceLocation)
        let expected = "\(position(of: token, in: steps)) error: "
        #expect(
            check.stderr.contains(expected), "expected \(expected)\n\(check.stderr)", sourceLocation: sourceLocation)
        #expect(check.stderr.contains(message), "\(check.stderr)", sourceLocation: sourceLocation)
        #expect(check.stderr.contains("[\(id)]"), "\(check.stderr)", sourceLocation: sourceLocation)
        #expect(check.stderr.contains("hint: \(hint)"), "\(check.stderr)", sourceLocation: sourceLocation)
        // `run` refuses it too, before running anything: no report.
        let run = try QuireProcess.run(["run", "--quiet", "nb.md"], in: project.url)
        #expect(run.status == 2, "\(run.stderr)", sourceLocation: sourceLocation)
        #expect(
            !FileManager.default.fileExists(atPath: project.url.appendingPathComponent("reports/nb.html").path),
            sourceLocation: sourceLocation)
    }

    @Test func misspeltColumnInAnExpression() throws {
        try Self.expectError(
            """
            ```step kept
            filter: {from: people, where: "grade > 1 and citty == \\"Paris\\""}
            ```
            """, at: "citty", "no column named `citty`", hint: "did you mean `city`?")
        try Self.expectError(
            """
            ```step more
            derive:
              from: people
              columns: {double: grade * 2, half: grde / 2}
            ```
            """, at: "grde", "no column named `grde`", hint: "did you mean `grade`?")
    }

    @Test func misspeltColumnInAListIsAtItsElement() throws {
        for (op, parameter) in [("select", "columns"), ("drop", "columns"), ("sort", "by")] {
            try Self.expectError(
                """
                ```step next
                \(op): {from: people, \(parameter): [name, gade]}
                ```
                """, at: "gade", "'gade' is not a column of the frame", hint: "did you mean 'grade'?")
        }
        try Self.expectError(
            """
            ```step renamed
            rename: {from: people, columns: {grade: level, ctiy: town}}
            ```
            """, at: "ctiy", "'ctiy' is not a column", hint: "did you mean 'city'?")
    }

    @Test func misspeltColumnOfSplitTrainAndDrift() throws {
        try Self.expectError(
            """
            ```step parts
            split: {from: people, test_size: 0.5, stratify: ctiy}
            ```
            """, at: "ctiy", "`stratify`: 'ctiy' is not a column", hint: "did you mean 'city'?")
        try Self.expectError(
            """
            ```step model
            train: {data: people, algorithm: linear_regression, target: grades}
            ```
            """, at: "grades", "`target`: 'grades' is not a column", hint: "did you mean 'grade'?")
        try Self.expectError(
            """
            ```step model
            train:
              data: people
              algorithm: logistic_regression
              target: city
              features: [grade, nmae]
            ```
            """, at: "nmae", "`features`: 'nmae' is not a column", hint: "did you mean 'name'?")
        try Self.expectError(
            """
            ```step shifted
            drift: {reference: people, current: people, include: [grade, ctiy]}
            ```
            """, at: "ctiy", "`include`: 'ctiy' is not a column", hint: "did you mean 'city'?")
    }

    @Test func typeMismatchesAndUnknownFunctions() throws {
        try Self.expectError(
            """
            ```step kept
            filter: {from: people, where: "city > 2"}
            ```
            """, at: ">", "`>` compares numbers; `city` is a text (categorical) column",
            hint: "text can be compared with `==`, `!=` or `in [...]`", id: "expression-type")
        try Self.expectError(
            """
            ```step kept
            filter: {from: people, where: "grade == \\"2\\""}
            ```
            """, at: "==", "cannot compare a number with a string", hint: "quote text values", id: "expression-type")
        try Self.expectError(
            """
            ```step kept
            filter: {from: people, where: "grade + 1"}
            ```
            """, at: "grade + 1", "the expression gives a number, not a boolean", hint: "a filter keeps rows",
            id: "expression-type")
        try Self.expectError(
            """
            ```step more
            derive: {from: people, columns: {root: sqr(grade)}}
            ```
            """, at: "sqr", "unknown function `sqr`", hint: "did you mean `sqrt`?", id: "bad-expression")
    }

    @Test func columnsAddedUpstreamAreKnown() throws {
        let project = try Self.project(
            """
            ```step more
            derive: {from: people, columns: {double: grade * 2, label: "if(grade > 1, city, name)"}}
            ```
            ```step named
            rename: {from: more, columns: {double: twice}}
            ```
            ```step kept
            filter: {from: named, where: "twice > 2 and label != \\"x\\""}
            ```
            ```step parts
            split: {from: kept, test_size: 0.5, seed: 1}
            ```
            ```step picked
            select: {from: parts.train, columns: [twice, label, city]}
            ```
            """)
        let check = try QuireProcess.run(["check", "nb.md"], in: project.url)
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stderr.isEmpty, "\(check.stderr)")
        // A column the derive made text is text: comparing it with a number is an error.
        let text = try Self.project(
            """
            ```step more
            derive: {from: people, columns: {label: "if(grade > 1, city, name)"}}
            ```
            ```step kept
            filter: {from: more, where: "label > 1"}
            ```
            """)
        let mismatch = try QuireProcess.run(["check", "nb.md"], in: text.url)
        #expect(mismatch.status == 2)
        #expect(mismatch.stderr.contains("`label` is a text (categorical) column"), "\(mismatch.stderr)")
    }

    @Test func expectationsOnMissingColumnsWarn() throws {
        let steps = """
            ```step quality
            expect:
              from: people
              expectations:
                - not_null: {column: grdae}
                - column_exists: {column: age}
            ```
            """
        let project = try Self.project(steps)
        let check = try QuireProcess.run(["check", "nb.md"], in: project.url)
        #expect(check.status == 0, "the run accepts it: the expectation fails\n\(check.stderr)")
        let expected = "\(Self.position(of: "grdae", in: steps)) warning: `not_null`: 'grdae' is not a column"
        #expect(check.stderr.contains(expected), "\(check.stderr)")
        #expect(check.stderr.contains("did you mean 'grade'?"), "\(check.stderr)")
        #expect(!check.stderr.contains("'age'"), "column_exists tests exactly that")
    }

    @Test func unknownWhenTheFileCannotTell() throws {
        // The file is missing: `check` passes, the run reports the file.
        let missing = try Self.project(
            """
            ```step kept
            filter: {from: people, where: "nothing > 1"}
            ```
            """, file: "other.csv")
        let check = try QuireProcess.run(["check", "nb.md"], in: missing.url)
        #expect(check.status == 0, "\(check.stderr)")
        // Past the first 64 KiB a column of numbers turns to text: `check` must not refuse what
        // the run accepts (the sample showed numbers only, so the kind is unknown).
        var rows = "id,code\n"
        for index in 0..<10_000 { rows += "\(index),\(index % 97)\n" }
        rows += "10000,abc\n"
        let large = try Self.project(
            """
            ```step kept
            filter: {from: people, where: "code == \\"abc\\""}
            ```
            ```step typo
            select: {from: kept, columns: [id, cdoe]}
            ```
            """, csv: rows)
        let sampled = try QuireProcess.run(["check", "nb.md"], in: large.url)
        #expect(sampled.status == 2)
        #expect(!sampled.stderr.contains("code == "), "the comparison may hold: \(sampled.stderr)")
        #expect(sampled.stderr.contains("did you mean 'code'?"), "names are known all the same: \(sampled.stderr)")
    }

    static func idProject() throws -> TemporaryDirectory {
        var rows = "customer_id,plan,tenure,churned\n"
        for index in 0..<150 {
            rows += "C\(1000 + index),\(["basic", "pro"][index % 2]),\(index % 37),\(index % 3 == 0 ? 1 : 0)\n"
        }
        return try project(
            """
            ```step model
            train:
              data: people
              algorithm: logistic_regression
              target: churned
              preprocess: [one_hot, standardize]
            ```
            """, csv: rows)
    }

    @Test func oneHotOfAnIdentifierIsAWarning() throws {
        let project = try Self.idProject()
        let check = try QuireProcess.run(["check", "nb.md"], in: project.url)
        #expect(check.status == 0, "warnings only\n\(check.stderr)")
        #expect(
            check.stderr.contains(
                "nb.md:9:16: warning: `customer_id` has 150 distinct values in the 150 rows `check` read; "
                    + "one_hot would turn it into that many columns [many-categories]"), "\(check.stderr)")
        #expect(check.stderr.contains("hint: an identifier is not a feature"), "\(check.stderr)")
        let strict = try QuireProcess.run(["check", "--strict", "nb.md"], in: project.url)
        #expect(strict.status == 2)
        // Naming the features leaves it out: no warning.
        let named = try Self.project(
            """
            ```step model
            train:
              data: people
              algorithm: logistic_regression
              target: churned
              features: [plan, tenure]
              preprocess: [one_hot, standardize]
            ```
            """, csv: try String(contentsOf: project.url.appendingPathComponent("people.csv"), encoding: .utf8))
        let clean = try QuireProcess.run(["check", "nb.md"], in: named.url)
        #expect(clean.status == 0 && clean.stderr.isEmpty, "\(clean.stderr)")
    }

    @Test func oneHotOfAnIdentifierWarnsWhenTraining() throws {
        let project = try Self.idProject()
        let run = try QuireProcess.run(["run", "--quiet", "nb.md"], in: project.url)
        #expect(run.status == 0, "\(run.stderr)")
        let message =
            "`customer_id` has 150 distinct values in 150 training rows; one_hot turned it into that many columns"
        #expect(run.stderr.contains("model: " + message), "on stderr, with the step: \(run.stderr)")
        let html = try String(contentsOf: project.url.appendingPathComponent("reports/nb.html"), encoding: .utf8)
        #expect(html.contains("<code>customer_id</code>") || html.contains("customer_id` has 150"), "in the report")
        #expect(html.contains("has 150 distinct values in 150 training rows"), "on the model card")
    }

    @Test func exampleNotebooksCheckClean() throws {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("notebooks")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".md") }
            .sorted()
        #expect(!names.isEmpty)
        for name in names {
            let check = try QuireProcess.run(["check", directory.appendingPathComponent(name).path])
            #expect(check.status == 0, "\(name): \(check.stderr)")
            #expect(check.stderr.isEmpty, "\(name): \(check.stderr)")
        }
    }
}
