import QuireEngine
import QuireSupport

/// Monitoring results with ok/warn/alert statuses: what `drift`, `expect` and `latency` produce.
///
/// Stored as sorted-key JSON; the value is its own summary. Besides its own output, a monitor
/// feeds the report's monitoring section, the JSON summary's `monitor_status` and `--fail-on`,
/// which read it through ``OutputSummary/monitor``.
public enum MonitorKind: ValueKindDefinition {
    /// `monitor`.
    public static let kind = ValueKind("monitor", article: "a monitor")

    /// `status` (0 ok, 1 warn, 2 alert), drift `share` and `drifted`, expectation `failed`,
    /// latency `p50_ms` … `throughput`.
    public static func scalars(of monitor: MonitorValue) -> [String: Double] {
        var scalars: [String: Double] = ["status": Double(MonitorStatus.allCases.firstIndex(of: monitor.status) ?? 0)]
        if let drift = monitor.drift {
            scalars["share"] = drift.driftShare
            scalars["drifted"] = Double(drift.driftedCount)
        }
        if let expectations = monitor.expectations {
            scalars["failed"] = Double(expectations.filter { !$0.success }.count)
        }
        for (name, value) in monitor.latency ?? [:] { scalars[name] = value }
        return scalars
    }

    /// `ok`, `alert`, `detected` (dataset drift) and `passed` (every expectation).
    public static func flags(of monitor: MonitorValue) -> [String: Bool]? {
        var flags: [String: Bool] = ["ok": monitor.status == .ok, "alert": monitor.status == .alert]
        if let drift = monitor.drift { flags["detected"] = drift.datasetDrift }
        if let expectations = monitor.expectations { flags["passed"] = expectations.allSatisfy(\.success) }
        return flags
    }

    /// `rows`, and the rows as `monitor`.
    public static func json(of monitor: MonitorValue) -> [String: JSONValue] {
        ["rows": .integer(monitor.rows.count), "monitor": .array(monitor.rows.map(json(of:)))]
    }

    /// One row in the JSON summary.
    public static func json(of row: MonitorValue.Row) -> JSONValue {
        .object([
            "subject": .string(row.subject), "test": .string(row.test),
            "value": row.value.map(JSONValue.number) ?? .null,
            "threshold": row.threshold.map(JSONValue.number) ?? .null,
            "volatile": .bool(row.isVolatile),
            "status": .string(row.status.rawValue), "detail": row.detail.map(JSONValue.string) ?? .null,
        ])
    }

    /// Status, drift, expectation and latency gauges.
    ///
    /// Drift p-values and distances are different quantities, so they are different families; a
    /// latency quantile is a gauge of its own (a precomputed quantile is not a Prometheus summary,
    /// which would also need `_sum` and `_count`). Expectations are labelled by position, name and
    /// column, never by their text, which holds the bounds.
    public static let gauges = [
        GaugeFamily("quire_monitor_status", help: "Worst status of each monitoring step: 0 ok, 1 warn, 2 alert."),
        GaugeFamily(
            "quire_drift_p_value",
            help: "Drift p-value per column of a statistical test (ks, chi_square, z): drift when it is low."),
        GaugeFamily(
            "quire_drift_distance",
            help: "Drift distance per column (wasserstein, psi, kl, jensen_shannon): drift when it is high."),
        GaugeFamily("quire_drift_detected", help: "Whether a column drifted (1) or not (0)."),
        GaugeFamily("quire_drifted_columns_ratio", help: "Share of the tested columns that drifted (0 to 1)."),
        GaugeFamily(
            "quire_expectation_success", help: "Whether a data-quality expectation held (1) or not (0)."),
        GaugeFamily("quire_expectation_failing_rows", help: "Rows failing a data-quality expectation."),
        GaugeFamily("quire_prediction_latency_p50_seconds", help: "Median single-row prediction latency."),
        GaugeFamily("quire_prediction_latency_p95_seconds", help: "95th percentile of single-row prediction latency."),
        GaugeFamily("quire_prediction_latency_p99_seconds", help: "99th percentile of single-row prediction latency."),
        GaugeFamily("quire_prediction_latency_max_seconds", help: "Slowest single-row prediction."),
        GaugeFamily(
            "quire_prediction_throughput_rows_per_second", help: "Rows per second predicted in one batch."),
    ]

    /// The latency families and the keys of ``MonitorValue/latency`` they export.
    static let latencyGauges = [
        ("quire_prediction_latency_p50_seconds", "p50_ms", 1e-3),
        ("quire_prediction_latency_p95_seconds", "p95_ms", 1e-3),
        ("quire_prediction_latency_p99_seconds", "p99_ms", 1e-3),
        ("quire_prediction_latency_max_seconds", "max_ms", 1e-3),
        ("quire_prediction_throughput_rows_per_second", "throughput", 1),
    ]

