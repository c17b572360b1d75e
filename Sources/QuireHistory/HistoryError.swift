/// Why the history could not answer.
public enum HistoryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The database cannot be opened or read: locked past the wait, corrupt, not SQLite.
    case database(path: String, reason: String)
    /// The database was written by a newer Quire (migrations this one does not know).
    case newerDatabase(path: String, unknown: [String])
    /// No run has this id (for this notebook, when one was named).
    case unknownRun(String, notebook: String?, known: ClosedRange<Int64>?)
    /// `last~N` goes back further than the notebook's runs.
    case notEnoughRuns(String, notebook: String, count: Int)
    /// A notebook without any run in the history.
    case noRuns(notebook: String, known: [String])
    /// A metric no run of the notebook measured.
    case unknownMetric(String, notebook: String, suggestion: String?)
    /// A git revision that does not name a commit.
    case unknownRef(String, suggestion: String?)
    /// A commit without the summary asked for.
    case noSummaryAtCommit(ref: String, path: String)
    /// A summary (file or committed) that cannot be read.
    case unreadableSummary(source: String, reason: String)
    /// `last` or a git revision without a notebook to read it for.
    case notebookNeeded(String, known: [String])

    /// What went wrong, in a sentence.
    public var description: String {
        switch self {
        case .database(let path, let reason): "cannot use the run history \(path): \(reason)"
        case .newerDatabase(let path, let unknown):
            "the run history \(path) was written by a newer Quire (schema \(unknown.joined(separator: ", ")))"
        case .unknownRun(let id, let notebook, _):
            "no run \(id) in the history" + (notebook.map { " of \($0)" } ?? "")
        case .notEnoughRuns(let spec, let notebook, let count):
            "\(spec): \(notebook) has \(count) run\(count == 1 ? "" : "s") in the history"
        case .noRuns(let notebook, _): "no run of \(notebook) in the history"
        case .unknownMetric(let name, let notebook, _): "no run of \(notebook) measured a metric '\(name)'"
        case .unknownRef(let ref, _): "'\(ref)' is not a run id, `last`, a summary file or a git commit"
        case .noSummaryAtCommit(let ref, let path): "\(ref) has no committed \(path)"
        case .unreadableSummary(let source, let reason): "cannot read \(source): \(reason)"
        case .notebookNeeded(let spec, _): "\(spec) needs a notebook: the history holds runs of several"
        }
    }

    /// What to do about it.
    public var hint: String? {
        switch self {
        case .database: "the run was not recorded; move the file away to start a new history"
        case .newerDatabase: "use the Quire that wrote it, or move the file away to start a new history"
        case .unknownRun(_, let notebook, let known):
            (known.map { "runs \($0.lowerBound)–\($0.upperBound) are recorded; " } ?? "")
                + "`quire history \(notebook ?? "NOTEBOOK")` lists them"
        case .notEnoughRuns(_, let notebook, _): "`quire history \(notebook)` lists them"
        case .noRuns(_, let known):
            known.isEmpty
                ? "`quire run` records every run" : "the history has runs of: \(known.joined(separator: ", "))"
        case .unknownMetric(_, let notebook, let suggestion):
            suggestion ?? "`quire history \(notebook) --json` shows every metric recorded"
        case .unknownRef(_, let suggestion):
            suggestion ?? "name a run id (`quire history` lists them), `last`, `last~1`, a .json file or a git branch"
        case .noSummaryAtCommit: "commit the reports (`quire run --reproducible`) to compare against them"
        case .unreadableSummary:
            "a summary is the NAME.json `quire run` writes beside NAME.html (docs/json-summary.md)"
        case .notebookNeeded(_, let known): "add --notebook, one of: \(known.joined(separator: ", "))"
        }
    }
}
