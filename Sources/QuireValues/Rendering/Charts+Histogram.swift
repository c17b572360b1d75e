import QuireSupport

/// Histograms with a y axis: full charts (drift) and sparklines in table cells (profile).
extension Charts {
    /// What a histogram's bars measure; the y axis's title and tick labels follow it.
    public enum HistogramScale: Sendable, Equatable {
        /// Values per bin: whole-number ticks, axis title "count".
        case count
        /// Each bin's share of its series' values: percentage ticks, axis title "share of values".
        case share

        /// The y axis's title.
        public var title: String { self == .count ? "count" : "share of values" }
    }

    /// One set of bars of a histogram, a bar per bin.
    public struct Bars: Sendable {
        /// The legend's text.
        public var name: String
        /// Each bin's height, in the histogram's ``HistogramScale``.
        public var heights: [Double]
        /// A fill from Quire's palette (a CSS colour or `var(--…)`), not from data.
        public var fill: String
        /// The fill's opacity, 1 for solid bars.
        public var opacity: Double

        /// Bars named `name`, filled with `fill`.
        public init(name: String, heights: [Double], fill: String, opacity: Double = 1) {
            self.name = name
            self.heights = heights
            self.fill = fill
            self.opacity = opacity
        }
    }

    /// What the x axis shows under a histogram's bins.
    public enum BinLabels: Sendable {
        /// A name under every bin (categories), cut to ten characters.
        case categories([String])
        /// The lowest value at the left end and the highest at the right end.
        case range(low: Double, high: Double)
        /// Nothing.
        case none
    }

    /// Round ticks for an axis from 0 up to at least `maximum`.
    ///
    /// The step is 1, 2 or 5 times a power of ten: the smallest that reaches `maximum` in at most
    /// `intervals` steps. The last tick is the first multiple of the step at or above `maximum`,
    /// so it is the axis's top and the tallest bar stays below it: `0, 50, 100, 150` for 120.
    ///
    /// - Parameters:
    ///   - maximum: The largest value to show; 0, negative or not finite gives `0, 1`.
    ///   - intervals: The most steps between ticks.
    ///   - wholeNumbers: Steps of at least 1 (counts).
    /// - Returns: The ticks, from 0, each rounded to its step's decimals.
    public static func ticks(upTo maximum: Double, intervals: Int = 4, wholeNumbers: Bool = false) -> [Double] {
        let intervals = max(intervals, 1)
        guard maximum.isFinite, maximum > 0 else { return [0, 1] }
        var exponent = (maximum / Double(intervals)).log10Floor - 1
        if wholeNumbers { exponent = max(exponent, 0) }
        while true {
            for multiple in [1.0, 2.0, 5.0] {
                let step = multiple * power10(exponent)
                let count = Int((maximum / step * (1 - 1e-12)).rounded(.up))
                if count <= intervals {
                    let decimals = max(-exponent, 0)
                    return (0...max(count, 1)).map { rounded(Double($0) * step, decimals: decimals) }
                }
            }
            exponent += 1
        }
    }

    /// A tick's label: a count with thousands separators, or a share as a percentage with as
    /// many decimals as the ticks' step needs.
    ///
    /// - Parameters:
    ///   - tick: The value, one of ``ticks(upTo:intervals:wholeNumbers:)``.
    ///   - step: The distance between ticks, which decides the decimals.
    ///   - scale: Counts or shares.
    /// - Returns: `1,500`, `20%` or `2.5%`.
    public static func tickLabel(_ tick: Double, step: Double, scale: HistogramScale) -> String {
        let value = scale == .share ? tick * 100 : tick
        let unit = scale == .share ? step * 100 : step
        var decimals = 0
        while decimals < 6 && abs(unit * power10(decimals) - (unit * power10(decimals)).rounded()) > 1e-9 {
            decimals += 1
        }
        let scaled = Int((value * power10(decimals)).rounded())
        var text = NumberFormat.integer(scaled / Int(power10(decimals)))
        if decimals > 0 {
            var fraction = String(abs(scaled) % Int(power10(decimals)))
            while fraction.count < decimals { fraction = "0" + fraction }
            text += "." + fraction
        }
        return text + (scale == .share ? "%" : "")
    }

