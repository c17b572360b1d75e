import Foundation
import TestSupport
import Testing

/// `impute`, `encode` and `scale` end to end: fitted on the training frame, applied to train and
/// test, a model trained and evaluated on the results, exported behind the transforms so that it
/// takes raw rows; and mistakes reported at their position.
@Suite struct TransformOpsCLITests {
    static let churn = try? String(
        contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("notebooks/data/churn.csv"), encoding: .utf8)

    static let prepare = """
        ```step raw
        load: churn.csv
        ```

        ```step split
        split: {from: raw, test_size: 0.25, stratify: churned, seed: 3}
        ```

        ```step imp
        impute: {fit: split.train, apply: [split.train, split.test], columns: [monthly_charges], strategy: median}
        ```

        ```step enc
        encode: {fit: imp.train, apply: [imp.train, imp.test], columns: [contract, payment_method]}
        ```

        ```step tenc
        encode: {fit: imp.train, apply: [imp.train, imp.test], columns: [contract], method: target, target: churned, seed: 5}
        ```

        ```step sc
        scale: {fit: enc.train, apply: [enc.train, enc.test], columns: [tenure, monthly_charges], method: robust}
        ```

        """

    static func project(_ steps: String) throws -> TemporaryDirectory {
        let project = try TemporaryDirectory()
        try project.write("", to: "quire.yaml")
        try project.write(try #require(churn), to: "churn.csv")
        try project.write(steps, to: "nb.md")
        return project
    }

    static func summary(_ project: TemporaryDirectory, _ name: String) throws -> [String: [String: Any]] {
        let data = try Data(contentsOf: project.url.appendingPathComponent("reports/\(name).json"))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let steps = try #require(object["steps"] as? [[String: Any]])
        return Dictionary(
            steps.map { ($0["id"] as? String ?? "", $0) }, uniquingKeysWith: { first, _ in first })
    }

    static func metrics(_ step: [String: Any]?) -> [String: Double] {
        ((step?["metrics"] as? [String: Any]) ?? [:]).compactMapValues { ($0 as? NSNumber)?.doubleValue }
    }

    /// Train on the transformed train frame, evaluate on the transformed test frame; the model
    /// exported with the transforms gives the same metrics on the RAW test rows, in this notebook
    /// and loaded in another one.
    @Test func exportedModelTakesRawRows() throws {
        let project = try Self.project(
            Self.prepare + """
                ```step model
                train: {data: sc.train, algorithm: logistic_regression, target: churned, features: [tenure, monthly_charges, support_calls, contract_month-to-month, contract_one year, contract_two year, payment_method_card]}
                ```

                ```step quality
                evaluate: {model: model, data: sc.test}
                ```

                ```step exported
                export: {model: model, name: churn, transforms: [imp.transform, enc.transform, sc.transform]}
                ```

                ```step raw_quality
                evaluate: {model: exported, data: split.test}
                ```
                """)
        let run = try QuireProcess.run(["run", "--quiet", "nb.md"], in: project.url)
        #expect(run.status == 0, "\(run.stderr)")
        let steps = try Self.summary(project, "nb")
        let transformed = Self.metrics(steps["quality"])
        #expect(transformed["roc_auc"] != nil)
        #expect(Self.metrics(steps["raw_quality"]) == transformed)
        // The transform outputs are named after the applied references, plus `transform`.
        let outputs = try #require(steps["imp"]?["outputs"] as? [String: Any])
        #expect(Set(outputs.keys) == ["train", "test", "transform"])
        let file = try String(
            contentsOf: project.url.appendingPathComponent("reports/models/churn.json"), encoding: .utf8)
        #expect(file.contains("\"transforms\":[") && file.contains("\"version\":2"))
        // Another notebook loads the export and scores raw rows the same way.
        try project.write(
            """
            ```step raw
            load: churn.csv
            ```

            ```step split
            split: {from: raw, test_size: 0.25, stratify: churned, seed: 3}
            ```

            ```step loaded
            load_model: reports/models/churn.json
            ```

            ```step served
            evaluate: {model: loaded, data: split.test}
            ```

            ```step scored
            predict: {model: loaded, data: split.test}
            ```
            """, to: "serve.md")
        let served = try QuireProcess.run(["run", "--quiet", "serve.md"], in: project.url)
        #expect(served.status == 0, "\(served.stderr)")
        #expect(Self.metrics(try Self.summary(project, "serve")["served"]) == transformed)
        let html = try String(contentsOf: project.url.appendingPathComponent("reports/nb.html"), encoding: .utf8)
        #expect(html.contains("category → encoding") && html.contains("median, interquartile range"))
    }

    @Test func clashingOutputNamesAreADiagnostic() throws {
        let project = try Self.project(
            """
            ```step raw
            load: churn.csv
            ```

            ```step a
            split: {from: raw, seed: 1}
            ```

            ```step b
            split: {from: raw, seed: 2}
            ```

            ```step imp
            impute: {fit: a.train, apply: [a.test, b.test]}
            ```
            """)
        let checked = try QuireProcess.run(["check", "nb.md"], in: project.url)
        #expect(checked.status == 2)
        #expect(checked.stderr.contains("nb.md:14:"), "\(checked.stderr)")
        #expect(checked.stderr.contains("'b.test' and 'a.test' would both give the output 'test'"), "\(checked.stderr)")
        #expect(checked.stderr.contains("output-name-clash"), "\(checked.stderr)")
    }

    @Test func referencesToTransformOutputsAreChecked() throws {
        let project = try Self.project(
            Self.prepare + """
                ```step look
                profile: {from: sc.tset}
                ```
                """)
        let checked = try QuireProcess.run(["check", "nb.md"], in: project.url)
        #expect(checked.status == 2)
        #expect(checked.stderr.contains("did you mean 'sc.test'?"), "\(checked.stderr)")
        let bare = try Self.project(
            Self.prepare + """
                ```step look
                profile: {from: sc}
                ```
                """)
        let several = try QuireProcess.run(["check", "nb.md"], in: bare.url)
        #expect(several.status == 2)
        #expect(several.stderr.contains("write sc.train or sc.test or sc.transform"), "\(several.stderr)")
    }

    @Test func missingColumnsAreNamedWithTheFrame() throws {
        let unknown = try Self.project(
            """
            ```step raw
            load: churn.csv
            ```

            ```step split
            split: {from: raw, seed: 1}
            ```

            ```step sc
            scale: {fit: split.train, apply: [split.test], columns: [tenur]}
            ```
            """)
        // The planner knows the fit frame's columns: refused before anything runs (exit 2).
        let failed = try QuireProcess.run(["run", "--quiet", "nb.md"], in: unknown.url)
        #expect(failed.status == 2)
        #expect(failed.stderr.contains("nb.md:10:58: error: `columns`: 'tenur' is not a column"), "\(failed.stderr)")
        #expect(failed.stderr.contains("did you mean 'tenure'?"), "\(failed.stderr)")
        let lacking = try Self.project(
            """
            ```step raw
            load: churn.csv
            ```

            ```step split
            split: {from: raw, seed: 1}
            ```

            ```step thin
            drop: {from: split.test, columns: [tenure]}
            ```

            ```step sc
            scale: {fit: split.train, apply: [split.train, thin], columns: [tenure]}
            ```
            """)
        let applied = try QuireProcess.run(["run", "--quiet", "nb.md"], in: lacking.url)
        #expect(applied.status == 2)
        #expect(
            applied.stderr.contains("nb.md:14:48: error: `apply` (`thin`): 'tenure' is not a column of the frame"),
            "\(applied.stderr)")
    }

