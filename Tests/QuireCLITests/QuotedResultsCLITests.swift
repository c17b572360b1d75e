import Foundation
import TestSupport
import Testing

/// Results and parameters quoted in prose, headings and the title, end to end with the built
/// binary: the docs' example, markers for failed and skipped steps, escaping, `check`'s errors,
/// and a prose edit that re-renders without running a step.
@Suite struct QuotedResultsCLITests {
    /// The example of docs/notebook-format.md, "Quoting results in prose".
    static func docExample() throws -> String {
        let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../docs/notebook-format.md")
        let text = try String(contentsOf: docs, encoding: .utf8)
        let marker = try #require(text.range(of: "<!-- quoted-results-example"))
        let open = try #require(text.range(of: "````markdown\n", range: marker.upperBound..<text.endIndex))
        let close = try #require(text.range(of: "\n````\n", range: open.upperBound..<text.endIndex))
        return String(text[open.upperBound..<close.lowerBound]) + "\n"
    }

    static func project(_ notebook: String) throws -> TemporaryDirectory {
        let project = try TemporaryDirectory()
        try project.write("", to: "quire.yaml")
        try project.write(notebook, to: "nb.md")
        return project
    }

    static func report(_ project: TemporaryDirectory) throws -> String {
        try String(contentsOf: project.url.appendingPathComponent("reports/nb.html"), encoding: .utf8)
    }

    /// A metric of step `id` from the JSON summary.
    static func metric(_ name: String, of id: String, in project: TemporaryDirectory) throws -> Double {
        let data = try Data(contentsOf: project.url.appendingPathComponent("reports/nb.json"))
        let summary = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let steps = try #require(summary["steps"] as? [[String: Any]])
        let step = try #require(steps.first { $0["id"] as? String == id })
        let metrics = try #require(step["metrics"] as? [String: Any])
        return try #require(metrics[name] as? Double)
    }

