/// A problem with the cache itself (not with a step): what kind, on which path, and why.
///
/// The ``description`` is the message printed to the user; ``code`` is stable, for programs
/// and tests to match on instead of the words.
public struct CacheError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of problem it is. The raw values are stable.
    public enum Code: String, Sendable, CaseIterable {
        /// The cache's lock file could not be opened or locked.
        case locked = "cache-locked"
        /// A directory or file of the cache could not be created, written, renamed or removed.
        case unwritable = "cache-unwritable"
        /// A blob's bytes do not match its digest (it was removed).
        case corruptEntry = "cache-corrupt-entry"
        /// An entry names a blob that is not there.
        case missingObject = "cache-missing-object"
        /// An entry or run record could not be encoded.
        case unencodable = "cache-unencodable"
        /// A file a step reads could not be digested (missing, not a regular file, unreadable).
        case unreadableFile = "cache-unreadable-file"
    }

    /// What kind of problem it is.
    public var code: Code
    /// The file or directory concerned, when there is one.
    public var path: String?
    /// Why, in the operating system's words when it gave some (`Permission denied`).
    public var cause: String?
    /// The message shown to the user.
    public var description: String

    /// A cache error with its message.
    public init(_ code: Code, _ description: String, path: String? = nil, cause: String? = nil) {
        self.code = code
        self.description = description
        self.path = path
        self.cause = cause
    }

    /// The cache directory could not be created.
    static func cannotCreate(_ path: String, because cause: String) -> CacheError {
        CacheError(.unwritable, "cannot create the cache at \(path): \(cause)", path: path, cause: cause)
    }

    /// A file of the cache at `directory` could not be written.
    static func cannotWrite(_ directory: String, because cause: String) -> CacheError {
        CacheError(.unwritable, "cannot write the cache at \(directory): \(cause)", path: directory, cause: cause)
    }

    /// A written file could not be renamed into place at `path`.
    static func cannotRename(into path: String, because cause: String) -> CacheError {
        CacheError(.unwritable, "cannot rename into \(path): \(cause)", path: path, cause: cause)
    }

    /// A part of the cache could not be cleared.
    static func cannotClear(_ path: String, because cause: String) -> CacheError {
        CacheError(.unwritable, "cannot clear \(path): \(cause)", path: path, cause: cause)
    }

    /// The lock file could not be opened.
    static func cannotOpenLock(_ path: String, because cause: String) -> CacheError {
        CacheError(.locked, "cannot open the cache lock \(path): \(cause)", path: path, cause: cause)
    }

    /// The lock could not be taken.
    static func cannotLock(_ path: String, because cause: String) -> CacheError {
        CacheError(.locked, "cannot lock the cache (\(path)): \(cause)", path: path, cause: cause)
    }
}
