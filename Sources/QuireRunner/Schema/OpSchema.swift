import QuireNotebook

/// What an operation accepts and produces: the one source of truth for validation, `quire ops`
/// and the docs.
public struct OpSchema: Sendable {
    /// One parameter of an operation.
    public struct Parameter: Sendable {
        /// The name written in the notebook (`test_size`).
        public var name: String
        /// What values it takes.
        public var type: ParameterType
        /// Whether a step must give it.
        public var isRequired: Bool
        /// The value used when the parameter is not given (nil: absent).
        public var defaultValue: ParameterValue?
        /// One line saying what it does.
        public var doc: String
        /// The values a number or integer parameter (or each number of a list or mapping) accepts.
        /// Every numeric parameter declares one; a test walks the registry to keep it so.
        public var range: ParameterRange?
        /// Ranges of numbers written under these keys inside the value (`mostly` in an expectation,
        /// `threshold` in a drift column's settings), checked wherever the key appears.
        public var nestedRanges: [String: ParameterRange]
        /// A mapping from dependent parameters' names to lists of candidate values (`tune`'s
        /// `grid`): each candidate is checked against its parameter's range.
        public var holdsCandidates = false
        /// A rule beyond the type and range, the same one the engine applies when the step runs
        /// (`max_features`, `test_size`), so that `check` and `run` agree: the planner applies it
        /// to the value (each candidate of a `grid`) and `quire ops` shows ``Rule/accepts``.
        public var rule: Rule?
        /// The names of the references in the value, not only their values, make the op's output
        /// (`concat`'s source column holds them), so the cache key includes them.
        public var keyIncludesReferenceNames = false
        /// A check of the whole value with positions (an `expect` step's expectations), run by the
        /// planner after the type and ranges; it returns the diagnostics it finds.
        public var check: (@Sendable (ParameterValue, YAMLNode) -> [Diagnostic])?

        /// A parameter `name` of `type`; `doc` says what it does in one line.
        public init(
            _ name: String, _ type: ParameterType, required: Bool = false, default defaultValue: ParameterValue? = nil,
            range: ParameterRange? = nil, nested nestedRanges: [String: ParameterRange] = [:], _ doc: String
        ) {
            self.name = name
            self.type = type
            self.isRequired = required
            self.defaultValue = defaultValue
            self.range = range
            self.nestedRanges = nestedRanges
            self.doc = doc
        }

        /// Whether the parameter holds numbers, so it must declare a ``range``.
        public var isNumeric: Bool { type.holdsNumbers }

        /// The type with its range, as `quire ops` and docs/ops.md show it.
        public var typeDescription: String {
            if let rule { return rule.accepts }
            var text = type.description
            // An unbounded integer (a seed) needs no note; an unbounded number is still finite.
            if let range, range != .finite || !type.holdsOnlyIntegers { text += " (\(range))" }
            for (key, range) in nestedRanges.sorted(by: { $0.key < $1.key }) { text += "; `\(key)` \(range)" }
            return text
        }
    }

    /// What a parameter's value must be, beyond its type and range, as text and as a test.
    public struct Rule: Sendable {
        /// What the value must be, as `quire ops` shows it: "a fraction in (0, 1), or …".
        public var accepts: String
        /// Whether one value is accepted.
        public var test: @Sendable (ParameterValue) -> Bool

        /// A rule described by `accepts` and checked by `test`.
        public init(accepts: String, test: @escaping @Sendable (ParameterValue) -> Bool) {
            self.accepts = accepts
            self.test = test
        }
    }

    /// One named output. The primary output is what a bare reference `step` means.
    public struct Output: Sendable {
        /// The name a reference uses (`split.train`).
        public var name: String
        /// The kind of value it holds.
        public var kind: ValueKind
        /// One line saying what it holds.
        public var doc: String
        /// Present only sometimes (`split.valid` exists when `valid_size` is given).
        public var isOptional: Bool

        /// An output `name` of `kind`; `optional` when only some steps produce it.
        public init(_ name: String, _ kind: ValueKind, optional: Bool = false, _ doc: String) {
            self.name = name
            self.kind = kind
            self.isOptional = optional
            self.doc = doc
        }
    }

