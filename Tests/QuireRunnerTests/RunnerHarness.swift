import Foundation
import QuireNotebook
import QuireRunner
import TestSupport

/// A notebook in a temporary project, planned and run through the public API.
final class RunnerHarness {
    let directory: TemporaryDirectory
    var cacheDirectory: URL { directory.url.appendingPathComponent(".quire/cache") }

    init(files: [String: String] = [:]) throws {
        directory = try TemporaryDirectory()
        try FileManager.default.createDirectory(
            at: directory.url.appendingPathComponent(".git"), withIntermediateDirectories: true)
        for (name, text) in files { try directory.write(text, to: name) }
    }

    static let csv = """
        id,age,income,city,label
        1,34,52000,Paris,1
        2,45,61000,Lyon,0
        3,23,,Paris,1
        4,51,72000,Nice,0
        5,38,58000,Lyon,1
        6,29,43000,Paris,0
        7,62,80000,Nice,1
        8,41,66000,Lyon,0
        9,36,57000,Paris,1
        10,27,39000,Nice,0

        """

    func parse(_ source: String) throws -> Notebook {
        let result = NotebookParser().parse(bytes: Array(source.utf8), path: "nb.md")
        guard result.isValid, let notebook = result.notebook else {
            throw HarnessError("notebook invalid: \(result.diagnostics.map(\.message))")
        }
        return notebook
    }

    func plan(_ source: String, overrides: [String: String] = [:]) throws -> Plan {
        let notebook = try parse(source)
        var params = ParamSet(frontMatter: notebook.frontMatter)
        for (name, value) in overrides { try params.override(name, text: value) }
        switch Planner().plan(notebook, params: params) {
        case .success(let plan): return plan
        case .failure(let error): throw HarnessError("plan failed: \(error.diagnostics.map(\.message))")
        }
    }

    func diagnostics(_ source: String) throws -> [Diagnostic] {
        let notebook = try parse(source)
        switch Planner().plan(notebook, params: ParamSet(frontMatter: notebook.frontMatter)) {
        case .success: return []
        case .failure(let error): return error.diagnostics
        }
    }

    func options(cache: Bool = true, jobs: Int = 2, force: Set<String> = []) throws -> RunOptions {
        var options = RunOptions(
            baseDirectory: directory.url.path, projectRoot: directory.url.resolvingSymlinksInPath().path)
        options.jobs = jobs
        options.force = force
        if cache { options.cache = try CacheStore(directory: cacheDirectory) }
        return options
    }

    func run(
        _ source: String, cache: Bool = true, jobs: Int = 2, force: Set<String> = [], overrides: [String: String] = [:]
    ) throws -> RunResult {
        let plan = try plan(source, overrides: overrides)
        let options = try options(cache: cache, jobs: jobs, force: force)
        let run = Executor(plan: plan, options: options).run()
        try options.cache?.save(RunRecord(notebook: directory.url.appendingPathComponent("nb.md").path, run: run))
        return run
    }

    func explain(_ source: String, overrides: [String: String] = [:]) throws -> [Explanation] {
        let plan = try plan(source, overrides: overrides)
        let options = try options()
        let previous = options.cache?.record(for: directory.url.appendingPathComponent("nb.md").path)
        return Executor(plan: plan, options: options).explain(previous: previous)
    }
}

struct HarnessError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
