import Dispatch
import Foundation
import Synchronization

/// A fixed set of threads that Swift tasks run on (a task executor): the executor's step tasks
/// prefer it, so at most `count` steps compute at once, whatever else the process does.
///
/// Steps are synchronous, CPU-bound code. On Swift's shared cooperative pool they would hold its
/// few threads, and a caller blocked on a run (the CLI, a synchronous test running on that pool)
/// could starve the run it waits for. Threads of their own avoid both; they end with
/// ``shutdown()``.
final class StepThreads: TaskExecutor {
    private struct Queue {
        var jobs: [UnownedJob] = []
        var head = 0
        var closed = false
    }

    private let queue = Mutex(Queue())
    private let ready = DispatchSemaphore(value: 0)
    private let count: Int

    /// Starts `count` threads (at least one) named `name-0`, `name-1`…, with 8 MiB stacks (the
    /// tree builders recurse).
    init(count: Int, name: String) {
        self.count = max(1, count)
        for index in 0..<self.count {
            let thread = Thread { [self] in work() }
            thread.name = "\(name)-\(index)"
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.withLock { $0.jobs.append(job) }
        ready.signal()
    }

    /// Lets the threads finish: each ends once the jobs queued before are run.
    func shutdown() {
        queue.withLock { $0.closed = true }
        for _ in 0..<count { ready.signal() }
    }

    private func work() {
        while true {
            ready.wait()
            let next: UnownedJob? = queue.withLock { queue in
                guard queue.head < queue.jobs.count else { return nil }
                let job = queue.jobs[queue.head]
                queue.head += 1
                if queue.head > 64 && queue.head * 2 > queue.jobs.count {
                    queue.jobs.removeFirst(queue.head)
                    queue.head = 0
                }
                return job
            }
            guard let next else {
                // Woken by shutdown with nothing left to run.
                if queue.withLock({ $0.closed }) { return }
                continue
            }
            next.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}

/// The result of work started from synchronous code, handed back to the thread waiting for it.
final class Handoff<Value: Sendable>: Sendable {
    private let value = Mutex<Value?>(nil)
    private let done = DispatchSemaphore(value: 0)

    /// Hands the value over (once).
    func put(_ result: Value) {
        value.withLock { $0 = result }
        done.signal()
    }

    /// Waits for ``put(_:)``.
    func take() -> Value {
        done.wait()
        // `put` stored the value before signalling.
        return value.withLock { $0.take() }.unsafelyUnwrapped
    }
}