    /// A step that uses the operation, as a notebook writes it: docs/ops.md and `quire ops NAME`
    /// show it, and a test runs every op's examples together as one notebook over
    /// `notebooks/data/`, so each example works as written.
    public struct Example: Sendable {
        /// The step's name; an example may refer to other examples' steps by theirs.
        public var step: String
        /// The step's body: YAML whose one key is the op (`sort: {from: joined, by: [tenure]}`).
        public var body: String

        /// An example step `step` whose body is `body`.
        public init(_ step: String, _ body: String) {
            self.step = step
            self.body = body
        }

        /// The step as a notebook writes it: a `step` fence around the body.
        public var fenced: String { "```step \(step)\n\(body)\n```" }
    }

    /// The operation key written in a step (`load`).
    public var name: String
    /// One line saying what the operation does.
    public var summary: String
    /// Its parameters, in the order `quire ops` shows them.
    public var parameters: [Parameter]
    /// The parameter a scalar body sets (`load: data.csv` sets `path`).
    public var shorthand: String?
    /// What it produces.
    public var outputs: [Output]
    /// The output a bare reference `step` means; nil when a reference must name one (`split.train`).
    public var primaryOutput: String?
    /// Parameters that depend on the values given (an algorithm's hyperparameters), by those values.
    public var dependentParameters: (@Sendable ([String: ParameterValue]) -> [Parameter])?
    /// The dependent parameters for the catalog: a heading ("algorithm: ridge") and its parameters.
    public var dependentCatalog: [(heading: String, parameters: [Parameter])] = []
    /// Outputs named by the step's parameters (`impute` gives one frame per `apply` reference): given
    /// the parameters as written (references not yet resolved), the outputs the step produces. The
    /// planner puts them in the planned step's schema in place of ``outputs``, which then only
    /// describe them for `quire ops` (with a placeholder name such as `NAME`).
    public var parameterOutputs: (@Sendable ([String: ParameterValue]) -> [Output])?
    /// The op measures something that differs on every run (a timing): its steps run every time,
    /// never from the cache, and what they produce is volatile (left out of reproducible outputs).
    public var isVolatile = false
    /// Steps that use the operation, for the docs; every op has at least one (a test checks).
    public var examples: [Example]
    /// The parameter a name the schema does not list stands for, if it may stand for one
    /// (`assert`'s gates are keyed by metric: `roc_auc: {min: 0.7}`); nil refuses every such name.
    public var otherParameter: (@Sendable (String) -> Parameter?)?
    /// A check run once the step's references resolve, against what each input is: the op
    /// and the kind of the output it names (`assert`'s metric names against its `from` step's
    /// output). It gets the parameters with resolved references and returns the diagnostics it finds.
    public var inputCheck:
        (
            @Sendable (_ parameters: [String: ParameterValue], _ step: Step, _ inputs: [StepReference: ResolvedInput])
                -> [Diagnostic]
        )?

    /// What a resolved input reference names, for ``inputCheck``.
    public struct ResolvedInput: Sendable {
        /// The op of the step it names (`evaluate`).
        public var op: String
        /// The kind of the output it names.
        public var kind: ValueKind
    }

    /// A schema; the primary output defaults to the only output, if there is one (never for
    /// outputs named by the parameters).
    public init(
        name: String, summary: String, parameters: [Parameter], shorthand: String? = nil, outputs: [Output],
        primaryOutput: String? = nil, dependentParameters: (@Sendable ([String: ParameterValue]) -> [Parameter])? = nil,
        parameterOutputs: (@Sendable ([String: ParameterValue]) -> [Output])? = nil, volatile: Bool = false,
        examples: [Example] = []
    ) {
        self.parameterOutputs = parameterOutputs
        self.isVolatile = volatile
        self.examples = examples
        self.name = name
        self.summary = summary
        self.parameters = parameters
        self.shorthand = shorthand
        self.outputs = outputs
        // A bare reference means the one output every step of the op produces, when there is one.
        let always = outputs.filter { !$0.isOptional }
        self.primaryOutput = primaryOutput ?? (always.count == 1 && parameterOutputs == nil ? always[0].name : nil)
        self.dependentParameters = dependentParameters
    }

    /// The parameter `name`, if the operation has it.
    public func parameter(named name: String) -> Parameter? {
        parameters.first { $0.name == name }
    }

    /// The output `name`, if the operation has it.
    public func output(named name: String) -> Output? {
        outputs.first { $0.name == name }
    }
}
