import ArgumentParser
import QuireNotebook
import QuireRunner
import QuireService

/// Reads and plans notebooks for the commands, printing diagnostics the same way for all.
struct Pipeline {
    /// A notebook that read and planned cleanly.
    struct Planned {
        var location: NotebookLocation
        var source: SourceText?
        var bytes: [UInt8]
        var plan: Plan

        var path: String { location.path }
    }

    var parserOptions: NotebookParser.Options = []
    var parameters: ParameterOptions

    private var loader: NotebookLoader { NotebookLoader(parserOptions: parserOptions, parameters: parameters.values) }

    /// Parses and plans `path`; prints diagnostics; nil when the notebook is invalid.
    func plan(_ path: String, warningsAreErrors: Bool = false) throws -> (planned: Planned?, errors: Int, warnings: Int)
    {
        let loaded = try loader.load(path)
        Console.report(loaded.diagnostics, source: loaded.source, path: path)
        return (Self.planned(loaded, strict: warningsAreErrors), loaded.errorCount, loaded.warningCount)
    }

    /// The plan of `path`, or nil, printing nothing (for `watch`, which only needs the files).
    func planQuietly(_ path: String) throws -> Planned? {
        Self.planned(try loader.load(path), strict: false)
    }

    private static func planned(_ loaded: NotebookLoader.Loaded, strict: Bool) -> Planned? {
        loaded.validPlan(strict: strict).map {
            Planned(location: loaded.location, source: loaded.source, bytes: loaded.bytes, plan: $0)
        }
    }
}
