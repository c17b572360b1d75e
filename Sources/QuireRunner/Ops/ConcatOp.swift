import QuireEngine

/// `concat`: the rows of several frames, columns aligned by name (pandas' `concat`).
struct ConcatOp: Operation {
    static let schema: OpSchema = {
        var frames = OpSchema.Parameter(
            "frames", .list(.input(.frame)), required: true,
            "the frames, in order (`[jan, feb]`, `[split.train, split.test]`)")
        // The source column holds the references' names, so they enter the cache key.
        frames.keyIncludesReferenceNames = true
        return OpSchema(
            name: "concat",
            summary:
                "Stack the rows of several frames: columns matched by name (in order of first appearance), missing ones null.",
            parameters: [
                frames,
                .init(
                    "source", .string,
                    "add a text column of this name holding each row's frame: the step (`jan`), or `step.output` for another output than `frame` (`split.test`)"
                ),
            ],
            outputs: [.init("frame", .frame, "every frame's rows, one frame after another")],
            examples: [
                .init("stacked", "concat: {frames: [split.train, split.test], source: part}")
            ])
    }()

    struct Parameters: Decodable, Sendable {
        var frames: [StepReference]
        var source: String?
    }

    /// The name a row's frame has in the source column: the step, or `step.output` for an output
    /// other than a step's `frame`.
    static func label(_ reference: StepReference) -> String {
        reference.output == "frame" || reference.output.isEmpty ? reference.step : reference.description
    }

    static func run(_ parameters: Parameters, in context: OpContext) throws -> [String: StepValue] {
        do {
            let frames = try parameters.frames.map { (name: label($0), frame: try context.frame($0)) }
            return ["frame": .frame(try Frame.concatenating(frames, source: parameters.source))]
        } catch let error as FrameError {
            throw context.failure(error, otherwiseAt: "frames")
        }
    }
}
