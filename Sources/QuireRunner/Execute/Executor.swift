import Dispatch
import Foundation
import QuireEngine
import QuireNotebook
import Synchronization

/// Runs a plan: independent steps in parallel, every step's outputs cached by content.
///
/// A coordinating task decides each step once all its dependencies are decided: not run (a
/// dependency failed), skipped (`when:` is false, or a dependency was skipped), cached (its key
/// has an entry), or to be executed. Its ``Schedule`` counts each step's undecided dependencies
/// and wakes only the dependents of a decided step, so a run costs O(steps + edges) in all.
/// Steps to execute are child tasks of one task group, at most `jobs` at a time, running on
/// `jobs` threads of their own (``StepThreads``); a step that needs
/// an upstream value that is neither in memory nor in the cache recomputes it on its own thread,
/// so recomputation counts against the same limit. Outputs do not depend on the order steps
/// finish in, so results are identical for every `jobs`.
///
/// A step over its `timeout:` is reported as failed at its deadline and its work is cancelled:
/// the engine's loops see the ``CancellationFlag`` of the step's ``EngineWork`` and stop within
/// an iteration or chunk. Its thread is busy (and no other step starts on it) until it has
/// stopped, and the run ends when every step has.
///
/// Steps and the engine's parallel loops share one ``ThreadBudget`` of
/// ``RunOptions/threadLimit`` threads: a kernel borrows extra threads only while fewer than that
/// compute, so with the default `jobs` (the core count) no more threads compute than there are
/// cores.
public final class Executor: Sendable {
    /// The plan this executor runs.
    public let plan: Plan
    /// How it runs.
    public let options: RunOptions
    /// The operations steps name.
    public let registry: OpRegistry
    let keys: KeyResolver
    private let digests: FileDigests
    private let onEvent: @Sendable (RunEvent) -> Void
    private let budget: ThreadBudget
    private let state: Mutex<State>

    /// What the coordinator and the step tasks share.
    private struct State {
        /// Decided results (the coordinator writes them; steps read their inputs' records).
        var results: [String: StepResult] = [:]
        /// Values produced or loaded in this run that a step still to be decided reads, or
        /// that a step producing files beside the report needs afterwards.
        var values: [StepReference: StepValue] = [:]
        /// For each value, the steps that read it and are not decided yet.
        var readers: [StepReference: Int]
        var warnings: [String] = []
        /// The warnings, to keep each once.
        var warned: Set<String> = []
        var cacheWritable: Bool
    }
    /// Steps whose outputs are kept to the end of the run: their operation writes files beside
    /// the report from them (``ProducesArtifacts``).
    private let keptSteps: Set<String>

    /// An executor for `plan`; `onEvent` hears each step start and finish, one event at a time,
    /// and the progress of running steps, from their threads (so at the same time as others).
    public init(
        plan: Plan, options: RunOptions, registry: OpRegistry = .standard,
        onEvent: @escaping @Sendable (RunEvent) -> Void = { _ in }
    ) {
        self.plan = plan
        self.options = options
        self.registry = registry
        self.digests = FileDigests(
            memo: options.cache.map { $0.directory.appendingPathComponent("files.json") } ?? options.fileDigestMemo)
        self.keys = KeyResolver(options: options, digests: digests)
        self.onEvent = onEvent
        self.budget = ThreadBudget(capacity: options.threadLimit)
        var readers: [StepReference: Int] = [:]
        for step in plan.steps {
            for input in step.inputs { readers[input, default: 0] += 1 }
        }
        self.state = Mutex(State(readers: readers, cacheWritable: options.cache != nil))
        self.keptSteps = Set(
            plan.steps.filter { registry.operation(named: $0.op) as? any ProducesArtifacts.Type != nil }.map(\.id))
    }

    // MARK: Running

    /// Runs the plan and waits for it; callable from synchronous code (the steps run on threads
    /// of their own, so the calling thread only waits).
    public func run() -> RunResult {
        let steps = StepThreads(count: max(options.jobs, 1), name: "quire-step")
        let coordinator = StepThreads(count: 1, name: "quire-run")
        defer {
            steps.shutdown()
            coordinator.shutdown()
        }
        let handoff = Handoff<RunResult>()
        Task(executorPreference: coordinator) {
            handoff.put(await self.run(on: steps))
        }
        return handoff.take()
    }

