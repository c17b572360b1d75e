import QuireEngine

/// `impute`: missing values replaced by values learned from the `fit` frame only (scikit-learn's
/// `SimpleImputer`).
struct ImputeOp: Operation {
    static let schema = OpSchema(
        name: "impute",
        summary:
            "Fill missing values with a value learned from `fit` alone (mean, median, most frequent or a constant), "
            + "applied to each `apply` frame.",
        parameters: [
            TransformSteps.fit, TransformSteps.apply,
            TransformSteps.columns(
                "every numeric column of `fit` but those in `exclude`; every column for most_frequent; "
                    + "the text columns for a text `fill_value`"), TransformSteps.exclude,
            .init(
                "strategy", .choice(["mean", "median", "most_frequent", "constant"]), default: .string("mean"),
                "how the fill value is learned: mean and median of numbers, the most frequent value "
                    + "(ties: the smallest), or `fill_value`"),
            .init(
                "fill_value", .scalar,
                "the value `constant` fills in: a number for numeric columns, text for text columns (default 0)"),
        ],
        outputs: TransformSteps.catalogOutputs, parameterOutputs: TransformSteps.outputs,
        examples: [
            .init(
                "imputed",
                "impute: {fit: split.train, apply: [split.train, split.test], columns: [monthly_usage_gb], strategy: median}"
            )
        ])

    struct Parameters: Decodable, Sendable {
        var fit: StepReference
        var apply: [StepReference]
        var columns: [String]?
        var exclude: [String]
        var strategy: String
        var fillValue: ParameterValue?
    }

    /// Checks the columns; imputing keeps every column's name and kind.
    static func outputSchemas(_ parameters: Parameters, in context: SchemaContext) throws -> [String: FrameSchema]? {
        let kind: ColumnKind? =
            switch (parameters.strategy, parameters.fillValue) {
            case ("most_frequent", _): nil
            case ("constant", .some(let value)) where value.string != nil: .categorical
            default: .numeric
            }
        return TransformSteps.outputSchemas(
            fit: parameters.fit, apply: parameters.apply, columns: parameters.columns, exclude: parameters.exclude,
            defaultKind: kind, in: context
        ) { schema, _ in schema }
    }

    static func run(_ parameters: Parameters, in context: OpContext) throws -> [String: StepValue] {
        let strategy: ImputeStrategy
        switch (parameters.strategy, parameters.fillValue) {
        case ("mean", nil): strategy = .mean
        case ("median", nil): strategy = .median
        case ("most_frequent", nil): strategy = .mostFrequent
        case ("constant", nil): strategy = .constantNumber(0)
        case ("constant", .some(let value)):
            if let number = value.number {
                guard number.isFinite else {
                    throw context.failure(
                        .invalidArgument, "'fill_value' must be a finite number or text", at: "fill_value")
                }
                strategy = .constantNumber(number)
            } else if let text = value.string {
                strategy = .constantString(text)
            } else {
                throw context.failure(
                    .invalidArgument, "'fill_value' must be a number or text, not \(value.displayText)",
                    hint: "write `fill_value: 0` or `fill_value: unknown`", at: "fill_value")
            }
        default:
            throw context.failure(
                .invalidArgument, "'fill_value' is only used with `strategy: constant`",
                hint: "add `strategy: constant`, or remove `fill_value`", at: "fill_value")
        }
        return try TransformSteps.run(fit: parameters.fit, apply: parameters.apply, in: context) { frame in
            try TransformSteps.checkFitColumns(
                parameters.columns, exclude: parameters.exclude, in: frame, reference: parameters.fit,
                context: context)
            let kind: ColumnKind? =
                switch strategy {
                case .mostFrequent: nil
                case .constantString: .categorical
                default: .numeric
                }
            let columns =
                parameters.columns ?? TransformSteps.defaultColumns(frame, kind: kind, exclude: parameters.exclude)
            do {
                return (.impute(try Imputer.fit(frame, strategy: strategy, columns: columns)), nil)
            } catch let error as FrameError {
                throw context.failure(error, at: parameters.columns == nil ? "fit" : "columns")
            }
        }
    }
}
