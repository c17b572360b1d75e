import QuireSupport

/// Builds SVG text with escaping by default and deterministic number formatting.
struct SVGWriter {
    private(set) var output = ""

    init() {
        output.reserveCapacity(4096)
    }

    /// Appends markup that the caller wrote; never pass diagram text here.
    mutating func raw(_ markup: String) {
        output += markup
    }

    /// Appends text content, escaped.
    mutating func text(_ value: String) {
        output += Self.escape(value)
    }

    /// Escapes `&`, `<`, `>`, `"` and `'` for text and attribute values, dropping control
    /// characters XML forbids.
    static func escape(_ value: String) -> String {
        HTML.escape(value, .xml)
    }

    /// Formats a coordinate with at most two decimals and no trailing zeros, identically everywhere.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let hundredths = Int((value * 100).rounded())
        let negative = hundredths < 0
        let magnitude = negative ? -hundredths : hundredths
        var text = String(magnitude / 100)
        let fraction = magnitude % 100
        if fraction != 0 {
            text += fraction % 10 == 0 ? "." + String(fraction / 10) : (fraction < 10 ? ".0" : ".") + String(fraction)
        }
        return negative && magnitude != 0 ? "-" + text : text
    }
}
