import QuireEngine
import QuireNotebook
import QuireRunner
import QuireSupport

/// The machine-readable summary of a run, written beside the report as `NAME.json`.
///
/// The schema is documented in docs/json-summary.md; it only grows (new keys), so consumers
/// should ignore keys they do not know. With `reproducible`, durations are 0 so that the same
/// inputs give the same bytes.
public struct RunSummary: Sendable {
    public static let schemaVersion = 1

    public var run: RunResult
    /// The notebook's path as given on the command line.
    public var notebookPath: String
    /// SHA-256 of the notebook file's bytes.
    public var notebookDigest: String
    public var reproducible: Bool

    public init(run: RunResult, notebookPath: String, notebookDigest: String, reproducible: Bool) {
        self.run = run
        self.notebookPath = notebookPath
        self.notebookDigest = notebookDigest
        self.reproducible = reproducible
    }

    /// The worst status of every monitor row, or nil when nothing was monitored.
    public var monitorStatus: MonitorStatus? {
        run.results.flatMap { $0.outputs.values.compactMap(\.summary.monitor?.status) }.max()
    }

    /// `ok` when every step succeeded or was cached or skipped, else `failed`.
    public var status: String { run.succeeded ? "ok" : "failed" }

    public var json: JSONValue {
        var counts: [String: JSONValue] = [:]
        for status in StepStatus.allCases { counts[status.rawValue] = .integer(run.count(status)) }
        var params: [String: JSONValue] = [:]
        for (name, value) in run.plan.params.values { params[name] = Self.json(value) }
        return .object([
            "schema": .integer(Self.schemaVersion),
            "quire_version": .string(QuireVersion.string),
            "notebook": .object(["path": .string(notebookPath), "digest": .string(notebookDigest)]),
            "title": .string(run.plan.notebook.title),
            "status": .string(status),
            "params": .object(params),
            "counts": .object(counts),
            "duration_ms": .integer(reproducible ? 0 : run.durationMilliseconds),
            "steps": .array(run.results.map { step($0) }),
            "monitor_status": monitorStatus.map { .string($0.rawValue) } ?? .null,
        ])
    }

    private func step(_ result: StepResult) -> JSONValue {
        var object: [String: JSONValue] = [
            "id": .string(result.id),
            "op": .string(result.op),
            "status": .string(result.status.rawValue),
            "cache_key": result.key.map(JSONValue.string) ?? .null,
            "duration_ms": .integer(reproducible ? 0 : result.durationMilliseconds),
            "error": .null,
            "outputs": .object(result.outputs.mapValues(Self.output)),
        ]
        if let line = run.plan.step(result.id)?.source.range.start.line { object["line"] = .integer(line) }
        // Evaluations contribute their metrics to the step: name → value, scikit-learn's names.
        let metrics =
            result.outputs.values.compactMap(\.summary.evaluation).flatMap(\.metrics)
            + result.outputs.values.compactMap(\.summary.table).flatMap(\.metrics)
        let monitors = result.outputs.keys.sorted().compactMap { result.outputs[$0]?.summary.monitor }
        if !monitors.isEmpty {
            object["monitor"] = .array(monitors.flatMap(\.rows).map(Self.monitorRow))
            object["monitor_status"] = .string((monitors.map(\.status).max() ?? .ok).rawValue)
        }
        if !metrics.isEmpty {
            object["metrics"] = .object(
                Dictionary(metrics.map { ($0.key, JSONValue.number($0.value)) }, uniquingKeysWith: { a, _ in a }))
        }
        if let note = result.note { object["note"] = .string(note) }
        if let failure = result.failure {
            var error: [String: JSONValue] = [
                "code": .string(failure.code.rawValue), "message": .string(failure.message),
            ]
            if let hint = failure.hint { error["hint"] = .string(hint) }
            if let range = failure.range ?? run.plan.step(result.id)?.source.op?.range {
                error["line"] = .integer(range.start.line)
                error["column"] = .integer(range.start.column)
            }
            object["error"] = .object(error)
        }
        return .object(object)
    }

