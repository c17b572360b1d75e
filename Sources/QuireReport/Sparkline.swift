import Foundation
import QuireSupport
import QuireValues

/// A trend drawn small enough for a line of text: a notebook's earlier values of one series and
/// the current run's value as the last, emphasised point, scaled to the window's minimum and
/// maximum.
///
/// Pure geometry and markup: the same values give the same bytes (coordinates with at most two
/// decimals, see ``Charts/c(_:)``). Missing and non-finite values leave a gap in the line; a
/// value between two gaps is drawn as a dot.
struct Sparkline: Sendable, Equatable {
    /// The drawing's width in CSS pixels.
    static let width = 80.0
    /// The drawing's height in CSS pixels.
    static let height = 18.0
    /// Room kept at each edge, so the current point's dot is not clipped.
    static let inset = 3.0

    /// A point of the drawing, in the SVG's user units (y grows downwards).
    struct Point: Sendable, Equatable {
        var x: Double
        var y: Double
    }

    /// Each value's point, oldest first; nil where the value is missing or not finite.
    var points: [Point?]
    /// The smallest and largest finite value drawn.
    var range: ClosedRange<Double>

    /// The drawing of `values` (oldest first, the current value last); nil when none is finite.
    init?(values: [Double?]) {
        let finite = values.compactMap { $0 }.filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max() else { return nil }
        range = low...high
        let count = values.count
        let span = Self.width - 2 * Self.inset
        points = values.enumerated().map { index, value in
            guard let value, value.isFinite else { return nil }
            let x = count == 1 ? Self.width / 2 : Self.inset + span * Double(index) / Double(count - 1)
            // A flat window is drawn across the middle.
            let share = high > low ? (high - value) / (high - low) : 0.5
            return Point(x: x, y: Self.inset + share * (Self.height - 2 * Self.inset))
        }
    }

    /// The runs of consecutive points, each of at least one point.
    var segments: [[Point]] {
        var segments: [[Point]] = []
        var current: [Point] = []
        for point in points {
            if let point {
                current.append(point)
            } else if !current.isEmpty {
                segments.append(current)
                current = []
            }
        }
        if !current.isEmpty { segments.append(current) }
        return segments
    }

    /// The inline SVG: a polyline per segment, a dot per lone earlier value, the last point
    /// emphasised, and `title` as its accessible name and tooltip (escaped here).
    func svg(title: String) -> HTML {
        let c = Charts.c
        var markup =
            "<svg class=\"trend-line\" width=\"\(c(Self.width))\" height=\"\(c(Self.height))\" "
            + "viewBox=\"0 0 \(c(Self.width)) \(c(Self.height))\" role=\"img\" aria-label=\"\(HTML.escape(title))\">"
            + "<title>\(HTML.escape(title))</title>"
        let lastIndex = points.count - 1
        for segment in segments {
            if segment.count > 1 {
                let list = segment.map { "\(c($0.x)),\(c($0.y))" }.joined(separator: " ")
                markup += "<polyline points=\"\(list)\"/>"
            } else if let point = segment.first, point != points[lastIndex] {
                markup += "<circle class=\"lone\" cx=\"\(c(point.x))\" cy=\"\(c(point.y))\" r=\"1.25\"/>"
            }
        }
        if let last = points[lastIndex] {
            markup += "<circle class=\"now\" cx=\"\(c(last.x))\" cy=\"\(c(last.y))\" r=\"2.75\"/>"
        }
        return .raw(markup + "</svg>")
    }
}
