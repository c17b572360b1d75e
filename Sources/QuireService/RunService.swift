import Foundation
import QuireEngine
import QuireHistory
import QuireNotebook
import QuireReport
import QuireRunner
import QuireSupport

/// Runs notebooks into reports: reads and plans each, runs its steps with the cache, writes its
/// report, summary, metrics, the artifacts its operations declare and the output directory's
/// index as one set, and applies the monitoring gate.
///
/// It prints nothing: what happens goes out as ``RunServiceEvent``s, and how each notebook ended
/// comes back as a ``RunOutcome``.
public struct RunService: Sendable {
    /// The operations steps may use.
    public var registry: OpRegistry

    /// A service running the operations of `registry`.
    public init(registry: OpRegistry = .standard) {
        self.registry = registry
    }

    /// Runs `request`, reporting progress through `events` (called from several threads).
    ///
    /// - Throws: ``RunServiceError`` for a problem of the request (parameters that do not fit a
    ///   notebook, an unknown `force` step); the notebooks before it were run and written.
    public func run(
        _ request: RunRequest, events: @escaping @Sendable (RunServiceEvent) -> Void = { _ in }
    ) throws(RunServiceError) -> RunOutcome {
        let loader = NotebookLoader(
            parserOptions: request.parserOptions, parameters: request.parameters, registry: registry)
        if !request.frozen && request.only == nil {
            let recovery = OutputSet.recover(
                in: request.outputDirectory, subdirectories: registry.artifactDirectories)
            if !recovery.isEmpty { events(.recovered(recovery)) }
        }
        // The index lists every summary in the output directory: read once, then kept up to date
        // as each notebook's set (which carries the index) is written. A notebook named `index`
        // would write its report over it (`quire run` refuses one): then there is no index.
        var index: [String: IndexRenderer.Entry]?
        if !request.frozen && request.only == nil
            && !request.notebooks.contains(where: { NotebookLocation.reportName(of: $0) == "index" })
        {
            let found = IndexRenderer.entries(inDirectory: request.outputDirectory)
            for (file, reason) in found.unreadable { events(.unreadableSummary(path: file, reason: reason)) }
            index = found.entries
        }
        var indexWritten = false
        var outcomes: [NotebookOutcome] = []
        let histories = RunHistories(request.frozen ? .none : request.history, create: request.only == nil)
        for path in request.notebooks {
            let loaded: NotebookLoader.Loaded
            do { loaded = try loader.load(path) } catch { throw .parameters(error) }
            // With --mermaid-js, diagram types Quire does not draw are drawn in the browser: no note.
            let shown = loaded.diagnostics.filter { request.mermaidScript == nil || $0.id != .mermaidNotNative }
            events(.loaded(loaded.location, diagnostics: shown, source: loaded.source))
            guard let plan = loaded.validPlan() else {
                let outcome = NotebookOutcome(location: loaded.location, ending: .invalidNotebook(loaded.diagnostics))
                events(.finished(outcome))
                outcomes.append(outcome)
                continue
            }
            // Relative gates' baselines become parameters before any key is computed: `previous`
            // from the run history (the latest run recorded is the one before this), `{git: REF}`
            // from the summary committed at REF.
            let store =
                request.frozen ? nil : histories.store(for: loaded.location) { events(.warning(loaded.location, $0)) }
            let baselines =
                request.baselines ?? HistoryBaselines(store: store, outputDirectory: request.outputDirectory)
            let resolved = plan.resolvingBaselines(from: baselines, location: loaded.location)
            let outcome = try run(
                resolved, loaded: loaded, request: request, histories: histories, index: &index, events: events)
            if index != nil && outcome.outputs.contains("index.html") { indexWritten = true }
            events(.finished(outcome))
            outcomes.append(outcome)
        }
        let written = OutputSet(directory: request.outputDirectory).path(of: "index.html")
        return RunOutcome(notebooks: outcomes, index: indexWritten ? .written(written) : .none)
    }