    static func output(_ record: OutputRecord) -> JSONValue {
        let summary = record.summary
        var object: [String: JSONValue] = [
            "kind": .string(record.kind.rawValue),
            "digest": .string(record.digest),
            "bytes": .integer(record.byteCount),
        ]
        if let rows = summary.rows { object["rows"] = .integer(rows) }
        if let columns = summary.columns {
            object["columns"] = .array(columns.map { .object(["name": .string($0.name), "type": .string($0.type)]) })
        }
        if let profile = summary.profile {
            object["profile"] = .array(profile.columns.map(Self.profileRow))
        }
        if let model = summary.model {
            var card: [String: JSONValue] = [
                "algorithm": .string(model.algorithm), "task": .string(model.task),
                "features": .array(model.features.map(JSONValue.string)),
                "classes": .array(model.classes.map(JSONValue.string)),
                "hyperparameters": .object(model.hyperparameters.mapValues(JSONValue.string)),
                "training_rows": .integer(model.trainingRows),
                "warnings": .array(model.warnings.map(JSONValue.string)),
            ]
            if let kind = model.weightKind {
                card[kind == "coefficients" ? "coefficients" : "importances"] = .object(
                    Dictionary(
                        zip(model.inputs, model.weights).map { ($0, JSONValue.number($1)) },
                        uniquingKeysWith: { a, _ in a }))
            }
            object["model"] = .object(card)
        }
        if let table = summary.table {
            object["table"] = .object([
                "columns": .array(table.columns.map(JSONValue.string)),
                "rows": .array(
                    table.rows.map { row in
                        .array(
                            row.map { cell in
                                switch cell {
                                case .text(let text): .string(text)
                                case .number(let number): .number(number)
                                }
                            })
                    }),
            ])
        }
        if let monitor = summary.monitor { object["monitor"] = .array(monitor.rows.map(monitorRow)) }
        if let histograms = summary.histograms {
            object["histograms"] = .array(
                histograms.map { histogram in
                    .object([
                        "column": .string(histogram.column), "low": .number(histogram.low),
                        "high": .number(histogram.high),
                        "counts": .array(histogram.counts.map(JSONValue.integer)),
                    ])
                })
        }
        if !summary.scalars.isEmpty { object["scalars"] = .object(summary.scalars.mapValues(JSONValue.number)) }
        return .object(object)
    }

    static func monitorRow(_ row: MonitorValue.Row) -> JSONValue {
        .object([
            "subject": .string(row.subject), "test": .string(row.test),
            "value": row.value.map(JSONValue.number) ?? .null,
            "threshold": row.threshold.map(JSONValue.number) ?? .null,
            "volatile": .bool(row.isVolatile),
            "status": .string(row.status.rawValue), "detail": row.detail.map(JSONValue.string) ?? .null,
        ])
    }

    static func profileRow(_ column: ColumnProfile) -> JSONValue {
        func number(_ value: Double?) -> JSONValue { value.map(JSONValue.number) ?? .null }
        return .object([
            "name": .string(column.name), "type": .string(column.kind.rawValue), "count": .integer(column.count),
            "missing": .integer(column.missing), "distinct": .integer(column.distinct), "mean": number(column.mean),
            "std": number(column.std), "min": number(column.min), "q25": number(column.q25), "q50": number(column.q50),
            "q75": number(column.q75), "max": number(column.max),
            "top": .array(column.top.map { .object(["value": .string($0.value), "count": .integer($0.count)]) }),
        ])
    }

    static func json(_ value: ParameterValue) -> JSONValue {
        switch value {
        case .null: .null
        case .bool(let flag): .bool(flag)
        case .integer(let number): .integer(number)
        case .number(let number): .number(number)
        case .string(let text): .string(text)
        case .list(let values): .array(values.map(json))
        case .mapping(let pairs):
            .object(Dictionary(pairs.map { ($0.key, json($0.value)) }, uniquingKeysWith: { a, _ in a }))
        case .input(let reference): .string(reference.description)
        }
    }
}
