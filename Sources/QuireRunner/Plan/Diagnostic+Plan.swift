import QuireNotebook

// Diagnostics of planning: op names, parameters, references and the graph. docs/diagnostics.md
// lists each with an example.
extension Diagnostic.ID {
    /// The operation key is not an operation.
    public static let unknownOp = Self(domain: "plan", "unknown-op")
    /// A parameter the operation does not have.
    public static let unknownParameter = Self(domain: "plan", "unknown-parameter")
    /// A value of the wrong type, a word outside a choice, a scalar where a mapping is needed.
    public static let parameterType = Self(domain: "plan", "parameter-type")
    /// A required parameter is absent.
    public static let missingParameter = Self(domain: "plan", "missing-parameter")
    /// A reference, a `needs` or a `when` names no step.
    public static let unknownStep = Self(domain: "plan", "unknown-step")
    /// `step.output` names no output of that step, or a bare `step` has several outputs.
    public static let unknownOutput = Self(domain: "plan", "unknown-output")
    /// The referenced output is of another kind.
    public static let inputKind = Self(domain: "plan", "input-kind")
    /// Steps depend on each other.
    public static let cycle = Self(domain: "plan", "cycle")
    /// `when.
    public static let badCondition = Self(domain: "plan", "bad-condition")
    /// An `expect` expectation the step would refuse.
    public static let expectationSetting = Self(domain: "plan", "expectation-setting")
    /// Two `export` steps have the same `name` and would both write OUTPUT/models/NAME.json.
    public static let exportDuplicateName = Self(domain: "plan", "export-duplicate-name")
    /// A column name (a parameter, or a name in an expression) that the frame does not have.
    public static let unknownColumn = Self(domain: "plan", "unknown-column")
    /// An expression calls a function the language does not have.
    public static let unknownFunction = Self(domain: "plan", "unknown-function")
    /// An expression does not parse, or nests too deep.
    public static let expressionSyntax = Self(domain: "plan", "expression-syntax")
    /// An expression mixes types (text compared with a number, arithmetic on text), a filter is
    /// not a condition, or a function gets the wrong number of arguments.
    public static let expressionType = Self(domain: "plan", "expression-type")
    /// `train` would one-hot a categorical feature into hundreds of columns.
    public static let manyCategories = Self(domain: "plan", "many-categories")
    // Running: a step that failed, as `quire run` prints it.
    /// A step failed while running.
    public static let stepFailed = Self(domain: "run", "step-failed")

    /// Every id above, for the test that holds the catalogues and docs/diagnostics.md together.
    public static let planCatalogue: [Self] = [
        .unknownOp,
        .unknownParameter,
        .parameterType,
        .missingParameter,
        .unknownStep,
        .unknownOutput,
        .inputKind,
        .cycle,
        .badCondition,
        .expectationSetting,
        .exportDuplicateName,
        .unknownColumn,
        .unknownFunction,
        .expressionSyntax,
        .expressionType,
        .manyCategories,
        .stepFailed,
    ]
}
