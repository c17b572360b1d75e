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

    /// `status` (0 ok, 1 warn, 2 alert), drift `share` and `drifted`, expectation `failed` (and
    /// `assert`'s: its gate rows not ok), latency `p50_ms` … `throughput`.
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
        if monitor.kind == "assert" { scalars["failed"] = Double(monitor.rows.filter { $0.status != .ok }.count) }
        return scalars
    }

    /// `ok`, `alert`, `detected` (dataset drift) and `passed` (every expectation, or every gate of
    /// an `assert`).
    public static func flags(of monitor: MonitorValue) -> [String: Bool]? {
        var flags: [String: Bool] = ["ok": monitor.status == .ok, "alert": monitor.status == .alert]
        if let drift = monitor.drift { flags["detected"] = drift.datasetDrift }
        if let expectations = monitor.expectations { flags["passed"] = expectations.allSatisfy(\.success) }
        if monitor.kind == "assert" { flags["passed"] = monitor.rows.allSatisfy { $0.status == .ok } }
        return flags
    }

    /// `rows`, and the rows as `monitor`.
    public static func json(of monitor: MonitorValue) -> [String: JSONValue] {
        ["rows": .integer(monitor.rows.count), "monitor": .array(monitor.rows.map(json(of:)))]
    }

    /// One row in the JSON summary, numbers in full precision: what was measured (`measure`),
    /// which values are worse (`direction`), the `warn` and `alert` bands, `mostly`, and for
    /// drift the `reference` and `current` values in brief.
    public static func json(of row: MonitorValue.Row) -> JSONValue {
        func number(_ value: Double?) -> JSONValue { value.map(JSONValue.number) ?? .null }
        return .object([
            "subject": .string(row.subject), "test": .string(row.test),
            "value": number(row.value),
            "threshold": number(row.threshold),
            "volatile": .bool(row.isVolatile),
            "status": .string(row.status.rawValue), "detail": row.detail.map(JSONValue.string) ?? .null,
            "measure": row.measure.map { .string($0.rawValue) } ?? .null,
            "direction": row.direction.map { .string($0.rawValue) } ?? .null,
            "warn": row.warn.map(json(of:)) ?? .null, "alert": row.alert.map(json(of:)) ?? .null,
            "mostly": number(row.mostly), "statistic": number(row.statistic),
            "reference": row.reference.map(json(of:)) ?? .null, "current": row.current.map(json(of:)) ?? .null,
            "value_range": row.valueRange.map { .array([.number($0.lowerBound), .number($0.upperBound)]) } ?? .null,
        ])
    }

    /// A band as its half-lines: `{"at_most": 0.05}`, `{"below": -0.5, "above": 0.5}`.
    static func json(of band: MonitorValue.Band) -> JSONValue {
        var object: [String: JSONValue] = [:]
        for (key, bound) in [
            ("below", band.below), ("at_most", band.atMost), ("above", band.above),
            ("at_least", band.atLeast),
        ] {
            if let bound { object[key] = .number(bound) }
        }
        return .object(object)
    }

    /// A drift side in brief: `count`, `mean` and `std` (numeric), `top` and `distinct` (categorical).
    static func json(of sample: DriftSample) -> JSONValue {
        func number(_ value: Double?) -> JSONValue { value.map(JSONValue.number) ?? .null }
        return .object([
            "count": .integer(sample.count), "mean": number(sample.mean), "std": number(sample.std),
            "top": sample.top.map { top in
                .array(
                    top.map {
                        .object(["value": .string($0.value), "count": .integer($0.count), "share": .number($0.share)])
                    })
            } ?? .null,
            "distinct": sample.distinct.map(JSONValue.integer) ?? .null,
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
        GaugeFamily(
            "quire_assertion_success",
            help: "Whether an assert gate's test (min, max, max_drop, max_rise) is ok (1) or not (0)."),
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
    /// position (`index`, 1-based), name and column; `assert` gates' outcomes by metric and test;
    /// latency in seconds and throughput (left out when `reproducible`).
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
        if monitor.kind == "assert" {
            for row in monitor.rows {
                samples.append(
                    GaugeSample(
                        "quire_assertion_success", labels: [("metric", row.subject), ("test", row.test)],
                        row.status == .ok ? 1 : 0))
            }
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
    /// Columns: subject, test, the value (as its measure reads: `p` as a p-value, shares as
    /// percentages), the status (`class="status"`), the warn and alert bands in words (`p ≤ 0.1`, `distance ≥ 0.1`,
    /// `mean outside [-0.5, 0.5]`), `mostly` (when a row has one), the reference and current
    /// values in brief (when a row has them: drift) and the detail.
    ///
    /// - Parameters:
    ///   - reproducible: Show timings as "timed", since they differ between runs.
    ///   - steps: The step of each row, or nil for no step column.
    public static func table(_ rows: [MonitorValue.Row], reproducible: Bool, steps: [String]? = nil) -> HTML {
        let hasMostly = rows.contains { $0.mostly != nil }
        let hasSamples = rows.contains { $0.reference != nil || $0.current != nil }
        // The verdict right after the value, so that it shows first on a narrow screen.
        var titles = (steps == nil ? [] : ["step"]) + ["subject", "test", "value", "status", "warn when", "alert when"]
        if hasMostly { titles.append("mostly") }
        if hasSamples { titles += ["reference", "current"] }
        titles.append("detail")
        var head = HTML.empty
        for title in titles { head += .element("th", headerClass(title).map { ["class": $0] } ?? [:], .text(title)) }
        var body = HTML.empty
        for (index, row) in rows.enumerated() {
            var cells = HTML.empty
            if let steps { cells += .element("td", [:], .element("code", [:], .text(steps[index]))) }
            cells += .element("td", [:], .text(row.subject))
            cells += .element("td", [:], .text(row.test))
            // Timings differ between runs: a reproducible report leaves them out.
            let hidden = reproducible && row.isVolatile
            var value = [hidden ? "timed" : row.value.map { text(of: $0, as: row.measure) } ?? "—"]
            // A p-value test's statistic under its p-value: `D 0.0412`.
            if let statistic = row.statistic {
                let symbol = DriftMethod(rawValue: row.test)?.statisticSymbol ?? "statistic"
                value.append("\(symbol) \(NumberFormat.decimal(statistic))")
            }
            // Against a compact reference: where the value against the data itself lies.
            if let range = row.valueRange {
                value.append(
                    "exact \(text(of: range.lowerBound, as: row.measure)) to \(text(of: range.upperBound, as: row.measure))"
                )
            }
            cells += lines(value, class: "num")
            cells += .element("td", ["class": "status"], badge(row.status))
            cells += lines([row.warn.map { text(of: $0, as: row.measure) } ?? "—"], class: "band")
            let alert =
                row.alert.map { text(of: $0, as: row.measure) }
                // A row without bands (stored before they existed, or from an extension op).
                ?? (row.warn == nil ? row.threshold.map { "threshold \(NumberFormat.decimal($0))" } : nil) ?? "—"
            cells += lines([alert], class: "band")
            if hasMostly {
                cells += .element("td", ["class": "num"], .text(row.mostly.map { NumberFormat.percent($0) } ?? "—"))
            }
            if hasSamples {
                cells += lines(row.reference.map(parts(of:)) ?? ["—"], class: "sample")
                cells += lines(row.current.map(parts(of:)) ?? ["—"], class: "sample")
            }
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

    private static func headerClass(_ title: String) -> String? {
        switch title {
        case "value", "mostly": "num"
        case "status": "status"
        case "warn when", "alert when": "band"
        case "reference", "current": "sample"
        default: nil
        }
    }

    /// A row's value as its measure reads: a p-value (`3.2e-7`), a percentage, a count, `12.5 ms`,
    /// `41,230 rows/s`, else a decimal with four significant digits.
    public static func text(of value: Double, as measure: MonitorValue.Measure?) -> String {
        switch measure {
        case .pValue: NumberFormat.pValue(value)
        case .driftedShare, .passingShare: NumberFormat.percent(value)
        case .milliseconds: NumberFormat.decimal(value) + " ms"
        case .rowsPerSecond: NumberFormat.decimal(value) + " rows/s"
        case .distance, .mean, .std, .rows, .metric, nil: NumberFormat.decimal(value)
        }
    }

    /// A band in words, naming the measure: `p ≤ 0.05`, `distance ≥ 0.1`, `drifted ≥ 30%`,
    /// `passing < 99%`, `mean outside [-0.5, 0.5]`, `rows < 1,000`, `> 50 ms`.
    public static func text(of band: MonitorValue.Band, as measure: MonitorValue.Measure?) -> String {
        let name = measure?.name ?? "value"
        let prefix = name.isEmpty ? "" : name + " "
        func bound(_ value: Double) -> String { text(of: value, as: measure) }
        if let low = band.below, let high = band.above, band.atMost == nil, band.atLeast == nil {
            return prefix + "outside [\(bound(low)), \(bound(high))]"
        }
        var parts: [String] = []
        if let value = band.below { parts.append("< " + bound(value)) }
        if let value = band.atMost { parts.append("≤ " + bound(value)) }
        if let value = band.above { parts.append("> " + bound(value)) }
        if let value = band.atLeast { parts.append("≥ " + bound(value)) }
        return prefix + parts.joined(separator: " or ")
    }

    /// One side of a drift test in brief: `mean 0.0123 · std 1.001`, or the top categories with
    /// their shares (`a 52.1% · b 30% · c 9.5% · 4 more`).
    public static func text(of sample: DriftSample) -> String {
        parts(of: sample).joined(separator: " · ")
    }

    /// The parts of ``text(of:)-(DriftSample)``, one a line in the table.
    static func parts(of sample: DriftSample) -> [String] {
        if let top = sample.top {
            var parts = top.map { "\($0.value) \(NumberFormat.percent($0.share))" }
            if let distinct = sample.distinct, distinct > top.count {
                parts.append("\(NumberFormat.integer(distinct - top.count)) more")
            }
            return parts.isEmpty ? ["no values"] : parts
        }
        guard let mean = sample.mean else { return ["no values"] }
        return ["mean \(NumberFormat.decimal(mean))", "std \(NumberFormat.decimal(sample.std))"]
    }

    /// A table cell of short lines that do not wrap inside (`mean 1.53`, then `std 1.828`).
    static func lines(_ lines: [String], class name: String) -> HTML {
        var cell = HTML.empty
        for (index, line) in lines.enumerated() {
            if index > 0 { cell += .raw("<br>") }
            cell += .text(line.replacingOccurrences(of: " ", with: "\u{A0}"))
        }
        return .element("td", ["class": name], cell)
    }

    /// Reference and current distributions of a column, overlaid (bars side by side per bin),
    /// each as its share of its sample's values, over a y axis of shares.
    static func overlaid(_ column: ColumnDrift) -> HTML {
        let reference = column.histogram.reference
        let current = column.histogram.current
        guard !reference.isEmpty, reference.count == current.count else { return .empty }
        let totalReference = Double(max(reference.reduce(0, +), 1))
        let totalCurrent = Double(max(current.reduce(0, +), 1))
        let score = column.score.map { text(of: $0, as: column.method.isPValueTest ? .pValue : .distance) } ?? "—"
        let title = "\(column.column): reference vs current (\(column.method.rawValue), score \(score))"
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