    /// The status; drift share and per-column p-values or distances; expectation outcomes by
    /// position (`index`, 1-based), name and column; latency in seconds and throughput (left out
    /// when `reproducible`).
    public static func samples(of monitor: MonitorValue, output: String, reproducible: Bool) -> [GaugeSample] {
        var samples = [
            GaugeSample(
                "quire_monitor_status", Double(MonitorStatus.allCases.firstIndex(of: monitor.status) ?? 0))
        ]
        if let result = monitor.drift {
            samples.append(GaugeSample("quire_drifted_columns_ratio", result.driftShare))
            for column in result.columns {
                let labels = [("column", column.column), ("method", column.method.rawValue)]
                if let score = column.score {
                    let family = column.method.isPValueTest ? "quire_drift_p_value" : "quire_drift_distance"
                    samples.append(GaugeSample(family, labels: labels, score))
                }
                samples.append(GaugeSample("quire_drift_detected", labels: labels, column.drifted ? 1 : 0))
            }
        }
        for (index, expectation) in (monitor.expectations ?? []).enumerated() {
            let name = String(expectation.description.prefix { $0 != "(" })
            var labels = [("index", String(index + 1)), ("expectation", name)]
            if let column = expectation.column { labels.append(("column", column)) }
            samples.append(GaugeSample("quire_expectation_success", labels: labels, expectation.success ? 1 : 0))
            samples.append(
                GaugeSample("quire_expectation_failing_rows", labels: labels, Double(expectation.failingCount)))
        }
        if !reproducible {
            for (family, key, scale) in latencyGauges {
                if let value = monitor.latency?[key] { samples.append(GaugeSample(family, value * scale)) }
            }
        }
        return samples
    }

    /// The worst status as a badge, the rows as a status table, and overlaid distributions of
    /// every column that drifted.
    public static func render(_ monitor: MonitorValue, name: String, options: RenderOptions) -> HTML {
        var figure = HTML.element(
            "figcaption", [:], .element("span", ["class": "output-name"], .text(name)),
            .text(" · \(monitor.kind) · "), badge(monitor.status))
        figure += table(monitor.rows, reproducible: options.reproducible)
        if let drift = monitor.drift {
            var charts = HTML.empty
            for column in drift.columns where column.status != .ok {
                charts += overlaid(column)
            }
            if charts != .empty { figure += .element("div", ["class": "charts"], charts) }
        }
        return .element("figure", ["class": "output monitor"], figure)
    }

    /// A status as a coloured badge.
    public static func badge(_ status: MonitorStatus) -> HTML {
        let style = status == .ok ? "ok" : status == .warn ? "warn" : "failed"
        return .element("span", ["class": "badge \(style)"], .text(status.rawValue))
    }

    /// Rows as a status table, in the order given; with `steps`, a first column names each
    /// row's step (the report's monitoring section).
    ///
    /// - Parameters:
    ///   - reproducible: Show timings as "timed", since they differ between runs.
    ///   - steps: The step of each row, or nil for no step column.
    public static func table(_ rows: [MonitorValue.Row], reproducible: Bool, steps: [String]? = nil) -> HTML {
        var head = HTML.empty
        let titles = (steps == nil ? [] : ["step"]) + ["subject", "test", "value", "threshold", "status", "detail"]
        for title in titles {
            // The status column keeps its class: the stylesheet keeps it in view on narrow screens.
            head += .element("th", title == "status" ? ["class": "status"] : [:], .text(title))
        }
        var body = HTML.empty
        for (index, row) in rows.enumerated() {
            var cells = HTML.empty
            if let steps { cells += .element("td", [:], .element("code", [:], .text(steps[index]))) }
            cells += .element("td", [:], .text(row.subject))
            cells += .element("td", [:], .text(row.test))
            // Timings differ between runs: a reproducible report leaves them out.
            let hidden = reproducible && row.isVolatile
            cells += .element(
                "td", ["class": "num"], .text(hidden ? "timed" : row.value.map(OutputRendering.format) ?? "—"))
            cells += .element("td", ["class": "num"], .text(row.threshold.map(OutputRendering.format) ?? "—"))
            cells += .element("td", ["class": "status"], badge(row.status))
            cells += .element(
                "td", ["class": "detail"], .text(hidden ? "left out of reproducible reports" : row.detail ?? ""))
            body += .element("tr", ["class": "status-\(row.status.rawValue)"], cells)
        }
        return OutputRendering.scrollingTable(
            .element(
                "table", ["class": "monitor"], .element("thead", [:], .element("tr", [:], head)),
                .element("tbody", [:], body)),
            columns: titles.count)
    }

    /// Reference and current distributions of a column, overlaid (bars side by side per bin),
    /// each as its share of its sample's values, over a y axis of shares.
    static func overlaid(_ column: ColumnDrift) -> HTML {
        let reference = column.histogram.reference
        let current = column.histogram.current
        guard !reference.isEmpty, reference.count == current.count else { return .empty }
        let totalReference = Double(max(reference.reduce(0, +), 1))
        let totalCurrent = Double(max(current.reduce(0, +), 1))
        let title =
            "\(column.column): reference vs current (\(column.method.rawValue), score \(column.score.map(OutputRendering.format) ?? "—"))"
        let bins: Charts.BinLabels
        if let categories = column.histogram.categories {
            bins = .categories(categories)
        } else if let edges = column.histogram.edges, let low = edges.first, let high = edges.last {
            bins = .range(low: low, high: high)
        } else {
            bins = .none
        }
        return Charts.histogram(
            title: title,
            bars: [
                Charts.Bars(
                    name: "reference", heights: reference.map { Double($0) / totalReference }, fill: "var(--muted)",
                    opacity: 0.6),
                Charts.Bars(name: "current", heights: current.map { Double($0) / totalCurrent }, fill: "var(--accent)"),
            ],
            scale: .share, bins: bins)
    }
}

extension ValueKind {
    /// Monitoring results (``MonitorKind``).
    public static let monitor = MonitorKind.kind
}

extension StepValue {
    /// A monitor value.
    public static func monitor(_ monitor: MonitorValue) -> StepValue { StepValue(MonitorKind.self, monitor) }

    /// The monitoring result, when the value is one.
    public var monitor: MonitorValue? { self.as(MonitorKind.self) }
}

extension OutputSummary {
    /// The monitoring result, when the output is one.
    public var monitor: MonitorValue? { self.as(MonitorKind.self) }
}
