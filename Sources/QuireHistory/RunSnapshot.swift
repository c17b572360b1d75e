import Foundation
import QuireSupport

/// What one run of a notebook leaves in the history: what it was run with (params, data, code,
/// engine), how each step went, and every number it measured. Read from the run's JSON summary,
/// which is also what a committed `reports/NAME.json` holds, so a run in the database and a run
/// at a git commit compare the same way.
public struct RunSnapshot: Sendable, Equatable {
    /// One step: its key says what it computed from.
    public struct Step: Sendable, Equatable {
        /// The step id.
        public var id: String
        /// Its operation.
        public var op: String
        /// `ok`, `cached`, `failed`, `skipped` or `not-run`.
        public var status: String
        /// Its cache key, when one was computed.
        public var key: String?
        /// How long it took, in milliseconds (0 in a reproducible summary).
        public var durationMs: Double?

        /// A step as recorded.
        public init(id: String, op: String, status: String, key: String? = nil, durationMs: Double? = nil) {
            self.id = id
            self.op = op
            self.status = status
            self.key = key
            self.durationMs = durationMs
        }
    }

    /// One number an evaluation (or `tune`, `compare`) measured.
    public struct Metric: Sendable, Equatable {
        /// The step that measured it.
        public var step: String
        /// scikit-learn's name, without `_score` (`roc_auc`).
        public var name: String
        /// The value; nil when it is not a number (NaN is written as null).
        public var value: Double?

        /// `step.name`, as commands and gates name it.
        public var key: String { "\(step).\(name)" }

        /// A metric as recorded.
        public init(step: String, name: String, value: Double?) {
            self.step = step
            self.name = name
            self.value = value
        }
    }

    /// One monitor row: a check of drift, data quality, latency or a gate.
    public struct Monitor: Sendable, Equatable {
        /// The step that ran the check.
        public var step: String
        /// What was checked (a column, a metric, a measurement).
        public var subject: String
        /// The test (`psi`, `ks`, `not_null(x)`, `p95_ms`, `min`…).
        public var test: String
        /// The measured value, when there is one.
        public var value: Double?
        /// `ok`, `warn` or `alert`.
        public var status: String
        /// Which values are worse (`lower_is_worse`, `higher_is_worse`, `outside_is_worse`).
        public var direction: String?

        /// `step: subject test`, as commands name a monitor row.
        public var key: String { "\(step): \(subject) \(test)" }

        /// A monitor row as recorded.
        public init(
            step: String, subject: String, test: String, value: Double?, status: String, direction: String? = nil
        ) {
            self.step = step
            self.subject = subject
            self.test = test
            self.value = value
            self.status = status
            self.direction = direction
        }
    }

    /// The run's number in the history database; nil for a run read from a summary file.
    public var id: Int64?
    /// The notebook, as a path in its project (`notebooks/churn.md`).
    public var notebook: String
    /// The notebook's title.
    public var title: String
    /// When the run started and ended; nil for a run read from a summary file.
    public var startedAt: Date?
    /// When the run ended.
    public var endedAt: Date?
    /// `ok` when no step failed or was not run, else `failed`.
    public var status: String
    /// Why the run ended: `succeeded`, `steps-failed`, `gate-tripped`, `output-failed` (or, for a
    /// summary file, its `status`).
    public var ending: String
    /// The parameter values, each as JSON text (`42`, `0.25`, `"plan"`).
    public var params: [String: String]
    /// The git commit of the project when the run started, and whether its tracked files differed.
    public var gitCommit: String?
    /// Whether the work tree had uncommitted changes to tracked files.
    public var gitDirty: Bool?
    /// `quire-engine/VERSION-rREVISION`.
    public var engine: String
    /// The Quire version that ran it.
    public var quireVersion: String
    /// The machine it ran on; nil under `--reproducible`.
    public var host: String?
    /// SHA-256 of the notebook file.
    public var notebookDigest: String
    /// Every data file a step read, as written in the notebook → SHA-256 of its content.
    public var files: [String: String]
    /// The steps, in plan order.
    public var steps: [Step]
    /// Every metric, in step order, then by name.
    public var metrics: [Metric]
    /// Every monitor row, in step order.
    public var monitors: [Monitor]
    /// The worst monitor status, or nil when nothing is monitored.
    public var monitorStatus: String?
    /// Whether the run was made with `--reproducible`.
    public var reproducible: Bool
    /// Where a run read from a file came from (`main:reports/churn.json`); nil for the database.
    public var source: String?

    /// A run with every field given.
    public init(
        id: Int64?, notebook: String, title: String, startedAt: Date?, endedAt: Date?, status: String, ending: String,
        params: [String: String], gitCommit: String?, gitDirty: Bool?, engine: String, quireVersion: String,
        host: String?, notebookDigest: String, files: [String: String], steps: [Step], metrics: [Metric],
        monitors: [Monitor], monitorStatus: String?, reproducible: Bool, source: String?
    ) {
        self.id = id
        self.notebook = notebook
        self.title = title
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.status = status
        self.ending = ending
        self.params = params
        self.gitCommit = gitCommit
        self.gitDirty = gitDirty
        self.engine = engine
        self.quireVersion = quireVersion
        self.host = host
        self.notebookDigest = notebookDigest
        self.files = files
        self.steps = steps
        self.metrics = metrics
        self.monitors = monitors
        self.monitorStatus = monitorStatus
        self.reproducible = reproducible
        self.source = source
    }

    /// The headline metrics, as `step.metric`: per evaluation, the first of ROC AUC, accuracy,
    /// R² and RMSE it has, as the index shows them.
    public var headlineMetrics: [Metric] {
        var headline: [Metric] = []
        var seen: Set<String> = []
        let evaluations = Set(steps.filter { $0.op == "evaluate" }.map(\.id))
        for metric in metrics where evaluations.contains(metric.step) && !seen.contains(metric.step) {
            let names = metrics.filter { $0.step == metric.step }.map(\.name)
            guard let name = Self.headlineNames.first(where: names.contains) else { continue }
            seen.insert(metric.step)
            headline.append(contentsOf: metrics.filter { $0.step == metric.step && $0.name == name })
        }
        return headline
    }

    /// The metrics a headline is chosen from, in order of preference.
    public static let headlineNames = ["roc_auc", "accuracy", "r2", "rmse"]

    /// The metric `name`: `step.metric`, or a bare metric name when one step has it.
    public func metric(_ name: String) -> Metric? {
        if let match = metrics.first(where: { $0.key == name }) { return match }
        let matches = metrics.filter { $0.name == name }
        return matches.count == 1 ? matches[0] : nil
    }
}
