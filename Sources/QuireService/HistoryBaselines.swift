import QuireHistory
import QuireRunner

/// Baselines for `quire run`: `against: previous` reads the notebook's last run in the run
/// history (`.quire/history.sqlite`), `against: {git: REF}` the summary committed at REF
/// (``CommittedBaselines``).
public struct HistoryBaselines: BaselineSource {
    /// The run history, when runs are recorded and it opened; without one, `previous` has no
    /// baseline.
    public var store: HistoryStore?
    /// Where `{git: REF}` reads.
    public var committed: CommittedBaselines

    /// Baselines from `store` and from the summaries committed in `outputDirectory`.
    public init(store: HistoryStore?, outputDirectory: String) {
        self.store = store
        committed = CommittedBaselines(outputDirectory: outputDirectory)
    }

    /// The notebook's last recorded run (nil when there is none, or no history), or REF's
    /// committed summary.
    ///
    /// - Throws: ``BaselineError`` when the history cannot be read, or as ``CommittedBaselines``.
    public func baseline(_ reference: BaselineReference, for location: NotebookLocation) throws(BaselineError)
        -> BaselineRun?
    {
        guard case .previous = reference else { return try committed.baseline(reference, for: location) }
        guard let store else { return nil }
        let last: RunSnapshot?
        do {
            last = try store.runs(of: location.pathInProject, limit: 1).last
        } catch {
            throw BaselineError("the previous run cannot be read: \(error)", hint: error.hint)
        }
        guard let last else { return nil }
        return BaselineRun(source: last.id.map { "run \($0)" } ?? "the previous run", values: Self.values(of: last))
    }

    /// A recorded run's numbers by `STEP.NAME`: its metrics, and what its `assert` steps measured.
    static func values(of run: RunSnapshot) -> [String: Double] {
        var values: [String: Double] = [:]
        for metric in run.metrics {
            if let value = metric.value { values[metric.key] = value }
        }
        let gates = Set(run.steps.filter { $0.op == "assert" }.map(\.id))
        for monitor in run.monitors where gates.contains(monitor.step) {
            let key = "\(monitor.step).\(monitor.subject)"
            if values[key] == nil, let value = monitor.value { values[key] = value }
        }
        return values
    }
}
