import Dispatch
import Synchronization

/// ``Git/state(of:)`` asked on a thread of its own, so the run does not wait for git: started
/// when a run starts, read when it is recorded.
public final class GitProbe: Sendable {
    private let value = Mutex<(commit: String, dirty: Bool)??>(nil)
    private let done = DispatchSemaphore(value: 0)

    /// Starts asking git about the repository `directory` is in.
    public init(directory: String) {
        DispatchQueue.global(qos: .utility).async { [self] in
            let state = Git.state(of: directory)
            value.withLock { $0 = .some(state) }
            done.signal()
        }
    }

    /// The commit and whether tracked files changed; nil outside a repository or without git.
    /// Waits for git the first time.
    public func state() -> (commit: String, dirty: Bool)? {
        if let known = value.withLock({ $0 }) { return known }
        done.wait()
        done.signal()
        return value.withLock { $0 } ?? nil
    }
}
