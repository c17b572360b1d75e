import ArgumentParser
import QuireSupport

/// Usage errors in the words of the command they concern: a mistyped subcommand gets a "did you
/// mean", and an error a subcommand finds while running (`-p`, `push`) shows that subcommand's usage,
/// as swift-argument-parser does for errors it finds while parsing.
extension Quire {
    /// `quire rnu`: an unknown first word, with the closest subcommand suggested; nil when the
    /// first argument is an option or a subcommand (then the parser's own message is right).
    static func unknownSubcommand(in arguments: [String]) -> Termination? {
        guard let first = arguments.first, !first.hasPrefix("-") else { return nil }
        let names = configuration.subcommands.map { $0._commandName } + ["help"]
        guard !names.contains(first) else { return nil }
        var suggestion = Suggestion.didYouMean(first, among: names).map { "; \($0)" } ?? ""
        if suggestion.isEmpty, first.hasSuffix(".md") { suggestion = "; did you mean 'quire run \(first)'?" }
        return Termination(
            message: "Error: unknown command '\(first)'\(suggestion)\n" + usage(of: [self]),
            code: Outcome.usage.rawValue)
    }

    /// A `ValidationError` thrown by `command`'s `run()`, with the command's own usage.
    static func validationFailure(_ error: ValidationError, in command: ParsableCommand.Type) -> Termination {
        Termination(message: "Error: \(error.message)\n" + usage(of: path(to: command)), code: Outcome.usage.rawValue)
    }

    /// `Usage: quire run [<options>] <notebooks> ...` and where to read more, as the parser prints them.
    static func usage(of path: [ParsableCommand.Type]) -> String {
        let names = path.map { $0._commandName }.joined(separator: " ")
        let synopsis = path.count > 1 ? usageString(for: path[path.count - 1]) : usageString()
        let indented = synopsis.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map {
            $0.offset == 0 ? String($0.element) : "       " + $0.element
        }.joined(separator: "\n")
        return "Usage: \(indented)\n  See '\(names) --help' for more information."
    }

    /// The commands from `quire` down to `command` (`[Quire, CacheCommand, Ls]`).
    static func path(to command: ParsableCommand.Type) -> [ParsableCommand.Type] {
        func search(_ node: ParsableCommand.Type, _ trail: [ParsableCommand.Type]) -> [ParsableCommand.Type]? {
            let trail = trail + [node]
            if node == command { return trail }
            for child in node.configuration.subcommands {
                if let found = search(child, trail) { return found }
            }
            return nil
        }
        return search(self, []) ?? [self]
    }
}
