import Foundation
import QuireEngine
import QuireNotebook
import QuireReport
import QuireRunner
import QuireSupport

/// Runs notebooks into reports: reads and plans each, runs its steps with the cache, writes its
/// report, summary, metrics and the artifacts its operations declare as one set, applies the
/// monitoring gate, and writes the index of a run of several notebooks.
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
        if !request.frozen {
            let recovery = OutputSet.recover(
                in: request.outputDirectory, subdirectories: registry.artifactDirectories)
            if !recovery.isEmpty { events(.recovered(recovery)) }
        }
        var outcomes: [NotebookOutcome] = []
        for path in request.notebooks {
            let loaded: NotebookLoader.Loaded
            do { loaded = try loader.load(path) } catch { throw .parameters(error) }
            events(.loaded(loaded.location, diagnostics: loaded.diagnostics, source: loaded.source))
            guard let plan = loaded.validPlan() else {
                var outcome = NotebookOutcome(location: loaded.location, ending: .invalidNotebook(loaded.diagnostics))
                outcome.indexEntry = .init(
                    title: loaded.location.reportName, notebook: loaded.location.pathInProject, report: nil,
                    status: "invalid", counts: [:])
                events(.finished(outcome))
                outcomes.append(outcome)
                continue
            }
            let outcome = try run(plan, loaded: loaded, request: request, events: events)
            events(.finished(outcome))
            outcomes.append(outcome)
        }
        // The index is a set of its own, written after every notebook's.
        var index = RunOutcome.IndexOutcome.none
        if request.notebooks.count > 1 && !request.frozen {
            let set = OutputSet(directory: request.outputDirectory)
            do throws(OutputError) {
                try set.stage(
                    IndexRenderer(reproducible: request.reproducible).render(outcomes.compactMap(\.indexEntry)),
                    as: "index.html")
                try set.commit()
                index = .written(set.path(of: "index.html"))
            } catch {
                index = .failed(error)
            }
        }
        return RunOutcome(notebooks: outcomes, index: index)
    }

    /// Runs one planned notebook and writes its outputs.
    private func run(
        _ plan: Plan, loaded: NotebookLoader.Loaded, request: RunRequest,
        events: @escaping @Sendable (RunServiceEvent) -> Void
    ) throws(RunServiceError) -> NotebookOutcome {
        if request.frozen { return frozen(plan, loaded: loaded, request: request) }
        let location = loaded.location
        var options = RunOptions(location: location)
        options.jobs = request.jobs
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
        if let store = options.cache {
            do throws(CacheError) {
                try store.save(RunRecord(notebook: location.absolutePath, run: result))
            } catch {
                events(.warning(location, "\(error)"))
            }
        }
        withExtendedLifetime(lock) {}
        return write(result, executor: executor, loaded: loaded, request: request, started: started)
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

    /// Writes a run's report, summary, metrics and artifacts as one set, and decides how it ended.
    private func write(
        _ result: RunResult, executor: Executor, loaded: NotebookLoader.Loaded, request: RunRequest, started: Date
    ) -> NotebookOutcome {
        let location = loaded.location
        let plan = result.plan
        let name = location.reportName
        let digest = Digest.sha256(loaded.bytes)
        var outcome = NotebookOutcome(location: location, ending: .succeeded)
        outcome.result = result
        let (artifacts, failures) = self.artifacts(of: result, executor: executor, location: location, digest: digest)
        outcome.artifactFailures = failures
        let summary = RunSummary(
            run: result, notebookPath: location.pathInProject, notebookDigest: digest,
            reproducible: request.reproducible)
        outcome.monitorStatus = summary.monitorStatus
        let info = ReportRenderer.RunInfo(
            date: ISO8601DateFormatter().string(from: started), host: ProcessInfo.processInfo.hostName)
        let reportOptions = ReportRenderer.Options(
            reproducible: request.reproducible, runInfo: info, notebookDigest: digest,
            mermaidScript: request.mermaidScript, notebookPath: location.pathInProject)
        let html = ReportRenderer(options: reportOptions).render(plan.notebook, run: result)
        let prometheus = PrometheusExporter(
            run: result, notebook: name,
            timestamp: request.reproducible
                ? request.sourceDateEpoch ?? CommitTime.of(location.absolutePath, in: location.directory)
                : Date().timeIntervalSince1970.rounded(),
            reproducible: request.reproducible)
        // One set: the artifacts, then the metrics and summary, the page last; all or nothing.
        let set = OutputSet(directory: request.outputDirectory)
        do throws(OutputError) {
            for (_, artifact) in artifacts { try set.stage(artifact.bytes, as: artifact.path) }
            try set.stage(prometheus.text, as: name + ".prom")
            try set.stage(summary.json.text, as: name + ".json")
            try set.stage(html, as: name + ".html")
            try set.commit()
        } catch {
            outcome.ending = .outputFailed(error)
            outcome.indexEntry = IndexRenderer.Entry(
                title: plan.notebook.title, notebook: location.pathInProject, report: nil, status: "not written",
                counts: [:])
            return outcome
        }
        outcome.artifacts = artifacts.map { .init(step: $0.step, path: $0.artifact.path) }
        outcome.outputs = set.names
        var counts: [StepStatus: Int] = [:]
        for status in StepStatus.allCases { counts[status] = result.count(status) }
        outcome.indexEntry = IndexRenderer.Entry(
            title: plan.notebook.title, notebook: location.pathInProject, report: name + ".html",
            status: result.succeeded ? "succeeded" : "failed", counts: counts,
            metrics: Array(Self.headlineMetrics(of: result).prefix(4)), monitorStatus: summary.monitorStatus?.rawValue)
        let completed = result.succeeded && failures.isEmpty
        if let failOn = request.failOn, let worst = summary.monitorStatus, worst >= failOn {
            outcome.gateTripped = worst
            outcome.ending = completed ? .gateTripped(worst) : .stepsFailed
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

    /// Headline metrics for the index: per evaluation, the first of ROC AUC, accuracy, R² and
    /// RMSE it has, named `step.metric`, in step order.
    static func headlineMetrics(of result: RunResult) -> [(name: String, value: Double)] {
        var metrics: [(name: String, value: Double)] = []
        for step in result.results {
            for record in step.outputs.values where record.kind == .evaluation {
                guard
                    let metric = ["roc_auc", "accuracy", "r2", "rmse"].first(where: {
                        record.summary.scalars[$0] != nil
                    }),
                    let value = record.summary.scalars[metric]
                else { continue }
                metrics.append(("\(step.id).\(metric)", value))
            }
        }
        return metrics
    }
}
