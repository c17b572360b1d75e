import QuireEngine
import QuireSupport

/// One metric's gate in an `assert` step, as written: `roc_auc: {min: 0.70, warn_min: 0.75}`,
/// `log_loss: {max: 0.4}`, `roc_auc: {max_drop: 0.01}`.
///
/// Each test it sets (`min`, `max`, `max_drop`, `max_rise`) becomes one monitor row. A `warn_`
/// bound starts the test's warn band (as `drift`'s `warn_threshold` does): `warn_min: 0.75` warns
/// below 0.75, `min: 0.70` alerts below 0.70. A test given only its `warn_` bound only warns.
struct MetricGate: Sendable, Equatable {
    /// The metric (or other number) gated: `roc_auc`, `rows`.
    var metric: String
    /// The bounds by setting name (`min`, `warn_min`, `max_drop`…).
    var bounds: [String: Double]

    /// Every setting a gate takes, in the order rows are made.
    static let settings = [
        "min", "warn_min", "max", "warn_max", "max_drop", "warn_max_drop", "max_rise", "warn_max_rise",
    ]

    /// The tests a gate can set: each with its warn setting, whether it needs a baseline, and
    /// whether low values fail it.
    static let tests: [(name: String, warn: String, relative: Bool, low: Bool)] = [
        ("min", "warn_min", false, true), ("max", "warn_max", false, false),
        ("max_drop", "warn_max_drop", true, true), ("max_rise", "warn_max_rise", true, false),
    ]

    /// What is wrong with a gate as written, and the setting at fault.
    struct Problem: Error, Equatable {
        var message: String
        var hint: String?
        /// The setting at fault (`min`), if one is.
        var setting: String?
        /// Whether the problem is the setting's key (unknown), not its value.
        var atKey = false
    }

    /// Reads the gate on `metric` from its written value, refusing what could never work: a value
    /// that is not a mapping of bounds, an unknown setting ("did you mean"), a bound that is not a
    /// number, `min` above `max`, a warn bound on the wrong side of its alert bound, no test.
    static func parse(_ metric: String, _ value: ParameterValue) throws(Problem) -> MetricGate {
        guard let pairs = value.pairs else {
            let example =
                value.number.map { "`\(metric): {min: \(ParameterRange.written($0))}`" } ?? "`\(metric): {min: 0.7}`"
            throw Problem(
                message: "the gate on '\(metric)' must be a mapping of bounds, not \(value.typeName)",
                hint: "write \(example) (settings: \(settings.joined(separator: ", ")))")
        }
        var bounds: [String: Double] = [:]
        for pair in pairs {
            guard settings.contains(pair.key) else {
                throw Problem(
                    message: "a gate has no setting '\(pair.key)'",
                    hint: Suggestion.didYouMean(pair.key, among: settings)
                        ?? "its settings are " + settings.joined(separator: ", "),
                    setting: pair.key, atKey: true)
            }
            guard let number = pair.value.number, number.isFinite else {
                throw Problem(
                    message:
                        "'\(metric)': '\(pair.key)' must be a number, not \(pair.value.typeName) (\(pair.value.displayText))",
                    hint: "write e.g. `\(pair.key): 0.7`", setting: pair.key)
            }
            bounds[pair.key] = number
        }
        guard !bounds.isEmpty else {
            throw Problem(
                message: "the gate on '\(metric)' sets no bound",
                hint: "write e.g. `\(metric): {min: 0.7}`; settings: \(settings.joined(separator: ", "))")
        }
        func written(_ key: String) -> String { ParameterRange.written(bounds[key] ?? 0) }
        if let low = bounds["min"], let high = bounds["max"], low > high {
            throw Problem(
                message: "'\(metric)' has min \(written("min")) above max \(written("max")): nothing can pass",
                hint: "swap them, or drop one", setting: "min")
        }
        for test in tests {
            for key in [test.name, test.warn] where test.relative && (bounds[key] ?? 0) < 0 {
                throw Problem(
                    message: "'\(metric)': \(key) must be at least 0, not \(written(key))",
                    hint: "it is how far the metric may move from the baseline", setting: key)
            }
            guard let alert = bounds[test.name], let warn = bounds[test.warn] else { continue }
            // The warn band lies between the alert band and the passing values.
            let wrongSide = test.relative ? warn > alert : (test.low ? warn < alert : warn > alert)
            if wrongSide {
                throw Problem(
                    message:
                        "'\(metric)': \(test.warn) \(written(test.warn)) is \(test.relative ? "larger" : test.low ? "below" : "above") \(test.name) \(written(test.name)): it would never warn",
                    hint:
                        "the warn band starts before the alert band: e.g. `{\(test.name): \(written(test.name)), \(test.warn): …}` "
                        + (test.relative
                            ? "with a smaller change" : test.low ? "with a higher value" : "with a lower value"),
                    setting: test.warn)
            }
        }
        return MetricGate(metric: metric, bounds: bounds)
    }

