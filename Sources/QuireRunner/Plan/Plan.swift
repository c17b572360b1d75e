import QuireNotebook

/// A validated notebook, ready to run: its steps in an order where every step comes after the
/// steps it depends on, with typed parameters.
public struct Plan: Sendable {
    /// The steps, topologically ordered (ties keep document order).
    public let steps: [PlannedStep]
    /// The notebook the plan was made from.
    public let notebook: Notebook
    /// The parameter values the plan was made with.
    public let params: ParamSet
    /// Warnings found while planning (a categorical feature `train` would one-hot into hundreds
    /// of columns); errors prevent a plan.
    public var warnings: [Diagnostic] = []
    private let index: [String: Int]

    /// Creates a plan; `steps` must already be ordered so that dependencies come first.
    public init(steps: [PlannedStep], notebook: Notebook, params: ParamSet) {
        self.steps = steps
        self.notebook = notebook
        self.params = params
        self.index = Dictionary(steps.enumerated().map { ($0.element.id, $0.offset) }, uniquingKeysWith: { a, _ in a })
    }

    /// The planned step with `id`.
    public func step(_ id: String) -> PlannedStep? {
        index[id].map { steps[$0] }
    }

    /// The position of the step with `id` in ``steps``.
    func position(of id: String) -> Int? {
        index[id]
    }

    /// `id` and every step it depends on, directly or not, in plan order: what `--only id` needs.
    public func steps(neededBy id: String) -> [PlannedStep] {
        var needed: Set<String> = [id]
        for step in steps.reversed() where needed.contains(step.id) { needed.formUnion(step.dependencies) }
        return steps.filter { needed.contains($0.id) }
    }

    /// `id` and every step that depends on it, directly or not, in plan order.
    public func steps(dependingOn id: String) -> [PlannedStep] {
        var affected: Set<String> = [id]
        var result: [PlannedStep] = []
        for step in steps where step.id == id || !step.dependencies.isDisjoint(with: affected) {
            affected.insert(step.id)
            result.append(step)
        }
        return result
    }
}

/// One step of a ``Plan``.
public struct PlannedStep: Sendable {
    /// The step's id, unique in the plan.
    public var id: String
    /// The notebook's step, for positions and display.
    public var source: Step
    /// The op's schema, which the parameters were checked against.
    public var schema: OpSchema
    /// Every parameter of the op that has a value (given, or its default), by name.
    public var parameters: [String: ParameterValue]
    /// The outputs of other steps this one reads, sorted.
    public var inputs: [StepReference]
    /// Steps that must finish first: those read from, and those named in `needs`.
    public var dependencies: Set<String>
    /// Files the step reads, relative to the notebook, from its `.path` parameters.
    public var files: [String]
    /// The `when:` condition, parsed.
    public var condition: Condition?

    /// The op name (`load`, `split`, …).
    public var op: String { schema.name }
}
