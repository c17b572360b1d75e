/// The bad-input corpus's one macro, shared by the suites that read its `case` files.
public enum CorpusMacro {
    /// Expands `⟪N×TEXT⟫` into TEXT repeated N times (`\n` in TEXT is a newline).
    public static func expand(_ text: String) -> String {
        guard text.contains("⟪") else { return text }
        var out = ""
        var rest = Substring(text)
        while let open = rest.range(of: "⟪"), let close = rest[open.upperBound...].range(of: "⟫"),
            let times = rest[open.upperBound..<close.lowerBound].firstIndex(of: "×"),
            let count = Int(rest[open.upperBound..<times])
        {
            out += rest[..<open.lowerBound]
            let unit = rest[rest.index(after: times)..<close.lowerBound].replacingOccurrences(of: "\\n", with: "\n")
            out += String(repeating: unit, count: count)
            rest = rest[close.upperBound...]
        }
        return out + rest
    }
}
