import Synchronization

/// A request to stop a piece of work: set once by whoever owns the work (the runner, when a step
/// passes its `timeout:`), read by the engine's loops.
///
/// Reading it is one relaxed atomic load, cheap enough for every chunk or iteration, and it works
/// on any thread, including the engine's own worker threads, which are not Swift tasks.
public final class CancellationFlag: Sendable {
    private let state = Atomic<Bool>(false)

    /// A flag that is not set.
    public init() {}

    /// Asks the work to stop. Idempotent.
    public func cancel() {
        state.store(true, ordering: .relaxed)
    }

    /// Whether ``cancel()`` was called.
    public var isCancelled: Bool {
        state.load(ordering: .relaxed)
    }
}

/// The threads a process lets its computations use at once, shared by every step of a run and
/// by the engine's parallel loops inside them.
///
/// A step's own thread always runs (``enter()``); the engine's parallel loops borrow extra
/// threads only while fewer than ``capacity`` threads compute, and give them back when the loop
/// ends. So with `capacity` set to the core count, steps and kernels together never run more
/// threads than there are cores (only more steps than cores, if asked for, can exceed it).
/// Results never depend on how many threads were lent: the loops split work independently of it.
public final class ThreadBudget: Sendable {
    /// The most threads that compute at once (steps' own threads plus borrowed ones).
    public let capacity: Int
    private let inUse = Atomic<Int>(0)

    /// A budget of `capacity` threads (at least one).
    public init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// Threads computing now.
    public var threadsInUse: Int { inUse.load(ordering: .relaxed) }

    /// Counts the calling thread as computing (a step starting); pair with ``leave()``.
    public func enter() {
        inUse.add(1, ordering: .relaxed)
    }

    /// Stops counting a thread counted by ``enter()``.
    public func leave() {
        inUse.subtract(1, ordering: .relaxed)
    }

    /// Takes up to `wanted` extra threads, as many as are free (possibly none).
    func borrow(_ wanted: Int) -> Int {
        guard wanted > 0 else { return 0 }
        var current = inUse.load(ordering: .relaxed)
        while true {
            let granted = min(wanted, capacity - current)
            guard granted > 0 else { return 0 }
            let (exchanged, original) = inUse.compareExchange(
                expected: current, desired: current + granted, ordering: .relaxed)
            if exchanged { return granted }
            current = original
        }
    }

    /// Returns threads taken by ``borrow(_:)``.
    func giveBack(_ count: Int) {
        if count > 0 { inUse.subtract(count, ordering: .relaxed) }
    }
}

/// What the engine's current work may be stopped by and which threads it may use: carried by the
/// Swift task that runs it, and into the engine's worker threads by its parallel loops.
///
/// The engine is synchronous. Long loops (training iterations, tree nodes, k-means passes,
/// tuning candidates, CSV blocks, drift columns, the chunks of every parallel loop) call
/// ``checkCancellation()``, which throws `CancellationError` once the flag is set. Outside a
/// runner (tests, other callers) there is no flag and no budget: nothing is cancelled and a
/// parallel loop uses the threads it is given.
///
/// Long phases (a forest's trees, boosting and solver iterations, cross-validation fits,
/// permutations, a CSV file's rows) report how far they came to ``progress``, when there is one
/// (``withProgress(_:unit:total:work:_:)``); without it they count nothing.
public struct EngineWork: Sendable {
    /// Set when the work should stop.
    public var cancellation: CancellationFlag?
    /// The threads parallel loops may borrow (nil: as many as they ask for).
    public var budget: ThreadBudget?
    /// Where the work's phases report progress (nil: nobody listens).
    public var progress: ProgressSink?

    /// Work with the given flag, budget and progress sink (none by default).
    public init(cancellation: CancellationFlag? = nil, budget: ThreadBudget? = nil, progress: ProgressSink? = nil) {
        self.cancellation = cancellation
        self.budget = budget
        self.progress = progress
    }

    /// The work the calling task (or engine worker thread) does.
    @TaskLocal public static var current = EngineWork()

    /// Whether the current work was asked to stop.
    public static var isCancelled: Bool {
        current.cancellation?.isCancelled ?? false
    }

    /// Throws `CancellationError` if the current work was asked to stop. One task-local read and
    /// one atomic load: call it per chunk or iteration, not per element.
    public static func checkCancellation() throws(CancellationError) {
        if isCancelled { throw CancellationError() }
    }
}
