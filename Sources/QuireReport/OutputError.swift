#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An I/O failure writing an output file: which file, what was being done, and the operating
/// system's reason in words (`No space left on device`), never a Foundation error dump.
public struct OutputError: Error, CustomStringConvertible, Sendable {
    /// The file or directory, as the user named the output directory (`reports/nb.html`).
    public var path: String
    /// What failed, as a verb phrase: `write`, `create the directory`, `write into`.
    public var action: String
    /// The `errno` of the failing system call.
    public var code: Int32

    /// Creates the error for `action` on `path` failing with `errno` `code`.
    public init(path: String, action: String, code: Int32) {
        self.path = path
        self.action = action
        self.code = code
    }

    /// `strerror` of ``code``: `No space left on device`, `Permission denied`, `Not a directory`.
    public var reason: String { String(cString: strerror(code)) }

    /// `cannot ACTION PATH: REASON`, as printed to the user.
    public var description: String { "cannot \(action) \(path): \(reason)" }
}
