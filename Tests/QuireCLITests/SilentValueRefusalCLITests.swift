import Foundation
import TestSupport
import Testing

/// Values that once passed silently, end to end: a corrupt reference profile, infinite features,
/// undefined scores, expectation settings, and rules `check` must share with `run`.
@Suite(.tags(.slow)) struct SilentValueRefusalCLITests {
    static func project(_ files: [String: String]) throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory()
        try directory.write("", to: "quire.yaml")
        for (path, text) in files { try directory.write(text, to: path) }
        return directory
    }

    @Test(arguments: [
        ([Int.max, Int.max, 1], "columns[3].counts adds up to more than"),
        ([1], "columns[3].counts has 1 entries for 3 categories"),
        ([-5, 100, 1], "columns[3].counts holds a negative count (-5)"),
    ])
    func aCorruptReferenceProfileFailsTheStepAtTheProfile(counts: [Int], message: String) throws {
        let csv =
            "id,age,income,city,label\n"
            + (1...60).map { "\($0),\(20 + $0 % 50),\(30000 + $0),\(["Paris", "Lyon", "Nice"][$0 % 3]),\($0 % 2)" }
            .joined(separator: "\n") + "\n"
        let project = try Self.project([
            "data.csv": csv,
            "nb.md": """
            ```step current
            load: data.csv
            ```
            ```step d
            drift: {reference_profile: r.json, current: current, method: chi_square}
            ```
            """,
        ])
        let saved = try QuireProcess.run(["reference", "data.csv", "-o", "r.json"], in: project.url)
        #expect(saved.status == 0, "\(saved.stderr)")
        let good = try QuireProcess.run(["run", "--no-cache", "nb.md"], in: project.url)
        #expect(good.status == 0, "\(good.stderr)")
        let url = project.url.appendingPathComponent("r.json")
        var json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        var columns = try #require(json["columns"] as? [[String: Any]])
        #expect(columns[3]["name"] as? String == "city")
        columns[3]["counts"] = counts
        json["columns"] = columns
        try JSONSerialization.data(withJSONObject: json).write(to: url)
        let output = try QuireProcess.run(["run", "--no-cache", "nb.md"], in: project.url)
        #expect(output.status == 1, "\(output.stderr)")
        #expect(!output.crashed)
        #expect(
            output.stderr.contains(
                "nb.md:5:28: error: step 'd' failed: the reference profile r.json is corrupt: \(message)"),
            "\(output.stderr)")
    }

    @Test func infiniteFeaturesAreRefusedAtTrainingAndPrediction() throws {
        let project = try Self.project([
            "train.csv": "x,y\n1,2\n2,4\n3,6\n4,8\n",
            "bad.csv": "x,y\n1,2\n-1e400,4\n1e999,6\n",
            "nb.md": """
            ```step train
            load: train.csv
            ```
            ```step bad
            load: bad.csv
            ```
            ```step m
            train: {data: train, target: y, features: [x], algorithm: linear_regression, preprocess: [standardize]}
            ```
            ```step e
            evaluate: {model: m, data: bad}
            ```
            """,
        ])
        let output = try QuireProcess.run(["run", "--no-cache", "nb.md"], in: project.url)
        #expect(output.status == 1)
        #expect(
            output.stderr.contains(
                "nb.md:11:28: error: step 'e' failed: feature `x` has 2 infinite values (first at row 2)"),
            "\(output.stderr)")
        #expect(!output.stderr.contains("missing value"))

        try project.write("x,y\n1,2\n1e400,4\n3,6\n4,8\n", to: "train.csv")
        let training = try QuireProcess.run(["run", "--no-cache", "nb.md"], in: project.url)
        #expect(training.status == 1)
        #expect(
            training.stderr.contains(
                "nb.md:8:43: error: step 'm' failed: feature `x` has 1 infinite value (first at row 2)"),
            "\(training.stderr)")
    }

    @Test func explainFailsWhenTheBaselineScoreIsUndefined() throws {
        let rows = (0..<40).map { "\($0),\($0 == 6 || $0 == 29 ? "b" : "a")" }
        let project = try Self.project([
            "all.csv": "x,label\n" + rows.joined(separator: "\n") + "\n",
            "one.csv": "x,label\n" + rows.filter { $0.hasSuffix(",a") }.joined(separator: "\n") + "\n",
            "nb.md": """
            ```step all
            load: all.csv
            ```
            ```step one
            load: one.csv
            ```
            ```step m
            train: {data: all, target: label, features: [x], algorithm: logistic_regression}
            ```
            ```step x
            explain: {model: m, data: one, scoring: roc_auc}
            ```
            """,
        ])
        let output = try QuireProcess.run(["run", "--no-cache", "nb.md"], in: project.url)
        #expect(output.status == 1)
        #expect(
            output.stderr.contains("nb.md:11:41: error: step 'x' failed: roc_auc is undefined on these rows (NaN)"),
            "\(output.stderr)")
    }

    static let expectNotebook = """
        ```step data
        load: data.csv
        ```
        ```step e
        expect:
          from: data
          expectations:
            - EXPECTATION
        ```
        """

    @Test(arguments: [
        (
            "between: {column: x, minimum: 5}", "nb.md:8:28: error: 'between' has no setting 'minimum'",
            "its settings are column, min, max, mostly"
        ),
        (
            "mean_between: {column: x, min: 1, mostly: 0.5}",
            "nb.md:8:41: error: 'mean_between' has no setting 'mostly'", "its settings are column, min, max"
        ),
        ("row_count: {min: 3.5}", "nb.md:8:24: error: row_count's min must be a whole number of rows, not 3.5", ""),
        ("row_count: {max: 2.5}", "nb.md:8:24: error: row_count's max must be a whole number of rows, not 2.5", ""),
        ("between: {column: x, mini: 5}", "nb.md:8:28: error: 'between' has no setting 'mini'", "did you mean 'min'?"),
        ("between: {column: x, min: 5, max: 1}", "nb.md:8:33: error: 'between' has min 5 above max 1", "swap them"),
        ("nonsense: {column: x}", "nb.md:8:7: error: unknown expectation 'nonsense'", ""),
    ])
    func expectationSettingsAreCheckedBeforeRunning(expectation: String, message: String, hint: String) throws {
        let project = try Self.project([
            "data.csv": "x\n1\n2\n3\n",
            "nb.md": Self.expectNotebook.replacingOccurrences(of: "EXPECTATION", with: expectation),
        ])
        let output = try QuireProcess.run(["check", "nb.md"], in: project.url)
        #expect(output.status == 2)
        #expect(output.stderr.contains(message), "\(output.stderr)")
        #expect(hint.isEmpty || output.stderr.contains(hint), "\(output.stderr)")
    }

    @Test func validExpectationsStillPass() throws {
        let project = try Self.project([
            "data.csv": "x\n1\n2\n3\n",
            "nb.md": Self.expectNotebook.replacingOccurrences(
                of: "EXPECTATION",
                with: "between: {column: x, min: 1, max: 3, mostly: 0.9}\n    - row_count: {min: 3, max: 3}"),
        ])
        let output = try QuireProcess.run(["run", "--no-cache", "nb.md"], in: project.url)
        #expect(output.status == 0, "\(output.stderr)")
    }

    @Test(arguments: [
        ("max_features: 2.5", 2), ("max_features: true", 2), ("max_features: 1e5", 2), ("max_features: 0", 2),
        ("max_features: 0.5", 0), ("max_features: sqrt", 0), ("max_features: 2", 0), ("max_features: null", 0),
    ])
    func checkRefusesExactlyTheMaxFeaturesTrainingRefuses(setting: String, exit: Int32) throws {
        let project = try Self.project([
            "nb.md": """
            ```step data
            generate: {kind: classification, n_samples: 40, n_features: 5, seed: 1}
            ```
            ```step m
            train: {data: data, target: target, algorithm: random_forest, n_estimators: 3, \(setting)}
            ```
            """
        ])
        let check = try QuireProcess.run(["check", "nb.md"], in: project.url)
        #expect(check.status == exit, "\(check.stderr)")
        if exit == 2 {
            #expect(check.stderr.contains("nb.md:5:94: error: 'max_features' must be"), "\(check.stderr)")
        } else {
            let run = try QuireProcess.run(["run", "--no-cache", "nb.md"], in: project.url)
            #expect(run.status == 0, "\(run.stderr)")
        }
    }

    @Test func tuneGridCandidatesFollowTheSameRule() throws {
        let project = try Self.project([
            "nb.md": """
            ```step data
            generate: {kind: classification, n_samples: 40, n_features: 5, seed: 1}
            ```
            ```step t
            tune: {data: data, target: target, algorithm: random_forest, cv: 2, grid: {max_features: [1, 2.5]}}
            ```
            """
        ])
        let check = try QuireProcess.run(["check", "nb.md"], in: project.url)
        #expect(check.status == 2)
        #expect(check.stderr.contains("nb.md:5:94: error: 'max_features' must be one of"), "\(check.stderr)")
    }

    @Test(arguments: [("1.5", 2), ("0", 2), ("1", 0), ("0.5", 0), ("10", 0)])
    func checkRefusesExactlyTheSplitSizesSplitRefuses(size: String, exit: Int32) throws {
        let project = try Self.project([
            "nb.md": """
            ```step data
            generate: {kind: classification, n_samples: 40, n_features: 5, seed: 1}
            ```
            ```step s
            split: {from: data, test_size: \(size)}
            ```
            """
        ])
        let check = try QuireProcess.run(["check", "nb.md"], in: project.url)
        #expect(check.status == exit, "\(check.stderr)")
        if exit == 2 { #expect(check.stderr.contains("nb.md:5:32: error: 'test_size' must be"), "\(check.stderr)") }
    }
}
