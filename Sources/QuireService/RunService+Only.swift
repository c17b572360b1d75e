import Foundation
import QuireReport
import QuireRunner
import QuireSupport

extension RunService {
    /// `--only STEP`: runs that step alone, as one task of an engine that runs a notebook's steps
    /// in processes of their own (Argo Workflows, Dask). The steps it reads come from the cache
    /// and none of them runs; its outputs go to the cache; nothing else is written (a later
    /// `quire run` assembles the report from the cache).
    ///
    /// - Throws: ``RunServiceError/unknownOnlyStep(notebook:step:suggestion:)``, or
    ///   ``RunServiceError/cacheUnavailable(_:)`` when the cache is off, missing or read-only.
    func only(
        _ id: String, of plan: Plan, loaded: NotebookLoader.Loaded, request: RunRequest,
        events: @escaping @Sendable (RunServiceEvent) -> Void
    ) throws(RunServiceError) -> NotebookOutcome {
        let location = loaded.location
        if let planned = request.plannedDigest {
            let actual = Digest.sha256(loaded.bytes)
            guard actual == planned.lowercased() else {
                throw .planChanged(notebook: location.path, planned: planned, actual: actual)
            }
        }
        guard plan.step(id) != nil else {
            throw .unknownOnlyStep(
                notebook: location.path, step: id, suggestion: Suggestion.didYouMean(id, among: plan.steps.map(\.id)))
        }
        let directory: URL
        switch request.cache {
        case .none: throw .cacheUnavailable("--no-cache leaves it nothing to read or write")
        case .inProjectRoot:
            directory = URL(fileURLWithPath: location.projectRoot).appendingPathComponent(".quire/cache")
        case .directory(let path):
            // A shared volume that is not mounted must not pass for an empty cache.
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw .cacheUnavailable("the cache directory \(path) does not exist")
            }
            directory = URL(fileURLWithPath: path)
        }
        var options = RunOptions(location: location)
        options.jobs = request.jobs
        if let threads = request.threads { options.limitThreads(to: threads) }
        options.allowOutsideRoot = request.allowOutsideRoot
        options.only = id
        let lock: FileLock
        do throws(CacheError) {
            let store = try CacheStore(directory: directory)
            lock = try FileLock(path: store.lockPath, mode: .shared)
            options.cache = store
        } catch {
            throw .cacheUnavailable("\(error)")
        }
        guard access(directory.path, W_OK) == 0 else {
            throw .cacheUnavailable("the cache directory \(directory.path) is read-only")
        }
        if request.force.contains(id) { options.force = [id] }
        let needed = Plan(steps: plan.steps(neededBy: id), notebook: plan.notebook, params: plan.params)
        events(.started(location, source: loaded.source, steps: needed.steps.map(\.id)))
        let result = Executor(plan: needed, options: options) { events(.step(location, $0)) }.run()
        withExtendedLifetime(lock) {}
        for warning in result.warnings { events(.warning(location, warning)) }
        var outcome = NotebookOutcome(location: location, ending: .succeeded)
        outcome.result = result
        let missing = result.results.filter { $0.failure?.code == .notCached }
        if !missing.isEmpty {
            outcome.ending = .notCached(missing)
            // Entries of these steps made by another engine: why a cache that ran them misses.
            let ids = Set(missing.map(\.id))
            let engines = Set(
                (options.cache?.entries() ?? []).map(\.entry).filter {
                    ids.contains($0.step) && $0.components.engine != KeyComponents.engineVersion
                }.map(\.components.engine))
            outcome.staleReasons = engines.sorted().map {
                "the cache holds them as made by \($0); this Quire is \(KeyComponents.engineVersion), which computes every step again"
            }
        } else if !result.succeeded {
            outcome.ending = .stepsFailed
        }
        return outcome
    }
}