    /// What step tasks tell the coordinator.
    private enum Event: Sendable {
        /// A step's task returned (finished, failed, or stopped after its timeout).
        case returned(String, StepResult)
        /// A step passed its `timeout:`; its work was asked to stop.
        case timedOut(String)
    }

    private func run(on threads: StepThreads) async -> RunResult {
        let clock = ContinuousClock()
        let start = clock.now
        let jobs = max(options.jobs, 1)
        let (events, sink) = AsyncStream.makeStream(of: Event.self)
        await withTaskGroup(of: Void.self) { group in
            var iterator = events.makeAsyncIterator()
            var schedule = Schedule(plan)
            /// Steps whose task has not returned (including timed-out ones still stopping).
            var running: Set<String> = []
            var timedOut: Set<String> = []
            /// The keys of steps waiting for a slot.
            var waiting: [Int: KeyComponents] = [:]
            func finish(_ result: StepResult, at position: Int) {
                schedule.decided(position)
                state.withLock { state in
                    state.results[result.id] = result
                    release(inputsOf: plan.steps[position], in: &state)
                }
                onEvent(.finished(result))
            }
            func start(_ step: PlannedStep, components: KeyComponents) {
                running.insert(step.id)
                onEvent(.started(id: step.id))
                group.addTask(executorPreference: threads) {
                    sink.yield(.returned(step.id, self.execute(step, components: components, reporting: sink)))
                }
            }
            while true {
                while let next = schedule.next(slotFree: running.count < jobs) {
                    switch next {
                    case .decide(let position):
                        let step = plan.steps[position]
                        switch decide(step) {
                        case .done(let result):
                            finish(result, at: position)
                        case .execute(let components) where options.only.map({ $0 != step.id }) == true:
                            finish(Self.notCachedResult(step, components: components), at: position)
                        case .execute(let components) where running.count < jobs:
                            start(step, components: components)
                        case .execute(let components):
                            waiting[position] = components
                            schedule.wait(position)
                        }
                    case .start(let position):
                        let step = plan.steps[position]
                        guard let components = waiting.removeValue(forKey: position) else { continue }
                        // While it waited, a step with the same key may have filled the cache.
                        if let result = cachedResult(step, components: components) {
                            finish(result, at: position)
                        } else {
                            start(step, components: components)
                        }
                    }
                }
                if schedule.isComplete { break }
                guard let event = await iterator.next() else { break }
                switch event {
                case .returned(let id, let result):
                    running.remove(id)
                    if !timedOut.contains(id), let position = plan.position(of: id) { finish(result, at: position) }
                case .timedOut(let id):
                    guard running.contains(id), let position = plan.position(of: id), !timedOut.contains(id) else {
                        continue
                    }
                    timedOut.insert(id)
                    finish(Self.timeoutResult(plan.steps[position]), at: position)
                }
            }
            // Timed-out steps still stopping are awaited by the group.
            sink.finish()
        }
        digests.save()
        let elapsed = start.duration(to: clock.now)
        let (results, warnings) = state.withLock { ($0.results, $0.warnings) }
        return RunResult(
            plan: plan, results: plan.steps.compactMap { results[$0.id] },
            durationMilliseconds: Self.milliseconds(elapsed), warnings: warnings, valueKinds: options.valueKinds)
    }

    /// `--only`: a step the one to run reads, missing from the cache.
    private static func notCachedResult(_ step: PlannedStep, components: KeyComponents) -> StepResult {
        var result = StepResult(id: step.id, op: step.op, status: .notRun)
        result.key = components.key
        result.components = components
        result.failure = StepFailure(
            .notCached, "'\(step.id)' is not in the cache (key \(components.key.prefix(12)))",
            hint: "run it first (`--only \(step.id)`), or the whole notebook", range: step.source.op?.range)
        return result
    }

    /// A step over its `timeout:`, reported as such at its deadline.
    private static func timeoutResult(_ step: PlannedStep) -> StepResult {
        var result = StepResult(id: step.id, op: step.op, status: .failed)
        let seconds = step.source.timeout?.value ?? 0
        result.failure = StepFailure(
            .timedOut, "timed out after \(format(seconds: seconds))", hint: "raise `timeout:` or make the step cheaper",
            range: step.source.timeout?.range)
        result.durationMilliseconds = Int(seconds * 1000)
        return result
    }

    /// Records a decision without reporting it (for `explain`).
    func record(_ result: StepResult) {
        state.withLock { $0.results[result.id] = result }
    }

