import Foundation
import QuireSupport
import QuireValues
import TestSupport
import Testing

/// Histograms' y axes: round ticks from 0 to just above the tallest bar, labelled as counts or
/// percentages, and the SVG they draw (golden files beside this one).
@Suite struct HistogramChartTests {
    @Test(arguments: [
        (120.0, false, [0.0, 50, 100, 150]),
        (100, false, [0, 50, 100]),
        (7, true, [0, 2, 4, 6, 8]),
        (3, true, [0, 1, 2, 3]),
        (1, true, [0, 1]),
        (0.37, false, [0, 0.1, 0.2, 0.3, 0.4]),
        (0.04, false, [0, 0.01, 0.02, 0.03, 0.04]),
        (9_500, true, [0, 5_000, 10_000]),
        (0, true, [0, 1]),
        (-3, false, [0, 1]),
        (.nan, false, [0, 1]),
    ])
    func ticksAreRoundAndReachTheTallestBar(maximum: Double, wholeNumbers: Bool, expected: [Double]) {
        #expect(Charts.ticks(upTo: maximum, wholeNumbers: wholeNumbers) == expected)
    }

    /// The rule itself, over many maxima: a step of 1, 2 or 5 times a power of ten, at most four
    /// intervals, the top at or above the maximum, and no tick wasted above it.
    @Test func everyTickSetFollowsTheRule() {
        var maximum = 0.0013
        while maximum < 5e7 {
            let ticks = Charts.ticks(upTo: maximum)
            let step = ticks[1]
            var mantissa = step
            while mantissa >= 10 { mantissa /= 10 }
            while mantissa < 1 { mantissa *= 10 }
            #expect([1, 2, 5].contains { abs(mantissa - $0) < 1e-9 }, "step \(step) for \(maximum)")
            #expect(ticks.count - 1 <= 4)
            #expect(ticks.last ?? 0 >= maximum)
            #expect(ticks[ticks.count - 2] < maximum, "a tick above \(maximum) too many: \(ticks)")
            for (index, tick) in ticks.enumerated() {
                #expect(abs(tick - Double(index) * step) <= step * 1e-9)
            }
            maximum *= 1.37
        }
    }

    @Test func labelsAreCountsOrPercentages() {
        #expect(Charts.tickLabel(1_500, step: 500, scale: .count) == "1,500")
        #expect(Charts.tickLabel(0, step: 500, scale: .count) == "0")
        #expect(Charts.tickLabel(0.3, step: 0.1, scale: .share) == "30%")
        #expect(Charts.tickLabel(0.025, step: 0.005, scale: .share) == "2.5%")
        #expect(Charts.tickLabel(0.04, step: 0.01, scale: .share) == "4%")
        #expect(Charts.HistogramScale.count.title == "count")
        #expect(Charts.HistogramScale.share.title == "share of values")
    }

    static let hostile = "<script>alert(1)</script> & \"q\""

    static func shareChart() -> String {
        Charts.histogram(
            title: "x01: reference vs current \(hostile)",
            bars: [
                Charts.Bars(
                    name: "reference <b>", heights: [0.1, 0.25, 0.37, 0.2, 0.08], fill: "var(--muted)", opacity: 0.6),
                Charts.Bars(name: "current", heights: [0.05, 0.15, 0.3, 0.3, 0.2], fill: "var(--accent)"),
            ],
            scale: .share, bins: .categories(["a", "b<c", "d&e", "a very long category", "e"])
        ).markup
    }

    static func sparkline() -> String {
        Charts.histogramSparkline(counts: [3, 40, 120, 80, 0, 7], title: "x: 250 values \(hostile)").markup
    }

    /// Golden SVGs; re-record with `QUIRE_RECORD=1 swift test --filter HistogramChartTests`.
    @Test(arguments: ["histogram-share", "histogram-sparkline"])
    func golden(name: String) {
        let actual = (name == "histogram-share" ? Self.shareChart() : Self.sparkline()) + "\n"
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Golden").appendingPathComponent(name + ".svg")
        if let mismatch = Golden.mismatch(actual, goldenAt: url) { Issue.record(Comment(rawValue: mismatch)) }
    }

    @Test func theChartHasAYAxisWithItsTitleAndEscapesText() throws {
        let svg = Self.shareChart()
        #expect(!svg.contains("<script>") && !svg.contains("<b>"))
        #expect(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot;"))
        #expect(svg.contains("b&lt;c") && svg.contains("d&amp;e"))
        #expect(svg.contains(">share of values</text>"))
        for label in ["0%", "10%", "20%", "30%", "40%"] { #expect(svg.contains(">\(label)</text>")) }
        #expect(svg == Self.shareChart())
        // The tallest bar (0.37 of an axis that ends at 0.4) is 92.5% of the plot's height.
        let heights = svg.matches(of: /height="([0-9.]+)"\/>/).compactMap { Double($0.1) }
        let plot = try #require(heights.max())
        #expect(abs(plot / 148 - 0.925) < 0.01)
    }

    @Test func theSparklineIsLabelledAtZeroAndItsRoundTop() {
        let svg = Self.sparkline()
        #expect(svg.contains(">150</text>") && svg.contains(">0</text>"))
        #expect(svg.contains("&lt;script&gt;") && !svg.contains("<script>"))
        #expect(Charts.histogramSparkline(counts: [0, 0], title: "empty") == .empty)
    }
}
