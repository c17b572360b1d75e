/// What `quire run --frozen` found: whether a recorded run (the committed `NAME.json`) still
/// describes the notebook, its parameters and its data, and if not, why.
public struct FrozenCheck: Sendable {
    /// Why the whole report is stale (the notebook's text, a parameter, the engine), in the
    /// words of `quire explain`.
    public var reasons: [String] = []
    /// Every step's verdict: `hit` (up to date), `skipped` (as recorded), `miss` or `blocked`
    /// (stale), with reasons.
    public var steps: [Explanation] = []

    /// The steps that are stale.
    public var stale: [Explanation] { steps.filter { $0.verdict == .miss || $0.verdict == .blocked } }

    /// Nothing is stale: running the notebook would record the same run.
    public var isUpToDate: Bool { reasons.isEmpty && stale.isEmpty }
}

extension Executor {
    /// Checks `recorded` against the notebook as planned, without the cache and without running
    /// anything.
    ///
    /// Each step's key is recomputed from its parameters, the digests of the files it reads and
    /// the *recorded* digests of its inputs, and compared with the recorded components; its
    /// `when:` is evaluated on the recorded scalars and flags. A step recorded as failed or not
    /// run is stale (the lock is a successful run); a step is stale when a step it reads is. A
    /// volatile step (``OpSchema/isVolatile``) is checked like any other: it is not stale
    /// because it measures again on every run, and the steps after it are checked without the
    /// digests of what it measured.
    ///
    /// - Parameters:
    ///   - notebookDigest: SHA-256 of the notebook's bytes now; a prose edit changes the report.
    ///   - params: Each parameter's value now, as JSON text (as ``RecordedRun/params`` has it).
    public func check(against recorded: RecordedRun, notebookDigest: String, params: [String: String])
        -> FrozenCheck
    {
        var check = FrozenCheck()
        guard let engine = recorded.engine else {
            check.reasons = ["the summary records no cache keys (it was written by an older Quire)"]
            return check
        }
        if recorded.notebookDigest != notebookDigest {
            check.reasons.append("notebook changed (its text: prose or steps; the report would change)")
        }
        let format = recorded.format ?? KeyComponents.formatVersion
        if format != KeyComponents.formatVersion {
            check.reasons.append("cache format \(format) → \(KeyComponents.formatVersion) changed")
        }
        if engine != KeyComponents.engineVersion {
            check.reasons.append("engine \(engine) → \(KeyComponents.engineVersion) changed")
        }
        for name in Set(params.keys).union(recorded.params.keys).sorted() where params[name] != recorded.params[name] {
            check.reasons.append("parameter \(name) changed")
        }
        for step in recorded.steps where plan.step(step.id) == nil {
            check.reasons.append("step '\(step.id)' was removed")
        }
        let volatile = plan.volatileSteps
        var stale: Set<String> = []
        for step in plan.steps {
            let explanation = self.check(step, against: recorded, stale: stale, volatile: volatile)
            if explanation.verdict == .miss || explanation.verdict == .blocked { stale.insert(step.id) }
            check.steps.append(explanation)
        }
        return check
    }

    /// One step's verdict against the recorded run, given the steps already found stale.
    private func check(_ step: PlannedStep, against recorded: RecordedRun, stale: Set<String>, volatile: Set<String>)
        -> Explanation
    {
        var explanation = Explanation(id: step.id, op: step.op, verdict: .miss, reasons: [])
        guard let previous = recorded.step(step.id) else {
            explanation.reasons = ["not in the recorded run (a new step)"]
            return explanation
        }
        if let upstream = step.dependencies.sorted().first(where: { stale.contains($0) }) {
            explanation.reasons = ["input from '\(upstream)', which will run"]
            return explanation
        }
        switch previous.status {
        case .failed:
            explanation.verdict = .blocked
            explanation.reasons = ["failed in the recorded run: \(previous.note ?? "error")"]
            return explanation
        case .notRun:
            explanation.verdict = .blocked
            explanation.reasons = ["not run in the recorded run: \(previous.note ?? "a step it depends on failed")"]
            return explanation
        case .ok, .cached, .skipped:
            break
        }
        // Skipped now? (A `when:` that reads a measurement is not re-evaluated: the recorded decision stands.)
        var skipped: String?
        if let dependency = step.dependencies.sorted().first(where: { recorded.step($0)?.status == .skipped }) {
            skipped = "'\(dependency)' was skipped"
        } else if let condition = step.condition {
            // The steps a `when:` reads are among the dependencies that are not inputs.
            if !step.dependencies.isDisjoint(with: volatile) {
                if previous.status == .skipped { skipped = previous.note ?? "when: \(condition.source) is false" }
            } else {
                do {
                    let holds = try condition.evaluate { path in
                        Self.lookup(path, plan: plan) { id, output in
                            recorded.step(id)?.outputs[output].map { ($0.flags, $0.scalars) }
                        }
                    }
                    if !holds { skipped = "when: \(condition.source) is false" }
                } catch {
                    explanation.verdict = .blocked
                    explanation.reasons = ["in `when`: \(error.message)"]
                    return explanation
                }
            }
        }
        switch (skipped, previous.status == .skipped) {
        case (let note?, true):
            explanation.verdict = .skipped
            explanation.reasons = [note]
            return explanation
        case (let note?, false):
            explanation.reasons = ["would now be skipped: \(note)"]
            return explanation
        case (nil, true):
            explanation.reasons = ["skipped in the recorded run (\(previous.note ?? "skipped")), would run now"]
            return explanation
        case (nil, false):
            break
        }
        let components: KeyComponents
        do {
            components = try keys.components(for: step) { reference in
                guard let output = recorded.step(reference.step)?.outputs[reference.output] else { return nil }
                return output.digest ?? KeyComponents.volatileDigest
            }
        } catch {
            explanation.verdict = .blocked
            explanation.reasons = [error.message]
            return explanation
        }
        explanation.key = components.key
        guard var before = previous.components else {
            explanation.reasons = ["no key recorded"]
            return explanation
        }
        // The engine and format are compared once, for the whole run.
        before.engine = components.engine
        before.format = components.format
        let changes = components.changes(since: before)
        if !changes.isEmpty {
            explanation.reasons = changes.map { "\($0) changed" }
        } else if recorded.engine != KeyComponents.engineVersion
            || (recorded.format ?? KeyComponents.formatVersion) != KeyComponents.formatVersion
        {
            explanation.reasons = ["engine \(recorded.engine ?? "?") → \(components.engine) changed"]
        } else if let key = previous.key, key != components.key {
            explanation.reasons = ["cache key changed (the recorded key does not match its components)"]
        } else {
            explanation.verdict = .hit
            if step.schema.isVolatile { explanation.reasons = ["volatile: \(step.op) measures again on every run"] }
        }
        return explanation
    }
}
