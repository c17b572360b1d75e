import ArgumentParser
import QuireNotebook
import QuireSupport

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate notebooks and report every problem, without running anything.",
        discussion: """
            Checks the Markdown, the front matter, every step against its operation's schema \
            (names, parameter types, references between steps, cycles), the parameters, and the columns \
            each step names (a misspelt column, text compared with a number, an unknown function), \
            followed from the CSV headers through the steps. \
            Problems are printed to stderr as `path:line:col: error: message`, with the source line, \
            a caret under the place, and a hint (with --diagnostics-format github, as `::error file=…,line=…::` \
            workflow commands that annotate a pull request); all problems of a file are reported in one pass.

            Exit code: 0 when every notebook is valid (warnings allowed), 2 otherwise.
            """)

    @Argument(help: "Notebook files (.md) to check.", completion: .file(extensions: ["md"]))
    var notebooks: [String]

    @OptionGroup var parameters: ParameterOptions
    @OptionGroup var diagnostics: DiagnosticsOptions

    @Flag(name: .shortAndLong, help: "Print nothing for valid notebooks.")
    var quiet = false

    @Flag(help: "Treat warnings as errors.")
    var strict = false

    @Flag(help: "Check prose images as `run --allow-outside-root` embeds them: from anywhere.")
    var allowOutsideRoot = false

    @Flag(help: "Check raw HTML as `run --allow-raw-html` keeps it, warning about what it removes.")
    var allowRawHTML = false

    func validate() throws {
        if notebooks.isEmpty {
            throw ValidationError("Give at least one notebook, e.g. `quire check notebooks/churn.md`.")
        }
    }

    func run() throws {
        diagnostics.apply()
        var parserOptions: NotebookParser.Options = [.checkProse]
        if allowRawHTML { parserOptions.insert(.allowRawHTML) }
        if allowOutsideRoot { parserOptions.insert(.allowFilesOutsideRoot) }
        let pipeline = Pipeline(parserOptions: parserOptions, parameters: parameters)
        var totalErrors = 0
        var totalWarnings = 0
        var invalid = 0
        for path in notebooks {
            let (planned, errors, warnings) = try pipeline.plan(path, warningsAreErrors: strict)
            totalErrors += errors
            totalWarnings += warnings
            guard let planned else {
                invalid += 1
                continue
            }
            if !quiet {
                let note = warnings > 0 ? ", \(NumberFormat.count(warnings, "warning"))" : ""
                Console.out("\(path): ok (\(NumberFormat.count(planned.plan.steps.count, "step"))\(note))\n")
            }
        }
        if totalErrors + totalWarnings > 0, notebooks.count > 1 || totalErrors + totalWarnings > 1 {
            Console.error(
                "\(NumberFormat.count(totalErrors, "error")) and \(NumberFormat.count(totalWarnings, "warning")) "
                    + "in \(NumberFormat.count(notebooks.count, "notebook"))\n")
        }
        if invalid > 0 { throw CommandFailure.invalidNotebook }
    }
}
