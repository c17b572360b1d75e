/// A run as its summary (`NAME.json`) records it: the lock `quire run --frozen` checks the
/// notebook, its parameters and its data against, without the cache.
///
/// QuireReport's `RunSummary` writes it and reads it back; docs/json-summary.md documents the keys.
public struct RecordedRun: Sendable {
    /// What was recorded of one step.
    public struct Step: Sendable {
        /// The step id.
        public var id: String
        /// Its op name.
        public var op: String
        /// What happened to it (a reproducible summary writes `ok` for a cached step).
        public var status: StepStatus
        /// Why it was skipped or not run, or its error message when it failed.
        public var note: String?
        /// Its cache key; nil when it was not computed, or depends on a measurement.
        public var key: String?
        /// What the key was made of (format and engine from the run's ``RecordedRun/engine``).
        public var components: KeyComponents?
        /// Its outputs, by name.
        public var outputs: [String: Output]

        /// A recorded step.
        public init(
            id: String, op: String, status: StepStatus, note: String? = nil, key: String? = nil,
            components: KeyComponents? = nil, outputs: [String: Output] = [:]
        ) {
            self.id = id
            self.op = op
            self.status = status
            self.note = note
            self.key = key
            self.components = components
            self.outputs = outputs
        }
    }

    /// What was recorded of one output: its digest (nil when volatile) and its `when:` facts.
    public struct Output: Sendable {
        /// SHA-256 of the encoded value; nil for a volatile output in a reproducible summary.
        public var digest: String?
        /// Its `when:` scalars.
        public var scalars: [String: Double]
        /// Its `when:` flags.
        public var flags: [String: Bool]?

        /// A recorded output.
        public init(digest: String?, scalars: [String: Double] = [:], flags: [String: Bool]? = nil) {
            self.digest = digest
            self.scalars = scalars
            self.flags = flags
        }
    }

    /// SHA-256 of the notebook's bytes.
    public var notebookDigest: String
    /// The engine version the keys were made with (``KeyComponents/engineVersion``); nil when the
    /// summary records no keys (written before the summary was a lock).
    public var engine: String?
    /// The cache format the keys were made with (``KeyComponents/formatVersion``).
    public var format: Int?
    /// Each parameter's value as JSON text, by name.
    public var params: [String: String]
    /// The steps, in the order they ran.
    public var steps: [Step] {
        didSet { index = Self.index(steps) }
    }
    /// Each step's position in ``steps``, by id (the first, should an id repeat).
    private var index: [String: Int]

    /// A recorded run.
    public init(notebookDigest: String, engine: String?, format: Int?, params: [String: String], steps: [Step]) {
        self.notebookDigest = notebookDigest
        self.engine = engine
        self.format = format
        self.params = params
        self.steps = steps
        self.index = Self.index(steps)
    }

    /// The step `id`, if recorded (in constant time).
    public func step(_ id: String) -> Step? {
        index[id].map { steps[$0] }
    }

    private static func index(_ steps: [Step]) -> [String: Int] {
        Dictionary(steps.enumerated().map { ($0.element.id, $0.offset) }, uniquingKeysWith: { first, _ in first })
    }
}
