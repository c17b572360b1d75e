import Foundation
import QuireSupport

/// Draws a ``Chart`` as an SVG element: axes with titles and round ticks, the marks, a legend,
/// reference lines, and small multiples that wrap. Colours are CSS classes (`f0`…`f7` fill,
/// `s0`…`s7` stroke: the Okabe-Ito palette; `seq`: the sequential colour, shaded by opacity), so
/// the report's stylesheet themes them for light and dark; the SVG has a `viewBox` and scales down
/// to narrow screens.
public enum ChartRenderer {
    /// The chart's width in SVG units.
    public static let width = 640.0

    /// The SVG markup of `chart`; `label` is its accessible name.
    public static func svg(_ chart: Chart, label: String) -> String {
        var canvas = Canvas(chart: chart)
        return canvas.draw(label: label)
    }
}

/// Helpers shared by the builder and renderer.
enum Render {
    /// A point's radius for a size value: area proportional to the value's place in the range.
    static func radius(_ value: Double, lower: Double, upper: Double) -> Double {
        guard value.isFinite else { return 3 }
        let fraction = upper > lower ? (value - lower) / (upper - lower) : 0.5
        return 2 + 8 * fraction.squareRoot()
    }

    /// A coordinate with at most one decimal.
    static func n(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        return NumberFormat.printf("f", precision: 1, rounded)
    }

    /// The width of `text` in Liberation Sans (the report's first font) at `size`.
    static func textWidth(_ text: String, size: Double) -> Double {
        TextMetrics(fontSize: size).width(of: text)
    }

    static func escape(_ text: String) -> String { HTML.escape(text, .xml) }
}

private struct Canvas {
    let chart: Chart
    var out = ""

    init(chart: Chart) { self.chart = chart }

    struct Frame {
        var left: Double
        var top: Double
        var width: Double
        var height: Double
    }

    // MARK: Scales

    func position(_ value: Double, _ axis: Chart.Axis, _ start: Double, _ length: Double, flip: Bool) -> Double {
        var fraction: Double
        switch axis.scale {
        case .log:
            let lower = log10(axis.lower)
            let upper = log10(axis.upper)
            let v = value > 0 ? log10(value) : lower
            fraction = upper > lower ? (v - lower) / (upper - lower) : 0.5
        case .categorical:
            fraction = axis.upper > 0 ? value / axis.upper : 0.5
            // Categories run top to bottom on a vertical axis.
            return start + fraction * length
        case .linear, .time:
            fraction = axis.upper > axis.lower ? (value - axis.lower) / (axis.upper - axis.lower) : 0.5
        }
        fraction = min(max(fraction, -0.02), 1.02)
        return flip ? start + length - fraction * length : start + fraction * length
    }

    func px(_ value: Double, _ frame: Frame) -> Double {
        position(value, chart.x, frame.left, frame.width, flip: false)
    }
    func py(_ value: Double, _ frame: Frame) -> Double { position(value, chart.y, frame.top, frame.height, flip: true) }

    /// Tick values and labels of an axis for about `count` ticks.
    func ticks(_ axis: Chart.Axis, count: Int) -> [(value: Double, label: String)] {
        switch axis.scale {
        case .categorical:
            return axis.categories.enumerated().map { (Double($0.offset) + 0.5, Self.truncated($0.element)) }
        case .log:
            return Ticks.log(axis.lower, axis.upper).map { ($0, Ticks.logLabel($0)) }
        case .time:
            let (values, interval) = TimeTicks.ticks(axis.lower, axis.upper, count: count)
            // Less than an hour apart: round seconds, each labelled in full.
            if values.count < 2 {
                return Ticks.linear(axis.lower, axis.upper, count: count).map { ($0, TimeTicks.text($0)) }
            }
            return values.enumerated().map {
                ($0.element, TimeTicks.label($0.element, interval: interval, first: $0.offset == 0))
            }
        case .linear:
            let values = Ticks.linear(axis.lower, axis.upper, count: count)
            let step = values.count > 1 ? values[1] - values[0] : abs(values.first ?? 1)
            let decimals = Ticks.decimals(step: step)
            return values.map { ($0, Ticks.label($0, decimals: decimals)) }
        }
    }

    static func truncated(_ text: String) -> String {
        text.count > 22 ? String(text.prefix(21)) + "…" : text
    }

