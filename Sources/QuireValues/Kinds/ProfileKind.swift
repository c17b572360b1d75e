import QuireEngine
import QuireSupport

/// Per-column summary statistics of a frame, with a histogram per numeric column: what
/// `profile` produces.
///
/// Stored as sorted-key JSON; the value is small enough to be its own summary.
public enum ProfileKind: ValueKindDefinition {
    /// `profile`.
    public static let kind = ValueKind("profile", article: "a profile")

    /// `rows` and `columns` of the profiled frame.
    public static func scalars(of value: ProfileValue) -> [String: Double] {
        ["rows": Double(value.profile.rowCount), "columns": Double(value.profile.columns.count)]
    }

    /// `rows`, a `profile` row per column and the `histograms`.
    public static func json(of value: ProfileValue) -> [String: JSONValue] {
        [
            "rows": .integer(value.profile.rowCount),
            "profile": .array(value.profile.columns.map(json(of:))),
            "histograms": .array(
                value.histograms.map { histogram in
                    .object([
                        "column": .string(histogram.column), "low": .number(histogram.low),
                        "high": .number(histogram.high),
                        "counts": .array(histogram.counts.map(JSONValue.integer)),
                    ])
                }),
        ]
    }

    /// One column's statistics in the JSON summary.
    static func json(of column: ColumnProfile) -> JSONValue {
        // A date column's min and max are ISO 8601 texts, as the report shows them.
        func number(_ value: Double?) -> JSONValue {
            guard column.kind == .date else { return value.map(JSONValue.number) ?? .null }
            return value.flatMap { DateText.format($0, dateOnly: column.dateOnly) }.map(JSONValue.string) ?? .null
        }
        return .object([
            "name": .string(column.name), "type": .string(column.kind.rawValue), "count": .integer(column.count),
            "missing": .integer(column.missing), "distinct": .integer(column.distinct), "mean": number(column.mean),
            "std": number(column.std), "min": number(column.min), "q25": number(column.q25), "q50": number(column.q50),
            "q75": number(column.q75), "max": number(column.max),
            "top": .array(column.top.map { .object(["value": .string($0.value), "count": .integer($0.count)]) }),
        ])
    }

    /// A table with a row per column: type, a histogram sparkline, counts, moments, quantiles
    /// and top values.
    public static func render(_ value: ProfileValue, name: String, options: RenderOptions) -> HTML {
        let profile = value.profile
        var caption = HTML.element("span", ["class": "output-name"], .text(name))
        caption += .text(" · \(profile.columns.count) columns of \(NumberFormat.integer(profile.rowCount)) rows")
        let headers = [
            "column", "type", "histogram (count)", "count", "missing", "distinct", "mean", "std", "min", "25%", "50%",
            "75%", "max", "top values",
        ]
        let histograms = Dictionary(
            value.histograms.map { ($0.column, $0) }, uniquingKeysWith: { first, _ in first })
        var head = HTML.empty
        for header in headers { head += .element("th", [:], .text(header)) }
        var body = HTML.empty
        for column in profile.columns {
            var cells = HTML.element("th", ["scope": "row"], .text(column.name))
            cells += .element("td", [:], .text(column.kind.rawValue))
            cells += .element("td", ["class": "chart"], histograms[column.name].map(sparkline) ?? .empty)
            for value in [column.count, column.missing, column.distinct] {
                cells += .element("td", ["class": "num"], .text(NumberFormat.integer(value)))
            }
            // In the data's own units: no thousands separators, so that years and ids read as written.
            for value in [column.mean, column.std, column.min, column.q25, column.q50, column.q75, column.max] {
                if column.kind == .date {
                    let text = value.flatMap { DateText.format($0, dateOnly: column.dateOnly) } ?? "—"
                    cells += .element("td", ["class": "num"], .text(text))
                    continue
                }
                cells += .element("td", ["class": "num"], .text(NumberFormat.decimal(value, grouping: false)))
            }
            let top: String
            if column.kind == .categorical && column.distinct == column.count - column.missing && column.count > 1 {
                top = "all distinct"
            } else {
                top = column.top.prefix(3).map { "\($0.value) (\(NumberFormat.integer($0.count)))" }.joined(
                    separator: ", ")
            }
            cells += .element("td", ["class": "top"], .text(top))
            body += .element("tr", [:], cells)
        }
        let table = HTML.element(
            "table", ["class": "profile"], .element("thead", [:], .element("tr", [:], head)),
            .element("tbody", [:], body))
        return .element(
            "figure", ["class": "output profile"], .element("figcaption", [:], caption),
            OutputRendering.scrollingTable(table, columns: headers.count))
    }

    /// A small bar chart of a histogram with a y axis of counts, as inline SVG that follows the
    /// theme's accent colour.
    static func sparkline(_ histogram: Histogram) -> HTML {
        let total = histogram.counts.reduce(0, +)
        let title =
            "\(histogram.column): \(NumberFormat.integer(total)) values from "
            + "\(NumberFormat.decimal(histogram.low, grouping: false)) to \(NumberFormat.decimal(histogram.high, grouping: false)), "
            + "count per bin"
        return Charts.histogramSparkline(counts: histogram.counts, title: title)
    }
}

extension ValueKind {
    /// Per-column statistics of a frame (``ProfileKind``).
    public static let profile = ProfileKind.kind
}

extension StepValue {
    /// A profile value.
    public static func profile(_ profile: ProfileValue) -> StepValue { StepValue(ProfileKind.self, profile) }

    /// The profile, when the value is one.
    public var profile: ProfileValue? { self.as(ProfileKind.self) }
}

extension OutputSummary {
    /// The profile, when the output is one.
    public var profile: ProfileValue? { self.as(ProfileKind.self) }
}

extension ColumnProfile {
    /// Whether a date column's min and max both fall on midnight, so they print as `YYYY-MM-DD`.
    var dateOnly: Bool { DateText.isDateOnly([min, max].compactMap { $0 }) }
}
