import QuireNotebook
import QuireRunner
import QuireSupport

/// `quire plan --json`: a notebook's step graph for the engines that run its steps elsewhere
/// (Argo Workflows, Dask), one task per step with `quire run NOTEBOOK --only STEP`.
///
/// A stable contract (docs/plan-json.md): keys are only added, never change meaning, so an
/// adapter ignores the keys it does not know. Steps come in an order that runs (each after what
/// it depends on).
public struct PlanDocument: Sendable {
    /// The document's schema version (`schema`); it changes only if a key changes meaning.
    public static let schemaVersion = 1

    /// The plan described.
    public var plan: Plan
    /// The notebook's path as given on the command line, relative to the project root.
    public var notebookPath: String
    /// SHA-256 of the notebook file's bytes.
    public var notebookDigest: String
    /// What the cache says of each step, by id: the key where it can be computed now, and
    /// whether it is a hit.
    public var explanations: [String: Explanation]

    /// The document for `plan`, with each step's key and cache verdict from `explanations`.
    public init(plan: Plan, notebookPath: String, notebookDigest: String, explanations: [Explanation]) {
        self.plan = plan
        self.notebookPath = notebookPath
        self.notebookDigest = notebookDigest
        self.explanations = Dictionary(explanations.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// The document.
    public var json: JSONValue {
        var params: [String: JSONValue] = [:]
        for (name, value) in plan.params.values { params[name] = RunSummary.json(value) }
        let volatile = plan.volatileSteps
        return .object([
            "schema": .integer(Self.schemaVersion),
            "quire_version": .string(QuireVersion.string),
            "engine": .string(KeyComponents.engineVersion),
            "notebook": .object(["path": .string(notebookPath), "digest": .string(notebookDigest)]),
            "params": .object(params),
            "steps": .array(plan.steps.map { step($0, volatile: volatile.contains($0.id)) }),
        ])
    }

    private func step(_ step: PlannedStep, volatile: Bool) -> JSONValue {
        let source = step.source
        let explanation = explanations[step.id]
        let resources = source.resources?.value
        return .object([
            "id": .string(step.id),
            "op": .string(step.op),
            "line": .integer(source.range.start.line),
            "title": source.title.map { .string($0.value) } ?? .null,
            "depends_on": .array(step.dependencies.sorted().map(JSONValue.string)),
            "inputs": .array(step.inputs.map { .string($0.description) }),
            "needs": .array(source.needs.map { .string($0.value) }),
            "outputs": .array(step.schema.outputs.map { .string($0.name) }),
            "when": step.condition.map { .string($0.source) } ?? .null,
            "files": .array(step.files.map(JSONValue.string)),
            "timeout_seconds": source.timeout.map { .number($0.value) } ?? .null,
            "resources": resources.map {
                .object([
                    "cpu": $0.cpu.map(JSONValue.string) ?? .null,
                    "memory": $0.memory.map(JSONValue.string) ?? .null,
                    "gpu": $0.gpu.map(JSONValue.integer) ?? .null,
                ])
            } ?? .null,
            "volatile": .bool(volatile),
            "cache_key": explanation?.key.map(JSONValue.string) ?? .null,
            "cache": explanation.map { .string($0.verdict.rawValue) } ?? .null,
        ])
    }
}
