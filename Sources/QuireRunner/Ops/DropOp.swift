import QuireEngine

/// `drop`: removes the named columns.
struct DropOp: Operation {
    static let schema = OpSchema(
        name: "drop", summary: "Remove the named columns.",
        parameters: [.from, .init("columns", .list(.column), required: true, "the columns to remove")],
        outputs: [.init("frame", .frame, "the other columns")],
        examples: [
            .init("no_ids", "drop: {from: features, columns: [customer_id, city]}")
        ])

    struct Parameters: Decodable, Sendable {
        var from: StepReference
        var columns: [String]
    }

    static func outputSchemas(_ parameters: Parameters, in context: SchemaContext) throws -> [String: FrameSchema]? {
        var frame = try context.frame(parameters.from)
        context.columns(parameters.columns, at: "columns", in: frame)
        frame.columns.removeAll { parameters.columns.contains($0.name) }
        return ["frame": frame]
    }

    static func run(_ parameters: Parameters, in context: OpContext) throws -> [String: StepValue] {
        do {
            return ["frame": .frame(try context.frame(parameters.from).dropping(parameters.columns))]
        } catch let error as FrameError {
            throw context.failure(error, at: "columns")
        }
    }
}
