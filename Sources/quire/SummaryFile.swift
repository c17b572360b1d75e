import QuireReport

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The file of `quire run --summary-md FILE`: opened for appending (created if missing) before
/// anything runs, so a path that cannot be written fails at once, and written when the run ends.
///
/// It is appended to, never truncated: GitHub's `$GITHUB_STEP_SUMMARY` collects what every command
/// of a step writes, as `>>` does.
final class SummaryFile {
    let path: String
    private let descriptor: Int32

    /// Opens `path` for appending.
    ///
    /// - Throws: ``CommandFailure/output(_:)`` (exit 74) when it cannot be opened.
    init(path: String) throws(CommandFailure) {
        self.path = path
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw .output(OutputError(path: path, action: "open the --summary-md file", code: errno))
        }
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// Appends `text`.
    ///
    /// - Throws: ``CommandFailure/output(_:)`` when it cannot be written whole (disk full).
    func append(_ text: String) throws(CommandFailure) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                throw .output(OutputError(path: path, action: "write the --summary-md file", code: errno))
            }
            bytes = bytes.dropFirst(written)
        }
    }
}
