import QuireEngine

/// `derive`: adds (or replaces) columns computed by expressions, in the order written; window
/// functions (`lag`, `cumsum`, `rank`…) run within `by` groups, in `order`. Its `transform`
/// output keeps the expressions, so that `export` can compute the columns from raw rows.
struct DeriveOp: Operation {
    static let schema = OpSchema(
        name: "derive", summary: "Add (or replace) columns computed by expressions, in order.",
        parameters: [
            .from, .init("columns", .mapping(.expression), required: true, "new column names and their expressions"),
            .init(
                "by", .list(.column),
                "window functions restart in each group of equal values of these columns (default: one group)"),
            .init(
                "order", .list(.column),
                "window functions run along these columns within a group (default: row order); the rows keep their order"
            ),
            .init(
                "ascending", .list(.boolean),
                "the direction of `order` (default: ascending): one value for every key, or one per key"),
        ],
        outputs: [
            .init("frame", .frame, "the frame with the new columns"),
            .init(
                "transform", .transform,
                "the expressions, for `export`'s `transforms` (row by row only: not with window functions)"),
        ],
        primaryOutput: "frame",
        examples: [
            .init(
                "features",
                """
                derive:
                  from: joined
                  columns:
                    tenure_days: "days_between(signup_date, last_seen)"
                    signup_month: "month(signup_date)"
                    city_clean: "trim(lower(city))"
                    calls_per_gb: "support_calls / monthly_usage_gb"
                """
            ),
            .init(
                "usage_windows",
                """
                derive:
                  from: customers
                  by: [plan_id]
                  order: [signup_date]
                  columns:
                    previous_usage: "lag(monthly_usage_gb)"
                    usage_3: "rolling_mean(monthly_usage_gb, 3, 1)"
                    calls_so_far: "cumsum(support_calls)"
                """
            ),
        ])

    struct Parameters: Decodable, Sendable {
        var from: StepReference
        var columns: OrderedMapping<String>
        var by: [String]?
        var order: [String]?
        var ascending: [Bool]?
    }

    /// Each new column's kind is its expression's type (a condition is numeric 1/0); unknown when
    /// the type depends on a column of unknown kind.
    static func outputSchemas(_ parameters: Parameters, in context: SchemaContext) throws -> [String: FrameSchema]? {
        var frame = context.frameIfKnown(parameters.from)
        for entry in parameters.columns.entries {
            let type = context.expression(entry.value, at: "columns", key: entry.key, in: frame)
            let kind: ColumnKind? = type.map { $0 == .string ? .categorical : $0 == .date ? .date : .numeric }
            frame = frame?.setting(.init(entry.key, kind))
        }
        _ = try context.frame(parameters.from)
        return frame.map { ["frame": $0] }
    }

    static func run(_ parameters: Parameters, in context: OpContext) throws -> [String: StepValue] {
        let columns = parameters.columns.entries.map { (name: $0.key, expression: $0.value) }
        let order = parameters.order ?? []
        let directions = parameters.ascending ?? [true]
        guard directions.count == 1 || directions.count == order.count else {
            throw context.failure(
                .invalidArgument, "'ascending' has \(directions.count) values for \(order.count) keys in 'order'",
                hint: "give one value for every key, or one per key, in the order of 'order'", at: "ascending")
        }
        let keys = order.enumerated().map { index, column in
            SortKey(column, ascending: directions.count == 1 ? directions[0] : directions[index])
        }
        do {
            let frame = try context.frame(parameters.from)
            let derived = try frame.deriving(columns, by: parameters.by ?? [], order: keys)
            let transform = try DerivedColumns(
                columns.map { DerivedColumns.Entry(name: $0.name, expression: $0.expression) }, schema: frame.schema)
            return ["frame": .frame(derived), "transform": .transform(.derive(transform))]
        } catch let error as ExpressionError {
            let column = columns.first { $0.expression == error.expression }?.name
            throw context.failure(error, at: "columns", key: column)
        } catch let error as FrameError {
            throw context.failure(error, otherwiseAt: "columns")
        }
    }
}
