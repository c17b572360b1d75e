import Dispatch
import Synchronization

/// A value worked out on a thread of its own, so the caller does not wait for it while doing
/// something else: started when made, read with ``value``. For slow answers from outside the
/// process, such as git's, asked when a run starts and needed when it ends.
public final class Background<Value: Sendable>: Sendable {
    private let result = Mutex<Value?>(nil)
    private let done = DispatchSemaphore(value: 0)

    /// Starts `work` on a global queue.
    public init(_ work: @escaping @Sendable () -> Value) {
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            let value = work()
            result.withLock { $0 = value }
            done.signal()
        }
    }

    /// The value, waiting for the work to finish the first time.
    public var value: Value {
        while true {
            if let known = result.withLock({ $0 }) { return known }
            // Signalled once the value is set; passed on for the next reader.
            done.wait()
            done.signal()
        }
    }
}
