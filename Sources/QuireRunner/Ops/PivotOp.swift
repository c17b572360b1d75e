import QuireEngine

/// `pivot`: long to wide (pandas' `pivot`, or `pivot_table` with an aggregate).
struct PivotOp: Operation {
    static let schema = OpSchema(
        name: "pivot",
        summary:
            "Long to wide: one row per `index` combination (sorted), one column per value of `columns` (sorted), each cell from `values`.",
        parameters: [
            .from,
            .init(
                "index", .list(.column), required: true,
                "the columns identifying an output row; rows with a missing key are left out"),
            .init(
                "columns", .column, required: true,
                "the column whose values name the new columns (numbers as the CSV writer prints them: `2.0`)"),
            .init("values", .column, required: true, "the column whose values fill the cells"),
            .init(
                "aggregate", .choice(PivotAggregate.allCases.map(\.rawValue)),
                "how the values of several rows in one cell combine (missing values skipped); without it, two rows in one cell are an error"
            ),
        ],
        outputs: [
            .init("frame", .frame, "the index columns, then one column per value; a cell without rows is missing")
        ],
        examples: [
            .init(
                "calls_by_plan",
                "pivot: {from: features, index: [plan], columns: churned, values: support_calls, aggregate: mean}")
        ])

    struct Parameters: Decodable, Sendable {
        var from: StepReference
        var index: [String]
        var columns: String
        var values: String
        var aggregate: String?
    }

    /// Checks `index`, `columns` and `values`; the output has the index columns, then one column
    /// per value of `columns`, which only the data knows (an open schema).
    static func outputSchemas(_ parameters: Parameters, in context: SchemaContext) throws -> [String: FrameSchema]? {
        let input = try context.frame(parameters.from)
        context.columns(parameters.index, at: "index", in: input)
        context.column(parameters.columns, at: "columns", in: input)
        context.column(parameters.values, at: "values", in: input)
        return ["frame": FrameSchema(parameters.index.map { input[$0] ?? .init($0, nil) }, open: true)]
    }

    static func run(_ parameters: Parameters, in context: OpContext) throws -> [String: StepValue] {
        do {
            let frame = try context.frame(parameters.from)
            let wide = try frame.pivoted(
                index: parameters.index, columns: parameters.columns, values: parameters.values,
                aggregate: parameters.aggregate.flatMap(PivotAggregate.init(rawValue:)))
            return ["frame": .frame(wide)]
        } catch let error as FrameError {
            throw context.failure(error, otherwiseAt: "from")
        }
    }
}
