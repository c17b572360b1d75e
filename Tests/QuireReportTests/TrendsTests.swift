import Foundation
import QuireNotebook
import QuireRunner
import QuireSupport
import QuireValues
import TestSupport
import Testing

@testable import QuireReport

/// Trend sparklines in reports and in the index, from synthetic ``ReportTrends``.
@Suite struct TrendsTests {
    static let notebook = """
        ---
        title: Trend test
        ---
        # Trend test

        ```step data
        generate: {kind: classification, n_samples: 300, n_features: 4, n_informative: 3, n_redundant: 0, seed: 3}
        ```

        ```step batch
        generate: {kind: classification, n_samples: 200, n_features: 4, n_informative: 3, n_redundant: 0, seed: 4}
        ```

        ```step split
        split: {from: data, test_size: 0.3, seed: 1}
        ```

        ```step model
        train: {data: split.train, algorithm: logistic_regression, target: target}
        ```

        ```step quality
        evaluate: {model: model, data: split.test}
        ```

        ```step drift
        drift: {reference: data, current: batch}
        ```
        """

    /// One run of ``notebook``, shared by the tests (the run itself does not change).
    static let fixture: Result<(Notebook, RunResult), any Error> = Result {
        let directory = try TemporaryDirectory()
        let parsed = NotebookParser(options: [.renderProse]).parse(bytes: Array(notebook.utf8), path: "nb.md")
        guard let notebook = parsed.notebook else { throw FixtureError.notParsed }
        let plan = try Planner().plan(notebook, params: ParamSet(frontMatter: notebook.frontMatter)).get()
        let run = Executor(
            plan: plan, options: RunOptions(baseDirectory: directory.url.path, projectRoot: directory.url.path)
        ).run()
        guard run.succeeded else { throw FixtureError.runFailed }
        return (notebook, run)
    }

    enum FixtureError: Error { case notParsed, runFailed }

    static func run() throws -> (Notebook, RunResult) { try fixture.get() }

    static func metrics(_ run: RunResult, step: String = "quality") throws -> [String: Double] {
        let result = try #require(run.result(step))
        let metrics = result.outputs.values.compactMap { $0.summary.evaluation?.metrics }
        return try #require(metrics.first)
    }

    static func monitorRows(_ run: RunResult) -> [MonitorValue.Row] {
        guard let result = run.result("drift") else { return [] }
        return result.outputs.values.compactMap { $0.summary.monitor }.flatMap(\.rows)
    }

    static func render(_ trends: ReportTrends?, reproducible: Bool = false) throws -> String {
        let (notebook, run) = try Self.run()
        var options = ReportRenderer.Options(
            reproducible: reproducible, runInfo: .init(date: "2026-12-07T00:00:00Z", host: "host"),
            notebookDigest: "abc")
        options.trends = trends
        return ReportRenderer(options: options).render(notebook, run: run)
    }

    static func date(_ day: Int) -> Date { Date(timeIntervalSince1970: 1_796_000_000 + Double(day) * 86_400) }

    /// Earlier runs whose `quality` metrics are the current ones shifted by `offsets` (oldest first).
    static func trends(offsets: [Double?], metric: String = "roc_auc", limit: Int = 20) throws -> ReportTrends {
        let (_, run) = try Self.run()
        let current = try #require(try metrics(run)[metric])
        let runs = offsets.enumerated().map { index, offset in
            ReportTrends.Run(
                id: "run-\(index)", started: date(index),
                values: offset.map { [.metric(step: "quality", name: metric): current + $0] } ?? [:])
        }
        return ReportTrends(runs: runs, limit: limit)
    }

    /// The SVGs with class `trend-line` in `html`.
    static func sparklines(_ html: String) -> [String] {
        html.components(separatedBy: "<svg class=\"trend-line\"").dropFirst().map {
            String($0.prefix { $0 != "\u{0}" }.components(separatedBy: "</svg>")[0])
        }
    }

    /// The numbers of attribute `name` in `svg`, in order (`points` gives x,y pairs flattened).
    static func numbers(_ name: String, in svg: String) -> [[Double]] {
        svg.components(separatedBy: " \(name)=\"").dropFirst().map { rest in
            let value = rest.prefix { $0 != "\"" }
            return value.split(whereSeparator: { $0 == " " || $0 == "," }).compactMap { Double($0) }
        }
    }

    // MARK: Without history