    /// Runs one planned notebook and writes its outputs.
    private func run(
        _ plan: Plan, loaded: NotebookLoader.Loaded, request: RunRequest, histories: RunHistories,
        index: inout [String: IndexRenderer.Entry]?, events: @escaping @Sendable (RunServiceEvent) -> Void
    ) throws(RunServiceError) -> NotebookOutcome {
        if request.frozen { return frozen(plan, loaded: loaded, request: request) }
        if let only = request.only {
            return try self.only(only, of: plan, loaded: loaded, request: request, events: events)
        }
        let location = loaded.location
        // The run history, and git's answers about the project, asked while the steps run.
        let history = histories.store(for: location) { events(.warning(location, $0)) }
        let root = location.projectRoot
        let git = history.map { _ in Background { Git.state(of: root) } }
        let date = request.reproducible ? Background { Self.reproducibleDate(request, location: location) } : nil
        var options = RunOptions(location: location)
        options.jobs = request.jobs
        if let threads = request.threads { options.limitThreads(to: threads) }
        options.allowOutsideRoot = request.allowOutsideRoot
        var lock: FileLock?
        let cacheDirectory: URL? =
            switch request.cache {
            case .none: nil
            case .inProjectRoot: URL(fileURLWithPath: location.projectRoot).appendingPathComponent(".quire/cache")
            case .directory(let path): URL(fileURLWithPath: path)
            }
        if let cacheDirectory {
            do throws(CacheError) {
                let store = try CacheStore(directory: cacheDirectory)
                lock = try FileLock(path: store.lockPath, mode: .shared)
                options.cache = store
            } catch {
                events(.warning(location, "\(error); running without the cache"))
            }
        } else {
            // No cache: the digests of data files are still memoised, beside where it would be.
            options.fileDigestMemo = URL(fileURLWithPath: location.projectRoot).appendingPathComponent(
                ".quire/files.json")
        }
        for id in request.force {
            guard plan.step(id) != nil else {
                throw .unknownForcedStep(
                    notebook: location.path, step: id,
                    suggestion: Suggestion.didYouMean(id, among: plan.steps.map(\.id)))
            }
            options.force.formUnion(plan.steps(dependingOn: id).map(\.id))
        }
        let started = Date()
        events(.started(location, source: loaded.source, steps: plan.steps.map(\.id)))
        let executor = Executor(plan: plan, options: options) { events(.step(location, $0)) }
        let result = executor.run()
        for warning in result.warnings { events(.warning(location, warning)) }
        // Values quoted in prose that the report can only mark (their step failed or was skipped).
        let unavailable = QuotedValues(run: result).warnings(for: plan.notebook)
        if !unavailable.isEmpty { events(.loaded(location, diagnostics: unavailable, source: loaded.source)) }
        if let store = options.cache {
            do throws(CacheError) {
                try store.save(RunRecord(notebook: location.absolutePath, run: result))
            } catch {
                events(.warning(location, "\(error)"))
            }
        }
        withExtendedLifetime(lock) {}
        let summary = RunSummary(
            run: result, notebookPath: location.pathInProject, notebookDigest: Digest.sha256(loaded.bytes),
            reproducible: request.reproducible)
        // The run as the history records it, read from its summary with durations (which a
        // reproducible summary leaves out), on another thread while the report is written.
        let recorded = history.map { _ in Background { RunSnapshot.measured(summary) } }
        let outcome = write(
            result, summary: summary, executor: executor, loaded: loaded, request: request, started: started,
            reproducibleDate: date?.value, index: &index, history: history, events: events)
        if let history, let recorded {
            do {
                try history.record(
                    recorded.value.get().recorded(
                        started: started, ended: Date(), ending: outcome.ending, git: git?.value,
                        reproducible: request.reproducible))
            } catch {
                events(.warning(location, "the run was not recorded in the history: \(error)"))
            }
        }
        return outcome
    }

