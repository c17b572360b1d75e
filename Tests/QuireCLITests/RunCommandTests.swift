import Foundation
import TestSupport
import Testing

/// `quire run`, `explain`, `graph`, `ops` and `cache` end to end, plus the cache's reliability
/// under kills and concurrent runs.
@Suite(.tags(.slow)) struct RunCommandTests {
    static let csv =
        "id,age,income,city,label\n"
        + (1...200).map { i in
            "\(i),\(20 + i % 50),\(30000 + (i * 7919) % 50000),\(["Paris", "Lyon", "Nice"][i % 3]),\(i % 2)"
        }.joined(separator: "\n") + "\n"

    static let notebook = """
        ---
        title: Prep
        params: {seed: 5, min_age: 30}
        ---
        # Prep

        ```step people
        load: data/people.csv
        ```

        ```step adults
        filter: {from: people, where: "age >= ${params.min_age}"}
        ```

        ```step split
        split: {from: adults, test_size: 0.25, stratify: label, seed: "${params.seed}"}
        ```

        ```step summary
        profile: split.train
        ```
        """

    static func project(_ notebook: String = notebook) throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory()
        try FileManager.default.createDirectory(
            at: directory.url.appendingPathComponent(".git"), withIntermediateDirectories: true)
        try directory.write(csv, to: "data/people.csv")
        try directory.write(notebook, to: "nb.md")
        return directory
    }

    static func json(_ directory: TemporaryDirectory, _ path: String = "reports/nb.json") throws -> [String: Any] {
        let data = try Data(contentsOf: directory.url.appendingPathComponent(path))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func statuses(_ json: [String: Any]) -> [String] {
        ((json["steps"] as? [[String: Any]]) ?? []).map { $0["status"] as? String ?? "?" }
    }

    @Test func runWritesReportAndSummaryThenCaches() throws {
        let project = try Self.project()
        let first = try QuireProcess.run(["run", "nb.md"], in: project.url)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("4 ran"))
        let json = try Self.json(project)
        #expect(Self.statuses(json) == ["ok", "ok", "ok", "ok"])
        #expect(json["status"] as? String == "ok")
        let html = try String(contentsOf: project.url.appendingPathComponent("reports/nb.html"), encoding: .utf8)
        #expect(html.contains("class=\"badge ok\""))
        let second = try QuireProcess.run(["run", "nb.md"], in: project.url)
        #expect(second.status == 0)
        #expect(Self.statuses(try Self.json(project)) == ["cached", "cached", "cached", "cached"])
    }

    @Test func failingStepExitsOneAndStillWritesTheReport() throws {
        // A test set larger than the rows: only the data can refuse it (a misspelt column would be
        // refused by `check`, before anything runs).
        let project = try Self.project(
            Self.notebook.replacingOccurrences(of: "test_size: 0.25", with: "test_size: 500"))
        let output = try QuireProcess.run(["run", "nb.md"], in: project.url)
        #expect(output.status == 1)
        #expect(output.stderr.contains("nb.md:16:34: error: step 'split' failed"), "\(output.stderr)")
        let json = try Self.json(project)
        #expect(Self.statuses(json) == ["ok", "ok", "failed", "not-run"])
        let steps = try #require(json["steps"] as? [[String: Any]])
        let error = try #require(steps[2]["error"] as? [String: Any])
        #expect(error["line"] as? Int == 16)
        #expect(error["column"] as? Int == 34)
        let html = try String(contentsOf: project.url.appendingPathComponent("reports/nb.html"), encoding: .utf8)
        #expect(html.contains("Not run because of it: summary"))
    }

    @Test func frozenRunsNothingAndListsStaleSteps() throws {
        let project = try Self.project()
        #expect(try QuireProcess.run(["run", "nb.md"], in: project.url).status == 0)
        let report = try Data(contentsOf: project.url.appendingPathComponent("reports/nb.html"))
        let current = try QuireProcess.run(["run", "--frozen", "nb.md"], in: project.url)
        #expect(current.status == 0)
        let stale = try QuireProcess.run(["run", "--frozen", "-p", "seed=6", "nb.md"], in: project.url)
        #expect(stale.status == 4)
        #expect(stale.stderr.contains("split: parameter seed changed"))
        #expect(stale.stderr.contains("summary: input from 'split', which will run"))
        #expect(try Data(contentsOf: project.url.appendingPathComponent("reports/nb.html")) == report)
    }

    @Test func explainNamesTheChangedComponent() throws {
        let project = try Self.project()
        _ = try QuireProcess.run(["run", "nb.md"], in: project.url)
        try project.write(Self.csv.replacingOccurrences(of: "\n1,21,", with: "\n1,22,"), to: "data/people.csv")
        let output = try QuireProcess.run(["explain", "nb.md", "-p", "min_age=31"], in: project.url)
        #expect(output.status == 0)
        let lines = output.stdout.split(separator: "\n").map {
            $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        }
        #expect(lines[0] == "people miss file data/people.csv changed")
        #expect(lines[1] == "adults miss input from 'people', which will run")
    }

    @Test func reproducibleOutputsAreIdenticalAcrossJobAndThreadCounts() throws {
        let project = try Self.project()
        let one = try QuireProcess.run(
            ["run", "--reproducible", "--no-cache", "-j", "1", "--threads", "1", "-o", "one", "nb.md"], in: project.url)
        let two = try QuireProcess.run(
            ["run", "--reproducible", "--no-cache", "-j", "2", "--threads", "4", "-o", "two", "nb.md"], in: project.url)
        #expect(one.status == 0 && two.status == 0)
        for file in ["nb.html", "nb.json"] {
            #expect(
                try Data(contentsOf: project.url.appendingPathComponent("one/\(file)"))
                    == Data(contentsOf: project.url.appendingPathComponent("two/\(file)")))
        }
        let zero = try QuireProcess.run(["run", "--threads", "0", "nb.md"], in: project.url)
        #expect(zero.status == 64)
        #expect(zero.stderr.contains("--threads must be at least 1."))
    }

    /// `--no-cache` writes no cache, but memoises the digests of the files steps read in
    /// `.quire/files.json` and trusts them while a file's size, time and inode are unchanged.
    @Test func noCacheRunsMemoiseFileDigestsOutsideTheCache() throws {
        let project = try Self.project()
        let first = try QuireProcess.run(["run", "--no-cache", "nb.md"], in: project.url)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(!FileManager.default.fileExists(atPath: project.url.appendingPathComponent(".quire/cache").path))
        let memoURL = project.url.appendingPathComponent(".quire/files.json")
        let memo = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: memoURL)) as? [String: [String: Any]])
        let path = try #require(memo.keys.first { $0.hasSuffix("data/people.csv") })
        let digest = try #require(memo[path]?["digest"] as? String)
        let firstSummary = try String(
            contentsOf: project.url.appendingPathComponent("reports/nb.json"), encoding: .utf8)
        #expect(firstSummary.contains(digest), "the memo holds the digest the run used")
        // A digest the memo holds for the unchanged file is the one the next run uses.
        let planted = String(repeating: "0", count: 64)
        try Data(
            String(decoding: try Data(contentsOf: memoURL), as: UTF8.self).replacingOccurrences(
                of: digest, with: planted
            ).utf8
        )
        .write(to: memoURL)
        let second = try QuireProcess.run(["run", "--no-cache", "nb.md"], in: project.url)
        #expect(second.status == 0, "\(second.stderr)")
        let summary = try String(contentsOf: project.url.appendingPathComponent("reports/nb.json"), encoding: .utf8)
        #expect(summary.contains(planted))
    }

    @Test func badOverridesAndForcesAreUsageErrors() throws {
        let project = try Self.project()
        let badType = try QuireProcess.run(["run", "-p", "seed=five", "nb.md"], in: project.url)
        #expect(badType.status == 64)
        #expect(badType.stderr.contains("'seed' is an integer"))
        let unknown = try QuireProcess.run(["run", "-p", "sed=1", "nb.md"], in: project.url)
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("did you mean 'seed'?"))
        let force = try QuireProcess.run(["run", "--force", "splt", "nb.md"], in: project.url)
        #expect(force.status == 64)
        try project.write("seed: 9\nmin_age: 40\n", to: "params.yaml")
        let file = try QuireProcess.run(["run", "--params", "params.yaml", "nb.md"], in: project.url)
        #expect(file.status == 0, "\(file.stderr)")
        let params = try #require(try Self.json(project)["params"] as? [String: Any])
        #expect(params["seed"] as? Int == 9)
    }

    @Test func unwritableCacheRunsWithAWarning() throws {
        let project = try Self.project()
        try project.write("not a directory", to: "blocker")
        let output = try QuireProcess.run(["run", "--cache-dir", "blocker/cache", "nb.md"], in: project.url)
        #expect(output.status == 0)
        #expect(output.stderr.contains("warning: cannot create the cache"))
        #expect(output.stderr.contains("running without the cache"))
    }

    @Test func graphOpsAndCacheCommands() throws {
        let project = try Self.project()
        let graph = try QuireProcess.run(["graph", "nb.md"], in: project.url)
        #expect(graph.stdout.hasPrefix("flowchart TD\n"))
        #expect(graph.stdout.contains("n2 -->|train| n3"))
        let ops = try QuireProcess.run(["ops", "split"], in: project.url)
        #expect(ops.stdout.contains("stratify"))
        #expect(try QuireProcess.run(["ops", "splt"], in: project.url).status == 64)
        _ = try QuireProcess.run(["run", "nb.md"], in: project.url)
        let list = try QuireProcess.run(["cache", "ls"], in: project.url)
        #expect(list.stdout.contains("4 entries"))
        // A changed parameter leaves old entries behind; gc keeps only the latest run's.
        _ = try QuireProcess.run(["run", "-p", "seed=8", "nb.md"], in: project.url)
        let gc = try QuireProcess.run(["cache", "gc"], in: project.url)
        #expect(gc.stdout.hasPrefix("removed 2 entries"), "\(gc.stdout)")
        #expect(try QuireProcess.run(["run", "--frozen", "-p", "seed=8", "nb.md"], in: project.url).status == 0)
        #expect(try QuireProcess.run(["cache", "clear"], in: project.url).status == 0)
        #expect(try QuireProcess.run(["cache", "ls"], in: project.url).stdout.contains("0 entries"))
    }

    @Test func mermaidJSIsInlinedOnlyWhenNeededAndAllowedByItsHash() throws {
        let project = try TemporaryDirectory()
        let script = "window.mermaid = {initialize() {}}; // </script> must not end the element"
        try project.write(script, to: "mermaid.js")
        try project.write("# S\n\n```mermaid\nclassDiagram\n  A <|-- B\n```\n", to: "seq.md")
        try project.write("# F\n\n```mermaid\nflowchart LR\n  A --> B\n```\n", to: "flow.md")
        let output = try QuireProcess.run(["run", "--mermaid-js", "mermaid.js", "seq.md", "flow.md"], in: project.url)
        #expect(output.status == 0, "\(output.stderr)")
        let seq = try String(contentsOf: project.url.appendingPathComponent("reports/seq.html"), encoding: .utf8)
        #expect(seq.contains("<pre class=\"mermaid\">classDiagram"))
        #expect(seq.contains("<\\/script> must not end"))
        #expect(seq.contains("script-src &#39;sha256-"))
        #expect(!seq.contains("script-src &#39;none&#39;"))
        let flow = try String(contentsOf: project.url.appendingPathComponent("reports/flow.html"), encoding: .utf8)
        #expect(!flow.contains("<script"), "a notebook Quire draws entirely gets no script")
        #expect(flow.contains("script-src &#39;none&#39;"))
    }

    @Test func savedReferenceProfileGivesTheSameDriftAsTheData() throws {
        let project = try Self.project()
        let current =
            "id,age,income,city,label\n"
            + (1...150).map { i in
                "\(i),\(35 + i % 40),\(40000 + (i * 7919) % 50000),\(["Paris", "Lyon"][i % 2]),\(i % 2)"
            }.joined(separator: "\n") + "\n"
        try project.write(current, to: "data/current.csv")
        let saved = try QuireProcess.run(["reference", "data/people.csv", "-o", "refs/people.json"], in: project.url)
        #expect(saved.status == 0, "\(saved.stderr)")
        try project.write(
            """
            ```step reference
            load: data/people.csv
            ```
            ```step current
            load: data/current.csv
            ```
            ```step from_data
            drift: {reference: reference, current: current}
            ```
            ```step from_profile
            drift: {reference_profile: refs/people.json, current: current}
            ```
            """, to: "drift.md")
        let output = try QuireProcess.run(["run", "drift.md"], in: project.url)
        #expect(output.status == 0, "\(output.stderr)")
        let json = try Self.json(project, "reports/drift.json")
        let steps = try #require(json["steps"] as? [[String: Any]])
        let rows = steps.map {
            ($0["monitor"] as? [[String: Any]])?.map { "\($0["subject"]!) \($0["value"]!) \($0["status"]!)" }
        }
        #expect(rows[2] != nil && rows[2] == rows[3])
        #expect(json["monitor_status"] as? String == "alert", "ages and cities moved")
    }

    /// `quire reference --compact`: a small file whose drift rows say where the result against the
    /// data lies, and which holds it; a column with few distinct values stays exact.
    @Test func compactReferenceProfileBoundsTheDataResult() throws {
        let project = try Self.project()
        func csv(_ rows: Int, shift: Double) -> String {
            "x,grade\n"
                + (0..<rows).map { i in
                    "\(sin(Double(i) * 0.37) * 3 + cos(Double(i) * 1.3) + shift),\(i % 4)"
                }.joined(separator: "\n") + "\n"
        }
        try project.write(csv(6000, shift: 0), to: "data/reference.csv")
        try project.write(csv(2000, shift: 0.15), to: "data/current.csv")
        let exact = try QuireProcess.run(["reference", "data/reference.csv", "-o", "refs/exact.json"], in: project.url)
        #expect(exact.status == 0, "\(exact.stderr)")
        let saved = try QuireProcess.run(
            ["reference", "data/reference.csv", "-o", "refs/compact.json", "--points", "200"], in: project.url)
        #expect(saved.status == 0, "\(saved.stderr)")
        #expect(
            saved.stdout
                == "data/reference.csv: 6,000 rows × 2 columns → refs/compact.json (compact: at most 200 points a "
                + "column, distribution functions within 0.25% of the data's)\n")
        // Blocks of 30 values: at most half a block, 15 of 6,000 values.
        func size(_ name: String) throws -> Int {
            try #require(
                try FileManager.default.attributesOfItem(atPath: project.url.appendingPathComponent(name).path)[.size]
                    as? Int)
        }
        #expect(try size("refs/compact.json") * 10 < size("refs/exact.json"))
        try project.write(
            """
            ```step reference
            load: data/reference.csv
            ```
            ```step current
            load: data/current.csv
            ```
            ```step from_data
            drift: {reference: reference, current: current, method: ks}
            ```
            ```step from_profile
            drift: {reference_profile: refs/compact.json, current: current, method: ks}
            ```
            ```step distance_data
            drift: {reference: reference, current: current, method: wasserstein}
            ```
            ```step distance_profile
            drift: {reference_profile: refs/compact.json, current: current, method: wasserstein}
            ```
            """, to: "drift.md")
        let output = try QuireProcess.run(["run", "drift.md"], in: project.url)
        #expect(output.status == 0, "\(output.stderr)")
        let json = try Self.json(project, "reports/drift.json")
        let steps = try #require(json["steps"] as? [[String: Any]])
        func rows(_ step: Int) throws -> [String: [String: Any]] {
            let rows = try #require(steps[step]["monitor"] as? [[String: Any]])
            return Dictionary(uniqueKeysWithValues: rows.map { ($0["subject"] as! String, $0) })
        }
        for (data, profile) in [(2, 3), (4, 5)] {
            let exactRow = try #require(try rows(data)["x"]), compactRow = try #require(try rows(profile)["x"])
            let value = try #require(exactRow["value"] as? Double)
            let range = try #require(compactRow["value_range"] as? [Double])
            #expect(range.count == 2 && range[0] <= value && value <= range[1], "\(value) outside \(range)")
            #expect(exactRow["value_range"] is NSNull)
            #expect((compactRow["detail"] as? String)?.hasPrefix("compact reference profile: ") == true)
            // Few distinct values: kept exactly, so the same row as against the data.
            let exactGrade = try #require(try rows(data)["grade"]),
                compactGrade = try #require(try rows(profile)["grade"])
            #expect(compactGrade["value"] as? Double == exactGrade["value"] as? Double)
            #expect(compactGrade["value_range"] is NSNull)
        }
        let html = try #require(
            String(data: Data(contentsOf: project.url.appendingPathComponent("reports/drift.html")), encoding: .utf8))
        #expect(html.contains(">exact\u{A0}"), "the report shows the interval")
        // 6,000 values, fewer than the default 10,000 points: kept exactly, as the data.
        let whole = try QuireProcess.run(
            ["reference", "data/reference.csv", "-o", "refs/whole.json", "--compact"], in: project.url)
        #expect(whole.stdout.hasSuffix("→ refs/whole.json (compact, exact)\n"), "\(whole.stdout)")
        let bad = try QuireProcess.run(
            ["reference", "data/reference.csv", "-o", "r.json", "--points", "3"], in: project.url)
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("--points must be between 10 and 1,000,000, got 3"), "\(bad.stderr)")
    }

    @Test func exportedModelsLoadAndPredictExactlyAsTrained() throws {
        let project = try Self.project()
        let algorithms = [
            ("logistic", "logistic_regression, preprocess: [standardize]"), ("boosting", "gradient_boosting"),
            ("forest", "random_forest, n_estimators: 5"), ("knn", "knn, weights: distance"), ("bayes", "gaussian_nb"),
        ]
        let data = """
            ```step data
            generate: {kind: classification, n_samples: 300, n_features: 5, seed: 3}
            ```

            """
        try project.write(
            data
                + algorithms.map { name, algorithm in
                    """
                    ```step \(name)
                    train: {data: data, target: target, algorithm: \(algorithm)}
                    ```
                    ```step score_\(name)
                    evaluate: {model: \(name), data: data}
                    ```
                    ```step export_\(name)
                    export: {model: \(name), name: \(name)}
                    ```

                    """
                }.joined(), to: "train.md")
        let trained = try QuireProcess.run(["run", "train.md"], in: project.url)
        #expect(trained.status == 0, "\(trained.stderr)")
        try project.write(
            data
                + algorithms.map { name, _ in
                    """
                    ```step \(name)
                    load_model: reports/models/\(name).json
                    ```
                    ```step score_\(name)
                    evaluate: {model: \(name), data: data}
                    ```

                    """
                }.joined(), to: "serve.md")
        let served = try QuireProcess.run(["run", "serve.md"], in: project.url)
        #expect(served.status == 0, "\(served.stderr)")
        func metrics(_ report: String) throws -> [String: String] {
            let steps = try #require(try Self.json(project, report)["steps"] as? [[String: Any]])
            var out: [String: String] = [:]
            for step in steps {
                for (name, value) in step["metrics"] as? [String: Any] ?? [:] {
                    out["\(step["id"]!).\(name)"] = "\(value)"
                }
            }
            return out
        }
        let original = try metrics("reports/train.json"), loaded = try metrics("reports/serve.json")
        #expect(original.count >= algorithms.count * 5)
        #expect(original == loaded, "every metric (log loss, Brier score, AUC, …) of the loaded models is the same")

        // A file that is not a model fails the step at its path.
        try project.write("{\"format\": \"something-else\"}", to: "reports/models/knn.json")
        let broken = try QuireProcess.run(["run", "serve.md"], in: project.url)
        #expect(broken.status == 1)
        #expect(
            broken.stderr.contains("serve.md:") && broken.stderr.contains("not a Quire model file"), "\(broken.stderr)")
    }

    @Test func opsCatalogInDocsIsCurrent() throws {
        let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "../../docs/ops.md")
        let output = try QuireProcess.run(["ops", "--markdown"])
        #expect(
            output.stdout == (try String(contentsOf: docs, encoding: .utf8)),
            "docs/ops.md is stale: run `quire ops --markdown > docs/ops.md`")
    }
}
