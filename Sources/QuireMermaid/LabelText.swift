/// Turns mermaid label markup into plain text with `\n` line breaks.
///
/// Handles `<br>` in its spellings, mermaid's entity codes (`#quot;`, `#9829;`), the common HTML
/// entities, markdown-string backticks and emphasis markers, and drops a few harmless inline tags
/// (`<b>`, `<small>`, …). Every other `<` stays text, so `<script>` is shown, escaped, as written.
enum LabelText {
    static let droppedTags: Set<String> = [
        "b", "i", "u", "em", "strong", "small", "big", "sub", "sup", "span", "code", "s", "mark",
    ]

    static func plain(_ raw: String, markdown: Bool = false) -> String {
        var text = raw
        if markdown {
            text = text.replacingAll("**", with: "").replacingAll("__", with: "")
            text = String(text.filter { $0 != "*" && $0 != "`" })
        }
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "<", let (tag, end) = tag(in: scalars, at: index) {
                if tag == "br" {
                    out.append("\n")
                    index = end
                    continue
                }
                if droppedTags.contains(tag) {
                    index = end
                    continue
                }
            }
            if scalar == "#" || scalar == "&", let (decoded, end) = entity(in: scalars, at: index) {
                out.append(decoded)
                index = end
                continue
            }
            if markdown && scalar == "\\" && index + 1 < scalars.count && scalars[index + 1] == "n" {
                out.append("\n")
                index += 2
                continue
            }
            out.append(scalar == "\t" ? " " : scalar)
            index += 1
        }
        // Trim each line, as mermaid's HTML labels collapse outer whitespace.
        return String(out).split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.trimmingSpaces() }.joined(separator: "\n")
    }

    /// Recognises `<name>`, `</name>`, `<name/>`, `<name />` with a plain lowercase name.
    private static func tag(in scalars: [Unicode.Scalar], at start: Int) -> (String, Int)? {
        var index = start + 1
        if index < scalars.count && scalars[index] == "/" { index += 1 }
        var name = ""
        while index < scalars.count, scalars[index].properties.isAlphabetic, name.count < 8 {
            name.unicodeScalars.append(scalars[index])
            index += 1
        }
        guard !name.isEmpty else { return nil }
        while index < scalars.count && scalars[index] == " " { index += 1 }
        if index < scalars.count && scalars[index] == "/" { index += 1 }
        guard index < scalars.count && scalars[index] == ">" else { return nil }
        return (name.lowercased(), index + 1)
    }

    private static let named: [String: Unicode.Scalar] = [
        "quot": "\"", "amp": "&", "lt": "<", "gt": ">", "apos": "'", "nbsp": "\u{A0}", "copy": "©",
        "reg": "®", "deg": "°", "hellip": "…", "mdash": "—", "ndash": "–", "rarr": "→", "larr": "←",
        "hearts": "♥", "check": "✓", "times": "×",
    ]

    /// Decodes `#name;`, `#123;`, `&name;`, `&#123;`, `&#x1F600;`.
    private static func entity(in scalars: [Unicode.Scalar], at start: Int) -> (Unicode.Scalar, Int)? {
        var index = start + 1
        if scalars[start] == "&" && index < scalars.count && scalars[index] == "#" { index += 1 }
        var body = ""
        while index < scalars.count, scalars[index] != ";", body.count < 10 {
            let scalar = scalars[index]
            guard scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) else { return nil }
            body.unicodeScalars.append(scalar)
            index += 1
        }
        guard index < scalars.count, scalars[index] == ";", !body.isEmpty else { return nil }
        let numeric = scalars[start] == "#" || scalars[start + 1] == "#"
        if numeric, let first = body.first, first == "x" || first == "X",
            let value = UInt32(body.dropFirst(), radix: 16), let scalar = Unicode.Scalar(value)
        {
            return (scalar, index + 1)
        }
        if let value = UInt32(body), let scalar = Unicode.Scalar(value), numeric { return (scalar, index + 1) }
        if let scalar = named[body] { return (scalar, index + 1) }
        return nil
    }
}