    /// `frozen`: checks the notebook against the summary in the output directory (the lock),
    /// without the cache, running and writing nothing.
    private func frozen(_ plan: Plan, loaded: NotebookLoader.Loaded, request: RunRequest) -> NotebookOutcome {
        let location = loaded.location
        var outcome = NotebookOutcome(location: location, ending: .stale([]))
        let path = OutputSet(directory: request.outputDirectory).path(of: location.reportName + ".json")
        guard let bytes = FileManager.default.contents(atPath: path) else {
            outcome.staleReasons = ["no recorded run: \(path) does not exist"]
            outcome.staleHint =
                "run `quire run --reproducible` and commit the reports: the JSON summary is what --frozen checks"
            return outcome
        }
        let recorded: RecordedRun
        do {
            recorded = try RunSummary.recordedRun(from: Array(bytes))
        } catch {
            outcome.staleReasons = ["cannot read \(path): \(error)"]
            outcome.staleHint = "run `quire run --reproducible` and commit the reports"
            return outcome
        }
        var options = RunOptions(location: location)
        options.allowOutsideRoot = request.allowOutsideRoot
        let check = Executor(plan: plan, options: options, registry: registry).check(
            against: recorded, notebookDigest: Digest.sha256(loaded.bytes), params: RunSummary.paramTexts(plan.params))
        outcome.explanations = check.steps
        outcome.staleReasons = check.reasons
        if check.isUpToDate {
            outcome.ending = .succeeded
        } else {
            outcome.ending = .stale(check.stale)
            outcome.staleHint = "run `quire run --reproducible` and commit the reports, or undo the change"
        }
        return outcome
    }

    /// Writes a run's report, summary, metrics, artifacts and, unless `index` is nil, the index
    /// with this notebook's row updated, as one set, and decides how it ended.
    private func write(
        _ result: RunResult, summary: RunSummary, executor: Executor, loaded: NotebookLoader.Loaded,
        request: RunRequest, started: Date,
        reproducibleDate: ReportDate?, index: inout [String: IndexRenderer.Entry]?, history: HistoryStore?,
        events: @escaping @Sendable (RunServiceEvent) -> Void
    ) -> NotebookOutcome {
        let location = loaded.location
        let plan = result.plan
        let name = location.reportName
        let digest = summary.notebookDigest
        var outcome = NotebookOutcome(location: location, ending: .succeeded)
        outcome.result = result
        let (artifacts, failures) = self.artifacts(of: result, executor: executor, location: location, digest: digest)
        outcome.artifactFailures = failures
        outcome.monitorStatus = summary.monitorStatus
        let info = ReportRenderer.RunInfo(
            date: CivilDate.iso8601(started), host: HostName.current)
        var reportOptions = ReportRenderer.Options(
            reproducible: request.reproducible, runInfo: info, notebookDigest: digest,
            mermaidScript: request.mermaidScript, notebookPath: location.pathInProject)
        // One date for every file of a reproducible set: the report's and the metrics' timestamp.
        reportOptions.reproducibleDate = reproducibleDate
        if index != nil { reportOptions.indexLink = "index.html" }
        // The earlier runs, read before this one is recorded; a reproducible report has none.
        let warn = { (message: String) in events(.warning(location, message)) }
        let trends =
            request.reproducible ? nil : history?.trends(of: location.pathInProject, warn: warn)
        reportOptions.trends = trends
        let html = ReportRenderer(options: reportOptions).render(plan.notebook, run: result)
        let prometheus = PrometheusExporter(
            run: result, notebook: name,
            timestamp: request.reproducible
                ? reproducibleDate.map { Double($0.secondsSince1970) } : Date().timeIntervalSince1970.rounded(),
            reproducible: request.reproducible)
        let json = summary.json.text
        // The index's row for this notebook is read from the summary just made, as the next run
        // will read it from the file.
        var entries = index
        if case .entry(var entry) = IndexRenderer.reading(summary: Data(json.utf8), report: name + ".html") {
            entry.trends = trends
            entries?[name] = entry
        }
        if !request.reproducible, let history, let listed = entries {
            // Other notebooks' rows: their summary here is their newest recorded run.
            for (other, entry) in listed where other != name && entry.trends == nil {
                entries?[other]?.trends = history.trends(of: entry.notebook, skippingNewest: true, warn: warn)
            }
        }
        // One set: the artifacts, then the metrics and summary, the page, the index that links
        // to it last; all or nothing.
        let set = OutputSet(directory: request.outputDirectory)
        do throws(OutputError) {
            for (_, artifact) in artifacts { try set.stage(artifact.bytes, as: artifact.path) }
            try set.stage(prometheus.text, as: name + ".prom")
            try set.stage(json, as: name + ".json")
            try set.stage(html, as: name + ".html")
            if let entries {
                try set.stage(
                    IndexRenderer(reproducible: request.reproducible).render(Array(entries.values)), as: "index.html")
            }
            try set.commit()
        } catch {
            outcome.ending = .outputFailed(error)
            return outcome
        }
        index = entries
        outcome.artifacts = artifacts.map { .init(step: $0.step, path: $0.artifact.path) }
        outcome.outputs = set.names
        let completed = result.succeeded && failures.isEmpty
        outcome.failedAssertions = result.failedAssertions
        if let failOn = request.failOn, let worst = summary.monitorStatus, worst >= failOn {
            outcome.gateTripped = worst
            outcome.ending = completed ? .gateTripped(worst) : .stepsFailed
        } else if !outcome.failedAssertions.isEmpty {
            // An `assert` gate at alert fails the run without `--fail-on`, as a failed test does.
            outcome.gateTripped = .alert
            outcome.ending = completed ? .gateTripped(.alert) : .stepsFailed
        } else {
            outcome.ending = completed ? .succeeded : .stepsFailed
        }
        return outcome
    }

