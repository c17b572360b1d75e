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

    /// Escapes `&`, `<`, `>`, `"` and `'` for text and attribute values.
    static func escape(_ value: String) -> String {
        var out = ""
        out.reserveCapacity(value.utf8.count)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                // Control characters are not allowed in XML 1.0.
                if scalar.value < 0x20 && scalar != "\n" && scalar != "\t" { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
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
