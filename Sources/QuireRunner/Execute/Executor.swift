import Foundation
import QuireNotebook

/// Runs a plan: independent steps in parallel, every step's outputs cached by content.
///
/// The main thread decides each step once all its dependencies are decided: not run (a
/// dependency failed), skipped (`when:` is false, or a dependency was skipped), cached (its key
/// has an entry), or to be executed on a worker thread. At most `jobs` steps execute at once.
/// Outputs do not depend on the order steps finish in, so results are identical for every
/// `jobs`. A step over its `timeout:` is reported as failed; its thread is abandoned and its
/// result discarded.
public final class Executor: @unchecked Sendable {
    public let plan: Plan
    public let options: RunOptions
    public let registry: OpRegistry
    private let keys: KeyResolver
    private let digests: FileDigests
    private let onEvent: @Sendable (RunEvent) -> Void

    // Guarded by `condition`: what workers hand back to the main thread.
    private let condition = NSCondition()
    private var completed: [(id: String, result: StepResult)] = []
    private var warnings: [String] = []
    private var cacheWritable: Bool
    /// Decided results, published for workers that need an upstream step's records.
    private var published: [String: StepResult] = [:]

    // Guarded by `valueLock`: values produced or loaded in this run.
    private let valueLock = NSLock()
    private var values: [StepReference: StepValue] = [:]

    /// Only touched by the main thread.
    private var results: [String: StepResult] = [:]

    public init(
        plan: Plan, options: RunOptions, registry: OpRegistry = .standard,
        onEvent: @escaping @Sendable (RunEvent) -> Void = { _ in }
    ) {
        self.plan = plan
        self.options = options
        self.registry = registry
        self.digests = FileDigests(cache: options.cache)
        self.keys = KeyResolver(options: options, digests: digests)
        self.onEvent = onEvent
        self.cacheWritable = options.cache != nil
    }

    // MARK: Running

    public func run() -> RunResult {
        let clock = ContinuousClock()
        let start = clock.now
        var running: [String: ContinuousClock.Instant?] = [:]
        var abandoned: Set<String> = []
        let jobs = max(options.jobs, 1)

        while results.count < plan.steps.count {
            for step in plan.steps where results[step.id] == nil && running[step.id] == nil {
                guard step.dependencies.allSatisfy({ results[$0] != nil }) else { continue }
                switch decide(step) {
                case .done(let result):
                    finish(result)
                case .execute(let components):
                    guard running.count < jobs else { continue }
                    let deadline = step.source.timeout.map { clock.now + .milliseconds(Int($0.value * 1000)) }
                    running[step.id] = deadline
                    onEvent(.started(id: step.id))
                    let thread = Thread { [self] in
                        let result = self.execute(step, components: components)
                        self.condition.lock()
                        self.completed.append((step.id, result))
                        self.condition.signal()
                        self.condition.unlock()
                    }
                    thread.stackSize = 8 << 20
                    thread.start()
                }
            }
            guard results.count < plan.steps.count else { break }
            // Wait for a worker, or for the nearest timeout.
            condition.lock()
            while completed.isEmpty {
                let deadlines = running.values.compactMap { $0 }
                guard let nearest = deadlines.min() else {
                    condition.wait()
                    continue
                }
                let remaining = clock.now.duration(to: nearest)
                if remaining <= .zero { break }
                let seconds = Double(remaining.components.seconds) + Double(remaining.components.attoseconds) * 1e-18
                _ = condition.wait(until: Date(timeIntervalSinceNow: seconds))
                if clock.now >= nearest { break }
            }
            let arrived = completed
            completed.removeAll()
            condition.unlock()
            for (id, result) in arrived where !abandoned.contains(id) {
                running[id] = nil
                finish(result)
            }
            for (id, deadline) in running {
                guard let deadline, clock.now >= deadline, let step = plan.step(id) else { continue }
                running[id] = nil
                abandoned.insert(id)
                var result = StepResult(id: id, op: step.op, status: .failed)
                let seconds = step.source.timeout?.value ?? 0
                result.failure = StepFailure(
                    .timedOut, "timed out after \(Self.format(seconds: seconds))",
                    hint: "raise `timeout:` or make the step cheaper",
                    range: step.source.timeout?.range)
                result.durationMilliseconds = Int(seconds * 1000)
                finish(result)
            }
        }
        digests.save()
        let elapsed = start.duration(to: clock.now)
        condition.lock()
        let warnings = self.warnings
        condition.unlock()
        return RunResult(
            plan: plan, results: plan.steps.map { results[$0.id]! },
            durationMilliseconds: Int(elapsed.components.seconds * 1000)
                + Int(elapsed.components.attoseconds / 1_000_000_000_000_000),
            warnings: warnings, valueKinds: options.valueKinds)
    }

    /// Records a decision without reporting it (for `explain`).
    func record(_ result: StepResult) {
        results[result.id] = result
    }

    private func finish(_ result: StepResult) {
        results[result.id] = result
        condition.withLock { published[result.id] = result }
        onEvent(.finished(result))
    }

    static func format(seconds: Double) -> String {
        seconds < 1 ? "\(Int(seconds * 1000)) ms" : seconds == seconds.rounded() ? "\(Int(seconds)) s" : "\(seconds) s"
    }

    enum Decision {
        case done(StepResult)
        case execute(KeyComponents)
    }

