/// Writes one output file atomically: a set of one (see ``OutputSet``), so a reader or an
/// interrupted run never sees half a file and the previous version stays until the new one is
/// complete.
public enum ReportWriter {
    /// Writes `contents` to `path`, creating the directory if needed.
    ///
    /// - Throws: ``OutputError`` naming the path and the OS's reason.
    public static func write(_ contents: String, to path: String) throws(OutputError) {
        let set = OutputSet(directory: OutputSet.parent(of: path))
        try set.stage(contents, as: OutputSet.lastComponent(path))
        try set.commit()
    }
}