    @Test(arguments: [nil, ReportTrends(runs: [])])
    func noTrendsRendersTheSameBytes(_ trends: ReportTrends?) throws {
        let (notebook, run) = try Self.run()
        let plain = ReportRenderer(
            options: .init(runInfo: .init(date: "2026-12-07T00:00:00Z", host: "host"), notebookDigest: "abc")
        ).render(notebook, run: run)
        #expect(try Self.render(trends) == plain)
        #expect(!plain.contains("trend"))
    }

    @Test func reproducibleReportsLeaveHistoryOut() throws {
        let trends = try Self.trends(offsets: [-0.02, -0.01])
        let reproducible = try Self.render(trends, reproducible: true)
        #expect(reproducible == (try Self.render(nil, reproducible: true)))
        #expect(!reproducible.contains("trend"))
    }

    @Test func indexWithoutTrendsIsUnchanged() {
        let entry = IndexRenderer.Entry(
            title: "T", notebook: "t.md", report: "t.html", status: RunStatus(succeeded: true), counts: [.ok: 1],
            metrics: [.init(name: "quality.roc_auc", value: 0.9)], monitorStatus: "ok")
        var empty = entry
        empty.trends = ReportTrends(runs: [])
        let plain = IndexRenderer().render([entry])
        #expect(IndexRenderer().render([empty]) == plain)
        var withHistory = entry
        withHistory.trends = ReportTrends(runs: [
            .init(id: "a", started: Self.date(0), values: [.metric(step: "quality", name: "roc_auc"): 0.8])
        ])
        #expect(
            IndexRenderer(reproducible: true).render([withHistory]) == IndexRenderer(reproducible: true).render([entry])
        )
        #expect(IndexRenderer().render([withHistory]) != plain)
    }

    // MARK: The report

    @Test func aMetricShowsItsPreviousValueAndTheChange() throws {
        let (_, run) = try Self.run()
        let current = try #require(try Self.metrics(run)["roc_auc"])
        let previous = current - 0.02
        let html = try Self.render(try Self.trends(offsets: [-0.05, -0.02]))
        let text = "prev \(NumberFormat.decimal(previous)) → \(NumberFormat.decimal(current)) "
        #expect(html.contains(text))
        let change = "+" + NumberFormat.decimal(current - previous)
        #expect(html.contains("<span class=\"trend-better\" title=\"better\">(\(change))</span>"))
        #expect(html.contains("Trend · this run and the 2 runs before"))
        // The trend of the evaluating step sits in that step's section.
        let section = try #require(html.range(of: "id=\"step-quality\""))
        let trend = try #require(html.range(of: "class=\"output trends\""))
        #expect(section.upperBound < trend.lowerBound)
        #expect(html.range(of: "id=\"step-drift\"").map { trend.lowerBound < $0.lowerBound } ?? false)
    }

    @Test(arguments: [("roc_auc", 0.03, "better"), ("roc_auc", -0.03, "worse"), ("roc_auc", 0.0, "same")])
    func theChangeIsColouredByTheMetricsDirection(metric: String, rise: Double, verdict: String) throws {
        // The earlier run was `rise` below the current value.
        let html = try Self.render(try Self.trends(offsets: [-rise], metric: metric))
        let found = html.contains("<span class=\"trend-\(verdict)\" title=\"\(verdict)\">")
        #expect(found, "\(metric) \(rise)")
    }

    @Test(arguments: [("log_loss", 0.3, 0.2, "better"), ("log_loss", 0.2, 0.3, "worse"), ("rmse", 2, 1, "better")])
    func aLossThatFallsIsBetter(metric: String, previous: Double, current: Double, verdict: String) throws {
        let cell = TrendCell(
            label: metric, points: [.init(run: "a", started: Self.date(0), value: previous)], current: current,
            direction: .metric(metric), format: { NumberFormat.decimal($0) })
        let change = try #require(cell.html()).change.markup
        #expect(change.contains("class=\"trend-\(verdict)\""))
        #expect(change.contains("(\(current > previous ? "+" : "-")\(NumberFormat.decimal(abs(current - previous))))"))
    }

    @Test func directionsComeFromTheEngineAndTheMonitorBands() {
        for metric in ["accuracy", "roc_auc", "f1", "r2", "silhouette"] {
            #expect(TrendCell.Direction.metric(metric) == .higherIsBetter, "\(metric)")
        }
        for metric in ["log_loss", "rmse", "mae", "brier_score", "inertia"] {
            #expect(TrendCell.Direction.metric(metric) == .lowerIsBetter, "\(metric)")
        }
        #expect(TrendCell.Direction.monitor(.low) == .higherIsBetter)
        #expect(TrendCell.Direction.monitor(.high) == .lowerIsBetter)
        #expect(TrendCell.Direction.monitor(.outside) == .neither)
        #expect(TrendCell.verdict(from: 1, to: 2, direction: .neither) == .changed)
    }

    @Test func aMonitorRowFollowsItsDirection() throws {
        let (_, run) = try Self.run()
        let row = try #require(Self.monitorRows(run).first { $0.value != nil && $0.direction == .high })
        let value = try #require(row.value)
        let key = ReportTrends.Key.monitor(step: "drift", subject: row.subject, test: row.test)
        // A larger distance before: smaller now, which is better for a higher-is-worse row.
        let trends = ReportTrends(runs: [.init(id: "r1", started: Self.date(0), values: [key: value + 1])])
        let html = try Self.render(trends)
        let label = HTML.text("\(row.subject) · \(row.test)").markup
        let start = try #require(html.range(of: "<th scope=\"row\">\(label)</th>"))
        let rest = html[start.upperBound...]
        let change = try #require(rest.range(of: "trend-change"))
        #expect(rest[change.upperBound...].prefix(200).contains("trend-better"))
        #expect(rest.contains("prev \(MonitorKind.text(of: value + 1, as: row.measure))"))
    }

    @Test func everyTextIsEscaped() throws {
        let hostile = "<script>alert(1)</script>"
        let trends = ReportTrends(runs: [
            .init(
                id: "\"><script>x</script>", started: Self.date(0),
                values: [.metric(step: "quality", name: "roc_auc"): 0.5])
        ])
        let html = try Self.render(trends)
        #expect(!html.contains("<script>"))
        #expect(html.contains("run &quot;&gt;&lt;script&gt;x&lt;/script&gt;"))
        // A monitor row whose subject and test are hostile, and a hostile step id in the index.
        let cell = TrendCell(
            label: hostile, points: [.init(run: hostile, started: Self.date(0), value: 1)], current: 2,
            direction: .neither, format: { NumberFormat.decimal($0) })
        let (sparkline, change) = try #require(cell.html())
        #expect(!sparkline.markup.contains("<script>") && !change.markup.contains("<script>"))
        #expect(sparkline.markup.contains("&lt;script&gt;alert(1)&lt;/script&gt; over the last 2 runs"))
        let entry = IndexRenderer.Entry(
            title: hostile, notebook: hostile, report: "x.html", status: RunStatus(succeeded: true), counts: [:],
            metrics: [.init(name: "\(hostile).roc_auc", value: 0.9)], monitorStatus: hostile,
            trends: ReportTrends(runs: [
                .init(
                    id: hostile, started: Self.date(0),
                    values: [.metric(step: hostile, name: "roc_auc"): 0.8], monitorStatus: .warn)
            ]))
        let index = IndexRenderer().render([entry])
        #expect(!index.contains("<script>"))
        #expect(index.contains("class=\"trend-line\""))
        #expect(index.contains("run-square now none"))
    }

    @Test func missingValuesLeaveGaps() throws {
        // Runs 1 and 3 lack the metric: the line breaks around them, run 2 is a lone dot.
        let html = try Self.render(try Self.trends(offsets: [-0.03, nil, -0.02, nil, -0.01, -0.005]))
        let svg = try #require(Self.sparklines(html).first)
        #expect(Self.numbers("points", in: svg).map(\.count) == [6])  // runs 4, 5 and this one
        #expect(svg.components(separatedBy: "class=\"lone\"").count == 3)  // runs 0 and 2
        #expect(svg.contains("(run run-1, ") && svg.contains("— (run run-1"))
        // The previous value is the newest earlier one.
        let (_, run) = try Self.run()
        let current = try #require(try Self.metrics(run)["roc_auc"])
        #expect(html.contains("prev \(NumberFormat.decimal(current - 0.005))"))
    }

    @Test func aSinglePreviousRunIsEnough() throws {
        let html = try Self.render(try Self.trends(offsets: [-0.01]))
        let svg = try #require(Self.sparklines(html).first)
        let points = try #require(Self.numbers("points", in: svg).first)
        #expect(points.count == 4)
        #expect(points[0] == Sparkline.inset && points[2] == Sparkline.width - Sparkline.inset)
        #expect(html.contains("Trend · this run and the 1 run before"))
    }

    @Test func noEarlierValueMeansNoTrend() throws {
        let html = try Self.render(try Self.trends(offsets: [nil, nil]))
        #expect(!html.contains("class=\"trend-line\""))
        #expect(!html.contains("class=\"output trends\""))
    }

    @Test func theWindowIsCappedAtTheLimit() throws {
        let trends = try Self.trends(offsets: (0..<25).map { Double($0) / 100 }, limit: 20)
        #expect(trends.runs.count == 20)
        #expect(trends.runs.first?.id == "run-5" && trends.runs.last?.id == "run-24")
        let svg = try #require(Self.sparklines(try Self.render(trends)).first)
        #expect(Self.numbers("points", in: svg).first?.count == 42)
        #expect(ReportTrends(runs: [], limit: 0).limit == 1)
        // Runs given newest first are put in order.
        let reversed = ReportTrends(runs: trends.runs.reversed())
        #expect(reversed.runs.map(\.id) == trends.runs.map(\.id))
    }

    // MARK: The sparkline

    @Test(arguments: [
        [0.8, 0.81, 0.79, 0.83], [0.5, 0.5, 0.5], [-3, 1e6, 0.25], [0.1, .nan, .infinity, 0.2],
    ])
    func theSparklineStaysInsideItsViewBoxAndEndsAtTheCurrentValue(values: [Double]) throws {
        let geometry = try #require(Sparkline(values: values))
        let svg = geometry.svg(title: "t").markup
        #expect(svg.contains("viewBox=\"0 0 80 18\""))
        let coordinates = Self.numbers("points", in: svg).flatMap { $0 }
        for pair in stride(from: 0, to: coordinates.count, by: 2) {
            #expect((0...Sparkline.width).contains(coordinates[pair]))
            #expect((0...Sparkline.height).contains(coordinates[pair + 1]))
        }
        // The emphasised point is the last value: rightmost, at its place between the window's
        // minimum (bottom) and maximum (top).
        let xs = Self.numbers("cx", in: svg).flatMap { $0 }
        let ys = Self.numbers("cy", in: svg).flatMap { $0 }
        let now = try #require(svg.range(of: "class=\"now\""))
        #expect(svg[now.upperBound...].contains("cx=\"77\""))
        let finite = values.filter(\.isFinite)
        let low = try #require(finite.min())
        let high = try #require(finite.max())
        let last = try #require(values.last)
        let expected =
            high > low
            ? Sparkline.inset + (high - last) / (high - low) * (Sparkline.height - 2 * Sparkline.inset)
            : Sparkline.height / 2
        #expect(abs((ys.last ?? -1) - expected) < 0.01)
        #expect(xs.last == Sparkline.width - Sparkline.inset)
        #expect(Sparkline(values: [nil, .nan]) == nil)
    }

    @Test func theSparklineIsDeterministic() throws {
        let values: [Double?] = [0.1234567, nil, 0.7654321, 0.333]
        let a = try #require(Sparkline(values: values)).svg(title: "x").markup
        let b = try #require(Sparkline(values: values)).svg(title: "x").markup
        #expect(a == b)
        // Coordinates carry at most two decimals.
        for number in Self.numbers("points", in: a).flatMap({ $0 }) {
            #expect(((number * 100).rounded() / 100) == number)
        }
    }

    // MARK: The index

    @Test func theIndexShowsTheHeadlineTrendAndTheMonitorStatusOfEachRun() {
        let entry = IndexRenderer.Entry(
            title: "T", notebook: "t.md", report: "t.html", status: RunStatus(succeeded: true), counts: [.ok: 1],
            metrics: [.init(name: "quality.roc_auc", value: 0.84), .init(name: "other.r2", value: 0.5)],
            monitorStatus: "warn",
            trends: ReportTrends(runs: [
                .init(
                    id: "a", started: Self.date(0), values: [.metric(step: "quality", name: "roc_auc"): 0.8],
                    monitorStatus: .ok),
                .init(id: "b", started: Self.date(1), values: [:], monitorStatus: .alert),
                .init(
                    id: "c", started: Self.date(2), values: [.metric(step: "quality", name: "roc_auc"): 0.85],
                    monitorStatus: nil),
            ]))
        let html = IndexRenderer().render([entry])
        #expect(Self.sparklines(html).count == 1)
        #expect(html.contains("prev 0.85 → 0.84 "))
        #expect(html.contains("<span class=\"trend-worse\" title=\"worse\">(-0.01)</span>"))
        let squares = html.components(separatedBy: "class=\"run-square ").dropFirst().map { $0.prefix { $0 != "\"" } }
        #expect(squares == ["ok", "alert", "none", "now warn"])
        #expect(html.contains("monitor status of the last 4 runs, oldest first: ok, alert, none, warn"))
        #expect(html.contains("--trend-better"))
    }
}
