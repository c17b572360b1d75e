import ArgumentParser
import QuireNotebook

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate notebooks and report every problem, without running anything.",
        discussion: """
            Problems are printed to stderr as `path:line:col: error: message`, with the source line, \
            a caret under the place, and a hint. All problems of a file are reported in one pass. \
            Exit code: 0 when every notebook is valid (warnings allowed), 2 otherwise.
            """)

    @Argument(help: "Notebook files (.md) to check.")
    var notebooks: [String]

    @Flag(name: .shortAndLong, help: "Print nothing for valid notebooks.")
    var quiet = false

    @Flag(help: "Treat warnings as errors.")
    var strict = false

    func validate() throws {
        if notebooks.isEmpty {
            throw ValidationError("Give at least one notebook, e.g. `quire check notebooks/churn.md`.")
        }
    }

    func run() throws {
        let parser = NotebookParser()
        var totalErrors = 0
        var totalWarnings = 0
        var invalid = 0
        for path in notebooks {
            let result = parser.parse(contentsOfFile: path)
            let (errors, warnings) = Console.report(result, path: path)
            totalErrors += errors
            totalWarnings += warnings
            if errors > 0 || (strict && warnings > 0) || result.notebook == nil {
                invalid += 1
            } else if !quiet, let notebook = result.notebook {
                let note = warnings > 0 ? ", \(Console.plural(warnings, "warning"))" : ""
                Console.out("\(path): ok (\(Console.plural(notebook.steps.count, "step"))\(note))\n")
            }
        }
        if totalErrors + totalWarnings > 0, notebooks.count > 1 || totalErrors + totalWarnings > 1 {
            Console.error(
                "\(Console.plural(totalErrors, "error")) and \(Console.plural(totalWarnings, "warning")) "
                    + "in \(Console.plural(notebooks.count, "notebook"))\n")
        }
        if invalid > 0 { throw Outcome.invalidNotebook.exitCode }
    }
}
