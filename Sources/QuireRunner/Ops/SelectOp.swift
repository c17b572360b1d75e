import QuireEngine

/// `select`: keeps the named columns, in the order given.
struct SelectOp: Operation {
    static let schema = OpSchema(
        name: "select", summary: "Keep only the named columns, in the order given.",
        parameters: [.from, .init("columns", .list(.column), required: true, "the columns to keep")],
        outputs: [.init("frame", .frame, "the selected columns")],
        examples: [
            .init("slim", "select: {from: customers, columns: [customer_id, support_calls, churned]}")
        ])

    struct Parameters: Decodable, Sendable {
        var from: StepReference
        var columns: [String]
    }

    static func outputSchemas(_ parameters: Parameters, in context: SchemaContext) throws -> [String: FrameSchema]? {
        let input = try context.frame(parameters.from)
        context.columns(parameters.columns, at: "columns", in: input)
        let kept = parameters.columns.map { input[$0] ?? .init($0, nil) }
        return ["frame": FrameSchema(kept)]
    }

    /// Only the columns it keeps.
    static func columnsRead(_ parameters: Parameters) -> [StepReference: Set<String>] {
        [parameters.from: Set(parameters.columns)]
    }

    static func run(_ parameters: Parameters, in context: OpContext) throws -> [String: StepValue] {
        do {
            return ["frame": .frame(try context.frame(parameters.from).selecting(parameters.columns))]
        } catch let error as FrameError {
            throw context.failure(error, at: "columns")
        }
    }
}
