import ArgumentParser
import QuireNotebook
import QuireRunner
import QuireService

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Say, per step, whether it would run or come from the cache, and why.",
        discussion: """
            Compares every step's cache key with the cache and with the notebook's last run: a miss \
            names what changed (a parameter, an input, a file, the engine). Runs nothing.
            """)

    @Argument(help: "The notebook file (.md).", completion: .file(extensions: ["md"]))
    var notebook: String

    @OptionGroup var parameters: ParameterOptions
    @OptionGroup var cache: CacheOptions

    @Option(help: ArgumentHelp("Explain as if STEP were forced (repeatable).", valueName: "step"))
    var force: [String] = []

    func run() throws {
        let (planned, _, _) = try Pipeline(parameters: parameters).plan(notebook)
        guard let planned else { throw CommandFailure.invalidNotebook }
        var options = RunOptions(location: planned.location)
        if !cache.noCache {
            options.cache = try? CacheStore(directory: cache.directory(projectRoot: planned.location.projectRoot))
        }
        for id in force { options.force.formUnion(planned.plan.steps(dependingOn: id).map(\.id)) }
        let previous = options.cache?.record(for: planned.location.absolutePath)
        // Relative gates' baselines are part of their keys, read as `quire run` reads them
        // (from the summaries committed in the default output directory).
        let plan = planned.plan.resolvingBaselines(
            from: CommittedBaselines(outputDirectory: "reports"), location: planned.location)
        let explanations = Executor(plan: plan, options: options).explain(previous: previous)
        let width = max(explanations.map(\.id.count).max() ?? 0, 4)
        for explanation in explanations {
            let id = explanation.id.padding(toLength: width, withPad: " ", startingAt: 0)
            let verdict = explanation.verdict.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0)
            let reasons = explanation.reasons.isEmpty ? "" : "  " + explanation.reasons.joined(separator: "; ")
            Console.out("\(id)  \(verdict)\(reasons)\n")
        }
    }
}