    /// A histogram as an SVG chart: bars per bin (side by side when there are several sets), a
    /// y axis with round ticks and its title, the bins' labels and a legend for several sets.
    ///
    /// - Parameters:
    ///   - title: The caption and the SVG's accessible name.
    ///   - bars: The sets of bars; each has a height per bin, and all have the same bins.
    ///   - scale: What the heights are, for the y axis.
    ///   - bins: The x axis's labels.
    /// - Returns: A `figure.chart`, or nothing when there are no bins.
    public static func histogram(title: String, bars: [Bars], scale: HistogramScale, bins: BinLabels) -> HTML {
        let binCount = bars.map(\.heights.count).max() ?? 0
        guard binCount > 0 else { return .empty }
        let width = 320.0
        let height = 180.0
        let left = 44.0
        let right = 10.0
        let top = 10.0
        let bottom = 22.0
        let plotWidth = width - left - right
        let plotHeight = height - top - bottom
        let peak = bars.flatMap(\.heights).filter(\.isFinite).max() ?? 0
        let ticks = Self.ticks(upTo: peak, wholeNumbers: scale == .count)
        let axisTop = ticks.last ?? 1
        let step = ticks.count > 1 ? ticks[1] - ticks[0] : 1
        func sy(_ value: Double) -> Double { top + plotHeight - value / axisTop * plotHeight }

        var svg =
            "<svg class=\"chart histogram\" width=\"\(Int(width))\" height=\"\(Int(height))\" "
            + "viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(HTML.escape(title))\">"
            + "<title>\(HTML.escape(title))</title>"
        for tick in ticks {
            svg +=
                "<line x1=\"\(c(left))\" y1=\"\(c(sy(tick)))\" x2=\"\(c(left + plotWidth))\" y2=\"\(c(sy(tick)))\" "
                + "stroke=\"var(--border)\"/>"
            svg +=
                "<text x=\"\(c(left - 4))\" y=\"\(c(sy(tick) + 3.5))\" text-anchor=\"end\" class=\"tick\">"
                + "\(HTML.escape(tickLabel(tick, step: step, scale: scale)))</text>"
        }
        let slot = plotWidth / Double(binCount)
        let barWidth = max(slot / Double(bars.count) - 1, 0.5)
        for (set, series) in bars.enumerated() {
            let opacity = series.opacity < 1 ? " fill-opacity=\"\(c(series.opacity))\"" : ""
            svg += "<g fill=\"\(HTML.escape(series.fill))\"\(opacity)>"
            for (index, value) in series.heights.enumerated() where value.isFinite && value > 0 {
                let barHeight = min(value, axisTop) / axisTop * plotHeight
                let x = left + Double(index) * slot + Double(set) * slot / Double(bars.count) + 0.5
                svg +=
                    "<rect x=\"\(c(x))\" y=\"\(c(top + plotHeight - barHeight))\" width=\"\(c(barWidth))\" "
                    + "height=\"\(c(barHeight))\"/>"
            }
            svg += "</g>"
        }
        svg +=
            "<line x1=\"\(c(left))\" y1=\"\(c(top))\" x2=\"\(c(left))\" y2=\"\(c(top + plotHeight))\" "
            + "stroke=\"var(--muted)\"/>"
        svg +=
            "<line x1=\"\(c(left))\" y1=\"\(c(top + plotHeight))\" x2=\"\(c(left + plotWidth))\" "
            + "y2=\"\(c(top + plotHeight))\" stroke=\"var(--muted)\"/>"
        svg +=
            "<text x=\"12\" y=\"\(c(top + plotHeight / 2))\" text-anchor=\"middle\" class=\"axis\" "
            + "transform=\"rotate(-90 12 \(c(top + plotHeight / 2)))\">\(HTML.escape(scale.title))</text>"
        let labelY = c(top + plotHeight + 14)
        switch bins {
        case .categories(let names) where names.count <= 8:
            for (index, name) in names.enumerated() {
                svg +=
                    "<text x=\"\(c(left + Double(index) * slot + slot / 2))\" y=\"\(labelY)\" text-anchor=\"middle\" "
                    + "class=\"tick\">\(HTML.escape(String(name.prefix(10))))</text>"
            }
        case .range(let low, let high):
            svg +=
                "<text x=\"\(c(left))\" y=\"\(labelY)\" class=\"tick\">"
                + "\(HTML.escape(NumberFormat.decimal(low)))</text>"
            svg +=
                "<text x=\"\(c(left + plotWidth))\" y=\"\(labelY)\" text-anchor=\"end\" class=\"tick\">"
                + "\(HTML.escape(NumberFormat.decimal(high)))</text>"
        case .categories, .none:
            break
        }
        svg += "</svg>"
        var legend = HTML.empty
        if bars.count > 1 {
            var items = HTML.empty
            for series in bars {
                items += .element(
                    "li", [:],
                    .raw(
                        "<span class=\"swatch\" style=\"background:\(HTML.escape(series.fill))"
                            + (series.opacity < 1 ? ";opacity:\(c(series.opacity))" : "") + "\"></span>"),
                    .text(series.name))
            }
            legend = .element("ul", ["class": "legend"], items)
        }
        return .element("figure", ["class": "chart"], .raw(svg), .element("figcaption", [:], .text(title)), legend)
    }

