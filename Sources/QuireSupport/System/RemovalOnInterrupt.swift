import Dispatch

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Removes a file when the process is interrupted (`SIGINT`, `SIGTERM`) before ``end()``, then
/// lets the signal end the process as it would have (a shell sees status 130 for Ctrl-C): a
/// writer that is stopped half-way leaves no temporary file behind.
///
/// ```swift
/// let cleanup = RemovalOnInterrupt(path: temporary)
/// … write temporary, rename it over the output …
/// cleanup.end()
/// ```
///
/// The signals are handled on a dispatch queue, not in a signal handler, so the removal may do
/// anything. `SIGKILL` cannot be caught: the file then stays.
public final class RemovalOnInterrupt {
    private static let signals = [SIGINT, SIGTERM]
    private var sources: [any DispatchSourceSignal] = []

    /// Starts watching for the signals; `path` is removed if one arrives before ``end()``.
    public init(path: String) {
        for number in Self.signals {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                unlink(path)
                signal(number, SIG_DFL)
                // Dispatch reads signals while they are blocked (and a child may inherit them
                // blocked): unblock it here, so that raising it ends the process.
                var set = sigset_t()
                sigemptyset(&set)
                sigaddset(&set, number)
                pthread_sigmask(SIG_UNBLOCK, &set, nil)
                raise(number)
                _exit(128 + number)
            }
            source.resume()
            sources.append(source)
        }
    }

    /// Stops watching: the signals take their default actions again.
    public func end() {
        guard !sources.isEmpty else { return }
        for source in sources { source.cancel() }
        sources = []
        for number in Self.signals { signal(number, SIG_DFL) }
    }

    deinit { end() }
}