    // MARK: Drawing

    mutating func draw(label: String) -> String {
        let width = ChartRenderer.width
        let panels = chart.panels.count
        let columns = max(1, min(chart.columns, panels))
        let rows = (panels + columns - 1) / columns
        let faceted = chart.panels.count > 1 || chart.panels.first?.title != nil

        // Legend rows along the top.
        let legendItems = legendLayout(width: width - 16)
        let legendHeight = legendItems.isEmpty ? 0 : (legendItems.map(\.y).max() ?? 0) + 22
        let top = 10 + legendHeight

        // Room for the y tick labels and title.
        let yTitleWidth = chart.y.title.isEmpty ? 4.0 : 20.0
        let yLabels = ticks(chart.y, count: 6)
        let yLabelWidth = min((yLabels.map { Render.textWidth($0.label, size: 11) }.max() ?? 0) + 8, 150)
        let gap = faceted ? 14.0 : 0
        let right = 14.0
        let plotWidth = max(
            80,
            (width - yTitleWidth - Double(columns) * yLabelWidth - Double(columns - 1) * gap - right) / Double(columns))
        let xLabels = ticks(chart.x, count: max(2, Int(plotWidth / 90)))
        let bandWidth = chart.x.scale == .categorical ? plotWidth / max(chart.x.upper, 1) : plotWidth
        let widest = xLabels.map { Render.textWidth($0.label, size: 11) }.max() ?? 0
        let rotate = chart.x.scale == .categorical && widest > bandWidth * 0.92
        let xLabelHeight = rotate ? min(widest, 140) * 0.64 + 18 : 18
        let xTitleHeight = chart.x.title.isEmpty ? 4.0 : 18.0
        let panelTitle = faceted ? 18.0 : 0
        var plotHeight = faceted ? max(120, min(plotWidth * 0.68, 220)) : 300
        if chart.y.scale == .categorical { plotHeight = max(plotHeight, min(22 * chart.y.upper, 600)) }
        let cellHeight = panelTitle + plotHeight + xLabelHeight + gap
        let height = top + Double(rows) * cellHeight - gap + xTitleHeight + 4

        out +=
            "<svg class=\"qchart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Render.n(width)) \(Render.n(height))\""
        out +=
            " width=\"\(Render.n(width))\" height=\"\(Render.n(height))\" role=\"img\" aria-label=\"\(Render.escape(label))\">"
        out += "<title>\(Render.escape(label))</title>"
        drawLegend(legendItems)

        for (index, panel) in chart.panels.enumerated() {
            let column = index % columns
            let row = index / columns
            let frame = Frame(
                left: yTitleWidth + Double(column + 1) * yLabelWidth + Double(column) * (plotWidth + gap),
                top: top + Double(row) * cellHeight + panelTitle, width: plotWidth, height: plotHeight)
            if let title = panel.title {
                out +=
                    "<text class=\"facet\" x=\"\(Render.n(frame.left + plotWidth / 2))\" y=\"\(Render.n(frame.top - 6))\" text-anchor=\"middle\">\(Render.escape(Self.truncated(title)))</text>"
            }
            drawAxes(frame, xLabels: xLabels, yLabels: yLabels, rotate: rotate)
            drawPanel(panel, frame)
            drawRules(frame)
        }
        // Axis titles, once for the whole chart.
        let plotsLeft = yTitleWidth + yLabelWidth
        let plotsRight = width - right
        if !chart.x.title.isEmpty {
            out +=
                "<text class=\"axis-title\" x=\"\(Render.n((plotsLeft + plotsRight) / 2))\" y=\"\(Render.n(height - 6))\" text-anchor=\"middle\">\(Render.escape(chart.x.title))</text>"
        }
        if !chart.y.title.isEmpty {
            let middle = top + (Double(rows) * cellHeight - gap) / 2
            out +=
                "<text class=\"axis-title\" transform=\"translate(13 \(Render.n(middle))) rotate(-90)\" text-anchor=\"middle\">\(Render.escape(chart.y.title))</text>"
        }
        out += "</svg>"
        return out
    }

