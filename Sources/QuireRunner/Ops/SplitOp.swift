import QuireEngine

/// `split`: train, test and optional validation sets, seeded, stratified or by time.
struct SplitOp: Operation {
    static let schema = OpSchema(
        name: "split", summary: "Split rows into train and test (and validation) sets: seeded, stratified or by time.",
        parameters: [
            .from,
            size(
                .init(
                    "test_size", .number, default: .number(0.25),
                    range: .greaterThan(0, atMost: SplitOptions.maximumSize),
                    "share of rows in the test set (a fraction below 1), or a number of rows")),
            size(
                .init(
                    "valid_size", .number, range: .greaterThan(0, atMost: SplitOptions.maximumSize),
                    "share of rows in a validation set, or a number of rows (none by default)")),
            .init("stratify", .column, "keep this column's class proportions in every set"),
            .init(
                "order_by", .column,
                "split by this (time) column instead of shuffling: the latest rows are the test set"),
            .seed("random seed of the shuffle"),
        ],
        shorthand: "from",
        outputs: [
            .init("train", .frame, "the training rows"), .init("test", .frame, "the test rows"),
            .init("valid", .frame, optional: true, "the validation rows, when valid_size is given"),
        ],
        examples: [
            .init("split", "split: {from: no_ids, test_size: 0.25, stratify: churned, seed: 7}")
        ])

    struct Parameters: Decodable, Sendable {
        var from: StepReference
        var testSize: Double
        var validSize: Double?
        var stratify: String?
        var orderBy: String?
        var seed: Int
    }

    /// A size with the engine's rule: a fraction in (0, 1) or a whole number of rows.
    private static func size(_ parameter: OpSchema.Parameter) -> OpSchema.Parameter {
        var parameter = parameter
        parameter.rule = .init(
            accepts: "a number: a fraction strictly between 0 and 1, or a whole number of rows from 1 to 100000000",
            test: { $0.number.map(SplitOptions.isSize) ?? false })
        return parameter
    }

    /// Every set keeps the columns.
    static func outputSchemas(_ parameters: Parameters, in context: SchemaContext) throws -> [String: FrameSchema]? {
        let input = try context.frame(parameters.from)
        context.column(parameters.stratify, at: "stratify", in: input)
        context.column(parameters.orderBy, at: "order_by", in: input)
        var outputs = ["train": input, "test": input]
        if parameters.validSize != nil { outputs["valid"] = input }
        return outputs
    }

    static func run(_ parameters: Parameters, in context: OpContext) throws -> [String: StepValue] {
        let options = SplitOptions(
            testSize: parameters.testSize, validSize: parameters.validSize, seed: parameters.seed.seedBits,
            stratify: parameters.stratify, orderBy: parameters.orderBy)
        do {
            // The engine's errors name the option at fault (`stratify`, `test_size`…).
            let split = try context.frame(parameters.from).split(options)
            var outputs: [String: StepValue] = ["train": .frame(split.train), "test": .frame(split.test)]
            if let valid = split.valid { outputs["valid"] = .frame(valid) }
            return outputs
        } catch let error as FrameError {
            throw context.failure(error, otherwiseAt: "from")
        }
    }
}
