import QuireEngine
import QuireNotebook
import QuireReport
import QuireRunner

/// How a run of notebooks ended: one outcome per notebook, and the index.
public struct RunOutcome: Sendable {
    /// One per requested notebook, in order.
    public var notebooks: [NotebookOutcome]
    /// The output directory's index.
    public var index: IndexOutcome

    /// What became of `index.html`, which is written in each notebook's set: it is as complete
    /// as the last set written, and a set that could not be written kept the previous index.
    public enum IndexOutcome: Sendable {
        /// Not written: `frozen`, no notebook's set was written, or a notebook named `index`.
        case none
        /// Written at this path (as the output directory was named).
        case written(String)
    }
}

/// How one notebook's run ended, with what it produced.
public struct NotebookOutcome: Sendable {
    /// Why the run of a notebook ended.
    public enum Ending: Sendable {
        /// Every step succeeded or came from the cache, and every file was written.
        case succeeded
        /// A step failed (or could not run), or an artifact could not be produced; the report
        /// was written.
        case stepsFailed
        /// Everything was written, and a monitor reached this status (at or above `failOn`).
        case gateTripped(MonitorStatus)
        /// The notebook has errors: nothing ran and no file was written.
        case invalidNotebook([Diagnostic])
        /// `frozen`: the recorded run (the summary in the output directory) is stale: these steps
        /// would need to run, and ``NotebookOutcome/staleReasons`` says what changed for the whole
        /// notebook.
        case stale([Explanation])
        /// The outputs could not be written; nothing of the new set is visible.
        case outputFailed(OutputError)
        /// `only`: steps the one to run reads are not in the cache (their results say which
        /// key); nothing ran.
        case notCached([StepResult])
    }

    /// A file an operation produced, written beside the report.
    public struct WrittenArtifact: Sendable, Equatable {
        /// The step that produced it.
        public var step: String
        /// Its path relative to the output directory (`models/churn.json`).
        public var path: String

        /// The artifact `step` produced at `path`.
        public init(step: String, path: String) {
            self.step = step
            self.path = path
        }
    }

    /// An artifact that could not be produced (the step's value could not be read, say).
    public struct ArtifactFailure: Sendable {
        /// The step whose artifact it is.
        public var step: String
        /// What went wrong.
        public var message: String
    }

    /// Where the notebook is.
    public var location: NotebookLocation
    /// Why it ended.
    public var ending: Ending
    /// The steps' results (nil when the notebook did not run: invalid, or `frozen`).
    public var result: RunResult?
    /// `frozen`: every step's verdict, whether it would run and why.
    public var explanations: [Explanation]?
    /// `frozen`: why the whole recorded run is stale (no summary, the notebook's text, a
    /// parameter, the engine), in the words of `quire explain`.
    public var staleReasons: [String] = []
    /// `frozen`: what to do about a stale run.
    public var staleHint: String?
    /// The artifacts written, in the order staged.
    public var artifacts: [WrittenArtifact] = []
    /// The artifacts that could not be produced.
    public var artifactFailures: [ArtifactFailure] = []
    /// Every file written, relative to the output directory, in the order staged (artifacts,
    /// metrics, summary, page).
    public var outputs: [String] = []
    /// The worst status of every monitor, or nil when nothing was monitored.
    public var monitorStatus: MonitorStatus?
    /// The monitoring status that tripped the `failOn` gate, if it did (also when steps failed);
    /// `alert` when only ``failedAssertions`` tripped it.
    public var gateTripped: MonitorStatus?
    /// The rows at alert of `assert` steps that fail the run (`fail_run`, the default): they
    /// trip the gate without `--fail-on`.
    public var failedAssertions: [MonitorFinding] = []
    /// The report's file name (`NAME.html`), when written.
    public var report: String? {
        let name = location.reportName + ".html"
        return outputs.contains(name) ? name : nil
    }

    init(location: NotebookLocation, ending: Ending) {
        self.location = location
        self.ending = ending
    }
}

/// What happens during a run, as it happens, for a caller to show.
public enum RunServiceEvent: Sendable {
    /// Files left in the output directory by killed runs were completed or removed.
    case recovered(OutputSet.Recovery)
    /// A notebook was read: its diagnostics (errors and warnings), with its text to show them.
    case loaded(NotebookLocation, diagnostics: [Diagnostic], source: SourceText?)
    /// A notebook's steps are about to run.
    case started(NotebookLocation, source: SourceText?, steps: [String])
    /// A step started, progressed or finished (progress from the step's threads, the rest from the executor's).
    case step(NotebookLocation, RunEvent)
    /// A problem that did not stop the run (the cache is unusable or read-only, say).
    case warning(NotebookLocation, String)
    /// A file of the output directory carries a JSON summary's `schema` key but cannot be read
    /// (`reason`); the index leaves it out.
    case unreadableSummary(path: String, reason: String)
    /// A notebook is done.
    case finished(NotebookOutcome)
}

/// A problem with the request itself, found before or while running: a usage error.
public enum RunServiceError: Error, Sendable, CustomStringConvertible {
    /// The parameter overrides do not fit a notebook.
    case parameters(ParameterError)
    /// `force` names a step the notebook does not have.
    case unknownForcedStep(notebook: String, step: String, suggestion: String?)
    /// `only` names a step the notebook does not have.
    case unknownOnlyStep(notebook: String, step: String, suggestion: String?)
    /// `only`: the cache, which is all such a run reads and writes, cannot be used.
    case cacheUnavailable(String)
    /// `only` with `planned`: the notebook is not the one the plan was made from.
    case planChanged(notebook: String, planned: String, actual: String)

    /// The message, in the terms of the command line.
    public var description: String {
        switch self {
        case .parameters(let error): error.description
        case .unknownForcedStep(let notebook, let step, let suggestion):
            "--force \(step): '\(notebook)' has no step '\(step)'" + (suggestion.map { " (\($0))" } ?? "")
        case .unknownOnlyStep(let notebook, let step, let suggestion):
            "--only \(step): '\(notebook)' has no step '\(step)'" + (suggestion.map { " (\($0))" } ?? "")
        case .cacheUnavailable(let reason): "--only needs the cache: \(reason)"
        case .planChanged(let notebook, let planned, let actual):
            "\(notebook) changed since it was planned (its SHA-256 is \(actual.prefix(12)), the plan's \(planned.prefix(12))): "
                + "its steps' keys differ from the plan's; plan it again (`quire plan`, `quire export argo`)"
        }
    }
}
