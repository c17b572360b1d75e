import ArgumentParser
import QuireNotebook
import QuireRunner
import QuireService

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
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
        let explanations = Self.explanations(of: planned, cache: cache, force: force)
        let width = max(explanations.map(\.id.count).max() ?? 0, 4)
        for explanation in explanations {
            let id = explanation.id.padding(toLength: width, withPad: " ", startingAt: 0)
            let verdict = explanation.verdict.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0)
            let reasons = explanation.reasons.isEmpty ? "" : "  " + explanation.reasons.joined(separator: "; ")
            Console.out("\(id)  \(verdict)\(reasons)\n")
        }
    }

    /// Every step's verdict and key, compared with the cache and the notebook's last run, as if
    /// the steps in `force` (and what depends on them) were forced.
    static func explanations(of planned: Pipeline.Planned, cache: CacheOptions, force: [String]) -> [Explanation] {
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
        return Executor(plan: plan, options: options).explain(previous: previous)
    }
}
