import Dispatch
import Synchronization

/// Deterministic parallel loops: the work split never depends on the thread count, so results
/// are identical with one thread or many.
///
/// Every loop runs under the caller's ``EngineWork``: it borrows its extra threads from the
/// work's ``ThreadBudget`` (so steps and kernels together stay within the budget), carries the
/// work into its worker threads (so nested loops and checks see it), and stops between indices
/// once the work is cancelled, throwing `CancellationError` when all workers have stopped.
enum Parallel {
    /// Runs `body(i)` for every `i` in `0..<count` on up to `threads` threads. Each index is
    /// independent; callers write results to their own slot.
    static func forEach(_ count: Int, threads: Int, _ body: (Int) -> Void) throws(CancellationError) {
        try run(count, threads: threads, dynamic: false, body)
    }

    /// As ``forEach(_:threads:_:)``, but indices are handed out as threads free up instead of
    /// in a fixed stride: for uneven work (a thread slowed by another process does fewer).
    static func dynamic(_ count: Int, threads: Int, _ body: (Int) -> Void) throws(CancellationError) {
        try run(count, threads: threads, dynamic: true, body)
    }

    /// Maps indices to values in parallel; the result is in index order.
    static func map<T>(_ count: Int, threads: Int, _ transform: (Int) -> T) throws(CancellationError) -> [T] {
        var results = [T?](repeating: nil, count: count)
        try results.withUnsafeMutableBufferPointer { (buffer) throws(CancellationError) in
            let out = UnsafeSendable(buffer)
            try forEach(count, threads: threads) { i in out.value[i] = transform(i) }
        }
        // Every slot is filled: forEach ran every index, or threw.
        return results.map { $0.unsafelyUnwrapped }
    }

    /// The fixed chunks of `0..<count` used for reductions: always `chunk` rows, whatever the
    /// thread count, summed in chunk order.
    static func chunks(_ count: Int, size chunk: Int = 8192) -> [Range<Int>] {
        stride(from: 0, to: count, by: chunk).map { $0..<min($0 + chunk, count) }
    }

    /// Runs the loop in rounds. Each round borrows what the budget has free; a round that got
    /// every thread it wanted runs the rest of the loop, one that did not runs an eighth of it,
    /// so that threads freed meanwhile (another step finishing) join at the next round instead of
    /// the loop staying narrow to its end. Indices are independent, so rounds change no result.
    private static func run(_ count: Int, threads: Int, dynamic: Bool, _ body: (Int) -> Void)
        throws(CancellationError)
    {
        let work = EngineWork.current
        let flag = work.cancellation
        let wanted = max(1, min(threads, count))
        var start = 0
        while start < count {
            let extra = wanted > 1 ? (work.budget.map { $0.borrow(wanted - 1) } ?? wanted - 1) : 0
            let workers = 1 + extra
            let round = extra == wanted - 1 ? count - start : max(workers, (count + 7) / 8)
            let end = min(count, start + round)
            defer { work.budget?.giveBack(extra) }
            if workers == 1 {
                for i in start..<end {
                    if let flag, flag.isCancelled { throw CancellationError() }
                    body(i)
                }
            } else {
                runRound(start..<end, workers: workers, dynamic: dynamic, work: work, body)
                if let flag, flag.isCancelled { throw CancellationError() }
            }
            start = end
        }
    }

    /// One round on `workers` threads: a fixed stride, or indices handed out as threads free up.
    private static func runRound(
        _ range: Range<Int>, workers: Int, dynamic: Bool, work: EngineWork, _ body: (Int) -> Void
    ) {
        let flag = work.cancellation
        let counter = dynamic ? IndexCounter(range.lowerBound) : nil
        withoutActuallyEscaping(body) { body in
            let box = UnsafeSendable(body)
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                EngineWork.$current.withValue(work) {
                    var i = counter?.next() ?? range.lowerBound + worker
                    while i < range.upperBound {
                        if let flag, flag.isCancelled { return }
                        box.value(i)
                        i = counter?.next() ?? i + workers
                    }
                }
            }
        }
    }
}

/// The next index of a dynamically scheduled loop.
private final class IndexCounter: Sendable {
    private let value: Atomic<Int>

    init(_ first: Int) { value = Atomic(first) }

    func next() -> Int { value.add(1, ordering: .relaxed).oldValue }
}

/// Carries a non-Sendable value into `concurrentPerform`.
///
/// `@unchecked Sendable` is safe because of how ``Parallel`` uses it: the closures and buffers it
/// carries are used only inside the parallel loop, which does not return until every worker has
/// finished, and each index writes its own slot of a buffer (callers guarantee disjoint access).
struct UnsafeSendable<T>: @unchecked Sendable {
    var value: T
    init(_ value: T) { self.value = value }
}
