import Foundation
import QuireEngine
import QuireNotebook
import QuireRunner
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// What the test operations below observe, shared with the test that runs them.
private final class Probe: Sendable {
    struct Observed {
        var running = 0
        var mostAtOnce = 0
        var runs: [String] = []
        /// The CPU clock of the thread the slow step ran on, and its reading when the step ended.
        var clock: clockid_t?
        var cpuAtExit: Double?
    }

    let observed = Mutex(Observed())

    static let shared = Probe()
}

private func threadCPU(_ clock: clockid_t) -> Double? {
    var time = timespec()
    guard clock_gettime(clock, &time) == 0 else { return nil }
    return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
}

/// A step that notes how many test steps run at once, then works for `millis` milliseconds.
private enum BusyOp: QuireRunner.Operation {
    static let schema = OpSchema(
        name: "busy", summary: "test: counts concurrent steps",
        parameters: [
            .init("millis", .integer, "how long to work"),
            .init("from", .input(.frame), "an input"),
        ],
        outputs: [.init("frame", .frame, "a one-row frame")])

    struct Parameters: Decodable, Sendable {
        var millis: Int?
        var from: StepReference?
    }

    static func run(_ parameters: Parameters, in context: OpContext) throws -> [String: StepValue] {
        Probe.shared.observed.withLock {
            $0.running += 1
            $0.mostAtOnce = max($0.mostAtOnce, $0.running)
            $0.runs.append(context.step.id)
        }
        defer { Probe.shared.observed.withLock { $0.running -= 1 } }
        let end = ContinuousClock.now + .milliseconds(parameters.millis ?? 0)
        while ContinuousClock.now < end {}
        return ["frame": .frame(try Frame(columns: [Column(name: "x", numbers: [1])]))]
    }
}

/// A step that trains a slow model on one thread: the engine's own loops, run until cancelled.
private enum SlowTrainOp: QuireRunner.Operation {
    static let schema = OpSchema(
        name: "slow_train", summary: "test: trains for a long time", parameters: [],
        outputs: [.init("frame", .frame, "never produced")])

    struct Parameters: Decodable, Sendable {}

    static func run(_ parameters: Parameters, in context: OpContext) throws -> [String: StepValue] {
        var clock = clockid_t()
        pthread_getcpuclockid(pthread_self(), &clock)
        Probe.shared.observed.withLock { $0.clock = clock }
        defer {
            let cpu = threadCPU(CLOCK_THREAD_CPUTIME_ID)
            Probe.shared.observed.withLock { $0.cpuAtExit = cpu }
        }
        let frame = try DataGenerator.classification(
            ClassificationSpec(samples: 20_000, features: 10, informative: 5), seed: 1)
        var spec = ModelSpec(algorithm: .gradientBoosting, target: "target")
        spec.hyperparameters = [
            "max_iter": .int(100_000), "early_stopping": .string("false"), "learning_rate": .double(0.001),
        ]
        _ = try ModelTrainer.fit(spec, on: frame, threads: 1)
        return [:]
    }
}

/// Bounded parallelism and timeouts that cancel. The probe is shared, so the suite is serial.
@Suite(.serialized) struct ConcurrencyTests {
    static let registry: OpRegistry = {
        var registry = OpRegistry.standard
        registry.register(BusyOp.self)
        registry.register(SlowTrainOp.self)
        return registry
    }()

    func run(
        _ source: String, harness: RunnerHarness, jobs: Int, force: Set<String> = [],
        onEvent: @escaping @Sendable (RunEvent) -> Void = { _ in }
    ) throws -> RunResult {
        let notebook = try harness.parse(source)
        guard
            case .success(let plan) = Planner(registry: Self.registry).plan(
                notebook, params: ParamSet(frontMatter: notebook.frontMatter))
        else { throw HarnessError("plan failed") }
        let options = try harness.options(cache: true, jobs: jobs, force: force)
        return Executor(plan: plan, options: options, registry: Self.registry, onEvent: onEvent).run()
    }

    @Test func oneJobNeverRunsTwoStepsAtOnceEvenWhenRecomputingOrTimingOut() throws {
        let harness = try RunnerHarness()
        let source = """
            ```step a
            busy: {millis: 50}
            ```
            ```step b
            busy: {millis: 50, from: a}
            ```
            ```step c
            busy: {millis: 50}
            ```
            ```step slow
            busy: {millis: 1500}
            timeout: 200ms
            ```
            ```step d
            busy: {millis: 50}
            ```
            """
        Probe.shared.observed.withLock { $0 = Probe.Observed() }
        let first = try run(source, harness: harness, jobs: 1)
        #expect(first.result("slow")?.failure?.message == "timed out after 200 ms")
        // `a`'s value is gone from the cache: forcing `b` recomputes it inside `b`'s step.
        let digest = try #require(first.result("a")?.outputs["frame"]?.digest)
        try FileManager.default.removeItem(
            at: harness.cacheDirectory.appendingPathComponent("objects/\(digest.prefix(2))/\(digest)"))
        _ = try run(source, harness: harness, jobs: 1, force: ["b"])
        let observed = Probe.shared.observed.withLock { $0 }
        #expect(observed.runs.contains("a") && observed.runs.filter { $0 == "a" }.count == 2, "\(observed.runs)")
        #expect(observed.mostAtOnce == 1, "steps ran at once: \(observed.runs)")
    }

    @Test func aTimedOutStepStopsUsingCPU() throws {
        let harness = try RunnerHarness()
        Probe.shared.observed.withLock { $0 = Probe.Observed() }
        let reported = Mutex<(time: ContinuousClock.Instant, cpu: Double)?>(nil)
        let run = try run("```step slow\nslow_train: {}\ntimeout: 500ms\n```\n", harness: harness, jobs: 1) { event in
            guard case .finished(let result) = event, result.failure?.message.hasPrefix("timed out") == true else {
                return
            }
            let cpu = Probe.shared.observed.withLock { $0.clock }.flatMap(threadCPU) ?? 0
            reported.withLock { $0 = (ContinuousClock.now, cpu) }
        }
        #expect(run.result("slow")?.failure?.message == "timed out after 500 ms")
        let atReport = try #require(reported.withLock { $0 })
        // Watch the step's thread for 1.5 s after the timeout is reported.
        let end = atReport.time + .milliseconds(1500)
        let remaining = ContinuousClock.now.duration(to: end)
        if remaining > .zero {
            Thread.sleep(
                forTimeInterval: Double(remaining.components.seconds) + Double(remaining.components.attoseconds) * 1e-18
            )
        }
        let observed = Probe.shared.observed.withLock { $0 }
        let later = try #require(observed.cpuAtExit ?? observed.clock.flatMap(threadCPU))
        #expect(later - atReport.cpu < 0.3, "the step used \(later - atReport.cpu) s of CPU after its timeout")
    }
}