    @Test func badParametersAreRefused() throws {
        let cases: [(step: String, status: Int32, message: String)] = [
            ("encode: {fit: split.train, method: target}", 1, "target encoding needs `target`"),
            ("encode: {fit: split.train, smooth: 2}", 1, "'smooth' is only used with `method: target`"),
            ("encode: {fit: split.train, method: target, target: churned, smooth: -1}", 2, "'smooth' must be auto"),
            ("encode: {fit: split.train, method: target, target: contract, columns: [payment_method]}", 1, "3 classes"),
            ("impute: {fit: split.train, fill_value: 3}", 1, "'fill_value' is only used with `strategy: constant`"),
            ("impute: {fit: split.train, strategy: medain}", 2, "did you mean 'median'?"),
            ("scale: {fit: split.train, columns: [contract]}", 1, "`contract` is categorical"),
            ("encode: {fit: split.train, method: target, target: churned, cv: 1}", 2, "'cv'"),
        ]
        for (step, status, message) in cases {
            let project = try Self.project(
                """
                ```step raw
                load: churn.csv
                ```

                ```step split
                split: {from: raw, seed: 1}
                ```

                ```step t
                \(step)
                ```
                """)
            let result = try QuireProcess.run(["run", "--quiet", "nb.md"], in: project.url)
            #expect(result.status == status, "\(step): \(result.stderr)")
            #expect(result.stderr.contains(message), "\(step): \(result.stderr)")
            #expect(result.stderr.contains("nb.md:10:"), "\(step): \(result.stderr)")
        }
    }

