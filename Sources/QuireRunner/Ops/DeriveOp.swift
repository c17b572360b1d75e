import QuireEngine

/// `derive`: adds (or replaces) columns computed by expressions, in the order written.
struct DeriveOp: Operation {
    static let schema = OpSchema(
        name: "derive", summary: "Add (or replace) columns computed by expressions, in order.",
        parameters: [
            .from, .init("columns", .mapping(.expression), required: true, "new column names and their expressions"),
        ],
        outputs: [.init("frame", .frame, "the frame with the new columns")])

    struct Parameters: Decodable, Sendable {
        var from: StepReference
        var columns: OrderedMapping<String>
    }

    /// Each new column's kind is its expression's type (a condition is numeric 1/0); unknown when
    /// the type depends on a column of unknown kind.
    static func outputSchemas(_ parameters: Parameters, in context: SchemaContext) throws -> [String: FrameSchema]? {
        var frame = context.frameIfKnown(parameters.from)
        for entry in parameters.columns.entries {
            let type = context.expression(entry.value, at: "columns", key: entry.key, in: frame)
            let kind: ColumnKind? = type.map { $0 == .string ? .categorical : .numeric }
            frame = frame?.setting(.init(entry.key, kind))
        }
        _ = try context.frame(parameters.from)
        return frame.map { ["frame": $0] }
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
