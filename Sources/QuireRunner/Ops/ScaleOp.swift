import QuireEngine

/// `scale`: numeric columns centred and scaled with statistics of the `fit` frame only
/// (scikit-learn's `StandardScaler`, `MinMaxScaler`, `RobustScaler`).
struct ScaleOp: Operation {
    static let schema = OpSchema(
        name: "scale",
        summary:
            "Scale numeric columns (standard, min_max or robust) with statistics learned from `fit` alone, "
            + "applied to each `apply` frame.",
        parameters: [
            TransformSteps.fit, TransformSteps.apply,
            TransformSteps.columns("every numeric column of `fit` but those in `exclude`"), TransformSteps.exclude,
            .init(
                "method", .choice(["standard", "min_max", "robust"]), default: .string("standard"),
                "standard: (x − mean) / std (population); min_max: (x − min) / (max − min); "
                    + "robust: (x − median) / (q75 − q25)"),
        ],
        outputs: TransformSteps.catalogOutputs, parameterOutputs: TransformSteps.outputs,
        examples: [
            .init(
                "scaled",
                "scale: {fit: encoded.train, apply: [encoded.train, encoded.test], columns: [monthly_usage_gb, tenure_days], method: robust}"
            )
        ])

    struct Parameters: Decodable, Sendable {
        var fit: StepReference
        var apply: [StepReference]
        var columns: [String]?
        var exclude: [String]
        var method: String
    }

    /// Checks the columns; the scaled columns are numbers, the others unchanged.
    static func outputSchemas(_ parameters: Parameters, in context: SchemaContext) throws -> [String: FrameSchema]? {
        TransformSteps.outputSchemas(
            fit: parameters.fit, apply: parameters.apply, columns: parameters.columns, exclude: parameters.exclude,
            defaultKind: .numeric, in: context
        ) { schema, columns in
            schema.transforming(columns, kind: .numeric, removed: false)
        }
    }

    static func run(_ parameters: Parameters, in context: OpContext) throws -> [String: StepValue] {
        try TransformSteps.run(fit: parameters.fit, apply: parameters.apply, in: context) { frame in
            try TransformSteps.checkFitColumns(
                parameters.columns, exclude: parameters.exclude, in: frame, reference: parameters.fit,
                context: context)
            let columns =
                parameters.columns
                ?? TransformSteps.defaultColumns(frame, kind: .numeric, exclude: parameters.exclude)
            do {
                switch parameters.method {
                case "min_max": return (.minMax(try MinMaxScaler.fit(frame, columns: columns)), nil)
                case "robust": return (.robust(try RobustScaler.fit(frame, columns: columns)), nil)
                default: return (.standardize(try Standardizer.fit(frame, columns: columns)), nil)
                }
            } catch let error as FrameError {
                throw context.failure(error, at: parameters.columns == nil ? "fit" : "columns")
            }
        }
    }
}
