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
        let bytes: [UInt8]
        switch NotebookParser.readFile(path) {
        case .success(let read):
            bytes = read
        case .failure(let diagnostic):
            Console.report([diagnostic], source: nil, path: path)
            return (nil, 1, 0)
        }
        let result = NotebookParser(options: parserOptions).parse(bytes: bytes, path: path)
        var diagnostics = result.diagnostics
        if let notebook = result.notebook { diagnostics += Diagrams.diagnostics(in: notebook) }
        var planned: Planned?
        if result.isValid, let notebook = result.notebook {
            let params = try parameters.params(for: notebook)
            switch Planner().plan(notebook, params: params) {
            case .success(let plan):
                let directory = URL(fileURLWithPath: path).deletingLastPathComponent().standardizedFileURL.path
                planned = Planned(
                    path: path, source: result.source, bytes: bytes, plan: plan, directory: directory,
                    projectRoot: RunOptions.projectRoot(forNotebookIn: directory))
            case .failure(let error):
                diagnostics += error.diagnostics
            }
        }
        let counts = Console.report(diagnostics, source: result.source, path: path)
        if counts.errors > 0 || (warningsAreErrors && counts.warnings > 0) { planned = nil }
        return (planned, counts.errors, counts.warnings)
    }
}
