import QuireSupport

/// Rows of named cells: what `tune` (its results), `compare` and `explain` produce.
///
/// Stored as sorted-key JSON; the value is its own summary.
public enum TableKind: ValueKindDefinition {
    /// `table`.
    public static let kind = ValueKind("table", article: "a table")

    /// The table's headline metrics and `rows`.
    public static func scalars(of table: Table) -> [String: Double] {
        table.metrics.merging(["rows": Double(table.rows.count)]) { metric, _ in metric }
    }

    /// `rows`, and the `table` as columns and rows of strings and numbers.
    public static func json(of table: Table) -> [String: JSONValue] {
        [
            "rows": .integer(table.rows.count),
            "table": .object([
                "columns": .array(table.columns.map(JSONValue.string)),
                "rows": .array(
                    table.rows.map { row in
                        .array(
                            row.map { cell in
                                switch cell {
                                case .text(let text): .string(text)
                                case .number(let number): .number(number)
                                }
                            })
                    }),
            ]),
        ]
    }

    /// The table's headline metrics.
    public static func metrics(of table: Table) -> [String: Double] { table.metrics }

    /// The table, numbers right-aligned.
    public static func render(_ table: Table, name: String, options: RenderOptions) -> HTML {
        var head = HTML.empty
        for column in table.columns { head += .element("th", [:], .text(column)) }
        var body = HTML.empty
        for row in table.rows {
            var cells = HTML.empty
            for cell in row {
                switch cell {
                case .text(let text): cells += .element("td", [:], .text(text))
                case .number(let number):
                    cells += .element("td", ["class": "num"], .text(NumberFormat.decimal(number)))
                }
            }
            body += .element("tr", [:], cells)
        }
        return .element(
            "figure", ["class": "output table"],
            .element(
                "figcaption", [:], .element("span", ["class": "output-name"], .text(name)),
                .text(" · \(table.rows.count) rows")),
            OutputRendering.scrollingTable(
                .element("table", [:], .element("thead", [:], .element("tr", [:], head)), .element("tbody", [:], body)),
                columns: table.columns.count))
    }
}

extension ValueKind {
    /// Rows of named cells (``TableKind``).
    public static let table = TableKind.kind
}

extension StepValue {
    /// A table value.
    public static func table(_ table: Table) -> StepValue { StepValue(TableKind.self, table) }

    /// The table, when the value is one.
    public var table: Table? { self.as(TableKind.self) }
}

extension OutputSummary {
    /// The table, when the output is one.
    public var table: Table? { self.as(TableKind.self) }
}
