import QuireEngine

/// `derive`: adds (or replaces) columns computed by expressions, in the order written.
struct DeriveOp: Operation {
    static let schema = OpSchema(
        name: "derive", summary: "Add (or replace) columns computed by expressions, in order.",
        parameters: [
            .from, .init("columns", .mapping(.expression), required: true, "new column names and their expressions"),
        ],
        outputs: [.init("frame", .frame, "the frame with the new columns")],
        examples: [
            .init(
                "features",
                "derive: {from: customers, columns: {calls_per_gb: \"support_calls / monthly_usage_gb\", heavy_user: \"monthly_usage_gb > 20\"}}"
            )
        ])

    struct Parameters: Decodable, Sendable {
        var from: StepReference
        var columns: OrderedMapping<String>
    }

    static func run(_ parameters: Parameters, in context: OpContext) throws -> [String: StepValue] {
        let columns = parameters.columns.entries.map { (name: $0.key, expression: $0.value) }
        do {
            return ["frame": .frame(try context.frame(parameters.from).deriving(columns))]
        } catch let error as ExpressionError {
            let column = columns.first { $0.expression == error.expression }?.name
            throw context.failure(error, at: "columns", key: column)
        } catch let error as FrameError {
            throw context.failure(error, at: "columns")
        }
    }
}
