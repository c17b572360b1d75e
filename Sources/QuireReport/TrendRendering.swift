import Foundation
import QuireEngine
import QuireRunner
import QuireSupport
import QuireValues

/// The trend of one series as the report and the index show it: a ``Sparkline`` of the earlier
/// values and the current one, then `prev 0.812 → 0.834 (+0.022)`, the change coloured by whether
/// it is better or worse.
struct TrendCell: Sendable {
    /// Which way a series improves.
    enum Direction: Sendable, Equatable {
        /// Larger is better (`roc_auc`, a p-value, a passing share).
        case higherIsBetter
        /// Smaller is better (`log_loss`, a drift distance, a latency).
        case lowerIsBetter
        /// Neither: a change is only a change (a mean that must stay in a range).
        case neither

        /// A metric's direction, as `tune` and `compare` rank by it (``Evaluation/greaterIsBetter(_:)``).
        static func metric(_ name: String) -> Direction {
            Evaluation.greaterIsBetter(name) ? .higherIsBetter : .lowerIsBetter
        }

        /// A monitor row's direction, from its bands (docs/json-summary.md, "Monitor rows").
        static func monitor(_ direction: MonitorValue.Direction?) -> Direction {
            switch direction {
            case .low: .higherIsBetter
            case .high: .lowerIsBetter
            case .outside, nil: .neither
            }
        }
    }

    /// What a change means: the CSS class of the change and its word.
    enum Verdict: String, Sendable, Equatable {
        case better, worse, same, changed
    }

    /// What the series is, in words (`roc_auc`, `age · ks`); escaped when rendered.
    var label: String
    /// The earlier runs' values, oldest first.
    var points: [ReportTrends.Point]
    /// This run's value.
    var current: Double
    /// Which way the series improves.
    var direction: Direction
    /// How a value reads (a metric's decimal, a monitor row's measure).
    var format: @Sendable (Double) -> String

    /// The newest earlier value, if any earlier run has one.
    var previous: Double? { points.last { $0.value?.isFinite ?? false }?.value }

    /// Whether the change from ``previous`` to ``current`` is better, worse, none, or either.
    static func verdict(from previous: Double, to current: Double, direction: Direction) -> Verdict {
        guard previous != current else { return .same }
        switch direction {
        case .higherIsBetter: return current > previous ? .better : .worse
        case .lowerIsBetter: return current < previous ? .better : .worse
        case .neither: return .changed
        }
    }

    /// The change with its sign: `+0.022`, `-0.4`, `±0`.
    func change(from previous: Double) -> String {
        let delta = current - previous
        if delta == 0 { return "±0" }
        return (delta > 0 ? "+" : "-") + format(abs(delta))
    }

    /// The tooltip: the label, the window's range and every value with its run.
    func title(range: ClosedRange<Double>) -> String {
        var parts = points.map { point in
            let value = point.value.map(format) ?? "—"
            return "\(value) (run \(point.run), \(CivilDate.iso8601(point.started)))"
        }
        parts.append("\(format(current)) (this run)")
        return "\(label) over the last \(points.count + 1) runs, min \(format(range.lowerBound)), "
            + "max \(format(range.upperBound)): " + parts.joined(separator: "; ")
    }

    /// The sparkline and the change, or nil when no earlier run has a value or this one is not finite.
    func html() -> (sparkline: HTML, change: HTML)? {
        guard current.isFinite, let previous,
            let sparkline = Sparkline(values: points.map(\.value) + [current])
        else { return nil }
        let verdict = Self.verdict(from: previous, to: current, direction: direction)
        let change = HTML.element(
            "span", ["class": "trend-change"], .text("prev \(format(previous)) → \(format(current)) "),
            .element(
                "span", ["class": "trend-\(verdict.rawValue)", "title": verdict.rawValue],
                .text("(\(change(from: previous)))")))
        return (sparkline.svg(title: title(range: sparkline.range)), change)
    }
}

extension ReportRenderer {
    /// The metrics of an output that get a trend: of an evaluation, the one the index shows
    /// (``SummaryFile/headlineMetrics``) then those its cards show; of another kind, every metric
    /// it gives its step, by name.
    static func headlineMetrics(of summary: OutputSummary, kinds: ValueKinds) -> [(name: String, value: Double)] {
        guard let evaluation = summary.evaluation else {
            return kinds.metrics(of: summary).sorted { $0.key < $1.key }.map { (name: $0.key, value: $0.value) }
        }
        let index = SummaryFile.headlineMetrics.first { evaluation.metrics[$0] != nil }
        let cards = EvaluationKind.headlineMetrics(of: evaluation)
        let first = index.flatMap { name in evaluation.metrics[name].map { (name: name, value: $0) } }
        return (first.map { [$0] } ?? []) + cards.filter { $0.name != index }
    }

