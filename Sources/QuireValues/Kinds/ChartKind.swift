import QuireChart
import QuireSupport

/// A chart of data: what `chart` produces. The value is the chart ready to draw (already
/// downsampled, so it is small), stored as sorted-key JSON; it is its own summary, so the report
/// draws it from the cache entry alone.
public enum ChartKind: ValueKindDefinition {
    /// `chart`.
    public static let kind = ValueKind("chart", article: "a chart")

    /// `rows` (rows read) and `panels`.
    public static func scalars(of chart: Chart) -> [String: Double] {
        ["rows": Double(chart.rows), "panels": Double(chart.panels.count)]
    }

    /// The mark, the rows read and the panels.
    public static func json(of chart: Chart) -> [String: JSONValue] {
        ["mark": .string(chart.mark.rawValue), "rows": .integer(chart.rows), "panels": .integer(chart.panels.count)]
    }

    /// The SVG, then a caption: the output's name, the title, the caption and what was done to
    /// the data (downsampling, rows left out).
    public static func render(_ chart: Chart, name: String, options: RenderOptions) -> HTML {
        var caption = HTML.element("span", ["class": "output-name"], .text(name)) + .text(" · ")
        if let title = chart.title { caption += .element("strong", [:], .text(title)) + .text(" ") }
        caption += .text(chart.caption)
        if !chart.notes.isEmpty {
            caption +=
                .text(" ") + .element("span", ["class": "chart-note"], .text(chart.notes.joined(separator: "; ") + "."))
        }
        let label = [chart.title, chart.caption].compactMap { $0 }.joined(separator: ": ")
        return .element(
            "figure", ["class": "output chart-figure"], .raw(ChartRenderer.svg(chart, label: label)),
            .element("figcaption", [:], caption))
    }
}

extension ValueKind {
    /// A chart of data (``ChartKind``).
    public static let chart = ChartKind.kind
}

extension StepValue {
    /// A chart value.
    public static func chart(_ chart: Chart) -> StepValue { StepValue(ChartKind.self, chart) }

    /// The chart, when the value is one.
    public var chart: Chart? { self.as(ChartKind.self) }
}

extension OutputSummary {
    /// The chart, when the output is one.
    public var chart: Chart? { self.as(ChartKind.self) }
}