    /// A histogram small enough for a table cell: bars in the accent colour over a y axis whose
    /// top is a round count, labelled at 0 and at the top.
    ///
    /// - Parameters:
    ///   - counts: Values per bin.
    ///   - title: The SVG's accessible name (and tooltip).
    /// - Returns: An inline `svg.sparkline`, or nothing when every count is 0.
    public static func histogramSparkline(counts: [Int], title: String) -> HTML {
        guard let peak = counts.max(), peak > 0 else { return .empty }
        let ticks = Self.ticks(upTo: Double(peak), wholeNumbers: true)
        let axisTop = ticks.last ?? 1
        let step = ticks.count > 1 ? ticks[1] - ticks[0] : 1
        let topLabel = tickLabel(axisTop, step: step, scale: .count)
        // The gutter fits the top label: about 6 px a character at the tick's 10 px size.
        let left = Double(max(topLabel.count, 1)) * 6 + 5
        let barsWidth = 120.0
        let width = left + barsWidth
        let height = 36.0
        let top = 6.0
        let bottom = 30.0
        let bar = barsWidth / Double(counts.count)
        var svg =
            "<svg class=\"sparkline\" width=\"\(c(width))\" height=\"\(Int(height))\" "
            + "viewBox=\"0 0 \(c(width)) \(Int(height))\" role=\"img\" aria-label=\"\(HTML.escape(title))\">"
            + "<title>\(HTML.escape(title))</title>"
        svg +=
            "<line x1=\"\(c(left))\" y1=\"\(c(top))\" x2=\"\(c(width))\" y2=\"\(c(top))\" stroke=\"var(--border)\"/>"
        svg += "<g fill=\"var(--accent)\">"
        for (index, count) in counts.enumerated() where count > 0 {
            let barHeight = max(1, (Double(count) / axisTop * (bottom - top)).rounded())
            svg +=
                "<rect x=\"\(c(left + Double(index) * bar))\" y=\"\(c(bottom - barHeight))\" "
                + "width=\"\(c(max(bar - 1, 1)))\" height=\"\(c(barHeight))\"/>"
        }
        svg += "</g>"
        svg +=
            "<line x1=\"\(c(left - 0.5))\" y1=\"\(c(top))\" x2=\"\(c(left - 0.5))\" y2=\"\(c(bottom))\" "
            + "stroke=\"var(--muted)\"/>"
        svg +=
            "<text x=\"\(c(left - 3))\" y=\"\(c(top + 3.5))\" text-anchor=\"end\" class=\"tick\">"
            + "\(HTML.escape(topLabel))</text>"
        svg +=
            "<text x=\"\(c(left - 3))\" y=\"\(c(bottom + 3.5))\" text-anchor=\"end\" class=\"tick\">0</text>"
        svg += "</svg>"
        return .raw(svg)
    }

    /// 10 to the power `exponent`, exact for the exponents ticks use.
    static func power10(_ exponent: Int) -> Double {
        var result = 1.0
        for _ in 0..<abs(exponent) { result *= 10 }
        return exponent < 0 ? 1 / result : result
    }

    /// `value` rounded to `decimals` places.
    static func rounded(_ value: Double, decimals: Int) -> Double {
        let scale = power10(decimals)
        return (value * scale).rounded() / scale
    }
}

extension Double {
    /// The power of ten at or below a positive number, without Foundation's `log10`.
    fileprivate var log10Floor: Int {
        var exponent = 0
        var value = self
        while value >= 10 {
            value /= 10
            exponent += 1
        }
        while value < 1 {
            value *= 10
            exponent -= 1
        }
        return exponent
    }
}
