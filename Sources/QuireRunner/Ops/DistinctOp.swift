import QuireEngine

/// `distinct`: rows without duplicates (pandas' `drop_duplicates(subset, keep)`).
struct DistinctOp: Operation {
    static let schema = OpSchema(
        name: "distinct",
        summary:
            "Drop duplicate rows: of rows equal on the columns, keep the first, the last or none; the rows kept stay in order.",
        parameters: [
            .from,
            .init(
                "columns", .list(.column),
                "the columns that make rows equal (every column by default); missing values equal each other"),
            .init(
                "keep", .choice(DistinctKeep.allCases.map(\.rawValue)), default: .string("first"),
                "which row of a set of equal rows stays: `first`, `last`, or `none` (only rows without a duplicate)"),
        ],
        outputs: [.init("frame", .frame, "the rows kept, in their original order")],
        examples: [
            .init("one_per_city", "distinct: {from: features, columns: [city_clean], keep: first}")
        ])

    struct Parameters: Decodable, Sendable {
        var from: StepReference
        var columns: [String]?
        var keep: String
    }

    static func outputSchemas(_ parameters: Parameters, in context: SchemaContext) throws -> [String: FrameSchema]? {
        let input = try context.frame(parameters.from)
        context.columns(parameters.columns ?? [], at: "columns", in: input)
        return ["frame": input]
    }

    static func run(_ parameters: Parameters, in context: OpContext) throws -> [String: StepValue] {
        if let columns = parameters.columns, columns.isEmpty {
            throw context.failure(
                .invalidArgument, "`columns` is empty",
                hint: "name a column, or leave `columns` out to use every column",
                at: "columns")
        }
        do {
            let frame = try context.frame(parameters.from)
            let keep = DistinctKeep(rawValue: parameters.keep) ?? .first
            return ["frame": .frame(try frame.distinct(on: parameters.columns, keep: keep))]
        } catch let error as FrameError {
            throw context.failure(error, otherwiseAt: "columns")
        }
    }
}
