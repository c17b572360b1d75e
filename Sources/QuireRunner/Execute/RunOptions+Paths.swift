import Foundation

extension RunOptions {
    /// `path` relative to the project root `root`, as reports show it, so that a report names no
    /// directory of the machine it was rendered on (`notebooks/churn.md`, never
    /// `/home/ana/work/churn/notebooks/churn.md`). `.` is the root itself. A path outside the root
    /// keeps only its last component.
    ///
    /// - Parameters:
    ///   - path: an absolute path, or one relative to the current directory.
    ///   - root: the project root, absolute and with its symbolic links resolved (as
    ///     ``projectRoot(forNotebookIn:)`` returns it).
    public static func path(_ path: String, relativeToRoot root: String) -> String {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        // Resolve links in the directory only: the file itself may be a link, or not exist yet.
        let directory = url.deletingLastPathComponent().resolvingSymlinksInPath().path
        let resolved = url.path == "/" ? "/" : (directory == "/" ? "" : directory) + "/" + url.lastPathComponent
        let root = URL(fileURLWithPath: root).standardizedFileURL.path
        if resolved == root { return "." }
        let prefix = root.hasSuffix("/") ? root : root + "/"
        if resolved.hasPrefix(prefix) { return String(resolved.dropFirst(prefix.count)) }
        return url.lastPathComponent
    }

    /// `path` relative to this run's project root (see ``path(_:relativeToRoot:)``).
    public func pathInProject(_ path: String) -> String {
        Self.path(path, relativeToRoot: projectRoot)
    }
}
