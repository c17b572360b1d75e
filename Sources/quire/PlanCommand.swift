import ArgumentParser
import QuireReport
import QuireRunner

struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Print the notebook's step graph: each step's dependencies, condition, resources and cache key.",
        discussion: """
            With --json, the document engine adapters read (docs/plan-json.md): one task per step, \
            each run with `quire run NOTEBOOK --only STEP`. A step's key is given where it can be \
            computed now (every input it reads is in the cache). Runs nothing.
            """)

    @Argument(help: "The notebook file (.md).", completion: .file(extensions: ["md"]))
    var notebook: String

    @Flag(help: "Print the plan as JSON (docs/plan-json.md).")
    var json = false

    @OptionGroup var parameters: ParameterOptions
    @OptionGroup var cache: CacheOptions

    func run() throws {
        let (planned, _, _) = try Pipeline(parameters: parameters).plan(notebook)
        guard let planned else { throw CommandFailure.invalidNotebook }
        let explanations = Explain.explanations(of: planned, cache: cache, force: [])
        let document = PlanDocument(
            plan: planned.plan, notebookPath: planned.location.pathInProject,
            notebookDigest: Digest.sha256(planned.bytes), explanations: explanations)
        if json {
            Console.out(document.json.text)
            return
        }
        let width = max(planned.plan.steps.map(\.id.count).max() ?? 0, 4)
        let opWidth = planned.plan.steps.map(\.op.count).max() ?? 0
        for step in planned.plan.steps {
            let explanation = document.explanations[step.id]
            var line = step.id.padding(toLength: width, withPad: " ", startingAt: 0) + "  "
            line += step.op.padding(toLength: opWidth, withPad: " ", startingAt: 0)
            if !step.dependencies.isEmpty { line += "  after " + step.dependencies.sorted().joined(separator: ", ") }
            if let condition = step.condition { line += "  when " + condition.source }
            if let resources = step.source.resources?.value {
                let asked = [
                    resources.cpu.map { "cpu \($0)" }, resources.memory.map { "memory \($0)" },
                    resources.gpu.map { "gpu \($0)" },
                ]
                line += "  (" + asked.compactMap { $0 }.joined(separator: ", ") + ")"
            }
            if let explanation {
                line += "  " + explanation.verdict.rawValue
                if let key = explanation.key { line += " " + key.prefix(12) }
            }
            Console.out(line + "\n")
        }
    }
}
