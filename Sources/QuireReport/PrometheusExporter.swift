import QuireEngine
import QuireRunner

/// The run as Prometheus text exposition (`reports/NAME.prom`), for the node_exporter textfile
/// collector or a Pushgateway.
///
/// Names follow Prometheus conventions: a `quire_` prefix, base units (`_seconds`), gauges for
/// states. Every sample carries `notebook="NAME"`; step samples add `step` and `op`. With
/// `reproducible`, durations are left out and the timestamp is `SOURCE_DATE_EPOCH` (or left out),
/// so the file is byte-identical for the same inputs.
public struct PrometheusExporter: Sendable {
    public var run: RunResult
    /// The report's name (the notebook's file name without `.md`).
    public var notebook: String
    /// Seconds since the epoch when the run finished, or nil to leave the timestamp out.
    public var timestamp: Double?
    public var reproducible: Bool

    public init(run: RunResult, notebook: String, timestamp: Double?, reproducible: Bool) {
        self.run = run
        self.notebook = notebook
        self.timestamp = timestamp
        self.reproducible = reproducible
    }

    public var text: String {
        var out = ""
        let base = [("notebook", notebook)]
        func family(_ name: String, _ help: String, _ samples: [([(String, String)], Double)]) {
            guard !samples.isEmpty else { return }
            out += "# HELP \(name) \(help)\n# TYPE \(name) gauge\n"
            for (labels, value) in samples { out += "\(name)\(Self.labels(labels)) \(Self.number(value))\n" }
        }
        family(
            "quire_last_run_success", "Whether the last run succeeded (1) or a step failed (0).",
            [(base, run.succeeded ? 1 : 0)])
        if let timestamp {
            family(
                "quire_last_run_timestamp_seconds", "When the last run finished, in seconds since the epoch.",
                [(base, timestamp)])
        }
        if !reproducible {
            family(
                "quire_run_duration_seconds", "Wall time of the last run.",
                [(base, Double(run.durationMilliseconds) / 1000)])
        }
        family(
            "quire_steps", "Steps of the last run by status.",
            StepStatus.allCases.map { (base + [("status", $0.rawValue)], Double(run.count($0))) })
        family(
            "quire_step_success", "Whether each step succeeded or came from the cache (1) or not (0).",
            run.results.map {
                (base + [("step", $0.id), ("op", $0.op)], $0.status == .ok || $0.status == .cached ? 1 : 0)
            })
        if !reproducible {
            family(
                "quire_step_duration_seconds", "Wall time of each step that ran in the last run.",
                run.results.filter { $0.status == .ok }.map {
                    (base + [("step", $0.id), ("op", $0.op)], Double($0.durationMilliseconds) / 1000)
                })
        }
        var rows: [([(String, String)], Double)] = []
        for result in run.results {
            for name in result.outputs.keys.sorted() {
                if let count = result.outputs[name]?.summary.rows, result.outputs[name]?.kind == .frame {
                    rows.append((base + [("step", result.id), ("output", name)], Double(count)))
                }
            }
        }
        family("quire_frame_rows", "Rows of each frame a step produced.", rows)
        var metrics: [([(String, String)], Double)] = []
        var statuses: [([(String, String)], Double)] = []
        var drift: [([(String, String)], Double)] = []
        var drifted: [([(String, String)], Double)] = []
        var share: [([(String, String)], Double)] = []
        var expectations: [([(String, String)], Double)] = []
        var failing: [([(String, String)], Double)] = []
        var latency: [([(String, String)], Double)] = []
        for result in run.results {
            let step = base + [("step", result.id)]
            for name in result.outputs.keys.sorted() {
                let summary = result.outputs[name]!.summary
                for (metric, value) in (summary.evaluation?.metrics ?? [:]).sorted(by: { $0.key < $1.key }) {
                    metrics.append((step + [("metric", metric)], value))
                }
                guard let monitor = summary.monitor else { continue }
                statuses.append((step, Double(MonitorStatus.allCases.firstIndex(of: monitor.status) ?? 0)))
                if let result = monitor.drift {
                    share.append((step, result.driftShare))
                    for column in result.columns {
                        let labels = step + [("column", column.column), ("method", column.method.rawValue)]
                        if let score = column.score { drift.append((labels, score)) }
                        drifted.append((labels, column.drifted ? 1 : 0))
                    }
                }
                for expectation in monitor.expectations ?? [] {
                    let labels = step + [("expectation", expectation.description)]
                    expectations.append((labels, expectation.success ? 1 : 0))
                    failing.append((labels, Double(expectation.failingCount)))
                }
                if !reproducible {
                    for (quantile, key) in [("0.5", "p50_ms"), ("0.95", "p95_ms"), ("0.99", "p99_ms"), ("1", "max_ms")]
                    {
                        if let value = monitor.latency?[key] {
                            latency.append((step + [("quantile", quantile)], value / 1000))
                        }
                    }
                }
            }
        }
        family("quire_model_metric", "Evaluation metrics by scikit-learn's name.", metrics)
        family("quire_monitor_status", "Worst status of each monitoring step: 0 ok, 1 warn, 2 alert.", statuses)
        family("quire_drift_score", "Drift score per column: the p-value of a test, or the distance.", drift)
        family("quire_drift_detected", "Whether a column drifted (1) or not (0).", drifted)
        family("quire_dataset_drift_share", "Share of the tested columns that drifted.", share)
        family("quire_expectation_success", "Whether a data-quality expectation held (1) or not (0).", expectations)
        family("quire_expectation_failing_rows", "Rows failing a data-quality expectation.", failing)
        family(
            "quire_prediction_latency_seconds", "Single-row prediction latency quantiles (exact sample quantiles).",
            latency)
        return out
    }

    /// `{a="x",b="y"}` with values escaped as the exposition format requires.
    static func labels(_ pairs: [(String, String)]) -> String {
        guard !pairs.isEmpty else { return "" }
        return "{" + pairs.map { "\($0.0)=\"\(escape($0.1))\"" }.joined(separator: ",") + "}"
    }

    static func escape(_ value: String) -> String {
        var out = ""
        for character in value {
            switch character {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(character)
            }
        }
        return out
    }

    /// Go-style float text: integers without a fraction, `NaN`, `+Inf`, `-Inf`.
    static func number(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }
}
