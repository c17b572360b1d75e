import ArgumentParser
import Foundation
import QuireHistory
import QuireNotebook
import QuireRunner
import QuireService

/// `-p name=value` and `--params FILE`: shared by every command that plans a notebook.
struct ParameterOptions: ParsableArguments {
    @Option(
        name: [.customShort("p"), .customLong("param")],
        help: ArgumentHelp("Override a parameter, typed like its default (repeatable).", valueName: "name=value"))
    var overrides: [String] = []

    @Option(name: .customLong("params"), help: ArgumentHelp("A YAML file of parameter values.", valueName: "file"))
    var paramsFile: String?

    /// The arguments that give these options to another `quire` command (`watch` passes them to `run`).
    var arguments: [String] {
        (paramsFile.map { ["--params", $0] } ?? []) + overrides.flatMap { ["-p", $0] }
    }

    /// The overrides, for the run service and the notebook loader.
    var values: ParameterOverrides { ParameterOverrides(file: paramsFile, assignments: overrides) }

    /// The notebook's parameters with the overrides applied; a bad override is a usage error.
    func params(for notebook: Notebook) throws -> ParamSet {
        try values.params(for: notebook)
    }
}

/// Where the cache is, or that there is none.
struct CacheOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The cache directory (default: .quire/cache in the project root).", valueName: "dir"))
    var cacheDir: String?

    @Flag(help: "Neither read nor write the cache: run every step.")
    var noCache = false

    /// Where the run service finds the cache.
    var choice: RunRequest.Cache {
        if noCache { return .none }
        return cacheDir.map(RunRequest.Cache.directory) ?? .inProjectRoot
    }

    /// The cache directory for a notebook in `projectRoot`.
    func directory(projectRoot: String) -> URL {
        if let cacheDir { return URL(fileURLWithPath: cacheDir) }
        return URL(fileURLWithPath: projectRoot).appendingPathComponent(".quire/cache")
    }
}

/// Where the run history is: `quire run` records into it, `quire history` and `quire diff` read it.
struct HistoryOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The run history database (default: .quire/history.sqlite in the project root).", valueName: "file"),
        completion: .file())
    var historyDb: String?

    /// The database of the project at `projectRoot`.
    func path(projectRoot: String) -> String {
        historyDb ?? HistoryStore.path(inProject: projectRoot)
    }

    /// The project root the notebook at `notebook` (or, without one, the current directory) is in.
    static func projectRoot(notebook: String?) -> String {
        notebook.map { NotebookLocation(path: $0).projectRoot }
            ?? RunOptions.projectRoot(forNotebookIn: FileManager.default.currentDirectoryPath)
    }

    /// The history to read, or nil when there is none yet.
    func open(projectRoot: String) throws(CommandFailure) -> HistoryStore? {
        let path = path(projectRoot: projectRoot)
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        do { return try HistoryStore(path: path, create: false) } catch { throw .history(error) }
    }
}
