#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An advisory lock on a file (`flock`): shared for runs, exclusive for `cache gc` and `clear`.
///
/// Runs never block each other: entries are written to a temporary file and renamed into place,
/// so concurrent writers of the same entry are safe. Only removing entries needs the cache to
/// itself.
public final class FileLock: Sendable {
    // Immutable after `init` (the descriptor is closed only in `deinit`), hence plain `Sendable`.
    private let descriptor: Int32

    /// Shared (runs) or exclusive (`cache gc`, `cache clear`).
    public enum Mode: Sendable { case shared, exclusive }

    /// Takes the lock, waiting for it; fails if the lock file cannot be opened.
    public init(path: String, mode: Mode) throws(CacheError) {
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw CacheError.cannotOpenLock(path, because: String(cString: strerror(errno)))
        }
        while flock(descriptor, mode == .shared ? LOCK_SH : LOCK_EX) != 0 {
            if errno == EINTR { continue }
            close(descriptor)
            throw CacheError.cannotLock(path, because: String(cString: strerror(errno)))
        }
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
