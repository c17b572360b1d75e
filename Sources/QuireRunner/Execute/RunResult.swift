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
    public var id: String
    public var op: String
    public var status: StepStatus
    /// The cache key (absent when it could not be computed: skipped, not run, or failed early).
    public var key: String?
    public var components: KeyComponents?
    /// Wall time of the step's execution in this run (0 when cached or not run).
    public var durationMilliseconds: Int
    public var failure: StepFailure?
    /// Why a step was skipped or not run, or a note (a corrupt cache entry recomputed).
    public var note: String?
    public var outputs: [String: OutputRecord]

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
    public var plan: Plan
    public var results: [StepResult]
    /// Wall time of the whole run.
    public var durationMilliseconds: Int
    /// Problems with the cache that did not stop the run (read-only directory, corrupt entries).
    public var warnings: [String]
    /// The value kinds the run's outputs are of (``RunOptions/valueKinds``): what renders them.
    public var valueKinds: ValueKinds = .standard

    public func result(_ id: String) -> StepResult? {
        results.first { $0.id == id }
    }

    /// The worst status: failed, else ok.
    public var succeeded: Bool {
        !results.contains { $0.status == .failed || $0.status == .notRun }
    }

    public func count(_ status: StepStatus) -> Int {
        results.filter { $0.status == status }.count
    }
}

/// Progress of a run, as it happens.
public enum RunEvent: Sendable {
    case started(id: String)
    case finished(StepResult)
}
