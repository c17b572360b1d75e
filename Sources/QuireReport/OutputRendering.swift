import QuireEngine
import QuireRunner
import QuireSupport

/// Renders one kind of step output as HTML. New output kinds plug in by adding a renderer to
/// ``OutputRendering/renderers``.
public protocol OutputRenderer: Sendable {
    var kind: ValueKind { get }
    func render(name: String, record: OutputRecord, reproducible: Bool) -> HTML
}

public enum OutputRendering {
    /// The renderer for each kind of output.
    public static let renderers: [ValueKind: any OutputRenderer] = Dictionary(
        uniqueKeysWithValues: ([
            FrameRenderer(), ProfileRenderer(), ModelRenderer(), EvaluationRenderer(), TableRenderer(),
            MonitorRenderer(),
        ] as [any OutputRenderer]).map { ($0.kind, $0) })

    static func render(name: String, record: OutputRecord, reproducible: Bool) -> HTML {
        renderers[record.kind]?.render(name: name, record: record, reproducible: reproducible)
            ?? .element("p", [:], .text("\(name): \(record.kind.rawValue)"))
    }

    /// `1,234` style grouping, locale-independent.
    static func grouped(_ value: Int) -> String {
        let digits = String(abs(value))
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out += "," }
            out.append(character)
        }
        return (value < 0 ? "-" : "") + out
    }

    /// Numbers in tables: up to 4 significant decimals, no exponent for everyday sizes.
    static func format(_ value: Double?) -> String {
        guard let value else { return "—" }
        if value.isNaN { return "—" }
        if value == value.rounded(), abs(value) < 1e12 { return grouped(Int(value)) }
        let magnitude = abs(value)
        if magnitude >= 1e6 || magnitude < 1e-4 { return "\(value)" }
        var text = String(Int((value * 10_000).rounded()))
        let negative = text.hasPrefix("-")
        if negative { text.removeFirst() }
        while text.count < 5 { text = "0" + text }
        var result = String(text.dropLast(4)) + "." + String(text.suffix(4))
        while result.hasSuffix("0") { result.removeLast() }
        if result.hasSuffix(".") { result.removeLast() }
        return (negative ? "-" : "") + result
    }
}

struct FrameRenderer: OutputRenderer {
    let kind = ValueKind.frame

    func render(name: String, record: OutputRecord, reproducible: Bool) -> HTML {
        let summary = record.summary
        let rows = summary.rows ?? 0
        let columns = summary.columns ?? []
        var caption = HTML.element("span", ["class": "output-name"], .text(name))
        caption += .text(" · \(OutputRendering.grouped(rows)) rows × \(columns.count) columns")
        var head = HTML.empty
        for column in columns {
            head += .element(
                "th", ["class": column.type == "numeric" ? "num" : "cat"], .text(column.name),
                .element("span", ["class": "type"], .text(column.type == "numeric" ? "num" : "cat")))
        }
        var body = HTML.empty
        for row in summary.preview ?? [] {
            var cells = HTML.empty
            for (index, cell) in row.enumerated() {
                let numeric = index < columns.count && columns[index].type == "numeric"
                cells += .element(
                    "td", numeric ? ["class": "num"] : [:],
                    cell.map { .text($0) } ?? .element("span", ["class": "missing"], .text("NA")))
            }
            body += .element("tr", [:], cells)
        }
        var table = HTML.element(
            "table", ["class": "frame"], .element("thead", [:], .element("tr", [:], head)), .element("tbody", [:], body)
        )
        if rows > (summary.preview?.count ?? 0) {
            table += .element(
                "p", ["class": "note"],
                .text("First \(summary.preview?.count ?? 0) of \(OutputRendering.grouped(rows)) rows."))
        }
        return .element(
            "figure", ["class": "output frame"], .element("figcaption", [:], caption),
            .element("div", ["class": "scroll"], table))
    }
}

struct ProfileRenderer: OutputRenderer {
    let kind = ValueKind.profile

    func render(name: String, record: OutputRecord, reproducible: Bool) -> HTML {
        guard let profile = record.summary.profile else { return .empty }
        var caption = HTML.element("span", ["class": "output-name"], .text(name))
        caption += .text(" · \(profile.columns.count) columns of \(OutputRendering.grouped(profile.rowCount)) rows")
        let headers = [
            "column", "type", "distribution", "count", "missing", "distinct", "mean", "std", "min", "25%", "50%",
            "75%", "max", "top values",
        ]
        let histograms = Dictionary(
            (record.summary.histograms ?? []).map { ($0.column, $0) }, uniquingKeysWith: { first, _ in first })
        var head = HTML.empty
        for header in headers { head += .element("th", [:], .text(header)) }
        var body = HTML.empty
        for column in profile.columns {
            var cells = HTML.element("th", ["scope": "row"], .text(column.name))
            cells += .element("td", [:], .text(column.kind.rawValue))
            cells += .element("td", ["class": "chart"], histograms[column.name].map(Self.sparkline) ?? .empty)
            for value in [column.count, column.missing, column.distinct] {
                cells += .element("td", ["class": "num"], .text(OutputRendering.grouped(value)))
            }
            for value in [column.mean, column.std, column.min, column.q25, column.q50, column.q75, column.max] {
                cells += .element("td", ["class": "num"], .text(OutputRendering.format(value)))
            }
            let top: String
            if column.kind == .categorical && column.distinct == column.count - column.missing && column.count > 1 {
                top = "all distinct"
            } else {
                top = column.top.prefix(3).map { "\($0.value) (\(OutputRendering.grouped($0.count)))" }.joined(
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
            .element("div", ["class": "scroll"], table))
    }

    /// A small bar chart of a histogram, as inline SVG that follows the theme's accent colour.
    static func sparkline(_ histogram: Histogram) -> HTML {
        let width = 120.0
        let height = 28.0
        guard let peak = histogram.counts.max(), peak > 0 else { return .empty }
        let bar = width / Double(histogram.counts.count)
        var bars = ""
        for (index, count) in histogram.counts.enumerated() where count > 0 {
            let barHeight = max(1, (Double(count) / Double(peak) * (height - 2)).rounded())
            bars +=
                "<rect x=\"\(Charts.c(Double(index) * bar))\" y=\"\(Charts.c(height - barHeight))\" "
                + "width=\"\(Charts.c(max(bar - 1, 1)))\" height=\"\(Charts.c(barHeight))\"/>"
        }
        let total = histogram.counts.reduce(0, +)
        let title =
            "\(histogram.column): \(OutputRendering.grouped(total)) values from "
            + "\(OutputRendering.format(histogram.low)) to \(OutputRendering.format(histogram.high))"
        return .raw(
            "<svg class=\"sparkline\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" "
                + "role=\"img\" aria-label=\"\(HTML.escape(title))\"><title>\(HTML.escape(title))</title>"
                + "<g fill=\"var(--accent)\">\(bars)</g></svg>")
    }
}
