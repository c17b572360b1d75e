import ArgumentParser
import Foundation
import QuireNotebook
import QuireReport
import QuireRunner

/// Reads and plans notebooks for the commands, printing diagnostics the same way for all.
struct Pipeline {
    /// A notebook that read and planned cleanly.
    struct Planned {
        var path: String
        var source: SourceText?
        var bytes: [UInt8]
        var plan: Plan
        /// The notebook's directory, absolute.
        var directory: String
        var projectRoot: String

        var absolutePath: String { URL(fileURLWithPath: path).standardizedFileURL.path }
    }

    var parserOptions: NotebookParser.Options = []
    var parameters: ParameterOptions

    /// Parses and plans `path`; prints diagnostics; nil when the notebook is invalid.
    func plan(_ path: String, warningsAreErrors: Bool = false) throws -> (planned: Planned?, errors: Int, warnings: Int)
    {
        let (planned, diagnostics, source) = try load(path)
        let counts = Console.report(diagnostics, source: source, path: path)
        let invalid = counts.errors > 0 || (warningsAreErrors && counts.warnings > 0)
        return (invalid ? nil : planned, counts.errors, counts.warnings)
    }

    /// The plan of `path`, or nil, printing nothing (for `watch`, which only needs the files).
    func planQuietly(_ path: String) throws -> Planned? {
        let (planned, diagnostics, _) = try load(path)
        return diagnostics.containsErrors ? nil : planned
    }

    /// Reads, parses and plans `path`, collecting every diagnostic.
    private func load(_ path: String) throws -> (Planned?, [Diagnostic], SourceText?) {
        let bytes: [UInt8]
        switch NotebookParser.readNotebook(path) {
        case .success(let read): bytes = read
        case .failure(let diagnostic): return (nil, [diagnostic], nil)
        }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().standardizedFileURL.path
        let projectRoot = RunOptions.projectRoot(forNotebookIn: directory)
        let parser = NotebookParser(options: parserOptions, projectRoot: projectRoot)
        let result = parser.parse(bytes: bytes, path: path)
        var diagnostics = result.diagnostics
        guard let notebook = result.notebook else { return (nil, diagnostics, result.source) }
        diagnostics += Diagrams.diagnostics(in: notebook)
        guard result.isValid else { return (nil, diagnostics, result.source) }
        switch Planner().plan(notebook, params: try parameters.params(for: notebook)) {
        case .success(let plan):
            let planned = Planned(
                path: path, source: result.source, bytes: bytes, plan: plan, directory: directory,
                projectRoot: projectRoot)
            return (planned, diagnostics, result.source)
        case .failure(let error):
            return (nil, diagnostics + error.diagnostics, result.source)
        }
    }
}
