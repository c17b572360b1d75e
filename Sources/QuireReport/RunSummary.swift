import QuireEngine
import QuireNotebook
import QuireRunner
import QuireSupport
import QuireValues

/// The machine-readable summary of a run, written beside the report as `NAME.json`.
///
/// The schema is documented in docs/json-summary.md; it only grows (new keys), so consumers
/// should ignore keys they do not know. It is also the lock `quire run --frozen` checks against
/// (``recordedRun(from:)``): every step's key and what it was made of, the notebook's digest and
/// the engine version.
///
/// With `reproducible`, the same inputs give the same bytes, whatever the cache held: durations
/// are 0, a cached step reads `ok` (and counts as such), and what volatile steps measured (and
/// the keys and outputs of the steps that depend on them) is left out.
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

    /// A step's status as written: with `reproducible`, a cached step is `ok` (as in the report).
    private func written(_ status: StepStatus) -> StepStatus {
        status.reported(reproducible: reproducible)
    }

    /// The summary as JSON.
    public var json: JSONValue {
        var counts: [String: JSONValue] = [:]
        for status in StepStatus.allCases {
            counts[status.rawValue] = .integer(run.results.filter { written($0.status) == status }.count)
        }
        var params: [String: JSONValue] = [:]
        for (name, value) in run.plan.params.values { params[name] = Self.json(value) }
        let volatile = run.plan.volatileSteps
        return .object([
            "schema": .integer(Self.schemaVersion),
            "quire_version": .string(QuireVersion.string),
            "engine": .string(KeyComponents.engineVersion),
            "cache_format": .integer(KeyComponents.formatVersion),
            "notebook": .object(["path": .string(notebookPath), "digest": .string(notebookDigest)]),
            "title": .string(QuotedValues(run: run).title(of: run.plan.notebook)),
            "status": .string(status),
            "params": .object(params),
            "counts": .object(counts),
            "duration_ms": .integer(reproducible ? 0 : run.durationMilliseconds),
            "steps": .array(run.results.map { step($0, volatile: volatile) }),
            "monitor_status": monitorStatus.map { .string($0.rawValue) } ?? .null,
        ])
    }

    private func step(_ result: StepResult, volatile: Set<String>) -> JSONValue {
        // What a volatile step measured, and what follows from it, differs on every run.
        let leftOut = reproducible && volatile.contains(result.id)
        var components = result.components
        if reproducible { components = components?.maskingInputs(from: volatile) }
        let keyIsStable = components == result.components
        var object: [String: JSONValue] = [
            "id": .string(result.id),
            "op": .string(result.op),
            "status": .string(written(result.status).rawValue),
            "cache_key": keyIsStable ? result.key.map(JSONValue.string) ?? .null : .null,
            "key_components": components.map(Self.json) ?? .null,
            "duration_ms": .integer(reproducible ? 0 : result.durationMilliseconds),
            "error": .null,
            "outputs": .object(
                result.outputs.mapValues {
                    leftOut
                        ? .object(["kind": .string($0.kind.name), "volatile": .bool(true)])
                        : Self.output($0, kinds: run.valueKinds)
                }),
        ]
        if volatile.contains(result.id) { object["volatile"] = .bool(true) }
        if let line = run.plan.step(result.id)?.source.range.start.line { object["line"] = .integer(line) }
        // Outputs contribute metrics to their step (evaluations: name → value, scikit-learn's
        // names); the first output by name wins a name two share.
        var metrics: [String: JSONValue] = [:]
        for name in result.outputs.keys.sorted() where !leftOut {
            guard let summary = result.outputs[name]?.summary else { continue }
            for (metric, value) in run.valueKinds.metrics(of: summary) where metrics[metric] == nil {
                metrics[metric] = .number(value)
            }
        }
        let monitors = result.outputs.keys.sorted().compactMap { result.outputs[$0]?.summary.monitor }
        if !monitors.isEmpty {
            // A volatile row's value (a timing) is left out of reproducible summaries; its status
            // against its threshold stays: it is what `--fail-on` gates on.
            object["monitor"] = .array(
                monitors.flatMap(\.rows).map { row in
                    let json = MonitorKind.json(of: row)
                    guard leftOut || (reproducible && row.isVolatile), case .object(var fields) = json else {
                        return json
                    }
                    fields["value"] = .null
                    return .object(fields)
                })
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
        if let flags = record.summary.flags, !flags.isEmpty {
            object["flags"] = .object(flags.mapValues(JSONValue.bool))
        }
        return .object(object)
    }

    /// A key's components, without the format and engine (written once, for the run).
    static func json(_ components: KeyComponents) -> JSONValue {
        .object([
            "op": .string(components.op),
            "parameters": .object(components.parameters.mapValues(JSONValue.string)),
            "inputs": .object(components.inputs.mapValues(JSONValue.string)),
            "files": .object(components.files.mapValues(JSONValue.string)),
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

extension RunSummary {
    /// Headline metrics: per evaluation, the first of ROC AUC, accuracy, R² and RMSE it has, named
    /// `step.metric`, in step order — what the index shows, read here from the run itself.
    public static func headlineMetrics(of result: RunResult) -> [(name: String, value: Double)] {
        var metrics: [(name: String, value: Double)] = []
        for step in result.results {
            for name in step.outputs.keys.sorted() {
                guard let record = step.outputs[name], record.kind == .evaluation,
                    let metric = SummaryFile.headlineMetrics.first(where: { record.summary.scalars[$0] != nil }),
                    let value = record.summary.scalars[metric]
                else { continue }
                metrics.append(("\(step.id).\(metric)", value))
            }
        }
        return metrics
    }
}
