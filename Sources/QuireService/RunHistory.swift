import Foundation
import QuireHistory
import QuireNotebook
import QuireReport
import QuireRunner
import QuireSupport

/// The run histories one `quire run` records into: each database opened once, on first use; one
/// that cannot be opened is warned about once and not tried again.
final class RunHistories {
    private let setting: RunRequest.History
    /// Whether a database that does not exist is made (not for `--only`, which only reads the
    /// baselines of relative gates).
    private let create: Bool
    private var opened: [String: Result<HistoryStore, HistoryError>] = [:]

    init(_ setting: RunRequest.History, create: Bool = true) {
        self.setting = setting
        self.create = create
    }

    /// The history of the notebook at `location`; nil when runs are not recorded. The first
    /// failure to open a database is passed to `warn`.
    func store(for location: NotebookLocation, warn: (String) -> Void) -> HistoryStore? {
        let path: String
        switch setting {
        case .none: return nil
        case .inProjectRoot: path = HistoryStore.path(inProject: location.projectRoot)
        case .file(let file): path = file
        }
        if let known = opened[path] { return try? known.get() }
        if !create && !FileManager.default.fileExists(atPath: path) { return nil }
        let result = Result { () throws(HistoryError) in try HistoryStore(path: path) }
        opened[path] = result
        if case .failure(let error) = result { warn("\(error) (\(error.hint ?? "the run is not recorded"))") }
        return try? result.get()
    }
}

extension NotebookOutcome.Ending {
    /// Why the run ended, as the history records it.
    var historyName: String {
        switch self {
        case .succeeded: "succeeded"
        case .stepsFailed: "steps-failed"
        case .gateTripped: "gate-tripped"
        case .invalidNotebook: "invalid-notebook"
        case .stale: "stale"
        case .notCached: "not-cached"
        case .outputFailed: "output-failed"
        }
    }
}

extension RunSnapshot {
    /// The run `summary` says, as the history records it: read back from its JSON with
    /// durations and timings, which a reproducible summary leaves out.
    static func measured(_ summary: RunSummary) -> Result<RunSnapshot, SummaryError> {
        var measured = summary
        measured.reproducible = false
        return Result { () throws(SummaryError) in try RunSnapshot(summary: Data(measured.json.text.utf8)) }
    }

    /// The run with what only the run knows: when, why it ended, the git state and the host.
    func recorded(
        started: Date, ended: Date, ending: NotebookOutcome.Ending, git: (commit: String, dirty: Bool)?,
        reproducible: Bool
    ) -> RunSnapshot {
        var run = self
        run.startedAt = started
        run.endedAt = ended
        run.ending = ending.historyName
        run.gitCommit = git?.commit
        run.gitDirty = git?.dirty
        run.host = reproducible ? nil : HostName.current
        run.reproducible = reproducible
        return run
    }
}