    /// A step's trends: its headline metrics (those an evaluation shows as cards, every metric
    /// of another kind) and its monitor rows, each that some earlier run of ``Options/trends``
    /// has; nothing when there is none (or the report is reproducible).
    func trends(of result: StepResult, outputs names: [String], kinds: ValueKinds) -> HTML {
        guard options.showsTrends, let trends = options.trends else { return .empty }
        var cells: [TrendCell] = []
        var seen: Set<ReportTrends.Key> = []
        for name in names {
            guard let summary = result.outputs[name]?.summary else { continue }
            // Reading an output's metrics decodes its summary: only for a step some run measured.
            let metrics = trends.hasMetrics(of: result.id) ? Self.headlineMetrics(of: summary, kinds: kinds) : []
            for metric in metrics {
                let key = ReportTrends.Key.metric(step: result.id, name: metric.name)
                guard trends.hasValues(key), seen.insert(key).inserted else { continue }
                cells.append(
                    TrendCell(
                        label: metric.name, points: trends.points(key), current: metric.value,
                        direction: .metric(metric.name), format: { NumberFormat.decimal($0) }))
            }
            for row in summary.monitor?.rows ?? [] {
                let key = ReportTrends.Key.monitor(step: result.id, subject: row.subject, test: row.test)
                guard let value = row.value, trends.hasValues(key), seen.insert(key).inserted else { continue }
                let measure = row.measure
                cells.append(
                    TrendCell(
                        label: "\(row.subject) · \(row.test)", points: trends.points(key), current: value,
                        direction: .monitor(row.direction), format: { MonitorKind.text(of: $0, as: measure) }))
            }
        }
        var rows = HTML.empty
        for cell in cells {
            guard let (sparkline, change) = cell.html() else { continue }
            rows += .element(
                "tr", [:], .element("th", ["scope": "row"], .text(cell.label)),
                .element("td", ["class": "trend-spark"], sparkline), .element("td", [:], change))
        }
        guard rows != .empty else { return .empty }
        return .element(
            "figure", ["class": "output trends"],
            .element(
                "figcaption", [:],
                .text("Trend · this run and the \(NumberFormat.count(trends.runs.count, "run")) before")),
            .element("table", ["class": "trends"], .element("tbody", [:], rows)))
    }
}

extension IndexRenderer {
    /// The headline metric's sparkline and change, under the metric, when the entry's trends
    /// have earlier values of it.
    func metricTrend(_ entry: Entry) -> HTML {
        guard !reproducible, let trends = entry.trends, !trends.isEmpty, let metric = entry.metrics.first,
            let dot = metric.name.firstIndex(of: ".")
        else { return .empty }
        let name = String(metric.name[metric.name.index(after: dot)...])
        let key = ReportTrends.Key.metric(step: String(metric.name[..<dot]), name: name)
        let cell = TrendCell(
            label: metric.name, points: trends.points(key), current: metric.value, direction: .metric(name),
            format: { NumberFormat.decimal($0) })
        guard let (sparkline, change) = cell.html() else { return .empty }
        return .element("div", ["class": "trend"], sparkline, .text(" "), change)
    }

    /// The worst monitor status of the earlier runs and of this one, a small square each, oldest first.
    func monitorTrend(_ entry: Entry) -> HTML {
        guard !reproducible, let trends = entry.trends else { return .empty }
        var squares = HTML.empty
        var words: [String] = []
        for run in trends.runs {
            let status = run.monitorStatus?.rawValue ?? "none"
            words.append(status)
            squares += .element(
                "span",
                [
                    "class": "run-square \(status)",
                    "title": "\(status) · run \(run.id), \(CivilDate.iso8601(run.started))",
                ])
        }
        guard !words.isEmpty else { return .empty }
        let current = entry.monitorStatus.flatMap(MonitorStatus.init(rawValue:))?.rawValue ?? "none"
        words.append(current)
        squares += .element("span", ["class": "run-square now \(current)", "title": "\(current) · this run"])
        return .element(
            "div",
            [
                "class": "run-squares", "role": "img",
                "aria-label": "monitor status of the last \(words.count) runs, oldest first: "
                    + words.joined(separator: ", "),
            ], squares)
    }
}
