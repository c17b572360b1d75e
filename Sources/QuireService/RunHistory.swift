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
    private var opened: [String: Result<HistoryStore, HistoryError>] = [:]

    init(_ setting: RunRequest.History) {
        self.setting = setting
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
        case .outputFailed: "output-failed"
        }
    }
}

extension RunSnapshot {
    /// The run that `summary` (its JSON summary with durations, not the reproducible one) says,
    /// with what only the run knows: when, why it ended, the git state and the host.
    static func recording(
        summary: String, started: Date, ended: Date, ending: NotebookOutcome.Ending,
        git: (commit: String, dirty: Bool)?, reproducible: Bool
    ) throws(SummaryError) -> RunSnapshot {
        var run = try RunSnapshot(summary: Data(summary.utf8))
        run.startedAt = started
        run.endedAt = ended
        run.ending = ending.historyName
        run.gitCommit = git?.commit
        run.gitDirty = git?.dirty
        run.host = reproducible ? nil : ProcessInfo.processInfo.hostName
        run.reproducible = reproducible
        return run
    }
}
