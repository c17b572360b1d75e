import QuireEngine

/// `filter`: keeps the rows where an expression is true.
struct FilterOp: Operation {
    static let schema = OpSchema(
        name: "filter", summary: "Keep the rows where an expression is true (missing counts as false).",
        parameters: [.from, .init("where", .expression, required: true, "a condition over the columns")],
        outputs: [.init("frame", .frame, "the rows kept")],
        examples: [
            .init(
                "active", "filter: {from: customers, where: \"support_calls < 5 and not is_missing(monthly_usage_gb)\"}"
            )
        ])

    struct Parameters: Decodable, Sendable {
        var from: StepReference
        var `where`: String
    }

    static func outputSchemas(_ parameters: Parameters, in context: SchemaContext) throws -> [String: FrameSchema]? {
        let input = context.frameIfKnown(parameters.from)
        context.expression(parameters.where, at: "where", in: input, expecting: .boolean)
        return ["frame": try context.frame(parameters.from)]
    }

    static func run(_ parameters: Parameters, in context: OpContext) throws -> [String: StepValue] {
        do {
            return ["frame": .frame(try context.frame(parameters.from).filter(parameters.where))]
        } catch let error as ExpressionError {
            throw context.failure(error, at: "where")
        } catch let error as FrameError {
            throw context.failure(error, at: "where")
        }
    }
}
