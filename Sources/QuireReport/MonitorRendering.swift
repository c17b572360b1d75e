import QuireEngine
import QuireRunner
import QuireSupport

struct MonitorRenderer: OutputRenderer {
    let kind = ValueKind.monitor

    func render(name: String, record: OutputRecord, reproducible: Bool) -> HTML {
        guard let monitor = record.summary.monitor else { return .empty }
        var figure = HTML.element(
            "figcaption", [:], .element("span", ["class": "output-name"], .text(name)),
            .text(" · \(monitor.kind) · "), Self.badge(monitor.status))
        figure += Self.table(monitor.rows, reproducible: reproducible)
        if let drift = monitor.drift {
            var charts = HTML.empty
            for column in drift.columns where column.status != .ok {
                charts += Self.overlaid(column)
            }
            if charts != .empty { figure += .element("div", ["class": "charts"], charts) }
        }
        return .element("figure", ["class": "output monitor"], figure)
    }

    static func badge(_ status: MonitorStatus) -> HTML {
        let style = status == .ok ? "ok" : status == .warn ? "warn" : "failed"
        return .element("span", ["class": "badge \(style)"], .text(status.rawValue))
    }

    /// Rows as a status table, in the order given.
    static func table(_ rows: [MonitorValue.Row], reproducible: Bool, step: Bool = false, steps: [String] = []) -> HTML
    {
        var head = HTML.empty
        for title in (step ? ["step"] : []) + ["subject", "test", "value", "threshold", "status", "detail"] {
            head += .element("th", [:], .text(title))
        }
        var body = HTML.empty
        for (index, row) in rows.enumerated() {
            var cells = HTML.empty
            if step { cells += .element("td", [:], .element("code", [:], .text(steps[index]))) }
            cells += .element("td", [:], .text(row.subject))
            cells += .element("td", [:], .text(row.test))
            // Timings differ between runs: a reproducible report leaves them out.
            let hidden = reproducible && row.isVolatile
            cells += .element(
                "td", ["class": "num"], .text(hidden ? "timed" : row.value.map(OutputRendering.format) ?? "—"))
            cells += .element("td", ["class": "num"], .text(row.threshold.map(OutputRendering.format) ?? "—"))
            cells += .element("td", [:], badge(row.status))
            cells += .element(
                "td", ["class": "detail"], .text(hidden ? "left out of reproducible reports" : row.detail ?? ""))
            body += .element("tr", ["class": "status-\(row.status.rawValue)"], cells)
        }
        return .element(
            "div", ["class": "scroll"],
            .element(
                "table", ["class": "monitor"], .element("thead", [:], .element("tr", [:], head)),
                .element("tbody", [:], body)))
    }

    /// Reference and current distributions of a column, overlaid (bars side by side per bin).
    static func overlaid(_ column: ColumnDrift) -> HTML {
        let reference = column.histogram.reference
        let current = column.histogram.current
        guard !reference.isEmpty, reference.count == current.count else { return .empty }
        let totalReference = max(reference.reduce(0, +), 1)
        let totalCurrent = max(current.reduce(0, +), 1)
        let shares = zip(reference, current).map {
            (Double($0) / Double(totalReference), Double($1) / Double(totalCurrent))
        }
        let peak = max(shares.map { max($0.0, $0.1) }.max() ?? 1, 1e-9)
        let width = 320.0
        let height = 160.0
        let bottom = 28.0
        let slot = width / Double(shares.count)
        let title =
            "\(column.column): reference vs current (\(column.method.rawValue), score \(column.score.map(OutputRendering.format) ?? "—"))"
        var svg =
            "<svg class=\"chart\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(HTML.escape(title))\"><title>\(HTML.escape(title))</title>"
        for (index, share) in shares.enumerated() {
            let x = Double(index) * slot
            let h1 = share.0 / peak * (height - bottom - 6)
            let h2 = share.1 / peak * (height - bottom - 6)
            svg +=
                "<rect x=\"\(Charts.c(x + 1))\" y=\"\(Charts.c(height - bottom - h1))\" width=\"\(Charts.c(max(slot / 2 - 1, 0.5)))\" height=\"\(Charts.c(h1))\" fill=\"var(--muted)\" fill-opacity=\"0.6\"/>"
            svg +=
                "<rect x=\"\(Charts.c(x + slot / 2))\" y=\"\(Charts.c(height - bottom - h2))\" width=\"\(Charts.c(max(slot / 2 - 1, 0.5)))\" height=\"\(Charts.c(h2))\" fill=\"var(--accent)\"/>"
        }
        if let categories = column.histogram.categories, categories.count <= 8 {
            for (index, category) in categories.enumerated() {
                svg +=
                    "<text x=\"\(Charts.c(Double(index) * slot + slot / 2))\" y=\"\(Charts.c(height - bottom + 14))\" text-anchor=\"middle\" class=\"tick\">\(HTML.escape(String(category.prefix(10))))</text>"
            }
        } else if let edges = column.histogram.edges, let low = edges.first, let high = edges.last {
            svg +=
                "<text x=\"2\" y=\"\(Charts.c(height - bottom + 14))\" class=\"tick\">\(HTML.escape(OutputRendering.format(low)))</text>"
            svg +=
                "<text x=\"\(Charts.c(width - 2))\" y=\"\(Charts.c(height - bottom + 14))\" text-anchor=\"end\" class=\"tick\">\(HTML.escape(OutputRendering.format(high)))</text>"
        }
        svg += "</svg>"
        let legend = HTML.element(
            "ul", ["class": "legend"],
            .element(
                "li", [:], .raw("<span class=\"swatch\" style=\"background:var(--muted)\"></span>"), .text("reference")),
            .element(
                "li", [:], .raw("<span class=\"swatch\" style=\"background:var(--accent)\"></span>"), .text("current")))
        return .element("figure", ["class": "chart"], .raw(svg), .element("figcaption", [:], .text(title)), legend)
    }
}
