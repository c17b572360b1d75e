import Foundation
import QuireEngine
import QuireNotebook
import QuireRunner
import Synchronization
import Testing

/// What the trace operation saw, shared with the test that runs it.
private final class Trace: Sendable {
    struct Seen {
        /// Steps in the order they started.
        var started: [String] = []
        /// Steps whose operation has returned.
        var finished: Set<String> = []
        /// Steps that started before one of their dependencies had finished.
        var early: [String] = []
    }

    let seen = Mutex(Seen())

    static let shared = Trace()
}

/// A step that notes when it starts and ends, and that every step it depends on ended first.
private enum TraceOp: QuireRunner.Operation {
    static let schema = OpSchema(
        name: "trace", summary: "test: records the order steps run in",
        parameters: [
            .init("from", .input(.frame), "an input"),
            .init("fail", .boolean, "fail instead of producing a frame"),
        ],
        outputs: [.init("frame", .frame, "a one-row frame")])

    struct Parameters: Decodable, Sendable {
        var from: StepReference?
        var fail: Bool?
    }

    static func run(_ parameters: Parameters, in context: OpContext) throws -> [String: StepValue] {
        let step = context.step
        Trace.shared.seen.withLock {
            $0.started.append(step.id)
            if !step.dependencies.isSubset(of: $0.finished) { $0.early.append(step.id) }
        }
        defer { Trace.shared.seen.withLock { _ = $0.finished.insert(step.id) } }
        if parameters.fail == true { throw StepFailure(.internalError, "\(step.id) fails on purpose") }
        let previous = parameters.from.flatMap { context.inputs[$0]?.frame?.rowCount } ?? 0
        return ["frame": .frame(try Frame(columns: [Column(name: "x", numbers: [Double(previous + 1)])]))]
    }
}

/// The executor's schedule: every step decided once, after all its dependencies, with failures,
/// skips and `when:` carried along long chains and wide layers, whatever `jobs` is. The trace is
/// shared, so the suite is serial.
@Suite(.serialized) struct SchedulingTests {
    static let registry: OpRegistry = {
        var registry = OpRegistry.standard
        registry.register(TraceOp.self)
        return registry
    }()

    func run(_ source: String, harness: RunnerHarness, jobs: Int, cache: Bool = false) throws -> RunResult {
        let notebook = try harness.parse(source)
        let planned = Planner(registry: Self.registry).plan(
            notebook, params: ParamSet(frontMatter: notebook.frontMatter))
        guard case .success(let plan) = planned else { throw HarnessError("plan failed: \(planned)") }
        let options = try harness.options(cache: cache, jobs: jobs)
        Trace.shared.seen.withLock { $0 = Trace.Seen() }
        return Executor(plan: plan, options: options, registry: Self.registry).run()
    }

    /// `layers` layers of `width` steps; each reads the step above it and needs two others of the
    /// layer above, and one last step needs the whole last layer. Listed bottom layer first, so
    /// the plan's order is not the document's.
    static func lattice(layers: Int, width: Int) -> String {
        var blocks: [String] = []
        for layer in (0..<layers).reversed() {
            for column in 0..<width {
                var body = "trace: {}"
                if layer > 0 {
                    body = "trace: {from: l\(layer - 1)c\(column)}\n"
                    body += "needs: [l\(layer - 1)c\((column + 1) % width), l\(layer - 1)c\((column + 3) % width)]"
                }
                blocks.append("```step l\(layer)c\(column)\n\(body)\n```")
            }
        }
        let last = (0..<width).map { "l\(layers - 1)c\($0)" }.joined(separator: ", ")
        blocks.append("```step end\ntrace: {}\nneeds: [\(last)]\n```")
        return blocks.joined(separator: "\n")
    }

    @Test(arguments: [1, 2, 4])
    func aWideAndDeepGraphRunsEveryStepOnceAfterAllItsDependencies(jobs: Int) throws {
        let harness = try RunnerHarness()
        let (layers, width) = (12, 9)
        let run = try run(Self.lattice(layers: layers, width: width), harness: harness, jobs: jobs)
        let seen = Trace.shared.seen.withLock { $0 }
        #expect(run.results.count == layers * width + 1)
        #expect(run.results.allSatisfy { $0.status == .ok }, "\(run.results.filter { $0.status != .ok }.map(\.id))")
        #expect(seen.early.isEmpty, "started before a dependency ended: \(seen.early)")
        #expect(seen.started.count == layers * width + 1)
        #expect(Set(seen.started).count == seen.started.count, "a step ran twice")
        #expect(seen.started.last == "end")
        // Results come in plan order: every step after the steps it depends on.
        var before: Set<String> = []
        for result in run.results {
            let step = try #require(run.plan.step(result.id))
            #expect(step.dependencies.isSubset(of: before), "\(result.id) comes before a dependency")
            before.insert(result.id)
        }
    }