    mutating func drawAxes(
        _ frame: Frame, xLabels: [(value: Double, label: String)], yLabels: [(value: Double, label: String)],
        rotate: Bool
    ) {
        let bottom = frame.top + frame.height
        var grid = ""
        var text = ""
        for tick in yLabels {
            let y = py(tick.value, frame)
            if chart.y.scale != .categorical {
                grid += "M\(Render.n(frame.left)) \(Render.n(y))h\(Render.n(frame.width))"
            }
            text +=
                "<text x=\"\(Render.n(frame.left - 5))\" y=\"\(Render.n(y + 3.5))\" text-anchor=\"end\">\(Render.escape(tick.label))</text>"
        }
        for tick in xLabels {
            let x = px(tick.value, frame)
            if chart.x.scale != .categorical && chart.mark != .histogram {
                grid += "M\(Render.n(x)) \(Render.n(frame.top))v\(Render.n(frame.height))"
            }
            if rotate {
                text +=
                    "<text transform=\"translate(\(Render.n(x + 3)) \(Render.n(bottom + 10))) rotate(-40)\" text-anchor=\"end\">\(Render.escape(tick.label))</text>"
            } else {
                text +=
                    "<text x=\"\(Render.n(x))\" y=\"\(Render.n(bottom + 14))\" text-anchor=\"middle\">\(Render.escape(tick.label))</text>"
            }
        }
        if !grid.isEmpty { out += "<path class=\"grid\" d=\"\(grid)\"/>" }
        // The axis lines: left and bottom; tick marks on the bottom.
        var marks =
            "M\(Render.n(frame.left)) \(Render.n(frame.top))V\(Render.n(bottom))H\(Render.n(frame.left + frame.width))"
        for tick in xLabels { marks += "M\(Render.n(px(tick.value, frame))) \(Render.n(bottom))v4" }
        out += "<path class=\"domain\" d=\"\(marks)\"/>"
        out += "<g class=\"tick\">\(text)</g>"
    }

    mutating func drawPanel(_ panel: Chart.Panel, _ frame: Frame) {
        // Cells: bars, bins, heatmap and density cells.
        if !panel.cells.isEmpty {
            out += "<g class=\"cells\(chart.mark == .histogram ? " bins" : "")\">"
            var labels = ""
            for cell in panel.cells {
                let x0 = px(cell.x0, frame)
                let x1 = px(cell.x1, frame)
                let y0 = py(cell.y0, frame)
                let y1 = py(cell.y1, frame)
                let left = min(x0, x1)
                let top = min(y0, y1)
                let w = max(abs(x1 - x0), 0.5)
                let h = max(abs(y1 - y0), cell.shade == nil ? 0 : 0.5)
                var attributes =
                    "x=\"\(Render.n(left))\" y=\"\(Render.n(top))\" width=\"\(Render.n(w))\" height=\"\(Render.n(h))\""
                if let shade = cell.shade {
                    attributes += " class=\"seq\" fill-opacity=\"\(Self.opacity(shade))\""
                } else {
                    attributes += " class=\"f\(cell.color ?? 0)\""
                }
                out += "<rect \(attributes)/>"
                if let label = cell.label, w > Render.textWidth(label, size: 10) + 2, h >= 12 {
                    let dark = (cell.shade ?? 0) > 0.55
                    labels +=
                        "<text x=\"\(Render.n(left + w / 2))\" y=\"\(Render.n(top + h / 2 + 3.5))\" text-anchor=\"middle\" class=\"\(dark ? "on-strong" : "on-weak")\">\(Render.escape(label))</text>"
                }
            }
            out += "</g>"
            if !labels.isEmpty { out += "<g class=\"cell-label\">\(labels)</g>" }
        }
        for series in panel.series { drawSeries(series, frame) }
        for box in panel.boxes { drawBox(box, frame) }
    }

    static func opacity(_ shade: Double) -> String {
        let value = 0.12 + 0.88 * min(max(shade, 0), 1)
        return NumberFormat.printf("f", precision: 2, value)
    }

