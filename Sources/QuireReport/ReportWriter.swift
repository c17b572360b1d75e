import Foundation

/// Writes one output file atomically: a set of one (see ``OutputSet``), so a reader or an
/// interrupted run never sees half a file and the previous version stays until the new one is
/// complete.
public enum ReportWriter {
    /// Writes `contents` to `path`, creating the directory if needed.
    ///
    /// - Throws: ``OutputError`` naming the path and the OS's reason; an empty path, or one that
    ///   names a directory (`/`, `..`, `out/`), is refused with `ENOENT` or `EISDIR` before anything
    ///   is written.
    public static func write(_ contents: String, to path: String) throws(OutputError) {
        guard !path.isEmpty else { throw OutputError(path: "''", action: "write", code: ENOENT) }
        let name = OutputSet.lastComponent(path)
        if path.hasSuffix("/") || name == "." || name == ".." {
            throw OutputError(path: path, action: "write", code: EISDIR)
        }
        let set = OutputSet(directory: OutputSet.parent(of: path))
        try set.stage(contents, as: OutputSet.lastComponent(path))
        try set.commit()
    }
}