    /// The example of docs/engine.md ("Standalone `impute`, `encode` and `scale`") runs as written,
    /// its lines as the steps `imp`, `enc` and `sc`.
    @Test func engineDocsExampleRuns() throws {
        let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/engine.md")
        let text = try String(contentsOf: docs, encoding: .utf8)
        let section = try #require(text.range(of: "### Standalone `impute`, `encode` and `scale`"))
        let start = try #require(text.range(of: "```yaml\n", range: section.upperBound..<text.endIndex))
        let end = try #require(text.range(of: "```", range: start.upperBound..<text.endIndex))
        let lines = text[start.upperBound..<end.lowerBound].split(separator: "\n")
        #expect(lines.count == 3)
        let steps = zip(["imp", "enc", "sc"], lines).map { "```step \($0)\n\($1)\n```\n" }.joined(separator: "\n")
        let project = try Self.project(
            """
            ```step raw
            load: churn.csv
            ```

            ```step split
            split: {from: raw, test_size: 0.25, stratify: churned, seed: 3}
            ```

            \(steps)
            """)
        let run = try QuireProcess.run(["run", "--quiet", "nb.md"], in: project.url)
        #expect(run.status == 0, "\(run.stderr)")
        let outputs = try #require(try Self.summary(project, "nb")["sc"]?["outputs"] as? [String: Any])
        #expect(Set(outputs.keys) == ["train", "test", "transform"])
    }

    /// Leakage-safety: the applied test frame's values do not reach the fitted transforms. The same
    /// steps applied to a test frame whose values are mangled give byte-identical transforms.
    @Test func testValuesDoNotInfluenceTheTransforms() throws {
        func digests(_ test: String) throws -> [String] {
            let project = try Self.project(
                """
                ```step raw
                load: churn.csv
                ```

                ```step split
                split: {from: raw, test_size: 0.25, stratify: churned, seed: 3}
                ```

                ```step other
                derive: {from: split.test, columns: {tenure: "tenure * 1000", monthly_charges: "monthly_charges + 5000", churned: "1 - churned"}}
                ```

                ```step imp
                impute: {fit: split.train, apply: [split.train, \(test)], strategy: median}
                ```

                ```step enc
                encode: {fit: imp.train, apply: [imp.train], method: target, target: churned}
                ```

                ```step sc
                scale: {fit: imp.train, apply: [imp.train], method: robust}
                ```
                """)
            let run = try QuireProcess.run(["run", "--quiet", "nb.md"], in: project.url)
            #expect(run.status == 0, "\(run.stderr)")
            let steps = try Self.summary(project, "nb")
            return ["imp", "enc", "sc"].map {
                ((steps[$0]?["outputs"] as? [String: Any])?["transform"] as? [String: Any])?["digest"] as? String ?? ""
            }
        }
        let plain = try digests("split.test")
        #expect(plain.allSatisfy { !$0.isEmpty })
        #expect(try digests("other") == plain)
    }
}
