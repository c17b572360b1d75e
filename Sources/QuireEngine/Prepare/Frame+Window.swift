/// Where window functions (`lag`, `lead`, `rolling_mean`, `rolling_sum`, `cumsum`, `rank`) run:
/// the frame's rows split into groups and ordered within each group.
///
/// Built once per `derive` by a stable sort of the row indices on the `by` keys, then the `order`
/// keys; every window column is then one linear pass over ``rows``, group by group, writing each
/// result back at its row's own position (the frame's row order is kept).
struct WindowLayout: Sendable {
    /// Row indices in window order: the groups one after another, each in `order`.
    let rows: [Int]
    /// Where each group starts in ``rows``, then `rows.count`: group `g` is `bounds[g]..<bounds[g + 1]`.
    let bounds: [Int]

    /// The whole frame as one group, in row order: windows without `by` or `order`.
    static func rowOrder(count: Int) -> WindowLayout {
        WindowLayout(rows: Array(0..<count), bounds: count == 0 ? [0] : [0, count])
    }

    /// The groups of equal `by` keys (a missing key is a key: such rows form their own group), each
    /// ordered by `order` (missing values last, whatever the direction; ties keep row order).
    ///
    /// - Throws: ``FrameError`` `unknownColumn` about `by` or `order`.
    init(_ frame: Frame, by: [String], order: [SortKey]) throws {
        let groups = try by.map { name in
            do {
                return SortOrder(try frame.column(named: name).values, ascending: true, nullsFirst: false)
            } catch let error as FrameError { throw error.about("by") }
        }
        let orders = try order.map { key in
            do {
                return SortOrder(
                    try frame.column(named: key.column).values, ascending: key.ascending, nullsFirst: false)
            } catch let error as FrameError { throw error.about("order") }
        }
        let count = frame.rowCount
        var rows = Array(0..<count)
        let keys = groups + orders
        if !keys.isEmpty, count > 1 {
            rows.sort { a, b in
                for key in keys {
                    let comparison = key.compare(a, b)
                    if comparison != 0 { return comparison < 0 }
                }
                return a < b
            }
        }
        var bounds = [0]
        if count > 0 {
            for k in 1..<count where groups.contains(where: { $0.compare(rows[k - 1], rows[k]) != 0 }) {
                bounds.append(k)
            }
            bounds.append(count)
        }
        self.rows = rows
        self.bounds = bounds
    }

    private init(rows: [Int], bounds: [Int]) {
        self.rows = rows
        self.bounds = bounds
    }

    /// Calls `body` with each group's range of positions in ``rows``.
    func forEachGroup(_ body: (Range<Int>) -> Void) {
        for g in 0..<(bounds.count - 1) { body(bounds[g]..<bounds[g + 1]) }
    }
}

extension Frame {
    /// The frame with new (or replaced) columns computed by expressions that may use window
    /// functions, run within the groups of equal `by` keys and in `order` (pandas'
    /// `groupby(by, dropna=False)` after a stable `sort_values(order)`).
    ///
    /// The frame's rows keep their order: each window runs over its group in `order` and writes its
    /// result back at each row's position, as pandas' `groupby().shift()` keeps the index. A missing
    /// `by` key is a key of its own; missing `order` values come last in their group. `by` and
    /// `order` name columns of this frame (not columns the same `derive` adds). Without `by` and
    /// `order` the windows run over the whole frame in row order.
    ///
    /// - Parameters:
    ///   - columns: pairs of new column name and expression text, computed in order.
    ///   - by: the group keys.
    ///   - order: the keys the windows run along within a group.
    /// - Throws: ``ExpressionError``; ``FrameError`` `unknownColumn` about `by` or `order`.
    public func deriving(
        _ columns: [(name: String, expression: String)], by: [String], order: [SortKey]
    ) throws -> Frame {
        let parsed = try columns.map { (name: $0.name, expression: try Expression($0.expression)) }
        var schema = self.schema
        for (name, expression) in parsed {
            let type = try expression.check(against: schema)
            let kind: ColumnKind = type == .string ? .categorical : type == .date ? .date : .numeric
            if let index = schema.fields.firstIndex(where: { $0.name == name }) {
                schema.fields[index].kind = kind
            } else {
                schema.fields.append(Schema.Field(name: name, kind: kind))
            }
        }
        let layout =
            by.isEmpty && order.isEmpty
            ? nil : try WindowLayout(self, by: by, order: order)
        var frame = self
        for (name, expression) in parsed {
            frame = try frame.setting(expression.evaluate(on: frame, windows: layout).column(named: name))
        }
        return frame
    }
}
