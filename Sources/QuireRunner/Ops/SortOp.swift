import QuireEngine

/// `sort`: orders the rows by one or more columns (pandas' `sort_values`, always stable).
struct SortOp: Operation {
    static let schema = OpSchema(
        name: "sort",
        summary:
            "Order the rows by one or more columns, each ascending or descending; ties keep their order (stable).",
        parameters: [
            .from,
            .init("by", .list(.column), required: true, "the columns to sort on, the first one first"),
            .init(
                "ascending", .list(.boolean), default: .list([.bool(true)]),
                "smallest first: one value for every key, or one per key"),
            .init(
                "nulls", .choice(["first", "last"]), default: .string("last"),
                "where missing values go, whatever the direction"),
        ],
        outputs: [.init("frame", .frame, "the same rows, ordered")],
        examples: [
            .init("ranked", "sort: {from: customers, by: [plan_id, monthly_usage_gb], ascending: [true, false]}")
        ])

    struct Parameters: Decodable, Sendable {
        var from: StepReference
        var by: [String]
        var ascending: [Bool]
        var nulls: String
    }

    static func outputSchemas(_ parameters: Parameters, in context: SchemaContext) throws -> [String: FrameSchema]? {
        let input = try context.frame(parameters.from)
        context.columns(parameters.by, at: "by", in: input)
        return ["frame": input]
    }

    static func run(_ parameters: Parameters, in context: OpContext) throws -> [String: StepValue] {
        let directions = parameters.ascending
        guard directions.count == 1 || directions.count == parameters.by.count else {
            throw context.failure(
                .invalidArgument,
                "'ascending' has \(directions.count) values for \(parameters.by.count) keys in 'by'",
                hint: "give one value for every key, or one per key, in the order of 'by'", at: "ascending")
        }
        let keys = parameters.by.enumerated().map { index, column in
            SortKey(column, ascending: directions.count == 1 ? directions[0] : directions[index])
        }
        do {
            let frame = try context.frame(parameters.from)
            return ["frame": .frame(try frame.sorted(by: keys, nullsFirst: parameters.nulls == "first"))]
        } catch let error as FrameError {
            throw context.failure(error, at: "by")
        }
    }
}
