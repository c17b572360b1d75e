import ArgumentParser
import Foundation
import QuireNotebook
import QuireReport

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run notebooks and write their HTML reports.",
        discussion: """
            Each notebook is validated first; one with errors is not run and its previous report is \
            left untouched (exit 2). Reports are written atomically to OUTPUT/NAME.html, NAME being \
            the notebook's file name without `.md`.

            This version renders the notebook itself: prose, steps and diagrams as source. Step \
            execution comes next.
            """)

    @Argument(help: "Notebook files (.md) to run.")
    var notebooks: [String]

    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("Directory for the reports.", valueName: "dir"))
    var output = "reports"

    @Flag(help: "Keep raw HTML from the notebook's prose (still under the report's Content-Security-Policy).")
    var allowRawHTML = false

    @Flag(name: .shortAndLong, help: "Print only problems.")
    var quiet = false

    func validate() throws {
        if notebooks.isEmpty {
            throw ValidationError("Give at least one notebook, e.g. `quire run notebooks/churn.md`.")
        }
        var seen: [String: String] = [:]
        for path in notebooks {
            let name = Self.reportName(for: path)
            if let other = seen[name] {
                throw ValidationError(
                    "'\(other)' and '\(path)' would both write \(name).html; run them with different --output directories."
                )
            }
            seen[name] = path
        }
    }

    static func reportName(for path: String) -> String {
        let file = URL(fileURLWithPath: path).lastPathComponent
        return file.hasSuffix(".md") ? String(file.dropLast(3)) : file
    }

    func run() throws {
        var options: NotebookParser.Options = [.renderProse]
        if allowRawHTML { options.insert(.allowRawHTML) }
        let parser = NotebookParser(options: options)
        var outcome = Outcome.success
        for path in notebooks {
            let result = parser.parse(contentsOfFile: path)
            Console.report(result, path: path)
            guard result.isValid, let notebook = result.notebook else {
                Console.error("\(path): not run; fix the errors above (the previous report, if any, is kept)\n")
                outcome = max(outcome, .invalidNotebook)
                continue
            }
            let target = (output as NSString).appendingPathComponent(Self.reportName(for: path) + ".html")
            do {
                try ReportWriter.write(ReportRenderer().render(notebook), to: target)
            } catch {
                Console.error("\(path): error: cannot write \(target): \(error.localizedDescription)\n")
                outcome = max(outcome, .stepFailed)
                continue
            }
            if !quiet { Console.out("\(path) → \(target)\n") }
        }
        if outcome != .success { throw outcome.exitCode }
    }
}
