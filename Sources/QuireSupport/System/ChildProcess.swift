import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A short-lived child process, started with `posix_spawn` and read to its end: for tools such
/// as git whose answer a run waits for.
///
/// Foundation's `Process` took about 50 ms per child on Linux (it waits for the child's end on a
/// run loop), against under 2 ms here: `bench_history.sh` measures what a run pays for it.
public enum ChildProcess {
    /// What a child printed, and how it ended.
    public struct Output: Sendable {
        /// Standard output.
        public var stdout: [UInt8]
        /// Standard error.
        public var stderr: [UInt8]
        /// The exit status; 128 + the signal's number when a signal ended it.
        public var status: Int32
    }

    /// Runs the program at `executable` (an absolute path) with `arguments` (not counting its
    /// name) and exactly `environment` (`NAME=value`), standard input from `/dev/null`, and
    /// waits for it while reading both its outputs. Nil when it cannot be started.
    public static func run(_ executable: String, _ arguments: [String], environment: [String]) -> Output? {
        var outputPipe: [Int32] = [-1, -1]
        var errorPipe: [Int32] = [-1, -1]
        var pid: pid_t = 0
        let started = spawning.withLock { _ -> Bool in
            // Made close-on-exec before another child can start, so only this child holds the
            // write ends: each read ends when its own child does.
            guard makePipe(&outputPipe) else { return false }
            guard makePipe(&errorPipe) else {
                outputPipe.forEach { close($0) }
                return false
            }
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            posix_spawn_file_actions_adddup2(&actions, outputPipe[1], 1)
            posix_spawn_file_actions_adddup2(&actions, errorPipe[1], 2)
            // The child starts with default signal handling and no blocked signals, whatever ours are.
            var attributes = posix_spawnattr_t()
            posix_spawnattr_init(&attributes)
            defer { posix_spawnattr_destroy(&attributes) }
            var defaults = sigset_t()
            sigemptyset(&defaults)
            sigaddset(&defaults, SIGPIPE)
            var empty = sigset_t()
            sigemptyset(&empty)
            posix_spawnattr_setsigdefault(&attributes, &defaults)
            posix_spawnattr_setsigmask(&attributes, &empty)
            posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
            let argv = ([executable] + arguments).map { strdup($0) } + [nil]
            let envp = environment.map { strdup($0) } + [nil]
            defer { (argv + envp).forEach { free($0) } }
            let spawned = posix_spawn(&pid, executable, &actions, &attributes, argv, envp) == 0
            close(outputPipe[1])
            close(errorPipe[1])
            if !spawned {
                close(outputPipe[0])
                close(errorPipe[0])
            }
            return spawned
        }
        guard started else { return nil }
        let (stdout, stderr) = readBoth(outputPipe[0], errorPipe[0])
        close(outputPipe[0])
        close(errorPipe[0])
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        // WIFEXITED / WEXITSTATUS / WTERMSIG, which Swift does not import as macros.
        let signal = status & 0x7f
        return Output(stdout: stdout, stderr: stderr, status: signal == 0 ? (status >> 8) & 0xff : 128 + signal)
    }

    /// Held while a child starts.
    private static let spawning = Mutex(())

    /// A pipe whose ends are closed on exec.
    private static func makePipe(_ ends: inout [Int32]) -> Bool {
        guard pipe(&ends) == 0 else { return false }
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        return true
    }

    /// Reads two pipes to their ends together, so a child blocked on a full one cannot stall.
    private static func readBoth(_ first: Int32, _ second: Int32) -> ([UInt8], [UInt8]) {
        var results: [[UInt8]] = [[], []]
        var fds = [
            pollfd(fd: first, events: Int16(POLLIN), revents: 0), pollfd(fd: second, events: Int16(POLLIN), revents: 0),
        ]
        var buffer = [UInt8](repeating: 0, count: 65536)
        while fds.contains(where: { $0.fd >= 0 }) {
            guard poll(&fds, nfds_t(fds.count), -1) >= 0 else {
                if errno == EINTR { continue }
                break
            }
            for index in fds.indices where fds[index].fd >= 0 && fds[index].revents != 0 {
                let count = buffer.withUnsafeMutableBytes { read(fds[index].fd, $0.baseAddress, $0.count) }
                if count > 0 {
                    results[index].append(contentsOf: buffer[..<count])
                } else if count == 0 || errno != EINTR {
                    fds[index].fd = -1  // poll skips a negative descriptor
                }
            }
        }
        return (results[0], results[1])
    }
}
