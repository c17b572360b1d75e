import QuireEngine
import QuireValues

/// `join`: the rows of two frames matched on key columns (pandas' `merge`; a missing key never
/// matches).
struct JoinOp: Operation {
    static let schema = OpSchema(
        name: "join",
        summary:
            "Join two frames on key columns (pandas' merge): inner, left, right, outer, semi or anti; a missing key never matches.",
        parameters: [
            .init("left", .input(.frame), required: true, "the left frame: its columns come first"),
            .init("right", .input(.frame), required: true, "the right frame"),
            .init("on", .list(.column), "the key columns, named the same in both frames (one or a list)"),
            .init("left_on", .list(.column), "the left frame's key columns, when the names differ (with `right_on`)"),
            .init("right_on", .list(.column), "the right frame's key columns, paired with `left_on` in order"),
            .init(
                "how", .choice(JoinHow.allCases.map(\.rawValue)), default: .string("inner"),
                "which rows to keep; `semi`/`anti` keep the left rows with/without a match, left columns only"),
            suffixes,
            .init(
                "validate", .choice(JoinValidation.allCases.map(\.rawValue)), default: .string("many_to_many"),
                "fail unless each key is at most once in the left (`one_to_…`) or right (`…_to_one`) frame"),
        ],
        outputs: [
            .init(
                "frame", .frame,
                "the left columns, then the right ones; left rows in order, each followed by its matches"),
            .init(
                "matches", .table,
                "each frame's rows, how many found a match and how many did not (a missing key never matches)"),
        ],
        primaryOutput: "frame",
        examples: [
            .init("joined", "join: {left: customers, right: plans, on: plan_id, how: left, validate: many_to_one}")
        ])

    /// `suffixes`: two texts, checked by the planner.
    private static var suffixes: OpSchema.Parameter {
        var parameter = OpSchema.Parameter(
            "suffixes", .list(.string), default: .list([.string("_x"), .string("_y")]),
            "added to the left and the right name of a non-key column both frames have")
        parameter.rule = .init(accepts: "two texts: the left suffix, then the right one", test: { $0.list?.count == 2 })
        return parameter
    }

    struct Parameters: Decodable, Sendable {
        var left: StepReference
        var right: StepReference
        var on: [String]?
        var leftOn: [String]?
        var rightOn: [String]?
        var how: String
        var suffixes: [String]
        var validate: String
    }

    /// Checks the key columns on each side (a name missing from both is reported once); when both
    /// frames are known and the keys are given one way, the output's columns are the engine's
    /// (``JoinOptions/outputColumns(left:right:)``), each of its input's kind.
    static func outputSchemas(_ parameters: Parameters, in context: SchemaContext) throws -> [String: FrameSchema]? {
        let sides = [
            (
                parameters.left, parameters.on ?? parameters.leftOn ?? [], parameters.on == nil ? "left_on" : "on",
                "left"
            ),
            (
                parameters.right, parameters.on ?? parameters.rightOn ?? [], parameters.on == nil ? "right_on" : "on",
                "right"
            ),
        ]
        var reported: Set<String> = []
        for (reference, keys, parameter, side) in sides {
            guard let frame = context.frameIfKnown(reference) else { continue }
            for (index, name) in keys.enumerated() where !reported.contains(name) {
                let found = context.column(
                    name, in: frame, at: context.range(of: parameter, element: index),
                    role: "`\(parameter)` (\(side) frame):")
                if !found, parameters.on != nil { reported.insert(name) }
            }
        }
        guard let left = context.frameIfKnown(parameters.left), let right = context.frameIfKnown(parameters.right),
            let options = options(parameters)
        else { return nil }
        let columns = options.outputColumns(left: left.names, right: right.names).compactMap { output in
            (output.fromLeft ? left : right)[output.source].map { FrameSchema.Column(output.name, $0.kind) }
        }
        // Two columns of one name fail at run time, with the engine's message.
        guard Set(columns.map(\.name)).count == columns.count else { return nil }
        let open = left.isOpen || (right.isOpen && options.how != .semi && options.how != .anti)
        return ["frame": FrameSchema(columns, open: open)]
    }

    static func run(_ parameters: Parameters, in context: OpContext) throws -> [String: StepValue] {
        let options = try options(parameters, in: context)
        do {
            let result = try context.frame(parameters.left).joined(with: context.frame(parameters.right), options)
            let matches = Table(
                columns: ["frame", "rows", "matched", "unmatched"],
                rows: [
                    [
                        .text("left: \(parameters.left.frameLabel)"), .number(Double(result.leftRows)),
                        .number(Double(result.matchedLeft)), .number(Double(result.unmatchedLeft)),
                    ],
                    [
                        .text("right: \(parameters.right.frameLabel)"), .number(Double(result.rightRows)),
                        .number(Double(result.matchedRight)), .number(Double(result.unmatchedRight)),
                    ],
                ])
            return ["frame": .frame(result.frame), "matches": .table(matches)]
        } catch let error as FrameError {
            throw context.failure(error, otherwiseAt: "on")
        }
    }

    /// The engine's options when `on`, or `left_on` with `right_on`, are given the one way that works.
    private static func options(_ parameters: Parameters) -> JoinOptions? {
        let how = JoinHow(rawValue: parameters.how) ?? .inner
        let validate = JoinValidation(rawValue: parameters.validate) ?? .manyToMany
        let suffixes = (parameters.suffixes.first ?? "_x", parameters.suffixes.last ?? "_y")
        switch (parameters.on, parameters.leftOn, parameters.rightOn) {
        case (let on?, nil, nil):
            return JoinOptions(on: on, how: how, suffixes: suffixes, validate: validate)
        case (nil, let leftOn?, let rightOn?):
            return JoinOptions(leftOn: leftOn, rightOn: rightOn, how: how, suffixes: suffixes, validate: validate)
        default:
            return nil
        }
    }

    /// The engine's options, or the step's failure saying how to give the keys.
    private static func options(_ parameters: Parameters, in context: OpContext) throws -> JoinOptions {
        if let options = options(parameters) { return options }
        switch (parameters.on, parameters.leftOn, parameters.rightOn) {
        case (.some, _, _):
            throw context.failure(
                .invalidArgument, "give the keys with `on` or with `left_on` and `right_on`, not both",
                hint: "`on` is for keys named the same in both frames", at: "on")
        case (nil, .some, nil):
            throw context.failure(
                .invalidArgument, "`left_on` needs `right_on`",
                hint: "name the right frame's key columns with `right_on`, in the order of `left_on`", at: "left_on")
        case (nil, nil, .some):
            throw context.failure(
                .invalidArgument, "`right_on` needs `left_on`",
                hint: "name the left frame's key columns with `left_on`, in the order of `right_on`", at: "right_on")
        default:
            throw context.failure(
                .invalidArgument, "a join needs its key columns",
                hint: "name them with `on` (the same names in both frames), or with `left_on` and `right_on`",
                at: "left")
        }
    }
}
