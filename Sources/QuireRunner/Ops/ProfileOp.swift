import QuireEngine

/// `profile`: one summary row per column.
struct ProfileOp: Operation {
    static let schema = OpSchema(
        name: "profile",
        summary: "Summarise every column: type, count, missing, distinct, mean, std, quantiles, top values, histogram.",
        parameters: [
            .from,
            .init(
                "top", .integer, default: .integer(5), range: .between(0, 1000),
                "top values listed per categorical column"),
        ],
        shorthand: "from", outputs: [.init("profile", .profile, "one row per column")],
        examples: [
            .init("train_profile", "profile: split.train")
        ])

    struct Parameters: Decodable, Sendable {
        var from: StepReference
        var top: Int
    }

    /// Names no column and outputs no frame.
    static func outputSchemas(_ parameters: Parameters, in context: SchemaContext) throws -> [String: FrameSchema]? {
        [:]
    }

    static func run(_ parameters: Parameters, in context: OpContext) throws -> [String: StepValue] {
        ["profile": .profile(ProfileValue(frame: try context.frame(parameters.from), top: parameters.top))]
    }
}
