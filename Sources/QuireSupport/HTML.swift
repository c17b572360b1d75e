/// A fragment of HTML. Text becomes HTML only through escaping, unless ``raw(_:)`` says otherwise.
///
/// Every piece of notebook or data text that reaches a report goes through ``text(_:)`` or an
/// attribute helper; emitting markup that was not built here requires the explicitly named
/// ``raw(_:)``, used for cmark's (safe-mode) output and Quire's own templates.
public struct HTML: Sendable, Equatable, CustomStringConvertible {
    /// The markup, ready to write.
    public private(set) var markup: String

    private init(markup: String) {
        self.markup = markup
    }

    /// No markup.
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

    /// An element with escaped attribute values and the given content.
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

    /// The two fragments one after the other.
    public static func + (lhs: HTML, rhs: HTML) -> HTML {
        HTML(markup: lhs.markup + rhs.markup)
    }

    /// Appends a fragment.
    public static func += (lhs: inout HTML, rhs: HTML) {
        lhs.markup += rhs.markup
    }

    /// The markup.
    public var description: String { markup }

    /// What ``escape(_:_:)`` replaces. Every HTML and SVG writer in Quire escapes through that one
    /// function; the sets differ only where a format must.
    public struct Escaping: Sendable, Equatable {
        /// `&` becomes `&amp;` (off only for text whose character references were already checked).
        var ampersand: Bool
        /// `"` becomes `&quot;`.
        var quote: Bool
        /// `'` becomes `&#39;`.
        var apostrophe: Bool
        /// C0 control characters other than tab and line feed are dropped (XML 1.0 forbids them).
        var dropsControlCharacters: Bool

        /// `&`, `<`, `>`, `"` and `'`: safe in text and in quoted attributes.
        public static let html = Escaping(ampersand: true, quote: true, apostrophe: true, dropsControlCharacters: false)
        /// As ``html``, and control characters XML forbids are dropped: for SVG.
        public static let xml = Escaping(ampersand: true, quote: true, apostrophe: true, dropsControlCharacters: true)
        /// `&`, `<`, `>` and `"`: a double-quoted attribute value re-encoded after its references
        /// were decoded and checked (the sanitizer of raw HTML).
        public static let doubleQuotedAttribute = Escaping(
            ampersand: true, quote: true, apostrophe: false, dropsControlCharacters: false)
        /// `<` and `>` only: text whose character references were checked and are kept as written
        /// (the sanitizer of raw HTML).
        public static let textKeepingReferences = Escaping(
            ampersand: false, quote: false, apostrophe: false, dropsControlCharacters: false)
    }

    /// Escapes `text` for HTML or XML: by default `&`, `<`, `>`, `"` and `'`, so the result is safe
    /// in text and in quoted attributes.
    public static func escape(_ text: String, _ escaping: Escaping = .html) -> String {
        var needsEscaping = false
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "<"), UInt8(ascii: ">"): needsEscaping = true
            case UInt8(ascii: "&"): needsEscaping = escaping.ampersand
            case UInt8(ascii: "\""): needsEscaping = escaping.quote
            case UInt8(ascii: "'"): needsEscaping = escaping.apostrophe
            case ..<0x20: needsEscaping = escaping.dropsControlCharacters && byte != 0x09 && byte != 0x0A
            default: continue
            }
            if needsEscaping { break }
        }
        guard needsEscaping else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&" where escaping.ampersand: out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where escaping.quote: out += "&quot;"
            case "'" where escaping.apostrophe: out += "&#39;"
            case "\t", "\n": out.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 && escaping.dropsControlCharacters: continue
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
