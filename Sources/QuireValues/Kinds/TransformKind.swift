import Foundation
import QuireEngine
import QuireSupport

/// A fitted preprocessing transform: what `impute`, `encode` and `scale` produce beside the frames
/// they transform, and what `export` can put in front of a model so that it takes raw rows.
///
/// Stored as the transform's sorted-key JSON (the format a model file keeps its preprocessing in,
/// so equal transforms give equal bytes). Its summary is a ``TransformSummary``: one row per
/// column with the statistics learned for it.
public enum TransformKind: ValueKindDefinition {
    /// `transform`.
    public static let kind = ValueKind("transform", article: "a transform")

    /// The method and the statistics per column.
    public static func summary(of transform: FittedTransform) -> TransformSummary { TransformSummary(transform) }

    /// `columns`: how many columns the transform reads (none for `derive`'s expressions, which
    /// learn nothing).
    public static func scalars(of summary: TransformSummary) -> [String: Double] {
        summary.method == "derive" ? [:] : ["columns": Double(summary.columns.count)]
    }

    /// `transform`: its method, columns and statistics.
    public static func json(of summary: TransformSummary) -> [String: JSONValue] {
        [
            "transform": .object([
                "method": .string(summary.method), "detail": .string(summary.detail),
                "columns": .array(summary.columns.map(JSONValue.string)),
                "statistics": .array(summary.statistics.map(JSONValue.string)),
            ])
        ]
    }

    /// A caption with the method, then a table: column → fitted statistics. Nothing for `derive`'s
    /// expressions: the step's source shows them.
    public static func render(_ summary: TransformSummary, name: String, options: RenderOptions) -> HTML {
        if summary.method == "derive" { return .empty }
        var caption = HTML.element("span", ["class": "output-name"], .text(name))
        caption += .text(
            " · \(summary.method)" + (summary.detail.isEmpty ? "" : " (\(summary.detail))") + " · "
                + NumberFormat.count(summary.columns.count, "column"))
        var body = HTML.empty
        for (column, statistics) in zip(summary.columns, summary.statistics) {
            body += .element(
                "tr", [:], .element("th", ["scope": "row"], .text(column)), .element("td", [:], .text(statistics)))
        }
        let head = HTML.element(
            "tr", [:], .element("th", [:], .text("column")), .element("th", [:], .text(summary.statisticsHeading)))
        return .element(
            "figure", ["class": "output transform"], .element("figcaption", [:], caption),
            OutputRendering.scrollingTable(
                .element("table", [:], .element("thead", [:], head), .element("tbody", [:], body)), columns: 2))
    }
}

/// What a report shows of a fitted transform: its method and, per column, what was learned.
public struct TransformSummary: Codable, Sendable, Hashable {
    /// The method as notebooks name it: `impute`, `one_hot`, `ordinal`, `target`, `standard`,
    /// `min_max`, `robust`, `derive`.
    public var method: String
    /// The method's settings in words (`strategy median`, `binary target churned, smooth auto`).
    public var detail: String
    /// The columns the transform reads, in fit order (for `derive`: the columns it computes).
    public var columns: [String]
    /// The heading of the statistics column (`fill value`, `mean, scale`, `categories`).
    public var statisticsHeading: String
    /// The statistics of each column, as text.
    public var statistics: [String]

    /// At most this many categories (or encodings) are listed per column.
    public static let categoryLimit = 12

    /// The summary of `transform`.
    public init(_ transform: FittedTransform) {
        func number(_ value: Double) -> String { NumberFormat.decimal(value, significantDigits: 6) }
        func list(_ items: [String]) -> String {
            let shown = items.prefix(Self.categoryLimit).joined(separator: ", ")
            return items.count > Self.categoryLimit ? shown + ", … (\(items.count) in all)" : shown
        }
        columns = transform.columns
        switch transform {
        case .impute(let imputer):
            method = "impute"
            detail =
                switch imputer.strategy {
                case .mean: "strategy mean"
                case .median: "strategy median"
                case .mostFrequent: "strategy most_frequent"
                case .constantNumber, .constantString: "strategy constant"
                }
            statisticsHeading = "fill value"
            statistics = imputer.fills.map {
                switch $0 {
                case .number(let value): number(value)
                case .string(let text): text
                }
            }
        case .standardize(let scaler):
            (method, detail, statisticsHeading) = ("standard", "", "mean, scale")
            statistics = zip(scaler.means, scaler.scales).map { "\(number($0)), \(number($1))" }
        case .minMax(let scaler):
            (method, detail, statisticsHeading) = ("min_max", "", "minimum, range")
            statistics = zip(scaler.minimums, scaler.ranges).map { "\(number($0)), \(number($1))" }
        case .robust(let scaler):
            (method, detail, statisticsHeading) = ("robust", "quantile range 25–75", "median, interquartile range")
            statistics = zip(scaler.centers, scaler.scales).map { "\(number($0)), \(number($1))" }
        case .oneHot(let encoder):
            (method, detail, statisticsHeading) = ("one_hot", "unknown categories: all zeros", "categories")
            statistics = encoder.categories.map(list)
        case .ordinal(let encoder):
            method = "ordinal"
            detail = "unknown categories: " + (encoder.unknownValue.map(number) ?? "missing")
            statisticsHeading = "categories (code order)"
            statistics = encoder.categories.map(list)
        case .derive(let derived):
            (method, detail, statisticsHeading) = ("derive", "", "expression")
            columns = derived.names
            statistics = derived.entries.map(\.expression)
        case .target(let encoder):
            method = "target"
            let target =
                encoder.targetType == .binary
                ? "binary target \(encoder.target) (1 = \(encoder.classes.last ?? "?"))"
                : "continuous target \(encoder.target)"
            detail = "\(target), mean \(number(encoder.targetMean)), smooth \(encoder.smooth.map(number) ?? "auto")"
            statisticsHeading = "category → encoding"
            statistics = encoder.categories.indices.map { k in
                var items = zip(encoder.categories[k], encoder.encodings[k]).map { "\($0) → \(number($1))" }
                if let missing = encoder.missingEncodings[k] { items.append("(missing) → \(number(missing))") }
                return list(items)
            }
        }
    }
}

extension ValueKind {
    /// A fitted transform (``TransformKind``).
    public static let transform = TransformKind.kind
}

extension StepValue {
    /// A transform value.
    public static func transform(_ transform: FittedTransform) -> StepValue { StepValue(TransformKind.self, transform) }

    /// The transform, when the value is one.
    public var transform: FittedTransform? { self.as(TransformKind.self) }
}

extension OutputSummary {
    /// The transform's summary, when the output is one.
    public var transform: TransformSummary? { self.as(TransformKind.self) }
}
