import QuireReport

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file a command writes besides the reports: `quire run --summary-md FILE`, `quire history
/// export -o FILE`, `quire diff -o FILE`. Opened (created if missing) before anything is done, so
/// a path that cannot be written fails at once.
///
/// `--summary-md` is appended to, never truncated: GitHub's `$GITHUB_STEP_SUMMARY` collects what
/// every command of a step writes, as `>>` does.
final class OutputFile {
    let path: String
    /// What the file is, for messages: `the --summary-md file`.
    let noun: String
    private let descriptor: Int32

    /// Opens `path` for appending, or, unless `append`, emptied.
    ///
    /// - Throws: ``CommandFailure/output(_:)`` (exit 74) when it cannot be opened.
    init(path: String, append: Bool = true, noun: String = "the --summary-md file") throws(CommandFailure) {
        self.path = path
        self.noun = noun
        let descriptor = open(path, O_WRONLY | (append ? O_APPEND : O_TRUNC) | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw .output(OutputError(path: path, action: "open \(noun)", code: errno))
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
                throw .output(OutputError(path: path, action: "write \(noun)", code: errno))
            }
            bytes = bytes.dropFirst(written)
        }
    }
}
