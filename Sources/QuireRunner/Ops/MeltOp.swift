import QuireEngine

/// `melt`: wide to long (pandas' `melt(id_vars, value_vars, var_name, value_name)`).
struct MeltOp: Operation {
    static let schema = OpSchema(
        name: "melt",
        summary:
            "Wide to long: one row per row and melted column, with the column's name and its value; every row for the first column, then the next.",
        parameters: [
            .from,
            .init("id", .list(.column), default: .list([]), "the columns repeated on every row (pandas' `id_vars`)"),
            .init(
                "columns", .list(.column),
                "the columns to melt, all of one kind (every column not in `id` by default; pandas' `value_vars`)"),
            .init(
                "variable", .string, default: .string("variable"),
                "the name of the new column holding each value's column name"),
            .init("value", .string, default: .string("value"), "the name of the new column holding the values"),
        ],
        outputs: [.init("frame", .frame, "the id columns, `variable` and `value`")],
        examples: [
            .init(
                "plan_measures",
                "melt: {from: by_plan, id: [plan], columns: [customers, churn_rate], variable: measure, value: value}")
        ])

    struct Parameters: Decodable, Sendable {
        var from: StepReference
        var id: [String]
        var columns: [String]?
        var variable: String
        var value: String
    }

    /// Checks `id` and `columns`; the output is the id columns, `variable` (text) and `value`, of
    /// the melted columns' kind when they share one.
    static func outputSchemas(_ parameters: Parameters, in context: SchemaContext) throws -> [String: FrameSchema]? {
        let input = try context.frame(parameters.from)
        context.columns(parameters.id, at: "id", in: input)
        if let melted = parameters.columns { context.columns(melted, at: "columns", in: input) }
        guard !input.isOpen || parameters.columns != nil else { return nil }
        let melted = (parameters.columns ?? input.names.filter { !parameters.id.contains($0) }).map { input[$0]?.kind }
        let kinds = Set(melted)
        let kind = kinds.count == 1 ? kinds.first ?? nil : nil
        let ids = parameters.id.map { input[$0] ?? .init($0, nil) }
        return ["frame": FrameSchema(ids + [.init(parameters.variable, .categorical), .init(parameters.value, kind)])]
    }

    static func run(_ parameters: Parameters, in context: OpContext) throws -> [String: StepValue] {
        do {
            let frame = try context.frame(parameters.from)
            let long = try frame.melted(
                ids: parameters.id, columns: parameters.columns, variable: parameters.variable, value: parameters.value)
            return ["frame": .frame(long)]
        } catch let error as FrameError {
            throw context.failure(error, otherwiseAt: "columns")
        }
    }
}