    mutating func drawSeries(_ series: Chart.Series, _ frame: Frame) {
        let color = series.color ?? 0
        let points = zip(series.x, series.y).map { (px($0, frame), py($1, frame)) }
        switch chart.mark {
        case .line, .area:
            guard !points.isEmpty else { return }
            var line = ""
            for (index, point) in points.enumerated() {
                line += (index == 0 ? "M" : "L") + Render.n(point.0) + " " + Render.n(point.1)
            }
            if chart.mark == .area {
                var area = line
                if series.base.count == series.x.count {
                    for index in series.x.indices.reversed() {
                        area +=
                            "L" + Render.n(px(series.x[index], frame)) + " " + Render.n(py(series.base[index], frame))
                    }
                } else {
                    let zero = py(chart.y.scale == .log ? chart.y.lower : 0, frame)
                    area +=
                        "L\(Render.n(points[points.count - 1].0)) \(Render.n(zero))L\(Render.n(points[0].0)) \(Render.n(zero))"
                }
                out += "<path class=\"area f\(color)\" d=\"\(area)Z\"/>"
            }
            out += "<path class=\"line s\(color)\" d=\"\(line)\"/>"
            if points.count <= 30 && chart.mark == .line {
                out += "<g class=\"dot f\(color)\">"
                for point in points {
                    out += "<circle cx=\"\(Render.n(point.0))\" cy=\"\(Render.n(point.1))\" r=\"2.5\"/>"
                }
                out += "</g>"
            }
        default:
            let shaded = !series.shade.isEmpty
            out += "<g class=\"pt \(shaded ? "seq" : "f\(color) s\(color)")\">"
            let radius = points.count > 1_000 ? 2.0 : 3.5
            for (index, point) in points.enumerated() {
                let r = index < series.radius.count ? series.radius[index] : radius
                var extra = ""
                if shaded, index < series.shade.count {
                    extra = " fill-opacity=\"\(Self.opacity(series.shade[index]))\""
                }
                out += "<circle cx=\"\(Render.n(point.0))\" cy=\"\(Render.n(point.1))\" r=\"\(Render.n(r))\"\(extra)/>"
            }
            out += "</g>"
        }
    }

    mutating func drawBox(_ box: Chart.Box, _ frame: Frame) {
        let color = box.color ?? 0
        let left = px(box.x0, frame)
        let right = px(box.x1, frame)
        let middle = (left + right) / 2
        let q1 = py(box.q1, frame)
        let q3 = py(box.q3, frame)
        out += "<g class=\"box s\(color)\">"
        out +=
            "<path class=\"whisker\" d=\"M\(Render.n(middle)) \(Render.n(q3))V\(Render.n(py(box.high, frame)))M\(Render.n(middle)) \(Render.n(q1))V\(Render.n(py(box.low, frame)))M\(Render.n(middle - (right - left) / 4)) \(Render.n(py(box.high, frame)))h\(Render.n((right - left) / 2))M\(Render.n(middle - (right - left) / 4)) \(Render.n(py(box.low, frame)))h\(Render.n((right - left) / 2))\"/>"
        out +=
            "<rect class=\"f\(color)\" x=\"\(Render.n(left))\" y=\"\(Render.n(min(q1, q3)))\" width=\"\(Render.n(right - left))\" height=\"\(Render.n(max(abs(q1 - q3), 0.5)))\"/>"
        out += "<path class=\"median\" d=\"M\(Render.n(left)) \(Render.n(py(box.median, frame)))H\(Render.n(right))\"/>"
        for value in box.outliers {
            out += "<circle cx=\"\(Render.n(middle))\" cy=\"\(Render.n(py(value, frame)))\" r=\"2.5\"/>"
        }
        out += "</g>"
    }

    mutating func drawRules(_ frame: Frame) {
        guard !chart.rules.isEmpty else { return }
        out += "<g class=\"rule\">"
        for rule in chart.rules {
            switch rule.axis {
            case .y:
                let y = py(rule.value, frame)
                out += "<path d=\"M\(Render.n(frame.left)) \(Render.n(y))h\(Render.n(frame.width))\"/>"
                if let label = rule.label {
                    out +=
                        "<text x=\"\(Render.n(frame.left + frame.width - 3))\" y=\"\(Render.n(y - 4))\" text-anchor=\"end\">\(Render.escape(label))</text>"
                }
            case .x:
                let x = px(rule.value, frame)
                out += "<path d=\"M\(Render.n(x)) \(Render.n(frame.top))v\(Render.n(frame.height))\"/>"
                if let label = rule.label {
                    out +=
                        "<text x=\"\(Render.n(x + 4))\" y=\"\(Render.n(frame.top + 11))\">\(Render.escape(label))</text>"
                }
            }
        }
        out += "</g>"
    }