    /// The artifacts every step that ran or was cached declares, with the values they need
    /// taken from the run or the cache.
    private func artifacts(
        of result: RunResult, executor: Executor, location: NotebookLocation, digest: String
    ) -> (artifacts: [(step: String, artifact: Artifact)], failures: [NotebookOutcome.ArtifactFailure]) {
        var artifacts: [(step: String, artifact: Artifact)] = []
        var failures: [NotebookOutcome.ArtifactFailure] = []
        for step in result.plan.steps {
            guard let operation = registry.operation(named: step.op), let stepResult = result.result(step.id),
                stepResult.status == .ok || stepResult.status == .cached
            else { continue }
            let context = ArtifactContext(
                step: step, result: stepResult, notebookPath: location.pathInProject, notebookDigest: digest,
                params: result.plan.params
            ) { output in try executor.value(of: StepReference(step: step.id, output: output)) }
            do {
                for artifact in try operation.artifacts(context) {
                    guard artifact.isInsideOutput else {
                        failures.append(
                            .init(step: step.id, message: "'\(artifact.path)' is outside the output directory"))
                        continue
                    }
                    artifacts.append((step.id, artifact))
                }
            } catch {
                failures.append(.init(step: step.id, message: "\(error)"))
            }
        }
        return (artifacts, failures)
    }

    /// The date of a reproducible report: `SOURCE_DATE_EPOCH`, else the notebook's last commit.
    static func reproducibleDate(_ request: RunRequest, location: NotebookLocation) -> ReportDate? {
        if let epoch = request.sourceDateEpoch { return ReportDate(secondsSince1970: epoch, source: .sourceDateEpoch) }
        return CommitDate.lastCommit(of: location.absolutePath).flatMap {
            ReportDate(secondsSince1970: $0, source: .lastCommit)
        }
    }
}
