/// Number formatting shared by the kinds' renderers and the report's pages.
public enum OutputRendering {
    /// `1,234` style grouping, locale-independent.
    public static func grouped(_ value: Int) -> String {
        let digits = String(abs(value))
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out += "," }
            out.append(character)
        }
        return (value < 0 ? "-" : "") + out
    }

    /// Numbers in tables: up to 4 significant decimals, no exponent for everyday sizes; `—` for
    /// nil and NaN.
    public static func format(_ value: Double?) -> String {
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