    // MARK: Legend

    struct LegendItem {
        enum Swatch {
            case title
            case color(Int)
            case shade(Double)
            case radius(Double)
            case text
        }

        var swatch: Swatch
        var text: String
        var x: Double
        var y: Double
    }

    func legendLayout(width: Double) -> [LegendItem] {
        guard let legend = chart.legend else { return [] }
        var items: [LegendItem] = []
        var x = 8.0
        var y = 0.0
        func place(_ swatch: LegendItem.Swatch, _ text: String, swatchWidth: Double) {
            let itemWidth = swatchWidth + Render.textWidth(text, size: 11) + 14
            if x + itemWidth > width, x > 8 {
                x = 8
                y += 18
            }
            items.append(LegendItem(swatch: swatch, text: text, x: x, y: y))
            x += itemWidth
        }
        place(.title, legend.title, swatchWidth: 0)
        switch legend.kind {
        case .categories:
            for (index, category) in legend.categories.enumerated() {
                place(.color(index), Self.truncated(category), swatchWidth: 16)
            }
        case .sequential:
            place(.text, Ticks.label(legend.lower, decimals: Self.legendDecimals(legend)), swatchWidth: 0)
            place(.shade(0), "", swatchWidth: 8 * 12 - 14)
            place(.text, Ticks.label(legend.upper, decimals: Self.legendDecimals(legend)), swatchWidth: 0)
        case .size:
            for fraction in [0.0, 0.5, 1.0] {
                let value = legend.lower + fraction * (legend.upper - legend.lower)
                place(
                    .radius(Render.radius(value, lower: legend.lower, upper: legend.upper)),
                    Ticks.label(value, decimals: Self.legendDecimals(legend)), swatchWidth: 22)
            }
        }
        return items
    }

    static func legendDecimals(_ legend: Chart.Legend) -> Int {
        if legend.lower == legend.lower.rounded() && legend.upper == legend.upper.rounded() { return 0 }
        let span = legend.upper - legend.lower
        return span == 0 ? 2 : min(Ticks.decimals(step: Ticks.niceStep(span: span, count: 10)), 4)
    }

    mutating func drawLegend(_ items: [LegendItem]) {
        guard !items.isEmpty else { return }
        out += "<g class=\"legend\">"
        for item in items {
            let baseline = 10 + item.y + 11
            switch item.swatch {
            case .title:
                out +=
                    "<text class=\"legend-title\" x=\"\(Render.n(item.x))\" y=\"\(Render.n(baseline))\">\(Render.escape(item.text))</text>"
                continue
            case .color(let index):
                switch chart.mark {
                case .line:
                    out += "<path class=\"line s\(index)\" d=\"M\(Render.n(item.x)) \(Render.n(baseline - 4))h12\"/>"
                case .point:
                    out +=
                        "<circle class=\"f\(index)\" cx=\"\(Render.n(item.x + 6))\" cy=\"\(Render.n(baseline - 4))\" r=\"4\"/>"
                default:
                    out +=
                        "<rect class=\"f\(index)\" x=\"\(Render.n(item.x))\" y=\"\(Render.n(baseline - 10))\" width=\"12\" height=\"12\"/>"
                }
                out +=
                    "<text x=\"\(Render.n(item.x + 16))\" y=\"\(Render.n(baseline))\">\(Render.escape(item.text))</text>"
            case .shade:
                for step in 0..<8 {
                    out +=
                        "<rect class=\"seq\" fill-opacity=\"\(Self.opacity(Double(step) / 7))\" x=\"\(Render.n(item.x + Double(step) * 10))\" y=\"\(Render.n(baseline - 10))\" width=\"10\" height=\"12\"/>"
                }
            case .radius(let radius):
                out +=
                    "<circle class=\"size\" cx=\"\(Render.n(item.x + 10))\" cy=\"\(Render.n(baseline - 4))\" r=\"\(Render.n(radius))\"/>"
                out +=
                    "<text x=\"\(Render.n(item.x + 22))\" y=\"\(Render.n(baseline))\">\(Render.escape(item.text))</text>"
            case .text:
                out += "<text x=\"\(Render.n(item.x))\" y=\"\(Render.n(baseline))\">\(Render.escape(item.text))</text>"
            }
        }
        out += "</g>"
    }
}