    static func format(seconds: Double) -> String {
        seconds < 1 ? "\(Int(seconds * 1000)) ms" : seconds == seconds.rounded() ? "\(Int(seconds)) s" : "\(seconds) s"
    }

    private static func milliseconds(_ duration: Duration) -> Int {
        Int(duration.components.seconds * 1000) + Int(duration.components.attoseconds / 1_000_000_000_000_000)
    }

    enum Decision {
        case done(StepResult)
        case execute(KeyComponents)
    }

    /// Everything about a step that needs no execution.
    func decide(_ step: PlannedStep) -> Decision {
        let results = state.withLock { $0.results }
        var result = StepResult(id: step.id, op: step.op, status: .notRun)
        for dependency in step.dependencies.sorted() {
            switch results[dependency]?.status {
            case .failed, .notRun:
                result.note = "'\(dependency)' did not succeed"
                return .done(result)
            case .skipped:
                result.status = .skipped
                result.note = "'\(dependency)' was skipped"
                return .done(result)
            default:
                continue
            }
        }
        if let condition = step.condition {
            do {
                if try !condition.evaluate({ Self.lookup($0, in: results, plan: plan) }) {
                    result.status = .skipped
                    result.note = "when: \(condition.source) is false"
                    return .done(result)
                }
            } catch {
                result.status = .failed
                result.failure = StepFailure(
                    .conditionError, "in `when`: \(error.message)", range: step.source.when?.range)
                return .done(result)
            }
        }
        let components: KeyComponents
        do {
            components = try keys.components(for: step) { results[$0.step]?.outputs[$0.output]?.digest }
        } catch {
            result.status = .failed
            result.failure = error
            return .done(result)
        }
        return cachedResult(step, components: components).map(Decision.done) ?? .execute(components)
    }

    /// The step's result from the cache, if it may be served from there and has an entry.
    private func cachedResult(_ step: PlannedStep, components: KeyComponents) -> StepResult? {
        // A volatile step (a measurement) runs every time: an old measurement is no answer; but
        // under `--only` the steps read were measured by their own tasks.
        let volatile = step.schema.isVolatile && options.only.map { $0 == step.id } ?? true
        guard let cache = options.cache, !options.force.contains(step.id), !volatile,
            let entry = cache.entry(for: components.key)
        else { return nil }
        var result = StepResult(id: step.id, op: step.op, status: .cached)
        result.key = components.key
        result.components = components
        result.outputs = entry.outputs
        return result
    }

    /// The value of a `when:` name: `params.x`, `step.scalar` or `step.output.scalar`.
    private static func lookup(_ path: [String], in results: [String: StepResult], plan: Plan) -> Condition.Value? {
        lookup(path, plan: plan) { step, output in
            results[step]?.outputs[output].map { ($0.summary.flags, $0.summary.scalars) }
        }
    }

    /// The value of a `when:` name, with a step output's flags and scalars from `facts`.
    static func lookup(
        _ path: [String], plan: Plan,
        facts: (_ step: String, _ output: String) -> (flags: [String: Bool]?, scalars: [String: Double])?
    ) -> Condition.Value? {
        guard let first = path.first, let name = path.last else { return nil }
        if first == "params", path.count == 2, let value = plan.params[name] {
            switch value {
            case .bool(let flag): return .bool(flag)
            case .integer(let number): return .number(Double(number))
            case .number(let number): return .number(number)
            case .string(let text): return .text(text)
            default: return nil
            }
        }
        guard let step = plan.step(first) else { return nil }
        let output = path.count == 3 ? path[1] : step.schema.primaryOutput
        guard let output, let known = facts(first, output) else { return nil }
        if let flag = known.flags?[name] { return .bool(flag) }
        return known.scalars[name].map(Condition.Value.number)
    }

    // MARK: Steps

    /// Runs a step on a step thread, under its own cancellation flag and the shared thread
    /// budget; a watchdog cancels it, and tells the coordinator, at its `timeout:`.
    private func execute(
        _ step: PlannedStep, components: KeyComponents, reporting sink: AsyncStream<Event>.Continuation
    ) -> StepResult {
        let flag = CancellationFlag()
        var watchdog: DispatchWorkItem?
        if let seconds = step.source.timeout?.value {
            let id = step.id
            let item = DispatchWorkItem {
                flag.cancel()
                sink.yield(.timedOut(id))
            }
            Self.timers.asyncAfter(deadline: .now() + seconds, execute: item)
            watchdog = item
        }
        defer { watchdog?.cancel() }
        budget.enter()
        defer { budget.leave() }
        let id = step.id
        let progress = ProgressSink { [onEvent] in onEvent(.progress(id: id, $0)) }
        return EngineWork.$current.withValue(EngineWork(cancellation: flag, budget: budget, progress: progress)) {
            execute(step, components: components)
        }
    }

