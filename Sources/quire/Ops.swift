import ArgumentParser
import QuireNotebook
import QuireRunner

struct Ops: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ops",
        abstract: "List the operations steps can use, or describe one.",
        discussion: "Printed from the operations' schemas: the same source that validates notebooks.")

    @Argument(help: "An operation to describe in full.")
    var op: String?

    @Flag(help: "Print the whole catalog as Markdown (docs/ops.md).")
    var markdown = false

    func run() throws {
        let registry = OpRegistry.standard
        if markdown {
            Console.out(registry.markdownCatalog)
            return
        }
        guard let op else {
            let width = registry.names.map(\.count).max() ?? 0
            for name in registry.names {
                Console.out(
                    name.padding(toLength: width, withPad: " ", startingAt: 0) + "  "
                        + (registry.schema(named: name)?.summary ?? "") + "\n")
            }
            Console.out("\n`quire ops NAME` describes one, with an example.\n")
            return
        }
        guard let schema = registry.schema(named: op) else {
            let hint = Suggestion.didYouMean(op, among: registry.names).map { " (\($0))" } ?? ""
            throw ValidationError("no operation '\(op)'\(hint); `quire ops` lists them")
        }
        Console.out(schema.catalogText)
    }
}
