import QuireEngine

/// `sample`: a seeded random subset of the rows (pandas' `sample`, scikit-learn's `resample`).
struct SampleOp: Operation {
    static let schema = OpSchema(
        name: "sample",
        summary:
            "Draw random rows, seeded: `n` rows or a `fraction`, with or without replacement, optionally keeping a column's class shares; the rows keep their order.",
        parameters: [
            .from,
            .init(
                "n", .integer, range: .between(0, SplitOptions.maximumSize),
                "how many rows to draw (give `n` or `fraction`)"),
            .init(
                "fraction", .number, range: .between(0, 100),
                "the share of the rows to draw, rounded to the nearest row (above 1 only with `replace`)"),
            .init("replace", .boolean, default: .bool(false), "whether a row may be drawn more than once"),
            .init(
                "stratify", .column,
                "keep this column's class shares: each class gets its share of `n`, the rows left over going to the largest remainders"
            ),
            .init(
                "shuffle", .boolean, default: .bool(false),
                "give the rows in the order drawn instead of their original order (`fraction: 1, shuffle: true` shuffles a frame)"
            ),
            .seed("random seed of the draw (Quire's own generator: the rows differ from pandas' for the same seed)"),
        ],
        outputs: [.init("frame", .frame, "the rows drawn")],
        examples: [
            .init("sampled", "sample: {from: customers, n: 500, stratify: churned, seed: 3}")
        ])

    struct Parameters: Decodable, Sendable {
        var from: StepReference
        var n: Int?
        var fraction: Double?
        var replace: Bool
        var stratify: String?
        var shuffle: Bool
        var seed: Int
    }

    static func outputSchemas(_ parameters: Parameters, in context: SchemaContext) throws -> [String: FrameSchema]? {
        let input = try context.frame(parameters.from)
        context.column(parameters.stratify, at: "stratify", in: input)
        return ["frame": input]
    }

    static func run(_ parameters: Parameters, in context: OpContext) throws -> [String: StepValue] {
        let size: SampleOptions.Size
        switch (parameters.n, parameters.fraction) {
        case (let n?, nil): size = .count(n)
        case (nil, let fraction?): size = .fraction(fraction)
        case (_?, _?):
            throw context.failure(
                .invalidArgument, "'sample' takes `n` or `fraction`, not both",
                hint: "remove one of them", at: "fraction")
        case (nil, nil):
            throw context.failure(
                .invalidArgument, "'sample' needs `n` (a row count) or `fraction` (a share of the rows)",
                hint: "add `n: 1000` or `fraction: 0.1`", at: "from")
        }
        let options = SampleOptions(
            size: size, replace: parameters.replace, stratify: parameters.stratify, shuffle: parameters.shuffle,
            seed: parameters.seed.seedBits)
        do {
            return ["frame": .frame(try context.frame(parameters.from).sample(options))]
        } catch let error as FrameError {
            throw context.failure(error, otherwiseAt: "from")
        }
    }
}
