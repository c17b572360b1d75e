import QuireEngine
import QuireNotebook

/// What happened to one step.
public enum StepStatus: String, Sendable, Codable, CaseIterable {
    /// Ran and succeeded.
    case ok
    /// Its outputs came from the cache.
    case cached
    case failed
    /// Its `when:` was false, or a step it depends on was skipped.
    case skipped
    /// A step it depends on failed.
    case notRun = "not-run"
}

/// The outcome of one step of a run.
public struct StepResult: Sendable {
    /// The step id.
    public var id: String
    /// The operation the step ran.
    public var op: String
    /// What happened to it.
    public var status: StepStatus
    /// The cache key (absent when it could not be computed: skipped, not run, or failed early).
    public var key: String?
    /// What its key was computed from (absent with the key).
    public var components: KeyComponents?
    /// Wall time of the step's execution in this run (0 when cached or not run).
    public var durationMilliseconds: Int
    /// Why it failed, when ``status`` is `failed`.
    public var failure: StepFailure?
    /// Why a step was skipped or not run, or a note (a corrupt cache entry recomputed).
    public var note: String?
    /// Its outputs by name: digests and summaries (empty unless ok or cached).
    public var outputs: [String: OutputRecord]

    /// A result with no key, duration, failure or outputs yet.
    public init(id: String, op: String, status: StepStatus) {
        self.id = id
        self.op = op
        self.status = status
        self.durationMilliseconds = 0
        self.outputs = [:]
    }
}

/// A finished run: one result per planned step, in plan order.
public struct RunResult: Sendable {
    /// The plan that ran.
    public var plan: Plan
    /// One result per planned step, in plan order.
    public var results: [StepResult]
    /// Wall time of the whole run.
    public var durationMilliseconds: Int
    /// Problems with the cache that did not stop the run (read-only directory, corrupt entries).
    public var warnings: [String]
    /// The value kinds the run's outputs are of (``RunOptions/valueKinds``): what renders them.
    public var valueKinds: ValueKinds = .standard

    /// The result of the step `id`, if the plan has it: found through the plan's index of steps
    /// (results are in plan order), so in constant time; by a search only if they are not.
    public func result(_ id: String) -> StepResult? {
        if let position = plan.position(of: id), position < results.count, results[position].id == id {
            return results[position]
        }
        return results.first { $0.id == id }
    }

    /// The worst status: failed, else ok.
    public var succeeded: Bool {
        !results.contains { $0.status == .failed || $0.status == .notRun }
    }

    /// How many steps ended with `status`.
    public func count(_ status: StepStatus) -> Int {
        results.filter { $0.status == status }.count
    }
}

/// Progress of a run, as it happens.
public enum RunEvent: Sendable {
    /// A step began to execute.
    case started(id: String)
    /// How far a running step's current phase has come (forest trees, CSV rows…): at the phase's
    /// start and end and at most every 100 ms between, from the step's threads; a step reports
    /// only the phases its engine code measures, so a short or unmeasured step reports none.
    case progress(id: String, ProgressSnapshot)
    /// A step was decided: ran, cached, failed, skipped or not run.
    case finished(StepResult)
}
