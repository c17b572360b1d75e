import ArgumentParser
import QuireMermaid
import QuireNotebook

struct MermaidCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mermaid", abstract: "Draw a mermaid flowchart, sequence diagram or mindmap as SVG, natively.",
        discussion: """
            Drawn natively: flowchart (and graph), sequenceDiagram and mindmap. Other types (gantt, \
            classDiagram, stateDiagram, pie, erDiagram, …) are not: `quire run --mermaid-js PATH` draws \
            them with a local mermaid.js in the reader's browser.

            Writes the SVG to stdout. Problems are printed like notebook diagnostics, with the line, a \
            caret and a hint; the exit code is 2 when the diagram cannot be drawn.
            """)

    @Argument(help: "A mermaid file (.mmd).")
    var file: String

    func run() throws {
        let bytes: [UInt8]
        switch NotebookParser.readFile(file, noun: "diagram") {
        case .success(let read): bytes = read
        case .failure(let diagnostic):
            Console.report([diagnostic], source: nil, path: file)
            throw CommandFailure.invalidNotebook
        }
        let text = String(decoding: bytes, as: UTF8.self)
        let result = Mermaid.render(text)
        let diagnostics = result.diagnostics.map { problem in
            Diagnostic(
                problem.severity == .error ? .error : .warning, .mermaid(problem.id), problem.message,
                at: SourceRange(line: problem.line, column: problem.column, length: problem.length), hint: problem.hint)
        }
        Console.report(diagnostics, source: SourceText(bytes: bytes), path: file)
        switch result {
        case .svg(let svg, _):
            Console.out(svg.hasSuffix("\n") ? svg : svg + "\n")
        case .failure:
            throw CommandFailure.invalidNotebook
        case .unsupported(let type):
            Console.error(
                "\(file): error: \(type) diagrams are not drawn natively; Quire draws flowcharts, sequence diagrams "
                    + "and mindmaps (in a notebook, quire run --mermaid-js PATH draws the others with mermaid.js)\n")
            throw CommandFailure.invalidNotebook
        }
    }
}
