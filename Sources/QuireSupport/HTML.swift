/// A fragment of HTML. Text becomes HTML only through escaping, unless ``raw(_:)`` says otherwise.
///
/// Every piece of notebook or data text that reaches a report goes through ``text(_:)`` or an
/// attribute helper; emitting markup that was not built here requires the explicitly named
/// ``raw(_:)``, used for cmark's (safe-mode) output and Quire's own templates.
public struct HTML: Sendable, Equatable, CustomStringConvertible {
    public private(set) var markup: String

    private init(markup: String) {
        self.markup = markup
    }

    public static let empty = HTML(markup: "")

    /// Escaped text.
    public static func text(_ text: String) -> HTML {
        HTML(markup: escape(text))
    }

    /// Markup passed through unchanged. The caller vouches that it is safe.
    public static func raw(_ markup: String) -> HTML {
        HTML(markup: markup)
    }

    /// An element with escaped attribute values and the given content.
    public static func element(_ name: String, _ attributes: KeyValuePairs<String, String> = [:], _ content: HTML...)
        -> HTML
    {
        element(name, attributes, content)
    }

    public static func element(_ name: String, _ attributes: KeyValuePairs<String, String>, _ content: [HTML]) -> HTML {
        var markup = "<" + name
        for (key, value) in attributes {
            markup += " \(key)=\"\(escape(value))\""
        }
        markup += ">"
        for part in content { markup += part.markup }
        markup += "</\(name)>"
        return HTML(markup: markup)
    }

    public static func + (lhs: HTML, rhs: HTML) -> HTML {
        HTML(markup: lhs.markup + rhs.markup)
    }

    public static func += (lhs: inout HTML, rhs: HTML) {
        lhs.markup += rhs.markup
    }

    public var description: String { markup }

    /// Escapes `&`, `<`, `>`, `"` and `'`, so the result is safe in text and in quoted attributes.
    public static func escape(_ text: String) -> String {
        var needsEscaping = false
        for byte in text.utf8 where byte == 0x26 || byte == 0x3C || byte == 0x3E || byte == 0x22 || byte == 0x27 {
            needsEscaping = true
            break
        }
        guard needsEscaping else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