    /// Where watchdogs wait: a queue of its own, so a deadline never waits for a busy thread.
    private static let timers = DispatchQueue(label: "quire.step-timeouts")

    /// Computes a step and stores its outputs.
    private func execute(_ step: PlannedStep, components: KeyComponents) -> StepResult {
        var result = StepResult(id: step.id, op: step.op, status: .ok)
        result.key = components.key
        result.components = components
        let clock = ContinuousClock()
        let start = clock.now
        do {
            let outputs = try compute(step, components: components)
            result.outputs = try store(outputs, of: step, components: components, start: start)
        } catch let failure as StepFailure {
            result.status = .failed
            result.failure = failure
        } catch {
            result.status = .failed
            result.failure = StepFailure(
                .init(of: error), Self.describe(error), range: step.source.op?.range, cause: error)
        }
        result.durationMilliseconds = Self.milliseconds(start.duration(to: clock.now))
        return result
    }

    /// Runs the step's operation on its inputs' values (`components` give their digests).
    private func compute(_ step: PlannedStep, components: KeyComponents?) throws -> [String: StepValue] {
        guard let operation = registry.operation(named: step.op) else {
            throw StepFailure(.internalError, "internal error: no operation '\(step.op)'")
        }
        let projections = operation.columnsRead(of: step)
        var inputs: [StepReference: StepValue] = [:]
        for reference in step.inputs { inputs[reference] = try materialise(reference, columns: projections[reference]) }
        try EngineWork.checkCancellation()
        var digests: [StepReference: String] = [:]
        for reference in step.inputs {
            if let digest = components?.inputs[reference.description] { digests[reference] = digest }
        }
        let context = OpContext(
            step: step, inputs: inputs, baseDirectory: options.baseDirectory, threads: options.threadsPerStep,
            inputDigests: digests)
        let outputs = try operation.run(context)
        state.withLock { state in
            for (name, value) in outputs {
                let reference = StepReference(step: step.id, output: name)
                if state.readers[reference, default: 0] > 0 || keptSteps.contains(step.id) {
                    state.values[reference] = value
                }
            }
        }
        // A model's warnings (one_hot into hundreds of columns, no convergence) are on its card in
        // the report; they go to stderr too when the model is fitted, not when it comes from the cache.
        for name in outputs.keys.sorted() {
            for warning in outputs[name]?.model?.warnings ?? [] { warn("\(step.id): \(warning)") }
        }
        return outputs
    }

    /// A decided step no longer needs its inputs: a value nothing else will read leaves memory
    /// (it is in the cache, or under `--no-cache` no step needs it again), so a run holds only
    /// the values its undecided steps read, not every value it made.
    private func release(inputsOf step: PlannedStep, in state: inout State) {
        for input in step.inputs {
            guard let remaining = state.readers[input] else { continue }
            state.readers[input] = remaining - 1
            if remaining == 1, !keptSteps.contains(input.step) { state.values[input] = nil }
        }
    }

    /// The values held in memory now. After a run, only the outputs of steps that write files
    /// beside the report (`export`, `write`); every other value left as its last reader was decided.
    public var valuesInMemory: Set<StepReference> {
        state.withLock { Set($0.values.keys) }
    }

    /// A step output's value after the run: from this run, else from the cache (verified),
    /// else recomputed on the calling thread, counted in the run's thread budget.
    public func value(of reference: StepReference) throws -> StepValue {
        budget.enter()
        defer { budget.leave() }
        return try EngineWork.$current.withValue(EngineWork(budget: budget)) { try materialise(reference) }
    }

