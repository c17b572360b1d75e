import QuireSupport

/// Small, self-contained SVG charts for reports: axes, lines and points, themed by CSS variables.
public enum Charts {
    /// One line (or set of points) of a chart.
    public struct Series: Sendable {
        /// The legend's text; a chart with one unnamed series has no legend.
        public var name: String
        /// The x coordinates.
        public var x: [Double]
        /// The y coordinates, one per x.
        public var y: [Double]
        /// Draw points instead of a line.
        public var points = false

        /// A series named `name`.
        public init(name: String, x: [Double], y: [Double], points: Bool = false) {
            self.name = name
            self.x = x
            self.y = y
            self.points = points
        }
    }

    /// A line (or scatter) chart over [xRange] × [yRange], with a diagonal guide when asked.
    public static func plot(
        title: String, series: [Series], xLabel: String, yLabel: String, xRange: ClosedRange<Double>,
        yRange: ClosedRange<Double>, diagonal: Bool = false, zeroLine: Bool = false
    ) -> HTML {
        let width = 320.0
        let height = 240.0
        let left = 44.0
        let bottom = 34.0
        let top = 10.0
        let right = 10.0
        let plotWidth = width - left - right
        let plotHeight = height - top - bottom
        func sx(_ x: Double) -> Double {
            left
                + (xRange.upperBound > xRange.lowerBound
                    ? (x - xRange.lowerBound) / (xRange.upperBound - xRange.lowerBound) : 0.5) * plotWidth
        }
        func sy(_ y: Double) -> Double {
            top + plotHeight
                - (yRange.upperBound > yRange.lowerBound
                    ? (y - yRange.lowerBound) / (yRange.upperBound - yRange.lowerBound) : 0.5) * plotHeight
        }
        var svg =
            "<svg class=\"chart\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(HTML.escape(title))\">"
        svg += "<title>\(HTML.escape(title))</title>"
        svg +=
            "<rect x=\"\(c(left))\" y=\"\(c(top))\" width=\"\(c(plotWidth))\" height=\"\(c(plotHeight))\" fill=\"none\" stroke=\"var(--border)\"/>"
        for tick in 0...4 {
            let fx = xRange.lowerBound + Double(tick) / 4 * (xRange.upperBound - xRange.lowerBound)
            let fy = yRange.lowerBound + Double(tick) / 4 * (yRange.upperBound - yRange.lowerBound)
            svg +=
                "<text x=\"\(c(sx(fx)))\" y=\"\(c(height - bottom + 14))\" text-anchor=\"middle\" class=\"tick\">\(HTML.escape(NumberFormat.decimal(round3(fx))))</text>"
            svg +=
                "<text x=\"\(c(left - 4))\" y=\"\(c(sy(fy) + 4))\" text-anchor=\"end\" class=\"tick\">\(HTML.escape(NumberFormat.decimal(round3(fy))))</text>"
        }
        svg +=
            "<text x=\"\(c(left + plotWidth / 2))\" y=\"\(c(height - 4))\" text-anchor=\"middle\" class=\"axis\">\(HTML.escape(xLabel))</text>"
        svg +=
            "<text x=\"12\" y=\"\(c(top + plotHeight / 2))\" text-anchor=\"middle\" class=\"axis\" transform=\"rotate(-90 12 \(c(top + plotHeight / 2)))\">\(HTML.escape(yLabel))</text>"
        if diagonal {
            svg +=
                "<line x1=\"\(c(sx(xRange.lowerBound)))\" y1=\"\(c(sy(yRange.lowerBound)))\" x2=\"\(c(sx(xRange.upperBound)))\" y2=\"\(c(sy(yRange.upperBound)))\" stroke=\"var(--muted)\" stroke-dasharray=\"4 3\"/>"
        }
        if zeroLine, yRange.contains(0) {
            svg +=
                "<line x1=\"\(c(left))\" y1=\"\(c(sy(0)))\" x2=\"\(c(left + plotWidth))\" y2=\"\(c(sy(0)))\" stroke=\"var(--muted)\" stroke-dasharray=\"4 3\"/>"
        }
        let colors = ["var(--accent)", "#d97706", "#059669", "#db2777", "#7c3aed", "#0891b2"]
        for (index, line) in series.enumerated() {
            let color = colors[index % colors.count]
            let pairs = zip(line.x, line.y).filter { $0.0.isFinite && $0.1.isFinite }
            if line.points {
                svg += "<g fill=\"\(color)\" fill-opacity=\"0.55\">"
                for (x, y) in pairs.prefix(2_000) {
                    svg +=
                        "<circle cx=\"\(c(sx(x)))\" cy=\"\(c(sy(min(max(y, yRange.lowerBound), yRange.upperBound))))\" r=\"2\"/>"
                }
                svg += "</g>"
            } else {
                let path = pairs.map { "\(c(sx($0.0))),\(c(sy($0.1)))" }.joined(separator: " ")
                svg += "<polyline points=\"\(path)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\"/>"
            }
        }
        svg += "</svg>"
        var legend = HTML.empty
        if series.count > 1 || !(series.first?.name.isEmpty ?? true) {
            var items = HTML.empty
            for (index, line) in series.enumerated() {
                items += .element(
                    "li", [:],
                    .raw("<span class=\"swatch\" style=\"background:\(colors[index % colors.count])\"></span>"),
                    .text(line.name))
            }
            legend = .element("ul", ["class": "legend"], items)
        }
        return .element("figure", ["class": "chart"], .raw(svg), .element("figcaption", [:], .text(title)), legend)
    }

    /// Two decimals at most, for coordinates.
    public static func c(_ value: Double) -> String {
        let scaled = (value * 100).rounded() / 100
        return scaled == scaled.rounded() ? String(Int(scaled)) : "\(scaled)"
    }

    /// Three decimals at most, for tick labels.
    public static func round3(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }

    /// Horizontal bars for named values (coefficients, importances), largest magnitude first.
    public static func bars(title: String, names: [String], values: [Double], limit: Int = 15) -> HTML {
        let order = values.indices.sorted { (abs(values[$0]), names[$1]) > (abs(values[$1]), names[$0]) }.prefix(limit)
        guard let peak = order.map({ abs(values[$0]) }).max(), peak > 0 else { return .empty }
        var rows = HTML.empty
        for index in order {
            let share = abs(values[index]) / peak * 100
            let bar = "<span class=\"bar\(values[index] < 0 ? " negative" : "")\" style=\"width:\(c(share))%\"></span>"
            rows += .element(
                "tr", [:], .element("th", ["scope": "row"], .text(names[index])),
                .element("td", ["class": "bar-cell"], .raw(bar)),
                .element("td", ["class": "num"], .text(NumberFormat.decimal(values[index]))))
        }
        return .element(
            "figure", ["class": "bars"], .element("figcaption", [:], .text(title)),
            .element("table", ["class": "bars"], .element("tbody", [:], rows)))
    }
}
