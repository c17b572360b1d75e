import QuireEngine
import QuireRunner
import QuireValues

/// An op Quire does not ship, defined in one file: it produces a ``SketchKind`` value.
struct SketchOp: Operation {
    static let schema = OpSchema(
        name: "sketch", summary: "A coarse histogram of one numeric column.",
        parameters: [
            .init("from", .input(.frame), required: true, "the frame to read"),
            .init("column", .column, required: true, "the numeric column"),
            .init("bins", .integer, default: .integer(4), range: .between(1, 100), "equal-width bins"),
        ],
        outputs: [.init("sketch", SketchKind.kind, "counts per bin")])

    /// The parameters, decoded by the schema (which holds the defaults).
    struct Parameters: Decodable, Sendable {
        var from: StepReference
        var column: String
        var bins: Int
    }

    static func run(_ parameters: Parameters, in context: OpContext) throws -> [String: StepValue] {
        guard let numbers = try context.frame(parameters.from)[parameters.column]?.numbers else {
            throw context.failure(.invalidArgument, "`\(parameters.column)` is not a numeric column", at: "column")
        }
        let histogram = Histogram(column: parameters.column, values: numbers, bins: parameters.bins)
        return [
            "sketch": StepValue(
                SketchKind.self,
                Sketch(column: parameters.column, low: histogram.low, high: histogram.high, counts: histogram.counts))
        ]
    }
}
