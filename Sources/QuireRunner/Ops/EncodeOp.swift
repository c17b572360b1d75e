import QuireEngine

/// `encode`: text columns as numbers, with categories (and target means) learned from the `fit`
/// frame only (scikit-learn's `OneHotEncoder(handle_unknown="ignore")`, `OrdinalEncoder` and
/// `TargetEncoder`).
struct EncodeOp: Operation {
    static let schema = OpSchema(
        name: "encode",
        summary:
            "Encode text columns as numbers (one_hot, ordinal, or target with cross-fitting) with categories "
            + "learned from `fit` alone, applied to each `apply` frame.",
        parameters: [
            TransformSteps.fit, TransformSteps.apply,
            TransformSteps.columns("every text column of `fit` but `target` and those in `exclude`"),
            TransformSteps.exclude,
            .init(
                "method", .choice(["one_hot", "ordinal", "target"]), default: .string("one_hot"),
                "one_hot: a 0/1 column `COLUMN_CATEGORY` per category (unknown: all zeros); ordinal: the "
                    + "category's position in sorted order; target: the category's smoothed target mean"),
            .init(
                "unknown_value", .number, range: .finite,
                "ordinal: the code of a category `fit` did not have (default: missing)"),
            .init("target", .column, "target: the column whose mean encodes each category (binary or numeric)"),
            .init(
                "target_type", .choice(["auto", "binary", "continuous"]), default: .string("auto"),
                "target: binary (two values, the larger coded 1) or continuous; auto: binary when there are two values"
            ),
            smooth,
            .init(
                "cv", .integer, default: .integer(5), range: .between(2, 1000),
                "target: folds of the cross-fitting that encodes the `fit` frame"),
            .init(
                "shuffle", .boolean, default: .bool(true), "target: shuffle the rows before dealing them to folds"),
            .seed("target: random seed of the folds' shuffle"),
        ],
        outputs: TransformSteps.catalogOutputs, parameterOutputs: TransformSteps.outputs,
        examples: [
            .init(
                "encoded",
                "encode: {fit: imputed.train, apply: [imputed.train, imputed.test], columns: [contract, city_clean], method: one_hot}"
            ),
            .init(
                "city_rate",
                "encode: {fit: split.train, apply: [split.train, split.test], columns: [city_clean], method: target, target: churned, seed: 7}"
            ),
        ])

    /// `smooth`: `auto` or a weight of at least 0.
    private static let smooth: OpSchema.Parameter = {
        var parameter = OpSchema.Parameter(
            "smooth", .scalar, default: .string("auto"),
            "target: how far a category's mean is pulled toward the overall mean (auto: empirical Bayes)")
        parameter.rule = .init(
            accepts: "auto, or a number of at least 0",
            test: { value in
                if let number = value.number { return number >= 0 && number.isFinite }
                return value.string == "auto"
            })
        return parameter
    }()

    struct Parameters: Decodable, Sendable {
        var fit: StepReference
        var apply: [StepReference]
        var columns: [String]?
        var exclude: [String]
        var method: String
        var unknownValue: Double?
        var target: String?
        var targetType: String
        var smooth: ParameterValue
        var cv: Int
        var shuffle: Bool
        var seed: Int
    }

    /// Parameters that only one method reads, by that method.
    private static let methodParameters = [
        ("unknown_value", "ordinal"), ("target", "target"), ("target_type", "target"), ("smooth", "target"),
        ("cv", "target"), ("shuffle", "target"), ("seed", "target"),
    ]

    /// Checks the columns (and the target); `ordinal` and `target` make the encoded columns
    /// numbers, `one_hot` replaces each by a column per category, which only the data knows.
    static func outputSchemas(_ parameters: Parameters, in context: SchemaContext) throws -> [String: FrameSchema]? {
        if parameters.method == "target", let fitted = context.frameIfKnown(parameters.fit) {
            context.column(parameters.target, at: "target", in: fitted)
        }
        let exclude = parameters.exclude + (parameters.method == "target" ? parameters.target.map { [$0] } ?? [] : [])
        return TransformSteps.outputSchemas(
            fit: parameters.fit, apply: parameters.apply, columns: parameters.columns, exclude: exclude,
            defaultKind: .categorical, in: context
        ) { schema, columns in
            schema.transforming(
                columns, kind: .numeric, removed: parameters.method != "ordinal" && parameters.method != "target")
        }
    }

    static func run(_ parameters: Parameters, in context: OpContext) throws -> [String: StepValue] {
        let given = context.step.source.parameters
        for (name, method) in methodParameters where given?[name] != nil && parameters.method != method {
            throw context.failure(
                .invalidArgument, "'\(name)' is only used with `method: \(method)`",
                hint: "add `method: \(method)`, or remove `\(name)`", at: name)
        }
        let target: String?
        if parameters.method == "target" {
            guard let name = parameters.target else {
                throw context.failure(
                    .invalidArgument, "target encoding needs `target`: the column whose mean encodes each category",
                    hint: "add `target: COLUMN`", at: "method")
            }
            target = name
        } else {
            target = nil
        }
        return try TransformSteps.run(fit: parameters.fit, apply: parameters.apply, in: context) { frame in
            try TransformSteps.checkFitColumns(
                parameters.columns, exclude: parameters.exclude, in: frame, reference: parameters.fit,
                context: context)
            let columns =
                parameters.columns
                ?? TransformSteps.defaultColumns(
                    frame, kind: .categorical, exclude: parameters.exclude + (target.map { [$0] } ?? []))
            do {
                switch parameters.method {
                case "ordinal":
                    return (
                        .ordinal(
                            try OrdinalEncoder.fit(frame, columns: columns, unknownValue: parameters.unknownValue)),
                        nil
                    )
                case "target":
                    return try targetEncoding(frame, columns: columns, target: target ?? "", parameters, context)
                default:
                    let encoder = try OneHotEncoder.fit(frame, columns: columns)
                    try checkWidth(encoder, rows: frame.rowCount, context: context)
                    return (.oneHot(encoder), nil)
                }
            } catch let error as FrameError {
                throw context.failure(error, otherwiseAt: parameters.columns == nil ? "fit" : "columns")
            }
        }
    }

    /// Target encoding: the encoder from every `fit` row, and the `fit` frame cross-fitted.
    private static func targetEncoding(
        _ frame: Frame, columns: [String], target: String, _ parameters: Parameters, _ context: OpContext
    ) throws -> (transform: FittedTransform, fitted: Frame?) {
        let type: TargetEncoder.TargetType? =
            switch parameters.targetType {
            case "binary": .binary
            case "continuous": .continuous
            default: nil
            }
        let smooth = parameters.smooth.number
        let folds = try TargetEncoder.folds(
            frame, target: target, targetType: type, count: parameters.cv, shuffle: parameters.shuffle,
            seed: parameters.seed.seedBits)
        let (encoder, fitted) = try TargetEncoder.fitTransform(
            frame, columns: columns, target: target, targetType: type, smooth: smooth, folds: folds)
        return (.target(encoder), fitted)
    }

    /// Refuses a one-hot encoding wider than the memory budget before any frame is encoded.
    private static func checkWidth(_ encoder: OneHotEncoder, rows: Int, context: OpContext) throws {
        do {
            try encoder.checkMemory(rows: rows)
        } catch let error as FrameError {
            throw context.failure(
                .init(of: error), error.message.replacingOccurrences(of: "one_hot", with: "encode"),
                hint: "list the columns to encode in `columns`, or use `method: ordinal` or `target` for the widest",
                at: "columns", cause: error)
        }
    }
}
