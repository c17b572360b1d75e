import QuireEngine
import QuireValues

/// `cast`: converts columns to other types, each in its place (pandas' `astype` / `to_numeric` /
/// `to_datetime`).
struct CastOp: Operation {
    static let schema = OpSchema(
        name: "cast",
        summary:
            "Convert columns to num, int, bool (1/0), str or date; a value that does not convert fails the step, or becomes missing with errors: null.",
        parameters: [
            .from,
            .init(
                "columns", .mapping(.choice(CastType.allCases.map(\.rawValue))), required: true,
                "column → type (`{zip: str, signup: date, age: int}`); bool reads true/false, 1/0, yes/no; date reads ISO 8601 text"
            ),
            .init(
                "errors", .choice(["fail", "null"]), default: .string("fail"),
                "what a value that does not convert does: fail the step (naming its row and value), or become missing"),
        ],
        outputs: [
            .init("frame", .frame, "the same rows, with the columns converted"),
            .init(
                "nulls", .table, optional: true,
                "with errors: null, how many values of each column did not convert and became missing"),
        ],
        examples: [
            .init("typed", "cast: {from: customers, columns: {plan_id: str, churned: bool}}")
        ])

    struct Parameters: Decodable, Sendable {
        var from: StepReference
        var columns: OrderedMapping<CastType>
        var errors: String
    }

    static func outputSchemas(_ parameters: Parameters, in context: SchemaContext) throws -> [String: FrameSchema]? {
        var frame = try context.frame(parameters.from)
        for entry in parameters.columns.entries {
            context.column(entry.key, in: frame, at: context.range(of: "columns", key: entry.key), role: "`columns`:")
            let kind: ColumnKind =
                switch entry.value {
                case .str: .categorical
                case .date: .date
                case .num, .int, .bool: .numeric
                }
            frame = frame.setting(.init(entry.key, kind))
        }
        return ["frame": frame]
    }

    static func run(_ parameters: Parameters, in context: OpContext) throws -> [String: StepValue] {
        let toNull = parameters.errors == "null"
        do {
            let casts = parameters.columns.entries.map { (name: $0.key, type: $0.value) }
            let (frame, report) = try context.frame(parameters.from).casting(casts, errorsToNull: toNull)
            var outputs: [String: StepValue] = ["frame": .frame(frame)]
            if toNull {
                let table = Table(
                    columns: ["column", "to", "became null"],
                    rows: zip(report.nulled, casts).map { entry, cast in
                        [.text(entry.column), .text(cast.type.rawValue), .number(Double(entry.count))]
                    },
                    metrics: ["nulls": Double(report.total)])
                outputs["nulls"] = .table(table)
            }
            return outputs
        } catch let error as FrameError {
            throw context.failure(error, at: "columns")
        }
    }
}
