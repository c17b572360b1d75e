import Foundation
import TestSupport
import Testing

/// `quire score` and exported models that take raw rows: the same rows scored by `predict` in the
/// notebook, by `load_model` + `predict` in another notebook, and by `quire score` agree bit for
/// bit; chunking and threads change nothing; bad input gets a diagnostic at its place and a
/// documented exit code, and leaves no half-written output.
@Suite struct ScoreCLITests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// derive (with a column the model does not use, reading a column nothing else reads), a
    /// split, a standalone imputer, a model, its predictions on the test rows, and the export
    /// behind the derive and the imputer.
    static let notebook = """
        ```step customers
        load: churn.csv
        ```

        ```step features
        derive:
          from: customers
          columns:
            yearly_charges: monthly_charges * 12
            calls_per_year: support_calls * 4
            tenure_years: tenure / 12
            unused: concat(payment_method, "!")
        ```

        ```step split
        split: {from: features, test_size: 0.3, stratify: churned, seed: 5}
        ```

        ```step imp
        impute: {fit: split.train, apply: [split.train, split.test], columns: [monthly_charges, yearly_charges], strategy: median}
        ```

        ```step model
        train: {data: imp.train, algorithm: logistic_regression, target: churned, features: [tenure_years, yearly_charges, contract, calls_per_year, senior], preprocess: [one_hot, standardize]}
        ```

        ```step scored
        predict: {model: model, data: imp.test}
        ```

        ```step scored_file
        write: {from: scored, path: scored.csv}
        ```

        ```step raw_file
        write: {from: split.test, path: raw-test.csv}
        ```

        ```step release
        export: {model: model, name: churn-raw, transforms: [features.transform, imp.transform]}
        ```

        """

    static func project(_ steps: String = notebook) throws -> TemporaryDirectory {
        let project = try TemporaryDirectory()
        try project.write("", to: "quire.yaml")
        let churn = try String(
            contentsOf: repository.appendingPathComponent("notebooks/data/churn.csv"), encoding: .utf8)
        try project.write(churn, to: "churn.csv")
        try project.write(steps, to: "nb.md")
        return project
    }

    /// A project whose notebook ran: `reports/models/churn-raw.json`, `reports/raw-test.csv`.
    static func ranProject() throws -> TemporaryDirectory {
        let project = try project()
        let run = try QuireProcess.run(["run", "--quiet", "nb.md"], in: project.url)
        try #require(run.status == 0, "\(run.stderr)")
        return project
    }

    /// The CSV as rows of fields (no quoted fields in these files).
    static func table(_ url: URL) throws -> [[String]] {
        try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
    }

    /// The named columns of a CSV file, as text: equal text is equal bits, since numbers are
    /// written in the shortest form that reads back to the same double.
    static func columns(_ names: [String], of url: URL) throws -> [[String]] {
        let rows = try table(url)
        let header = try #require(rows.first)
        let indices = try names.map { name in try #require(header.firstIndex(of: name), "\(name) in \(header)") }
        return rows.dropFirst().map { row in indices.map { row[$0] } }
    }

    static let outputs = ["prediction", "probability_0", "probability_1"]

    @Test func scoresRawRowsLikePredictInANotebook() throws {
        let project = try Self.ranProject()
        let model = project.url.appendingPathComponent("reports/models/churn-raw.json")
        let file = try String(contentsOf: model, encoding: .utf8)
        #expect(file.contains("\"kind\":\"derive\"") && file.contains("\"version\":3"))
        // The derived column the model does not use is left out, and with it the column it reads.
        #expect(!file.contains("unused"))
        let inputs = try QuireProcess.run(["score", "--inputs", "reports/models/churn-raw.json"], in: project.url)
        #expect(inputs.status == 0, "\(inputs.stderr)")
        #expect(
            inputs.stdout
                == "monthly_charges\tnumeric\nsupport_calls\tnumeric\ntenure\tnumeric\ncontract\tcategorical\nsenior\tnumeric\n"
        )
        // quire score on the raw test rows (which also hold columns the model does not read).
        let scored = try QuireProcess.run(
            ["score", "reports/models/churn-raw.json", "reports/raw-test.csv", "-o", "scored.csv"], in: project.url)
        #expect(scored.status == 0, "\(scored.stderr)")
        #expect(scored.stdout == "reports/raw-test.csv: 300 rows scored → scored.csv\n")
        let fromScore = try Self.columns(Self.outputs, of: project.url.appendingPathComponent("scored.csv"))
        let fromNotebook = try Self.columns(
            Self.outputs, of: project.url.appendingPathComponent("reports/scored.csv"))
        #expect(fromScore.count == 300)
        #expect(fromScore == fromNotebook)
        // The input columns are the raw ones, as the notebook's test rows hold them.
        let names = ["monthly_charges", "support_calls", "tenure", "contract", "senior"]
        #expect(
            try Self.table(project.url.appendingPathComponent("scored.csv")).first == names + Self.outputs)
        #expect(
            try Self.columns(names, of: project.url.appendingPathComponent("scored.csv"))
                == Self.columns(names, of: project.url.appendingPathComponent("reports/raw-test.csv")))
        // load_model + predict in another notebook, on the same raw rows.
        try project.write(
            """
            ```step raw
            load: reports/raw-test.csv
            ```

            ```step loaded
            load_model: reports/models/churn-raw.json
            ```

            ```step served
            predict: {model: loaded, data: raw}
            ```

            ```step served_file
            write: {from: served, path: served.csv}
            ```
            """, to: "serve.md")
        let served = try QuireProcess.run(["run", "--quiet", "-o", "served", "serve.md"], in: project.url)
        #expect(served.status == 0, "\(served.stderr)")
        #expect(
            try Self.columns(Self.outputs, of: project.url.appendingPathComponent("served/served.csv")) == fromScore)
    }

    @Test func chunksAndThreadsDoNotChangeTheOutput() throws {
        let project = try Self.ranProject()
        var outputs: [Data] = []
        for (chunk, threads) in [(1, 1), (7, 2), (100_000, 3), (65_536, 1)] {
            let run = try QuireProcess.run(
                [
                    "score", "reports/models/churn-raw.json", "churn.csv", "-o", "s.csv", "--chunk-rows", "\(chunk)",
                    "--threads", "\(threads)",
                ], in: project.url)
            #expect(run.status == 0, "\(run.stderr)")
            outputs.append(try Data(contentsOf: project.url.appendingPathComponent("s.csv")))
        }
        let stdout = try QuireProcess.run(
            ["score", "reports/models/churn-raw.json", "churn.csv", "-o", "-", "--chunk-rows", "13"], in: project.url)
        #expect(stdout.status == 0, "\(stdout.stderr)")
        outputs.append(Data(stdout.stdout.utf8))
        #expect(outputs[0].count > 10_000)
        for output in outputs.dropFirst() { #expect(output == outputs[0]) }
        #expect(try Self.table(project.url.appendingPathComponent("s.csv")).count == 1001)
    }

    /// Every bad input: its message at its place, its exit code, and the output left as it was.
    @Test func badInputIsReportedAndWritesNothing() throws {
        let project = try Self.ranProject()
        let churn = try String(contentsOf: project.url.appendingPathComponent("churn.csv"), encoding: .utf8)
        var lines = churn.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        func edited(_ line: Int, field: Int, to value: String) -> String {
            var copy = lines
            var fields = copy[line - 1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            fields[field] = value
            copy[line - 1] = fields.joined(separator: ",")
            return copy.joined(separator: "\n")
        }
        try project.write(edited(500, field: 5, to: "two"), to: "kind.csv")
        try project.write(edited(700, field: 6, to: ""), to: "missing.csv")
        lines[0] = lines[0].replacingOccurrences(of: ",tenure,", with: ",tenur,")
        try project.write(lines.joined(separator: "\n"), to: "renamed.csv")
        let model = try String(
            contentsOf: project.url.appendingPathComponent("reports/models/churn-raw.json"), encoding: .utf8)
        try project.write(model.replacingOccurrences(of: "\"version\":3", with: "\"version\":4"), to: "newer.json")
        try project.write("{\"hello\": 1}", to: "other.json")
        let cases: [(arguments: [String], status: Int32, message: String)] = [
            (["kind.csv"], 64, "kind.csv:500:41: error: `two` in column `support_calls` is not a number"),
            (["missing.csv"], 64, "missing.csv:700:41: error: row 699: `senior` is missing"),
            (["renamed.csv"], 64, "renamed.csv:1:1: error: the file has no column `tenure`, which the model reads"),
            (["nothere.csv"], 64, "nothere.csv:1:1: error: cannot open the file"),
            (
                ["churn.csv", "newer.json"], 64,
                "newer.json: error: model format version 4 is newer than this Quire reads (3)"
            ),
            (["churn.csv", "other.json"], 64, "other.json: error: this is not a Quire model file"),
            (["churn.csv", "nothere.json"], 64, "nothere.json: error: cannot read the model file"),
            (
                ["churn.csv", "reports/models/churn-raw.json", "no/such/dir.csv"], 74,
                "error: cannot write no/such/dir.csv"
            ),
        ]
        for (arguments, status, message) in cases {
            try project.write("previous\n", to: "out.csv")
            let data = arguments[0]
            let model = arguments.count > 1 ? arguments[1] : "reports/models/churn-raw.json"
            let output = arguments.count > 2 ? arguments[2] : "out.csv"
            let run = try QuireProcess.run(
                ["score", model, data, "-o", output, "--chunk-rows", "1"], in: project.url)
            #expect(run.status == status, "\(arguments): \(run.stderr)")
            #expect(run.stderr.contains(message), "\(run.stderr)")
            #expect(!run.crashed)
            #expect(
                try String(contentsOf: project.url.appendingPathComponent("out.csv"), encoding: .utf8) == "previous\n")
            let left = try FileManager.default.contentsOfDirectory(atPath: project.url.path).filter {
                $0.hasSuffix(".tmp")
            }
            #expect(left.isEmpty, "\(left)")
        }
        #expect(
            try QuireProcess.run(
                ["score", "reports/models/churn-raw.json", "renamed.csv", "-o", "o.csv"], in: project.url
            )
            .stderr.contains("did you mean `tenur`?"))
        let usage = try QuireProcess.run(["score", "reports/models/churn-raw.json", "churn.csv"], in: project.url)
        #expect(usage.status == 64 && usage.stderr.contains("-o FILE"), "\(usage.stderr)")
        let zero = try QuireProcess.run(
            ["score", "reports/models/churn-raw.json", "churn.csv", "-o", "x.csv", "--chunk-rows", "0"], in: project.url
        )
        #expect(zero.status == 64, "\(zero.stderr)")
    }

    /// Ctrl-C half-way removes the temporary file and leaves no output; the process ends as
    /// interrupted (a shell sees 130).
    @Test func anInterruptedScoreLeavesNothingBehind() throws {
        let project = try Self.ranProject()
        let raw = try String(contentsOf: project.url.appendingPathComponent("reports/raw-test.csv"), encoding: .utf8)
        var lines = raw.split(separator: "\n")
        let header = lines.removeFirst()
        let body = lines.joined(separator: "\n") + "\n"
        try project.write(header + "\n" + String(repeating: body, count: 2_000), to: "big.csv")
        let process = Process()
        process.executableURL = QuireProcess.binary
        process.arguments = [
            "score", "reports/models/churn-raw.json", "big.csv", "-o", "big-scored.csv", "--chunk-rows", "7",
        ]
        process.currentDirectoryURL = project.url
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let temporary = project.url.appendingPathComponent(".big-scored.csv.\(process.processIdentifier).tmp")
        var seen = false
        for _ in 0..<6_000 where process.isRunning {
            if FileManager.default.fileExists(atPath: temporary.path) {
                seen = true
                break
            }
            usleep(5_000)
        }
        try #require(seen, "the temporary file appeared while scoring")
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGINT)
        #expect(!FileManager.default.fileExists(atPath: temporary.path))
        #expect(!FileManager.default.fileExists(atPath: project.url.appendingPathComponent("big-scored.csv").path))
    }

    @Test func aWindowedDeriveIsRefusedAtExport() throws {
        let project = try Self.project(
            """
            ```step customers
            load: churn.csv
            ```

            ```step features
            derive:
              from: customers
              order: [tenure]
              columns:
                yearly_charges: monthly_charges * 12
                previous: lag(support_calls)
            ```

            ```step model
            train: {data: features, algorithm: logistic_regression, target: churned, features: [tenure, senior], preprocess: [impute]}
            ```

            ```step release
            export: {model: model, name: windowed, transforms: [features.transform]}
            ```
            """)
        let run = try QuireProcess.run(["run", "nb.md"], in: project.url)
        #expect(run.status == 1, "\(run.stderr)")
        // At the reference in `transforms`, with the window function and the column named.
        #expect(
            run.stderr.contains(
                "nb.md:19:53: error: step 'release' failed: `features` computes `previous` with the window function `lag`, whose value depends on other rows"
            ), "\(run.stderr)")
        #expect(run.stderr.contains("hint: move the window columns into a `derive` step of their own"), "\(run.stderr)")
    }

    /// Every command of docs/scoring.md, as written, on its example notebook.
    @Test func documentedCommandsWork() throws {
        let docs = try String(contentsOf: Self.repository.appendingPathComponent("docs/scoring.md"), encoding: .utf8)
        let notebook = try #require(docs.components(separatedBy: "````markdown\n").dropFirst().first)
        let project = try TemporaryDirectory()
        try project.write("", to: "quire.yaml")
        try project.write(try #require(notebook.components(separatedBy: "````").first), to: "scoring.md")
        try FileManager.default.createDirectory(
            at: project.url.appendingPathComponent("data"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: Self.repository.appendingPathComponent("notebooks/data/churn.csv"),
            to: project.url.appendingPathComponent("data/churn.csv"))
        var commands: [String] = []
        for block in docs.components(separatedBy: "```sh\n").dropFirst() {
            for line in (block.components(separatedBy: "```").first ?? "").split(separator: "\n") {
                commands.append(String(line))
            }
        }
        #expect(commands.count >= 5)
        let bin = QuireProcess.binary.deletingLastPathComponent().path
        var printed = ""
        for command in commands {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/bash")
            process.arguments = ["-eo", "pipefail", "-c", command]
            process.currentDirectoryURL = project.url
            process.environment = ["PATH": bin + ":/usr/bin:/bin", "NO_COLOR": "1"]
            let out = Pipe()
            process.standardOutput = out
            process.standardError = out
            try process.run()
            let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "\(command): \(text)")
            printed += text
        }
        // What the page shows is what the commands print.
        let inputs = try #require(docs.components(separatedBy: "in the order they\nare first read):\n\n```\n").last)
        #expect(printed.contains(try #require(inputs.components(separatedBy: "```").first)), "\(printed)")
        let header = "monthly_charges,support_calls,tenure,contract,senior,prediction,probability_0,probability_1\n"
        #expect(docs.contains(header) && printed.contains(header + "105.23,0.0,11.0,month-to-month,0.0,"))
        // The help says what the page says.
        let help = try QuireProcess.run(["score", "--help"])
        for option in ["--chunk-rows", "--threads", "--inputs", "-o, --output"] {
            #expect(help.stdout.contains(option), "\(help.stdout)")
            #expect(docs.contains("`\(option.components(separatedBy: ", ").first ?? option)"), "\(option)")
        }
    }
}
