import Dispatch

/// Deterministic parallel loops: the work split never depends on the thread count, so results
/// are identical with one thread or many.
enum Parallel {
    /// Runs `body(i)` for every `i` in `0..<count` on up to `threads` threads. Each index is
    /// independent; callers write results to their own slot.
    static func forEach(_ count: Int, threads: Int, _ body: (Int) -> Void) {
        let workers = max(1, min(threads, count))
        if workers == 1 {
            for i in 0..<count { body(i) }
            return
        }
        withoutActuallyEscaping(body) { body in
            let box = UnsafeSendable(body)
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                var i = worker
                while i < count {
                    box.value(i)
                    i += workers
                }
            }
        }
    }

    /// Maps indices to values in parallel; the result is in index order.
    static func map<T>(_ count: Int, threads: Int, _ transform: (Int) -> T) -> [T] {
        var results = [T?](repeating: nil, count: count)
        results.withUnsafeMutableBufferPointer { buffer in
            let out = UnsafeSendable(buffer)
            forEach(count, threads: threads) { i in out.value[i] = transform(i) }
        }
        return results.map { $0! }
    }

    /// The fixed chunks of `0..<count` used for reductions: always `chunk` rows, whatever the
    /// thread count, summed in chunk order.
    static func chunks(_ count: Int, size chunk: Int = 8192) -> [Range<Int>] {
        stride(from: 0, to: count, by: chunk).map { $0..<min($0 + chunk, count) }
    }
}

/// Carries a non-Sendable value into `concurrentPerform`; callers guarantee disjoint access.
struct UnsafeSendable<T>: @unchecked Sendable {
    var value: T
    init(_ value: T) { self.value = value }
}