    /// Everything about a step that needs no execution.
    func decide(_ step: PlannedStep) -> Decision {
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
                if try !condition.evaluate({ lookup($0) }) {
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
            components = try keys.components(for: step) { self.record(of: $0) }
        } catch {
            result.status = .failed
            result.failure = error
            return .done(result)
        }
        result.key = components.key
        result.components = components
        if let cache = options.cache, !options.force.contains(step.id), let entry = cache.entry(for: components.key) {
            result.status = .cached
            result.outputs = entry.outputs
            return .done(result)
        }
        return .execute(components)
    }

    /// The record of an output decided earlier in this run.
    private func record(of reference: StepReference) -> OutputRecord? {
        results[reference.step]?.outputs[reference.output]
    }

    /// The value of a `when:` name: `params.x`, `step.scalar` or `step.output.scalar`.
    private func lookup(_ path: [String]) -> Condition.Value? {
        if path[0] == "params", path.count == 2, let value = plan.params[path[1]] {
            switch value {
            case .bool(let flag): return .bool(flag)
            case .integer(let number): return .number(Double(number))
            case .number(let number): return .number(number)
            case .string(let text): return .text(text)
            default: return nil
            }
        }
        guard let result = results[path[0]], let step = plan.step(path[0]) else { return nil }
        let output = path.count == 3 ? path[1] : step.schema.primaryOutput
        guard let output, let record = result.outputs[output] else { return nil }
        if let flag = record.summary.flags?[path.last!] { return .bool(flag) }
        return record.summary.scalars[path.last!].map(Condition.Value.number)
    }

    // MARK: Workers

    /// Runs a step on a worker thread and stores its outputs.
    private func execute(_ step: PlannedStep, components: KeyComponents) -> StepResult {
        var result = StepResult(id: step.id, op: step.op, status: .ok)
        result.key = components.key
        result.components = components
        let clock = ContinuousClock()
        let start = clock.now
        do {
            let outputs = try compute(step)
            result.outputs = try store(outputs, of: step, components: components, start: start)
        } catch let failure as StepFailure {
            result.status = .failed
            result.failure = failure
        } catch {
            result.status = .failed
            result.failure = StepFailure(
                .init(of: error), Self.describe(error), range: step.source.op?.range, cause: error)
        }
        let elapsed = start.duration(to: clock.now)
        result.durationMilliseconds =
            Int(elapsed.components.seconds * 1000) + Int(elapsed.components.attoseconds / 1_000_000_000_000_000)
        return result
    }

    /// Runs the step's operation on its inputs' values.
    private func compute(_ step: PlannedStep) throws -> [String: StepValue] {
        var inputs: [StepReference: StepValue] = [:]
        for reference in step.inputs { inputs[reference] = try value(of: reference) }
        guard let operation = registry.operation(named: step.op) else {
            throw StepFailure(.internalError, "internal error: no operation '\(step.op)'")
        }
        let context = OpContext(
            step: step, inputs: inputs, baseDirectory: options.baseDirectory, threads: options.threadsPerStep)
        let outputs = try operation.run(context)
        valueLock.lock()
        for (name, value) in outputs { values[StepReference(step: step.id, output: name)] = value }
        valueLock.unlock()
        return outputs
    }

    /// A step output's value after the run: from this run, else from the cache (verified),
    /// else recomputed. (Inputs of running steps come the same way.)
    public func value(of reference: StepReference) throws -> StepValue {
        valueLock.lock()
        let known = values[reference]
        valueLock.unlock()
        if let known { return known }
        let upstream = condition.withLock { published[reference.step] }
        if let record = upstream?.outputs[reference.output], let cache = options.cache {
            do {
                let value = try StepValue.decode(
                    record.kind, from: try cache.object(record.digest), kinds: options.valueKinds)
                valueLock.lock()
                values[reference] = value
                valueLock.unlock()
                return value
            } catch {
                warn("\(reference.step): \(error); recomputing")
            }
        }
        guard let step = plan.step(reference.step) else {
            throw StepFailure(.internalError, "internal error: no step \(reference.step)")
        }
        let outputs = try compute(step)
        if let components = upstream?.components {
            _ = try? store(outputs, of: step, components: components, start: ContinuousClock().now)
        }
        guard let value = outputs[reference.output] else {
            throw StepFailure(.missingOutput, "'\(reference.step)' did not produce '\(reference.output)'")
        }
        return value
    }

    /// Encodes, digests and caches the outputs; returns their records.
    private func store(
        _ outputs: [String: StepValue], of step: PlannedStep, components: KeyComponents, start: ContinuousClock.Instant
    ) throws -> [String: OutputRecord] {
        var records: [String: OutputRecord] = [:]
        var blobs: [(digest: String, bytes: [UInt8])] = []
        for name in outputs.keys.sorted() {
            let value = outputs[name]!
            let bytes = try value.encoded()
            let digest = Digest.sha256(bytes)
            blobs.append((digest, bytes))
            records[name] = OutputRecord(
                kind: value.kind, digest: digest, byteCount: bytes.count, summary: OutputSummary(value))
        }
        let writable = condition.withLock { cacheWritable }
        guard writable, let cache = options.cache else { return records }
        do {
            for blob in blobs { try cache.store(object: blob.bytes, digest: blob.digest) }
            let elapsed = start.duration(to: ContinuousClock().now)
            try cache.store(
                CacheEntry(
                    key: components.key, op: step.op, step: step.id, components: components, outputs: records,
                    durationMilliseconds: Int(elapsed.components.seconds * 1000)))
        } catch {
            condition.withLock { cacheWritable = false }
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
        condition.withLock {
            if !warnings.contains(message) { warnings.append(message) }
        }
    }
}
