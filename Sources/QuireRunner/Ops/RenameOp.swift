import QuireEngine

/// `rename`: gives columns new names, each in its place (pandas' `rename(columns=…)`).
struct RenameOp: Operation {
    static let schema = OpSchema(
        name: "rename", summary: "Give columns new names, all at once; each column keeps its place.",
        parameters: [
            .from,
            .init("columns", .mapping(.column), required: true, "old name → new name (`{monthly_fee: fee}`)"),
        ],
        outputs: [.init("frame", .frame, "the same columns, renamed")],
        examples: [
            .init("renamed", "rename: {from: customers, columns: {monthly_usage_gb: usage_gb}}")
        ])

    struct Parameters: Decodable, Sendable {
        var from: StepReference
        var columns: OrderedMapping<String>
    }

    static func outputSchemas(_ parameters: Parameters, in context: SchemaContext) throws -> [String: FrameSchema]? {
        var frame = try context.frame(parameters.from)
        for entry in parameters.columns.entries {
            guard
                context.column(
                    entry.key, in: frame, at: context.range(of: "columns", key: entry.key), role: "`columns`:")
            else { continue }
            for index in frame.columns.indices where frame.columns[index].name == entry.key {
                frame.columns[index].name = entry.value
            }
        }
        return ["frame": frame]
    }

    static func run(_ parameters: Parameters, in context: OpContext) throws -> [String: StepValue] {
        do {
            let mapping = Dictionary(
                parameters.columns.entries.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
            return ["frame": .frame(try context.frame(parameters.from).renaming(mapping))]
        } catch let error as FrameError {
            throw context.failure(error, at: "columns")
        }
    }
}
