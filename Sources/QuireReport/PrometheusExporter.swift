import QuireEngine
import QuireRunner
import QuireValues

/// The run as Prometheus text exposition (`reports/NAME.prom`), for the node_exporter textfile
/// collector or a Pushgateway.
///
/// Names follow Prometheus conventions: a `quire_` prefix, units in the name (`_seconds`,
/// `_ratio`), gauges for states, a `# HELP` and `# TYPE` line for every family. Every sample
/// carries `notebook="NAME"`; step samples add `step` and `op`. Label values are escaped as the
/// exposition format requires, and a series (name and labels) is written at most once. With
/// `reproducible`, durations and latencies are left out, a cached step counts as `ok` and the
/// timestamp is the one given (`SOURCE_DATE_EPOCH`), so the file is byte-identical for the same
/// inputs whatever the cache held.
public struct PrometheusExporter: Sendable {
    /// The run exported.
    public var run: RunResult
    /// The report's name (the notebook's file name without `.md`).
    public var notebook: String
    /// Seconds since the epoch when the run finished, or nil to leave the timestamp out.
    public var timestamp: Double?
    /// Leave out durations and latencies, so the same inputs give the same bytes.
    public var reproducible: Bool

    /// An exporter of `run` of the notebook `notebook`.
    public init(run: RunResult, notebook: String, timestamp: Double?, reproducible: Bool) {
        self.run = run
        self.notebook = notebook
        self.timestamp = timestamp
        self.reproducible = reproducible
    }

    /// The exposition text.
    public var text: String {
        var out = ""
        let base = [("notebook", notebook)]
        func family(_ name: String, _ help: String, _ samples: [([(String, String)], Double)]) {
            guard !samples.isEmpty else { return }
            out += "# HELP \(name) \(Self.escapeHelp(help))\n# TYPE \(name) gauge\n"
            // A repeated series makes scrapers reject the whole file: the first one is kept.
            var written = Set<String>()
            for (labels, value) in samples {
                let series = Self.labels(labels)
                guard written.insert(series).inserted else { continue }
                out += "\(name)\(series) \(Self.number(value))\n"
            }
        }
        family(
            "quire_last_run_success", "Whether the last run succeeded (1) or a step failed (0).",
            [(base, run.succeeded ? 1 : 0)])
        if let timestamp {
            family(
                "quire_last_run_timestamp_seconds",
                "When the last run finished, in seconds since the epoch (under --reproducible: SOURCE_DATE_EPOCH, else the notebook's last commit).",
                [(base, timestamp)])
        }
        if !reproducible {
            family(
                "quire_run_duration_seconds", "Wall time of the last run.",
                [(base, Double(run.durationMilliseconds) / 1000)])
        }
        family(
            "quire_steps", "Steps of the last run by status.",
            StepStatus.allCases.map { status in
                let count = run.results.filter { $0.status.reported(reproducible: reproducible) == status }.count
                return (base + [("status", status.rawValue)], Double(count))
            })
        family(
            "quire_step_success", "Whether each step succeeded or came from the cache (1) or not (0).",
            run.results.map {
                (base + [("step", $0.id), ("op", $0.op)], $0.status == .ok || $0.status == .cached ? 1 : 0)
            })
        family(
            "quire_step_status",
            "Each step's status, one-hot: 1 for its status (ok, cached, failed, skipped, not-run), 0 for the others.",
            run.results.flatMap { result in
                StepStatus.allCases.map {
                    (
                        base + [("step", result.id), ("op", result.op), ("status", $0.rawValue)],
                        result.status.reported(reproducible: reproducible) == $0 ? 1 : 0
                    )
                }
            })
        if !reproducible {
            family(
                "quire_step_duration_seconds", "Wall time of each step that ran in the last run.",
                run.results.filter { $0.status == .ok }.map {
                    (base + [("step", $0.id), ("op", $0.op)], Double($0.durationMilliseconds) / 1000)
                })
        }
        // Each output's kind gives its samples; a kind's families follow the kinds' registration
        // order and each kind's own, so the file's order does not depend on the notebook.
        var samples: [String: [([(String, String)], Double)]] = [:]
        for result in run.results {
            let step = base + [("step", result.id)]
            for name in result.outputs.keys.sorted() {
                guard let summary = result.outputs[name]?.summary else { continue }
                for sample in run.valueKinds.samples(of: summary, output: name, reproducible: reproducible) {
                    let labels = step + sample.labels.map { ($0.name, $0.value) }
                    samples[sample.family, default: []].append((labels, sample.value))
                }
            }
        }
        for definition in run.valueKinds.definitions {
            for gauge in definition.gauges { family(gauge.name, gauge.help, samples[gauge.name] ?? []) }
        }
        return out
    }

    /// `# HELP` text escaped as the exposition format requires (backslash and line feed).
    static func escapeHelp(_ text: String) -> String {
        var out = ""
        for character in text.unicodeScalars {
            switch character {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }

    /// `{a="x",b="y"}` with values escaped as the exposition format requires.
    static func labels(_ pairs: [(String, String)]) -> String {
        guard !pairs.isEmpty else { return "" }
        return "{" + pairs.map { "\($0.0)=\"\(escape($0.1))\"" }.joined(separator: ",") + "}"
    }

    /// A label value escaped as the exposition format requires (backslash, double quote, line feed).
    static func escape(_ value: String) -> String {
        var out = ""
        // Scalars, not characters: "\r\n" is one Character and would hide its line feed.
        for character in value.unicodeScalars {
            switch character {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(character)
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