    @Test func aFailureAndAFalseWhenCarryDownLongChainsAndNoFurther() throws {
        let harness = try RunnerHarness()
        let length = 300
        var blocks = ["---\nparams: {go: false}\n---", "```step a0\ntrace: {}\n```", "```step b0\ntrace: {}\n```"]
        for index in 1..<length {
            var a = "trace: {from: a\(index - 1)\(index == 100 ? ", fail: true" : "")}"
            if index == 200 { a += "\nneeds: [b\(length - 1)]" }
            var b = "trace: {from: b\(index - 1)}"
            if index == 150 { b += "\nwhen: params.go" }
            blocks += ["```step a\(index)\n\(a)\n```", "```step b\(index)\n\(b)\n```"]
        }
        // `c` reads both chains only at their start, so it runs; `d` needs both ends.
        blocks.append("```step c\ntrace: {from: a50}\nneeds: [b50]\n```")
        blocks.append("```step d\ntrace: {}\nneeds: [a\(length - 1), b\(length - 1)]\n```")
        for jobs in [1, 2, 4] {
            let run = try run(blocks.joined(separator: "\n"), harness: harness, jobs: jobs)
            for index in 0..<length {
                let a: StepStatus = index < 100 ? .ok : index == 100 ? .failed : .notRun
                let b: StepStatus = index < 150 ? .ok : .skipped
                #expect(run.result("a\(index)")?.status == a, "jobs \(jobs): a\(index)")
                #expect(run.result("b\(index)")?.status == b, "jobs \(jobs): b\(index)")
            }
            #expect(run.result("a200")?.note == "'a199' did not succeed")
            #expect(run.result("b150")?.note == "when: params.go is false")
            #expect(run.result("b151")?.note == "'b150' was skipped")
            #expect(run.result("c")?.status == .ok)
            // `a299` sorts before `b299`: the failure decides.
            #expect(run.result("d")?.status == .notRun)
            #expect(run.result("d")?.note == "'a299' did not succeed")
            let seen = Trace.shared.seen.withLock { $0 }
            #expect(seen.early.isEmpty, "jobs \(jobs): \(seen.early)")
            #expect(seen.started.count == 100 + 1 + 150 + 1, "jobs \(jobs): \(seen.started.count) steps ran")
        }
    }

    @Test func manyIndependentStepsGiveTheSameResultsForEveryJobCount() throws {
        var blocks: [String] = []
        for index in 0..<120 {
            blocks.append(
                "```step g\(index)\ngenerate: {kind: regression, n_samples: 8, n_features: 2, seed: \(index % 7)}\n```")
            blocks.append("```step d\(index)\nderive: {from: g\(index), columns: {y: \"x00 * \(index)\"}}\n```")
        }
        let source = blocks.joined(separator: "\n")
        let runs = try [1, 2, 4].map { try run(source, harness: RunnerHarness(), jobs: $0) }
        let one = runs[0]
        #expect(one.results.count == 240)
        #expect(one.results.allSatisfy { $0.status == .ok })
        #expect(one.results.map(\.id) == one.plan.steps.map(\.id))
        for other in runs.dropFirst() {
            #expect(other.results.map(\.id) == one.results.map(\.id))
            #expect(other.results.map(\.status) == one.results.map(\.status))
            #expect(other.results.map(\.key) == one.results.map(\.key))
            #expect(
                other.results.map { $0.outputs.mapValues(\.digest) }
                    == one.results.map { $0.outputs.mapValues(\.digest) })
        }
    }

    @Test func aStepWaitingForASlotIsServedFromTheCacheAStepWithItsKeyFilled() throws {
        // With one job `twin` waits while `first` runs; their keys are equal (ids are not in
        // keys), so when a slot frees `twin` is found in the cache instead of running again.
        let harness = try RunnerHarness()
        let source = """
            ```step first
            trace: {}
            ```
            ```step twin
            trace: {}
            ```
            """
        let run = try run(source, harness: harness, jobs: 1, cache: true)
        #expect(run.results.map(\.status) == [.ok, .cached])
        #expect(run.result("twin")?.key == run.result("first")?.key)
        #expect(Trace.shared.seen.withLock { $0.started } == ["first"])
    }

    @Test func resultsAreFoundByIdInEveryPosition() throws {
        let harness = try RunnerHarness()
        let source = (0..<50).map { "```step s\($0)\ntrace: {\($0 > 0 ? "from: s\($0 - 1)" : "")}\n```" }
            .joined(separator: "\n")
        var run = try run(source, harness: harness, jobs: 2)
        for index in 0..<50 { #expect(run.result("s\(index)")?.id == "s\(index)") }
        #expect(run.result("missing") == nil)
        // Results out of plan order are still found.
        run.results.reverse()
        #expect(run.result("s3")?.id == "s3")
        run.results.removeFirst()
        #expect(run.result("s49") == nil)
        #expect(run.result("s0")?.id == "s0")
    }
}
