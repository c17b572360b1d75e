import Foundation
import TestSupport
import Testing

/// The `chart` op end to end, as a user types it: charts of frames and tables in the report,
/// mistakes at their position, a million rows kept small, and every example of docs/charts.md.
@Suite struct ChartCLITests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// A project with the example data (customers, plans, churn) and `nb.md` holding `steps`.
    static func project(_ steps: String) throws -> TemporaryDirectory {
        let project = try TemporaryDirectory()
        try project.write("", to: "quire.yaml")
        for name in ["customers.csv", "plans.csv", "churn.csv"] {
            let text = try String(
                contentsOf: root.appendingPathComponent("notebooks/data/\(name)"), encoding: .utf8)
            try project.write(text, to: "data/\(name)")
        }
        try project.write(steps, to: "nb.md")
        return project
    }

    static func step(_ id: String, _ body: String) -> String {
        "```step \(id)\n\(body)\n```\n\n"
    }

    static let preamble =
        step("customers", "load: data/customers.csv")
        + step("plans", "load: {path: data/plans.csv, types: {plan_id: numeric}}")
        + step("joined", "join: {left: customers, right: plans, on: plan_id}")
        + step(
            "by_plan",
            """
            aggregate:
              from: joined
              by: [plan]
              columns:
                customers: {count: customer_id}
                churn_rate: {mean: churned}
            """)

    func report(_ project: TemporaryDirectory) throws -> String {
        try String(contentsOf: project.url.appendingPathComponent("reports/nb.html"), encoding: .utf8)
    }

    @Test func chartsOfFramesAndTablesAreDrawnInTheReport() throws {
        let project = try Self.project(
            Self.preamble
                + Self.step("churn", "load: data/churn.csv")
                + Self.step("split", "split: {from: churn, test_size: 0.3, stratify: churned, seed: 7}")
                + Self.step(
                    "model",
                    "train: {data: split.train, algorithm: logistic_regression, target: churned, features: [tenure, monthly_charges, support_calls], preprocess: [impute, standardize]}"
                )
                + Self.step(
                    "tuned",
                    "tune: {data: split.train, algorithm: decision_tree, target: churned, features: [tenure, monthly_charges, support_calls], preprocess: [impute], grid: {max_depth: [2, 3, 4, 6]}, cv: 3, seed: 7}"
                )
                + Self.step("quality", "evaluate: {model: model, data: split.test}")
                + Self.step("tuned_quality", "evaluate: {model: tuned, data: split.test}")
                + Self.step("leaderboard", "compare: {evaluations: [quality, tuned_quality], metric: roc_auc}")
                + Self.step("scored", "predict: {model: model, data: split.test}")
                + Self.step(
                    "plan_bars", "chart: {from: by_plan, mark: bar, x: plan, y: churn_rate, title: Churn by plan}")
                + Self.step(
                    "board",
                    "chart: {from: leaderboard, mark: bar, x: evaluation, y: roc_auc, rules: [{y: 0.5, label: chance}]}"
                )
                + Self.step("curve", "chart: {from: tuned.results, mark: line, x: max_depth, y: \"mean accuracy\"}")
                + Self.step("truth", "chart: {from: scored, mark: box, x: churned, y: probability_1}")
                + Self.step("signups", "chart: {from: customers, mark: histogram, x: signup_date}"))
        let run = try QuireProcess.run(["run", "--quiet", "nb.md"], in: project.url)
        #expect(run.status == 0, "\(run.stderr)")
        let html = try report(project)
        #expect(html.components(separatedBy: "<svg class=\"qchart\"").count - 1 == 5)
        #expect(html.contains("<strong>Churn by plan</strong>"))
        #expect(html.contains(">chance</text>"))
        #expect(html.contains(">mean accuracy</text>"))
        #expect(html.contains(">probability_1</text>"))
        // The time axis names months and years.
        #expect(html.range(of: #">(Jan|Jul) 20\d\d</text>"#, options: .regularExpression) != nil)
        let summary = try String(
            contentsOf: project.url.appendingPathComponent("reports/nb.json"), encoding: .utf8)
        #expect(summary.range(of: #""kind": ?"chart""#, options: .regularExpression) != nil)
    }

    @Test func mistakesAreReportedAtTheirPositionBeforeRunning() throws {
        let cases: [(String, String, String)] = [
            ("chart: {from: customers, mark: bar, x: ctiy}", "did you mean 'city'", "unknown-column"),
            (
                "chart: {from: customers, mark: point, x: city, y: support_calls, x_scale: log}", "text column",
                "chart-setting"
            ),
            ("chart: {from: customers, mark: histogram, x: city}", "histogram", "chart-setting"),
            (
                "chart: {from: customers, mark: histogram, x: support_calls, y: churned}", "does not use y",
                "chart-setting"
            ),
            ("chart: {from: by_plan, mark: bar, x: plan, rules: [{z: 1}]}", "no key 'z'", "chart-setting"),
            ("chart: {from: by_plan, mark: pie, x: plan}", "pie", "param"),
        ]
        for (body, message, id) in cases {
            let project = try Self.project(Self.preamble + Self.step("bad", body))
            let run = try QuireProcess.run(["check", "nb.md"], in: project.url)
            #expect(run.status == 2, "\(body): \(run.stderr)")
            #expect(
                run.stderr.range(of: #"nb\.md:\d+:\d+: error: "#, options: .regularExpression) != nil,
                "\(body): \(run.stderr)")
            #expect(run.stderr.contains(message), "\(body): \(run.stderr)")
            #expect(run.stderr.contains(id), "\(body): \(run.stderr)")
            // The position is on the step's line (the last step: line of its body).
            let lines = (Self.preamble + Self.step("bad", body)).split(
                separator: "\n", omittingEmptySubsequences: false)
            let line = (lines.firstIndex { $0 == Substring(body) } ?? -1) + 1
            #expect(run.stderr.contains("nb.md:\(line):"), "\(body): \(run.stderr)")
        }
    }

    @Test func dataTheChartCannotDrawFailsTheStep() throws {
        let project = try Self.project(
            Self.preamble
                + Self.step(
                    "bad", "chart: {from: customers, mark: point, x: monthly_usage_gb, y: support_calls, y_scale: log}")
        )
        let run = try QuireProcess.run(["run", "--quiet", "nb.md"], in: project.url)
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stderr.contains("log scale needs positive values"), "\(run.stderr)")
        #expect(run.stderr.contains("support_calls"), "\(run.stderr)")
    }

    @Test func aMillionRowsKeepTheReportUnderOneMegabyte() throws {
        let project = try Self.project(
            Self.step("rows", "generate: {kind: regression, n_samples: 1000000, n_features: 2, seed: 1}")
                + Self.step("scatter", "chart: {from: rows, mark: point, x: x00, y: target}")
                + Self.step("trace", "chart: {from: rows, mark: line, x: x00, y: x01}")
                + Self.step("spread", "chart: {from: rows, mark: histogram, x: target, bins: 40}"))
        let run = try QuireProcess.run(["run", "--quiet", "nb.md"], in: project.url)
        #expect(run.status == 0, "\(run.stderr)")
        let attributes = try FileManager.default.attributesOfItem(
            atPath: project.url.appendingPathComponent("reports/nb.html").path)
        let size = try #require(attributes[.size] as? Int)
        #expect(size < 1_000_000, "report is \(size) bytes")
        let html = try report(project)
        #expect(html.contains("1,000,000 points binned"))
        #expect(html.contains("LTTB"))
        #expect(html.components(separatedBy: "<svg class=\"qchart\"").count - 1 == 3)
    }

    /// Every ```step block of docs/charts.md, run in one notebook after the preamble its
    /// examples read (customers, by_plan).
    @Test func everyExampleOfTheChartsPageRuns() throws {
        let page = try String(contentsOf: Self.root.appendingPathComponent("docs/charts.md"), encoding: .utf8)
        var blocks: [String] = []
        var current: [Substring]?
        for line in page.split(separator: "\n", omittingEmptySubsequences: false) {
            if current == nil, line.hasPrefix("```step ") {
                current = [line]
            } else if var lines = current {
                lines.append(line)
                if line == "```" {
                    blocks.append(lines.joined(separator: "\n"))
                    current = nil
                } else {
                    current = lines
                }
            }
        }
        #expect(blocks.count >= 6)
        let project = try Self.project(Self.preamble + blocks.joined(separator: "\n\n") + "\n")
        let run = try QuireProcess.run(["run", "--quiet", "nb.md"], in: project.url)
        #expect(run.status == 0, "\(run.stderr)")
        let html = try report(project)
        #expect(html.components(separatedBy: "<svg class=\"qchart\"").count - 1 == blocks.count)
    }
}
