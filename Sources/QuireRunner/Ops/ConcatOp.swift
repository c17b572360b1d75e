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

    /// The union of the frames' columns in order of first appearance, as the engine aligns them,
    /// then the source column; a column whose frames give it two kinds is of unknown kind (the
    /// run fails unless one of those frames is empty). Unknown when a frame's columns are.
    static func outputSchemas(_ parameters: Parameters, in context: SchemaContext) throws -> [String: FrameSchema]? {
        var columns: [FrameSchema.Column] = []
        var position: [String: Int] = [:]
        var open = false
        for reference in parameters.frames {
            let frame = try context.frame(reference)
            open = open || frame.isOpen
            for column in frame.columns {
                if let at = position[column.name] {
                    if columns[at].kind != column.kind { columns[at].kind = nil }
                } else {
                    position[column.name] = columns.count
                    columns.append(column)
                }
            }
        }
        if let source = parameters.source, position[source] == nil {
            columns.append(.init(source, .categorical))
        }
        return ["frame": FrameSchema(columns, open: open)]
    }

    static func run(_ parameters: Parameters, in context: OpContext) throws -> [String: StepValue] {
        do {
            let frames = try parameters.frames.map { (name: $0.frameLabel, frame: try context.frame($0)) }
            return ["frame": .frame(try Frame.concatenating(frames, source: parameters.source))]
        } catch let error as FrameError {
            throw context.failure(error, otherwiseAt: "frames")
        }
    }
}
