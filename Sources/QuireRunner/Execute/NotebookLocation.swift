import Foundation

/// Where a notebook is: its path as given, the absolute path, its directory, its project root,
/// its path within the project and the name of its report. Built once per notebook and passed
/// to every layer that needs one of them, so that they are derived in one place.
public struct NotebookLocation: Sendable, Hashable {
    /// The path as the user gave it (`notebooks/churn.md`), for messages.
    public let path: String
    /// The absolute path, standardized (`.` and `..` removed); the key of the notebook's run record.
    public let absolutePath: String
    /// The notebook's directory, absolute: relative paths in steps start here.
    public let directory: String
    /// The nearest directory above the notebook holding `.git`, `.quire` or `quire.yaml`, else the
    /// notebook's directory (absolute, symbolic links resolved).
    public let projectRoot: String
    /// The path relative to the project root, as reports show it (never an absolute path).
    public let pathInProject: String
    /// The file name without `.md`: the report is `NAME.html`, beside `NAME.json` and `NAME.prom`.
    public let reportName: String

    /// The location of the notebook at `path` (absolute, or relative to the current directory).
    public init(path: String) {
        self.path = path
        let url = URL(fileURLWithPath: path)
        absolutePath = url.standardizedFileURL.path
        directory = url.deletingLastPathComponent().standardizedFileURL.path
        projectRoot = RunOptions.projectRoot(forNotebookIn: directory)
        pathInProject = RunOptions.path(path, relativeToRoot: projectRoot)
        reportName = Self.reportName(of: path)
    }

    /// The report name of a notebook file: its file name without `.md`.
    public static func reportName(of path: String) -> String {
        let file = URL(fileURLWithPath: path).lastPathComponent
        return file.hasSuffix(".md") ? String(file.dropLast(3)) : file
    }
}

extension RunOptions {
    /// Options for running the notebook at `location`: paths start in its directory, files
    /// outside its project root are refused.
    public init(location: NotebookLocation) {
        self.init(baseDirectory: location.directory, projectRoot: location.projectRoot)
    }
}
