import ArgumentParser
import Testing

@testable import quire

/// Every command names itself. Without `commandName`, ArgumentParser derives the name from the
/// type's name (`String(describing:)`), which looks up protocol conformances across the whole
/// binary for each command: about a third of `quire --version`'s time.
@Suite struct CommandNameTests {
    @Test func everyCommandHasAnExplicitName() {
        var unnamed: [String] = []
        func visit(_ command: ParsableCommand.Type, path: String) {
            let name = command.configuration.commandName
            if name == nil { unnamed.append("\(path) \(command)") }
            for sub in command.configuration.subcommands { visit(sub, path: "\(path) \(name ?? "?")") }
        }
        visit(Quire.self, path: "")
        #expect(unnamed.isEmpty, "commands without a commandName: \(unnamed)")
        #expect(Quire.configuration.subcommands.count > 10)
    }
}
