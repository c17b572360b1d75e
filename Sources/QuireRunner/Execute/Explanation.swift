/// Why a step would or would not run, as `quire explain` and `--frozen` report it.
public struct Explanation: Sendable {
    /// What would happen to the step.
    public enum Verdict: String, Sendable {
        /// Its outputs are in the cache.
        case hit
        /// It would run.
        case miss
        case skipped
        /// It cannot run: a file is missing, a dependency fails…
        case blocked
    }

    /// The step's id.
    public var id: String
    /// The step's op name.
    public var op: String
    /// Whether the step is a cache hit, would run, is skipped or is blocked.
    public var verdict: Verdict
    /// What changed since the last run, or why the step is not cached.
    public var reasons: [String]
    /// The step's cache key; nil when a step it reads will run first, or when no key can be computed.
    public var key: String?
}

extension Executor {
    /// Decides every step without running any: hit or miss, and why, compared with `previous`.
    public func explain(previous: RunRecord?) -> [Explanation] {
        var explanations: [Explanation] = []
        var willRun: Set<String> = []
        for step in plan.steps {
            var explanation = Explanation(id: step.id, op: step.op, verdict: .miss, reasons: [])
            if let upstream = step.dependencies.sorted().first(where: { willRun.contains($0) }) {
                explanation.reasons = ["input from '\(upstream)', which will run"]
                willRun.insert(step.id)
                record(StepResult(id: step.id, op: step.op, status: .ok))
                explanations.append(explanation)
                continue
            }
            switch decide(step) {
            case .done(let result):
                record(result)
                explanation.key = result.key
                switch result.status {
                case .cached:
                    explanation.verdict = .hit
                case .skipped:
                    explanation.verdict = .skipped
                    explanation.reasons = [result.note ?? "skipped"]
                default:
                    explanation.verdict = .blocked
                    explanation.reasons = [result.failure?.message ?? result.note ?? "cannot run"]
                }
            case .execute(let components):
                explanation.key = components.key
                willRun.insert(step.id)
                record(StepResult(id: step.id, op: step.op, status: .ok))
                if step.schema.isVolatile {
                    explanation.reasons = ["volatile: \(step.op) measures again on every run"]
                } else if options.force.contains(step.id) {
                    explanation.reasons = ["forced with --force"]
                } else if options.cache == nil {
                    explanation.reasons = ["the cache is off (--no-cache)"]
                } else if let previous = previous?.steps[step.id]?.components {
                    let changes = components.changes(since: previous)
                    explanation.reasons =
                        changes.isEmpty
                        ? ["unchanged since the last run, but its cache entry is gone (cleared or collected)"]
                        : changes.map { "\($0) changed" }
                } else {
                    explanation.reasons = ["never run before"]
                }
            }
            explanations.append(explanation)
        }
        return explanations
    }
}
