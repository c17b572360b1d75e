import Foundation
import QuireSupport

/// How a command names a run: `42` (a run id), `last`, `last~1` (the notebook's latest runs), a
/// summary file (`reports/churn.json`), or a git revision whose committed summary is read
/// (`main`, `HEAD~3`, a commit).
public enum RunReference: Sendable, Equatable, CustomStringConvertible {
    /// A run id of the history database.
    case id(Int64)
    /// The notebook's latest run (`last`, 0) or the one `n` before it (`last~n`).
    case last(Int)
    /// A JSON summary file.
    case file(String)
    /// A git revision: the summary committed at it.
    case git(String)

    /// Reads `text`: digits are a run id, `last` and `last~N` count back, a name ending in `.json`
    /// that is a file is a summary, and anything else is a git revision.
    public init(_ text: String) {
        if let id = Int64(text), id > 0, !text.hasPrefix("+") {
            self = .id(id)
        } else if text == "last" {
            self = .last(0)
        } else if text.hasPrefix("last~"), let back = Int(text.dropFirst(5)), back >= 0 {
            self = .last(back)
        } else if text.hasSuffix(".json"), FileManager.default.fileExists(atPath: text) {
            self = .file(text)
        } else {
            self = .git(text)
        }
    }

    /// As it was written.
    public var description: String {
        switch self {
        case .id(let id): String(id)
        case .last(0): "last"
        case .last(let back): "last~\(back)"
        case .file(let path): path
        case .git(let revision): revision
        }
    }

    /// Whether the reference needs the history database.
    public var needsDatabase: Bool {
        switch self {
        case .id, .last: true
        case .file, .git: false
        }
    }
}

/// Finds the runs that ``RunReference``s name, in a project's history and its git repository.
public struct RunResolver: Sendable {
    /// The history, when there is one.
    public var store: HistoryStore?
    /// Where git runs, and what summary paths are relative to.
    public var projectRoot: String
    /// The output directory, relative to the project root: where committed summaries are.
    public var outputDirectory: String

    /// A resolver over `store` in the project at `projectRoot`, whose reports are in `outputDirectory`.
    public init(store: HistoryStore?, projectRoot: String, outputDirectory: String = "reports") {
        self.store = store
        self.projectRoot = projectRoot
        self.outputDirectory = outputDirectory
    }

    /// The run `reference` names, of `notebook` (a path in the project) where it needs one.
    public func resolve(_ reference: RunReference, notebook: String?) throws(HistoryError) -> RunSnapshot {
        switch reference {
        case .id(let id):
            let store = try database()
            guard let run = try store.run(id: id), notebook == nil || run.notebook == notebook else {
                throw .unknownRun(String(id), notebook: notebook, known: try store.idRange())
            }
            return run
        case .last(let back):
            let store = try database()
            let notebook = try self.notebook(notebook, for: reference)
            let runs = try store.runs(of: notebook, limit: back + 1)
            guard !runs.isEmpty else { throw .noRuns(notebook: notebook, known: try store.notebooks()) }
            guard runs.count == back + 1, let run = runs.first else {
                throw .notEnoughRuns(
                    reference.description, notebook: notebook, count: try store.count(notebook: notebook))
            }
            return run
        case .file(let path):
            guard let bytes = FileManager.default.contents(atPath: path) else {
                throw .unreadableSummary(source: path, reason: "cannot be read")
            }
            return try summary(bytes, source: path)
        case .git(let revision):
            let notebook = try self.notebook(notebook, for: reference)
            return try committed(notebook: notebook, at: revision)
        }
    }

    /// The run recorded in `notebook`'s summary as committed at `revision`.
    public func committed(notebook: String, at revision: String) throws(HistoryError) -> RunSnapshot {
        guard
            let commit = Git.run(
                ["rev-parse", "--verify", "--quiet", "--end-of-options", revision + "^{commit}"], in: projectRoot),
            commit.status == 0, !revision.hasPrefix("-")
        else {
            throw .unknownRef(revision, suggestion: suggestion(for: revision))
        }
        let sha = String(decoding: commit.stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let path = Self.summaryPath(notebook: notebook, outputDirectory: outputDirectory)
        guard let shown = Git.run(["show", "\(sha):./\(path)"], in: projectRoot), shown.status == 0 else {
            throw .noSummaryAtCommit(ref: revision, path: path)
        }
        var run = try summary(shown.stdout, source: "\(revision):\(path)")
        run.gitCommit = sha
        run.gitDirty = false
        return run
    }

    /// The output directory `given` on the command line (relative to the working directory, as
    /// `quire run -o` takes it) as a path relative to `root` (the project root or the repository's
    /// top), symlinks resolved; nil when it is outside `root`. The directory need not exist.
    public static func outputDirectory(_ given: String, relativeTo root: String) -> String? {
        let absolute = URL(
            fileURLWithPath: given,
            relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        ).standardizedFileURL
        // Symlinks resolved in the longest prefix that exists.
        var existing = absolute
        var rest: [String] = []
        while !FileManager.default.fileExists(atPath: existing.path), existing.path != "/" {
            rest.insert(existing.lastPathComponent, at: 0)
            existing.deleteLastPathComponent()
        }
        var resolved = existing.resolvingSymlinksInPath()
        for component in rest { resolved.appendPathComponent(component) }
        let output = resolved.path
        let top = URL(fileURLWithPath: root).resolvingSymlinksInPath().path
        let prefix = top.hasSuffix("/") ? top : top + "/"
        if output == top { return "." }
        return output.hasPrefix(prefix) ? String(output.dropFirst(prefix.count)) : nil
    }

    /// `reports/NAME.json` for `notebooks/NAME.md`.
    public static func summaryPath(notebook: String, outputDirectory: String) -> String {
        let name = URL(fileURLWithPath: notebook).deletingPathExtension().lastPathComponent
        let directory = outputDirectory.hasSuffix("/") ? String(outputDirectory.dropLast()) : outputDirectory
        return (directory.isEmpty || directory == "." ? "" : directory + "/") + name + ".json"
    }

    private func summary(_ bytes: Data, source: String) throws(HistoryError) -> RunSnapshot {
        do {
            return try RunSnapshot(summary: bytes, source: source)
        } catch {
            throw .unreadableSummary(source: source, reason: error.description)
        }
    }

    private func database() throws(HistoryError) -> HistoryStore {
        guard let store else {
            throw .noRuns(notebook: "this project", known: [])
        }
        return store
    }

    /// The notebook a reference is read for: the one given, or the history's only one.
    private func notebook(_ notebook: String?, for reference: RunReference) throws(HistoryError) -> String {
        if let notebook { return notebook }
        let known = try store?.notebooks() ?? []
        guard known.count == 1, let only = known.first else {
            throw .notebookNeeded(reference.description, known: known)
        }
        return only
    }

    /// "did you mean" among the repository's branches and tags.
    func suggestion(for revision: String) -> String? {
        guard
            let refs = Git.run(
                ["for-each-ref", "--format=%(refname:short)", "refs/heads", "refs/tags", "refs/remotes"],
                in: projectRoot),
            refs.status == 0
        else { return nil }
        let names = String(decoding: refs.stdout, as: UTF8.self).split(separator: "\n").map(String.init)
        return Suggestion.didYouMean(revision, among: names)
    }
}
