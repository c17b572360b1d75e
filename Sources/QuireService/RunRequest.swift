import QuireEngine
import QuireNotebook
import QuireRunner

/// What to run and how: everything `quire run`'s arguments say, as values.
public struct RunRequest: Sendable {
    /// Where the step cache is.
    public enum Cache: Sendable, Equatable {
        /// No cache: every step runs, nothing is read or written.
        case none
        /// `.quire/cache` in each notebook's project root.
        case inProjectRoot
        /// One directory for every notebook.
        case directory(String)
    }

    /// Where runs are recorded.
    public enum History: Sendable, Equatable {
        /// Nowhere.
        case none
        /// `.quire/history.sqlite` in each notebook's project root.
        case inProjectRoot
        /// One database for every notebook.
        case file(String)
    }

    /// The notebook files, run in this order.
    public var notebooks: [String]
    /// Parameter values given outside the notebooks.
    public var parameters: ParameterOverrides
    /// Where the reports (and the index of a run of several notebooks) are written.
    public var outputDirectory: String
    /// Steps run at once; results do not depend on it.
    public var jobs: Int
    /// Threads that compute at once, steps and kernels together (`--threads`); nil for one per
    /// core. Results do not depend on it.
    public var threads: Int?
    /// Steps to run, with every step depending on them, even when cached.
    public var force: [String]
    /// Run nothing and read no cache: check the summary in the output directory (the lock) against
    /// the notebook, its parameters and its data.
    public var frozen: Bool
    /// `--only STEP`: run that step alone, reading the steps it depends on from the cache and
    /// writing only its outputs to the cache (no report, summary, metrics or history).
    public var only: String?
    /// `--planned SHA256`: with `only`, the digest of the notebook the plan was made from
    /// (`quire plan --json`'s `notebook.digest`); a notebook that changed since is refused.
    public var plannedDigest: String?
    /// The monitoring status (warn or alert) at which the run ends as ``NotebookOutcome/Ending/gateTripped(_:)``.
    public var failOn: MonitorStatus?
    /// Let steps read files, and prose embed images, from outside the notebook's project root.
    public var allowOutsideRoot: Bool
    /// Keep raw HTML in prose, through the allowlist.
    public var allowRawHTML: Bool
    /// Leave wall times out of the outputs, so the same inputs give byte-identical files.
    public var reproducible: Bool
    /// The time written into the metrics of a reproducible run (`SOURCE_DATE_EPOCH`), if any; when
    /// nil, a reproducible run uses the notebook's last git commit.
    public var sourceDateEpoch: Double?
    /// The text of a local mermaid.js, for diagram types Quire does not draw.
    public var mermaidScript: String?
    /// Where the step cache is.
    public var cache: Cache
    /// Where relative `assert` gates read their baselines; nil: ``HistoryBaselines`` (`against:
    /// previous` reads the notebook's last run in ``history``, none when runs are not recorded;
    /// `against: {git: REF}` the summary committed at REF in the output directory).
    public var baselines: (any BaselineSource)?
    /// Where runs are recorded.
    public var history: History

    /// A request to run `notebooks` into `outputDirectory` with the defaults of `quire run`.
    public init(
        notebooks: [String], outputDirectory: String = "reports", parameters: ParameterOverrides = .init(),
        jobs: Int = 1, cache: Cache = .inProjectRoot
    ) {
        self.notebooks = notebooks
        self.outputDirectory = outputDirectory
        self.parameters = parameters
        self.jobs = jobs
        self.force = []
        self.frozen = false
        self.only = nil
        self.plannedDigest = nil
        self.failOn = nil
        self.allowOutsideRoot = false
        self.allowRawHTML = false
        self.reproducible = false
        self.sourceDateEpoch = nil
        self.mermaidScript = nil
        self.cache = cache
        self.baselines = nil
        self.history = .inProjectRoot
    }

    /// How notebooks are parsed for this run.
    var parserOptions: NotebookParser.Options {
        var options: NotebookParser.Options = [.renderProse]
        if allowRawHTML { options.insert(.allowRawHTML) }
        if allowOutsideRoot { options.insert(.allowFilesOutsideRoot) }
        return options
    }
}
