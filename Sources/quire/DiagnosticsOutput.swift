import ArgumentParser
import Foundation
import QuireNotebook
import QuireRunner
import QuireService
import Synchronization

/// How diagnostics and run problems are printed: as a compiler prints them, or as GitHub Actions
/// workflow commands that annotate a pull request's diff.
enum DiagnosticsFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    case text, github
}

/// `--diagnostics-format`, shared by `run` and `check`.
struct DiagnosticsOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "How problems are printed: text (default), or github: `::error file=…,line=…::message` workflow commands that annotate a pull request.",
            valueName: "format"))
    var diagnosticsFormat: DiagnosticsFormat = .text

    /// Makes this the format of everything the process prints from now on.
    func apply() {
        Console.diagnosticsFormat.withLock { $0 = diagnosticsFormat }
    }
}

extension Console {
    /// The format diagnostics are printed in; set once by the command, before anything is printed.
    static let diagnosticsFormat = Mutex(DiagnosticsFormat.text)

    /// Whether problems are printed as GitHub workflow commands.
    static var github: Bool { diagnosticsFormat.withLock { $0 } == .github }

    /// Diagnostics of the notebook shown as `path`, in the chosen format.
    static func render(_ diagnostics: [Diagnostic], path: String, source: SourceText?, colors: Bool) -> String {
        if github { return GitHubAnnotation.format(diagnostics, file: annotationPath(path)) }
        return DiagnosticFormatter(colors: colors).format(diagnostics, path: path, source: source)
    }

    /// Prints a problem found while running (not a diagnostic of the notebook's text): `text` as
    /// it always read, or an annotation of `range` in the notebook at `path`.
    static func problem(
        _ level: GitHubAnnotation.Level, path: String, range: SourceRange? = nil, title: String, message: String,
        text: String
    ) {
        if github {
            error(
                GitHubAnnotation(level, file: annotationPath(path), range: range, title: title, message: message)
                    .command)
        } else {
            error(text)
        }
    }

    /// The path GitHub needs: relative to `$GITHUB_WORKSPACE` (the repository's checkout) when
    /// the file is inside it, else relative to the notebook's project root.
    static func annotationPath(_ path: String) -> String {
        let location = NotebookLocation(path: path)
        if let workspace = ProcessInfo.processInfo.environment["GITHUB_WORKSPACE"], !workspace.isEmpty {
            let root = URL(fileURLWithPath: workspace).standardizedFileURL.resolvingSymlinksInPath().path
            let file = URL(fileURLWithPath: location.absolutePath).resolvingSymlinksInPath().path
            if file.hasPrefix(root + "/") { return String(file.dropFirst(root.count + 1)) }
        }
        return location.pathInProject
    }
}
