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

    static func run(_ context: OpContext) throws -> [String: StepValue] {
        let name = context.string("column") ?? ""
        guard let numbers = try context.frame("from")[name]?.numbers else {
            throw context.failure("`\(name)` is not a numeric column", at: "column")
        }
        let histogram = Histogram(column: name, values: numbers, bins: context.integer("bins") ?? 4)
        return [
            "sketch": StepValue(
                SketchKind.self,
                Sketch(column: name, low: histogram.low, high: histogram.high, counts: histogram.counts))
        ]
    }
}
