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

    static func run(_ parameters: Parameters, in context: OpContext) throws -> [String: StepValue] {
        do {
            return ["frame": .frame(try context.frame(parameters.from).selecting(parameters.columns))]
        } catch let error as FrameError {
            throw context.failure(error, at: "columns")
        }
    }
}
