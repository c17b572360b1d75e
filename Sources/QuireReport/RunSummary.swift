import QuireEngine
import QuireNotebook
import QuireRunner
import QuireSupport
import QuireValues

/// The machine-readable summary of a run, written beside the report as `NAME.json`.
///
/// The schema is documented in docs/json-summary.md; it only grows (new keys), so consumers
/// should ignore keys they do not know. With `reproducible`, durations are 0 so that the same
/// inputs give the same bytes.
public struct RunSummary: Sendable {
    /// The summary's schema version (`schema`); it changes only if a key changes meaning.
    public static let schemaVersion = 1

    /// The run summarised.
    public var run: RunResult
    /// The notebook's path as given on the command line.
    public var notebookPath: String
    /// SHA-256 of the notebook file's bytes.
    public var notebookDigest: String
    /// Write 0 for durations, so the same inputs give the same bytes.
    public var reproducible: Bool

    /// A summary of `run` of the notebook at `notebookPath`.
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

    /// The summary as JSON.
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
            "outputs": .object(result.outputs.mapValues { Self.output($0, kinds: run.valueKinds) }),
        ]
        if let line = run.plan.step(result.id)?.source.range.start.line { object["line"] = .integer(line) }
        // Outputs contribute metrics to their step (evaluations: name → value, scikit-learn's
        // names); the first output by name wins a name two share.
        var metrics: [String: JSONValue] = [:]
        for name in result.outputs.keys.sorted() {
            guard let summary = result.outputs[name]?.summary else { continue }
            for (metric, value) in run.valueKinds.metrics(of: summary) where metrics[metric] == nil {
                metrics[metric] = .number(value)
            }
        }
        let monitors = result.outputs.keys.sorted().compactMap { result.outputs[$0]?.summary.monitor }
        if !monitors.isEmpty {
            object["monitor"] = .array(monitors.flatMap(\.rows).map(MonitorKind.json(of:)))
            object["monitor_status"] = .string((monitors.map(\.status).max() ?? .ok).rawValue)
        }
        if !metrics.isEmpty { object["metrics"] = .object(metrics) }
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

    /// An output's object: its kind, digest, size and `when:` scalars, and its kind's own keys.
    static func output(_ record: OutputRecord, kinds: ValueKinds) -> JSONValue {
        var object = kinds.json(of: record.summary)
        object["kind"] = .string(record.kind.name)
        object["digest"] = .string(record.digest)
        object["bytes"] = .integer(record.byteCount)
        let scalars = record.summary.scalars
        if !scalars.isEmpty { object["scalars"] = .object(scalars.mapValues(JSONValue.number)) }
        return .object(object)
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