    /// The value of an input: from this run, else from the cache, else recomputed by the caller
    /// (a step's task, which holds one of the `jobs` threads). With `columns`, a frame from the
    /// cache may hold only those columns; such a partial frame is never shared with other steps.
    private func materialise(_ reference: StepReference, columns: Set<String>? = nil) throws -> StepValue {
        let (known, upstream) = state.withLock { ($0.values[reference], $0.results[reference.step]) }
        if let known { return known }
        if let record = upstream?.outputs[reference.output], let cache = options.cache {
            do {
                let value = try decodeValue(record, from: cache, columns: columns)
                if columns == nil { state.withLock { $0.values[reference] = value } }
                return value
            } catch {
                warn("\(reference.step): \(error); recomputing")
            }
        }
        guard let step = plan.step(reference.step) else {
            throw StepFailure(.internalError, "internal error: no step \(reference.step)")
        }
        let outputs = try compute(step, components: upstream?.components)
        if let components = upstream?.components {
            _ = try? store(outputs, of: step, components: components, start: ContinuousClock().now)
        }
        guard let value = outputs[reference.output] else {
            throw StepFailure(.missingOutput, "'\(reference.step)' did not produce '\(reference.output)'")
        }
        return value
    }

    // MARK: Values and the cache

    /// A cached output's value (the one place that decodes values); a frame with only `columns`
    /// when they are given.
    private func decodeValue(_ record: OutputRecord, from cache: CacheStore, columns: Set<String>?) throws
        -> StepValue
    {
        let kinds = options.valueKinds
        let checked = kinds.definition(of: record.kind)?.checksItsBytes ?? false
        return try cache.withObject(record.digest, verifying: !checked, partial: columns != nil) { bytes in
            if let columns, record.kind == FrameKind.kind {
                return .frame(try FrameBinaryFormat.decode(bytes, columns: columns))
            }
            return try StepValue.decode(record.kind, mapped: bytes, kinds: kinds)
        }
    }

    /// An output's record (the one place that encodes values and summarises them). Its bytes go
    /// to `cache` as they are produced, hashed on the way (a frame's columns straight from their
    /// buffers); without a cache, or once the cache cannot be written, they are only hashed.
    private func record(of value: StepValue, storingIn cache: CacheStore?) throws -> OutputRecord {
        if let cache, state.withLock({ $0.cacheWritable }) {
            do {
                let (digest, byteCount) = try cache.storeObject { try value.write(into: $0) }
                return OutputRecord(
                    kind: value.kind, digest: digest, byteCount: byteCount, summary: OutputSummary(value))
            } catch let error as CacheError {
                state.withLock { $0.cacheWritable = false }
                warn("\(error); continuing without writing the cache")
            }
        }
        let (digest, byteCount) = try Digest.sha256 { try value.write(into: $0) }
        return OutputRecord(kind: value.kind, digest: digest, byteCount: byteCount, summary: OutputSummary(value))
    }

    /// Digests the outputs and caches them with the step's entry; returns their records.
    private func store(
        _ outputs: [String: StepValue], of step: PlannedStep, components: KeyComponents, start: ContinuousClock.Instant
    ) throws -> [String: OutputRecord] {
        let cache = step.schema.isVolatile ? nil : options.cache
        var records: [String: OutputRecord] = [:]
        for (name, value) in outputs.sorted(by: { $0.key < $1.key }) {
            records[name] = try record(of: value, storingIn: cache)
        }
        guard let cache, state.withLock({ $0.cacheWritable }) else { return records }
        do {
            let elapsed = start.duration(to: ContinuousClock().now)
            try cache.store(
                CacheEntry(
                    key: components.key, op: step.op, step: step.id, components: components, outputs: records,
                    durationMilliseconds: Int(elapsed.components.seconds * 1000)))
        } catch {
            state.withLock { $0.cacheWritable = false }
            warn("\(error); continuing without writing the cache")
        }
        return records
    }

    /// An unexpected error in words, without the absolute paths Foundation's errors carry
    /// (a report must not name the directories of the machine it was rendered on).
    static func describe(_ error: Error) -> String {
        guard let error = error as? CocoaError else { return "\(error)" }
        let file = (error.userInfo[NSFilePathErrorKey] as? String) ?? error.url?.path
        let reason: String
        if let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            reason = String(cString: strerror(Int32(underlying.code)))
        } else {
            reason = "file error \(error.code.rawValue)"
        }
        return file.map { "'\(URL(fileURLWithPath: $0).lastPathComponent)': \(reason)" } ?? reason
    }

    private func warn(_ message: String) {
        state.withLock { state in
            if state.warned.insert(message).inserted { state.warnings.append(message) }
        }
    }
}