    @Test func docExampleQuotesInProseHeadingAndTitle() throws {
        let project = try Self.project(try Self.docExample())
        let run = try QuireProcess.run(["run", "--quiet", "nb.md"], in: project.url)
        #expect(run.status == 0, "\(run.stderr)")
        let html = try Self.report(project)
        let auc = String(format: "%.3f", try Self.metric("roc_auc", of: "quality", in: project))
        let accuracy = String(format: "%.1f%%", 100 * (try Self.metric("accuracy", of: "quality", in: project)))
        #expect(html.contains("<title>Churn model: AUC \(auc)</title>"))
        #expect(html.contains("<h1 class=\"title\">Churn model: AUC \(auc)</h1>"))
        #expect(
            html.contains(
                "an AUC of <strong>\(auc)</strong> and an accuracy of\n\(accuracy) on 500 held-out rows (seed 7)"))
        #expect(html.contains("<h2 id=\"accuracy-quality-accuracy\">Accuracy \(accuracy)</h2>"))
        #expect(!html.contains("{{") && !html.contains("quire-quote"))
        let data = try Data(contentsOf: project.url.appendingPathComponent("reports/nb.json"))
        let summary = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(summary["title"] as? String == "Churn model: AUC \(auc)")
        // A parameter override reaches the prose.
        let seeded = try QuireProcess.run(["run", "--quiet", "-p", "seed=11", "nb.md"], in: project.url)
        #expect(seeded.status == 0, "\(seeded.stderr)")
        #expect(try Self.report(project).contains("(seed 11)"))
    }

    @Test func failedAndSkippedStepsShowMarkersAndWarn() throws {
        let project = try Self.project(
            """
            ---
            params: {big: false}
            ---

            Rows: {{ data.rows }}; bad: {{ bad.frame.rows }}; after: {{ after.rows }}; skipped: {{ late.rows | ,d }}.

            ```step data
            load: people.csv
            ```

            ```step bad
            cast: {from: data, columns: {name: int}}
            ```

            ```step after
            sample: {from: bad.frame, n: 3}
            ```

            ```step late
            when: params.big
            sample: {from: data, n: 3}
            ```

            """)
        try project.write("name\nann\nbob\n", to: "people.csv")
        let run = try QuireProcess.run(["run", "--quiet", "nb.md"], in: project.url)
        #expect(run.status == 1, "\(run.stderr)")
        let html = try Self.report(project)
        #expect(html.contains("Rows: 2; bad: <span class=\"quote-missing\""))
        #expect(html.contains(">⟨bad.frame.rows: failed⟩</span>"))
        #expect(html.contains(">⟨after.rows: not run⟩</span>"))
        #expect(html.contains(">⟨late.rows: skipped⟩</span>"))
        #expect(html.contains("title=\"step &#39;bad&#39; failed, so it has no value to quote\""))
        let line =
            "Rows: {{ data.rows }}; bad: {{ bad.frame.rows }}; after: {{ after.rows }}; skipped: {{ late.rows | ,d }}."
        for name in ["bad.frame.rows", "after.rows", "late.rows"] {
            let column = try #require(line.range(of: "{{ \(name)")).lowerBound.utf16Offset(in: line) + 1
            #expect(
                run.stderr.contains("nb.md:5:\(column): warning: '\(name)' is quoted, but has no value"),
                "\(run.stderr)")
        }
        #expect(run.stderr.contains("[quote-unavailable]"))
    }

    @Test func valuesAreEscapedAndCodeIsLeftAlone() throws {
        let project = try Self.project(
            """
            ---
            title: "${params.name} report"
            params: {name: "<script>alert(1)</script>"}
            ---

            Name: {{ params.name }} and ${params.name}; `{{ params.name }}`, \\{{ params.name }}, $${params.name}.

            ```text
            {{ params.name }}
            ```

            """)
        let run = try QuireProcess.run(["run", "--quiet", "nb.md"], in: project.url)
        #expect(run.status == 0, "\(run.stderr)")
        let html = try Self.report(project)
        #expect(!html.contains("<script>alert"))
        #expect(html.contains("<title>&lt;script&gt;alert(1)&lt;/script&gt; report</title>"))
        #expect(
            html.contains(
                "Name: &lt;script&gt;alert(1)&lt;/script&gt; and &lt;script&gt;alert(1)&lt;/script&gt;; "
                    + "<code>{{ params.name }}</code>, {{ params.name }}, ${params.name}."))
        #expect(html.contains("{{ params.name }}\n</code></pre>"))
    }

    @Test func aFirstHeadingThatQuotesIsTheTitleOnce() throws {
        let source = try Self.docExample().replacingOccurrences(
            of: "title: \"Churn model: AUC {{ quality.roc_auc | .3f }}\"\n", with: ""
        ).replacingOccurrences(of: "---\n\nThe model", with: "---\n\n# Run {{ params.seed }} of the model\n\nThe model")
        let project = try Self.project(source)
        let run = try QuireProcess.run(["run", "--quiet", "nb.md"], in: project.url)
        #expect(run.status == 0, "\(run.stderr)")
        let html = try Self.report(project)
        #expect(html.contains("<title>Run 7 of the model</title>"))
        #expect(html.contains("<h1 class=\"title\">Run 7 of the model</h1>"))
        #expect(!html.contains("id=\"run-params-seed-of-the-model\""), "the heading repeats the title and is left out")
    }

    @Test func tableCellsModelCardsAndMonitorsAreQuoted() throws {
        let source = try Self.docExample().replacingOccurrences(
            of: "## Accuracy",
            with: """
                Best: {{ board.evaluation[0] }} at {{ board.roc_auc[0] | .2f }}; row 9: {{ board.roc_auc[9] }}. \
                Drift is {{ shift.status }} ({{ shift.detected }}, {{ shift.drifted }} columns). \
                A {{ model.algorithm }} for {{ model.task }} on {{ model.features }} features of {{ customers.columns }} columns; {{ board.model[0] }}.

                ```step board
                compare: {evaluations: [quality], metric: roc_auc}
                ```

                ```step shift
                drift: {reference: split.train, current: split.test}
                ```

                ## Accuracy
                """)
        let project = try Self.project(source)
        let run = try QuireProcess.run(["run", "--quiet", "nb.md"], in: project.url)
        #expect(run.status == 0, "\(run.stderr)")
        let html = try Self.report(project)
        let auc = String(format: "%.2f", try Self.metric("roc_auc", of: "quality", in: project))
        #expect(html.contains("Best: quality at \(auc); row 9: <span class=\"quote-missing\""), "\(html)")
        #expect(html.contains(">⟨board.roc_auc[9]: no row 9⟩</span>"))
        #expect(run.stderr.contains("'board.roc_auc[9]' is quoted, but has no value (no row 9): the table has 1 row"))
        #expect(html.firstMatch(of: /Drift is (ok|warn|alert) \((true|false), (\d+) columns\)/) != nil)
        let card = try #require(
            html.firstMatch(of: /A logistic_regression for classification on (\d+) features of (\d+) columns/))
        #expect(Int(card.1) == Int(card.2).map { $0 - 1 }, "every column but the target is a feature")
        #expect(
            html.contains("title=\"the table has no column &#39;model&#39;; its columns are rank, evaluation, roc_auc"))
    }

    @Test func checkReportsUnknownReferencesWithDidYouMean() throws {
        let source = try Self.docExample().replacingOccurrences(
            of: "{{ quality.accuracy | .1% }} on", with: "{{ qualty.accuracy | .1% }} on")
        let project = try Self.project(source)
        let check = try QuireProcess.run(["check", "nb.md"], in: project.url)
        #expect(check.status == 2, "\(check.stdout)\(check.stderr)")
        let output = check.stdout + check.stderr
        #expect(output.contains("nb.md:8:4: error: 'qualty' in `{{ qualty.accuracy }}` is not a step"), "\(output)")
        #expect(output.contains("hint: did you mean 'quality'?"))
    }

    @Test func checkReportsAnUnknownFormatAtItsCharacter() throws {
        let source = try Self.docExample().replacingOccurrences(
            of: "{{ split.test.rows | ,d }}", with: "{{ split.test.rows | ,q }}")
        let line = try #require(source.split(separator: "\n").first { $0.contains(",q }}") })
        let column = try #require(line.range(of: "q }}")).lowerBound.utf16Offset(in: line) + 1
        let project = try Self.project(source)
        let check = try QuireProcess.run(["check", "nb.md"], in: project.url)
        #expect(check.status == 2)
        let output = check.stdout + check.stderr
        #expect(
            output.contains("nb.md:8:\(column): error: format `,q`: unknown format type 'q' [quote-format]"),
            "\(output)")
    }

    @Test func aProseEditReRendersWithoutRunningSteps() throws {
        let source = try Self.docExample()
        let project = try Self.project(source)
        let first = try QuireProcess.run(["run", "nb.md"], in: project.url)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("4 steps (4 ran)"), "\(first.stdout)")
        let edited = source.replacingOccurrences(
            of: "## Accuracy", with: "The model is {{ model.algorithm }} with F1 {{ quality.f1 | .2f }}.\n\n## Accuracy"
        )
        try project.write(edited, to: "nb.md")
        let second = try QuireProcess.run(["run", "nb.md"], in: project.url)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("4 steps (4 cached)"), "\(second.stdout)")
        let f1 = String(format: "%.2f", try Self.metric("f1", of: "quality", in: project))
        #expect(try Self.report(project).contains("The model is logistic_regression with F1 \(f1)."))
    }
}