    /// Whether a test compares with a baseline (`max_drop`, `max_rise`).
    var isRelative: Bool {
        Self.tests.contains { $0.relative && (bounds[$0.name] != nil || bounds[$0.warn] != nil) }
    }

    /// The baseline a relative test compares with: its value and where it comes from
    /// (`main (1a2b3c4)`), or nil when there is none.
    struct Baseline: Sendable, Equatable {
        var value: Double
        var source: String
    }

    /// One row per test the gate sets, for the measured `value`, relative tests against `baseline`.
    ///
    /// A relative test without a baseline (the first run, no committed summary) is `ok` with the
    /// detail "no baseline": there is nothing to compare with yet. A value that is not a number
    /// alerts (warns when the test only warns): a gate that cannot be checked does not pass.
    func rows(value: Double, baseline: Baseline?) -> [MonitorValue.Row] {
        var rows: [MonitorValue.Row] = []
        for test in Self.tests where bounds[test.name] != nil || bounds[test.warn] != nil {
            var alertBound = bounds[test.name]
            var warnBound = bounds[test.warn]
            var detail: String?
            if test.relative {
                guard let baseline, baseline.value.isFinite else {
                    rows.append(
                        MonitorValue.Row(
                            subject: metric, test: test.name, value: value, threshold: nil, status: .ok,
                            detail: baseline == nil
                                ? "no baseline" : "no baseline (not a number in \(baseline?.source ?? ""))",
                            measure: .metric))
                    continue
                }
                let sign = test.low ? -1.0 : 1.0
                alertBound = alertBound.map { baseline.value + sign * $0 }
                warnBound = warnBound.map { baseline.value + sign * $0 }
                let change = value - baseline.value
                detail =
                    "baseline \(NumberFormat.decimal(baseline.value)) (\(baseline.source)); change "
                    + (change >= 0 ? "+" : "") + NumberFormat.decimal(change)
            }
            let alert = alertBound.flatMap { test.low ? MonitorValue.Band(below: $0) : MonitorValue.Band(above: $0) }
            let warn = warnBound.flatMap { test.low ? MonitorValue.Band(below: $0) : MonitorValue.Band(above: $0) }
            let status: MonitorStatus
            if value.isNaN {
                status = alert == nil ? .warn : .alert
                detail = "the value is not a number: the gate cannot pass" + (detail.map { "; " + $0 } ?? "")
            } else if alert?.contains(value) == true {
                status = .alert
            } else if warn?.contains(value) == true {
                status = .warn
            } else {
                status = .ok
            }
            if !test.relative, status != .ok, !value.isNaN, let bound = status == .alert ? alertBound : warnBound {
                detail =
                    "\(test.low ? "below" : "above") \(status == .alert ? test.name : test.warn) \(NumberFormat.decimal(bound))"
            }
            rows.append(
                MonitorValue.Row(
                    subject: metric, test: test.name, value: value, threshold: alertBound ?? warnBound, status: status,
                    detail: detail, measure: .metric, warn: warn, alert: alert))
        }
        return rows
    }
}
