import ArgumentParser
import QuireRunner

struct Graph: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Print the notebook's step graph as a mermaid flowchart.",
        discussion:
            "Solid arrows carry data (labelled with the output when it is not the primary one); dotted arrows are `needs` and `when` dependencies."
    )

    @Argument(help: "The notebook file (.md).", completion: .file(extensions: ["md"]))
    var notebook: String

    @OptionGroup var parameters: ParameterOptions

    func run() throws {
        let (planned, _, _) = try Pipeline(parameters: parameters).plan(notebook)
        guard let planned else { throw CommandFailure.invalidNotebook }
        Console.out(planned.plan.mermaid)
    }
}
