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
    /// A `filter` or `derive` expression that does not parse, calls an unknown function, passes a
    /// wrong number of arguments or an invalid regular expression.
    public static let badExpression = Self(domain: "plan", "bad-expression")
    /// A `write` path that leaves the output directory, is not a `.csv` file name, or is written
    /// by two steps.
    public static let writePath = Self(domain: "plan", "write-path")
    /// An `aggregate` output the step would refuse: an unknown aggregation, two in one output,
    /// `q` without a quantile, no column.
    public static let aggregationSetting = Self(domain: "plan", "aggregation-setting")
    /// Two outputs of one step would have the same name (two `apply` frames of `impute`, `encode`
    /// or `scale` whose references end alike).
    public static let outputNameClash = Self(domain: "plan", "output-name-clash")
    /// A column name (a parameter, or a name in an expression) that the frame does not have.
    public static let unknownColumn = Self(domain: "plan", "unknown-column")
    /// An expression mixes types (text compared with a number, arithmetic on text), a filter is
    /// not a condition, or a function gets the wrong number of arguments.
    public static let expressionType = Self(domain: "plan", "expression-type")
    /// `train` would one-hot a categorical feature into hundreds of columns.
    public static let manyCategories = Self(domain: "plan", "many-categories")
    /// A `chart` encoding its mark or scale cannot use: a text column on a log or time scale, a
    /// histogram of text, a size or heatmap colour that is not numeric.
    public static let chartSetting = Self(domain: "plan", "chart-setting")
    /// A value quoted in prose or the title (`{{ eval.roc_auc }}`) that its step's output does not have.
    public static let unknownField = Self(domain: "plan", "unknown-field")
    /// An `assert` gate the step would refuse: an unknown setting, a bound that is not a number,
    /// `min` above `max`, a warn bound beyond its alert bound, a relative gate without `against`,
    /// an `against` that is neither `previous` nor `{git: REF}`, `row`/`where` on what is not a
    /// table, no gate at all.
    public static let assertSetting = Self(domain: "plan", "assert-setting")
    /// An `assert` gate names a number its `from` step's output does not have (an evaluation
    /// metric misspelt, a metric of a step that has none).
    public static let assertMetric = Self(domain: "plan", "assert-metric")
    /// A quoted value whose step failed, was skipped or did not run: the report shows a marker.
    public static let quoteUnavailable = Self(domain: "run", "quote-unavailable")
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
        .badExpression,
        .writePath,
        .aggregationSetting,
        .outputNameClash,
        .unknownColumn,
        .expressionType,
        .manyCategories,
        .chartSetting,
        .unknownField,
        .assertSetting,
        .assertMetric,
        .quoteUnavailable,
        .stepFailed,
    ]
}
