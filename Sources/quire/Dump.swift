import ArgumentParser
import QuireNotebook

struct Dump: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dump",
        abstract: "Print how a notebook was read, as a tree with source ranges.",
        discussion: """
            Every node is shown with its range `@line:col-line:col` (1-based; columns count Unicode \
            characters). Used by golden tests and to debug a notebook. Diagnostics go to stderr; \
            the exit code is 2 when the notebook has errors.
            """)

    @Argument(help: "The notebook file (.md).", completion: .file(extensions: ["md"]))
    var notebook: String

    func run() throws {
        let result = NotebookParser().parse(contentsOfFile: notebook)
        Console.report(result.diagnostics, source: result.source, path: notebook)
        if let parsed = result.notebook { Console.out(parsed.dump()) }
        if !result.isValid { throw CommandFailure.invalidNotebook }
    }
}
