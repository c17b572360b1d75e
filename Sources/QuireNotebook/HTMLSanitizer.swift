import QuireSupport

/// Keeps the harmless part of a notebook's raw HTML (`--allow-raw-html`): an allowlist of
/// elements and attributes; everything else is dropped.
///
/// The input is tokenized the way a browser tokenizes it (comments, quoted and unquoted
/// attribute values, ASCII case-insensitive names, raw-text elements such as `<script>`), and
/// the output is written anew from the tokens: text is escaped, each kept tag is re-serialized
/// with only its allowed attributes, each value decoded from its entities, checked, and
/// re-encoded. So the browser sees exactly the values that were checked: `jav&#x09;ascript:` is
/// decoded to `jav\tascript:`, whose tab a URL parser drops, and is refused as a `javascript:`
/// URL. A URL is kept when it is relative or `http`, `https` or `mailto` (`src` of `<img>`: only
/// a `data:` PNG, JPEG, GIF or WebP, the only images a report's Content-Security-Policy loads).
///
/// One sanitizer serves one run of prose, fed raw HTML piece by piece (cmark splits inline HTML
/// into one node per tag): it remembers the elements left open, closes an end tag's inner
/// elements with it, drops end tags that close nothing it opened (they would close the report's
/// own elements), and ``closeOpenElements()`` closes the rest at the end of the run.
public struct HTMLSanitizer: Sendable {
    /// Something removed from the input, for a warning.
    public struct Removal: Sendable, Equatable, CustomStringConvertible {
        /// Byte offset in the input where the removed tag starts.
        public var offset: Int
        /// What was removed and why, e.g. "<meta> (it can send the reader to another page)".
        public var description: String
    }

    /// Elements kept, with the attributes each may carry besides ``globalAttributes``.
    public static let allowedElements: [String: Set<String>] = {
        var elements: [String: Set<String>] = [:]
        for name in [
            "abbr", "b", "bdi", "bdo", "br", "caption", "cite", "code", "dd", "dfn", "dl", "dt", "em", "figcaption",
            "figure", "hr", "i", "kbd", "mark", "pre", "rp", "rt", "ruby", "s", "samp", "small", "span", "strike",
            "strong", "sub", "summary", "sup", "tbody", "tfoot", "thead", "tr", "tt", "u", "ul", "var", "wbr",
        ] {
            elements[name] = []
        }
        for name in ["div", "p", "h1", "h2", "h3", "h4", "h5", "h6", "table"] { elements[name] = ["align"] }
        elements["a"] = ["href"]
        elements["img"] = ["src", "alt", "width", "height", "align"]
        elements["td"] = ["colspan", "rowspan", "align"]
        elements["th"] = ["colspan", "rowspan", "align", "scope"]
        elements["col"] = ["span"]
        elements["colgroup"] = ["span"]
        elements["ol"] = ["start", "reversed", "type"]
        elements["li"] = ["value"]
        for name in ["blockquote", "q", "del", "ins"] { elements[name] = ["cite"] }
        elements["details"] = ["open"]
        elements["time"] = ["datetime"]
        return elements
    }()

    /// Attributes any kept element may carry.
    public static let globalAttributes: Set<String> = ["title", "lang", "dir"]

    /// Elements dropped together with everything inside them.
    static let droppedWithContent: Set<String> = [
        "script", "style", "template", "iframe", "object", "applet", "noscript", "noembed", "noframes", "frameset",
        "xmp", "textarea", "title", "svg", "math", "select",
    ]
    /// Elements whose content a browser reads as text up to the end tag.
    static let rawText: Set<String> = [
        "script", "style", "iframe", "noscript", "noembed", "noframes", "xmp", "textarea", "title",
    ]
    static let void: Set<String> = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track",
        "wbr",
    ]

    /// Elements open at once, at most (browsers stop nesting at 512 as well).
    public static let maximumDepth = 256
    /// Elements opened and not yet closed, innermost last.
    public private(set) var openElements: [String] = []
    /// How many of ``openElements`` have each name (a stray end tag is then found at once).
    private var openCounts: [String: Int] = [:]
    /// A dropped element whose end tag has not come yet, and how deeply it is nested in itself.
    private var skipping: (name: String, depth: Int)?

    /// A sanitizer with the allowlist of docs/report.md.
    public init() {}

    /// The safe part of `html`, and what was removed from it.
    ///
    /// An element dropped with its content (`<svg>`) that the piece does not close goes on
    /// dropping the next pieces' tags, silently, up to its end tag or ``stopSkipping()``.
    public mutating func sanitize(_ html: String) -> (html: String, removals: [Removal]) {
        var tokenizer = HTMLTokenizer(bytes: Array(html.utf8))
        var out: [UInt8] = []
        var removals: [Removal] = []
        if let (name, depth) = skipping {
            let left = tokenizer.skipContent(of: name, nested: !Self.rawText.contains(name), depth: depth)
            skipping = left > 0 ? (name, left) : nil
        }
        while let token = tokenizer.next() {
            switch token {
            case .text(let bytes):
                Self.appendEscapedText(bytes, to: &out)
            case .ignored:
                continue
            case .endTag(let name):
                guard openCounts[name, default: 0] > 0, let index = openElements.lastIndex(of: name) else { continue }
                for open in openElements[index...].reversed() {
                    out += Array("</\(open)>".utf8)
                    openCounts[open, default: 0] -= 1
                }
                openElements.removeSubrange(index...)
            case .startTag(let tag):
                guard let allowed = Self.allowedElements[tag.name] else {
                    removals.append(Removal(offset: tag.offset, description: Self.reason(forDropping: tag.name)))
                    if Self.droppedWithContent.contains(tag.name) && !tag.selfClosing {
                        let left = tokenizer.skipContent(
                            of: tag.name, nested: !Self.rawText.contains(tag.name), depth: 1)
                        if left > 0 { skipping = (tag.name, left) }
                    }
                    continue
                }
                if !Self.void.contains(tag.name) && openElements.count >= Self.maximumDepth {
                    removals.append(
                        Removal(
                            offset: tag.offset,
                            description: "<\(tag.name)> (nested more than \(Self.maximumDepth) deep)"))
                    continue
                }
                var element = Array("<\(tag.name)".utf8)
                var keptSource = false
                var seen: Set<String> = []
                for attribute in tag.attributes {
                    // Browsers keep the first of repeated attributes.
                    guard seen.insert(attribute.name).inserted else { continue }
                    let value = HTMLEntities.decode(attribute.value)
                    if let problem = Self.problem(with: attribute.name, value: value, on: tag.name, allowed: allowed) {
                        removals.append(
                            Removal(
                                offset: tag.offset,
                                description: "attribute \(attribute.name) of <\(tag.name)> (\(problem))"))
                        continue
                    }
                    let kept = Self.urlAttributes.contains(attribute.name) ? Self.cleanedURL(value) : value
                    element += Array(" \(attribute.name)=\"".utf8)
                    Self.appendEscapedAttribute(kept, to: &element)
                    element.append(UInt8(ascii: "\""))
                    if attribute.name == "src" { keptSource = true }
                }
                // An image without a source would show as a broken image: keep only its alt text.
                if tag.name == "img" && !keptSource {
                    if let alt = tag.attributes.first(where: { $0.name == "alt" }) {
                        Self.appendEscapedAttribute(HTMLEntities.decode(alt.value), to: &out)
                    }
                    continue
                }
                out += element
                out.append(UInt8(ascii: ">"))
                if !Self.void.contains(tag.name) {
                    openElements.append(tag.name)
                    openCounts[tag.name, default: 0] += 1
                }
            }
        }
        return (String(decoding: out, as: UTF8.self), removals)
    }

    /// Ends the dropping of an element whose end tag never came (at the end of its paragraph).
    public mutating func stopSkipping() {
        skipping = nil
    }

    /// End tags for the elements still open, innermost first; the sanitizer is then empty.
    public mutating func closeOpenElements() -> String {
        defer {
            openElements.removeAll()
            openCounts.removeAll()
        }
        return openElements.reversed().map { "</\($0)>" }.joined()
    }

    static let urlAttributes: Set<String> = ["href", "src", "cite"]

    /// Why an attribute is dropped, or nil when it is kept.
    static func problem(with name: String, value: String, on element: String, allowed: Set<String>) -> String? {
        if name.hasPrefix("on") { return "event handlers run script" }
        if name == "style" { return "styles could disguise the report" }
        guard allowed.contains(name) || globalAttributes.contains(name) else { return "not allowed in reports" }
        guard urlAttributes.contains(name) else { return nil }
        let url = cleanedURL(value)
        let scheme = Self.scheme(of: url)
        if element == "img" && name == "src" {
            if let scheme, scheme == "data", isEmbeddableImage(url) { return nil }
            return "a report loads no files or remote images; write `![alt](file.png)` to embed a local image"
        }
        guard let scheme else { return nil }
        switch scheme {
        case "http", "https", "mailto": return nil
        case "javascript", "vbscript": return "\(scheme): URLs run script"
        default: return "\(scheme): URLs are not allowed in reports"
        }
    }

    /// Whether a `data:` URL is a PNG, JPEG, GIF or WebP image.
    static func isEmbeddableImage(_ url: String) -> Bool {
        let lower = url.lowercased()
        return ["png", "jpeg", "gif", "webp"].contains { type in
            lower.hasPrefix("data:image/\(type);") || lower.hasPrefix("data:image/\(type),")
        }
    }

    /// A URL as a browser's URL parser reads it: without leading and trailing C0 controls and
    /// spaces, and without tabs and newlines anywhere.
    static func cleanedURL(_ value: String) -> String {
        var scalars = Array(value.unicodeScalars)
        while let first = scalars.first, first.value <= 0x20 { scalars.removeFirst() }
        while let last = scalars.last, last.value <= 0x20 { scalars.removeLast() }
        var out = String.UnicodeScalarView()
        for scalar in scalars where scalar != "\t" && scalar != "\n" && scalar != "\r" { out.append(scalar) }
        return String(out)
    }

    /// The lowercased scheme of `url` (`[A-Za-z][A-Za-z0-9+.-]*:`), or nil for a relative URL.
    static func scheme(of url: String) -> String? {
        var scheme = ""
        for scalar in url.unicodeScalars {
            let isLetter = (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z")
            if scalar == ":" { return scheme.isEmpty ? nil : scheme.lowercased() }
            if isLetter
                || (!scheme.isEmpty && ((scalar >= "0" && scalar <= "9") || "+-.".unicodeScalars.contains(scalar)))
            {
                scheme.unicodeScalars.append(scalar)
            } else {
                return nil
            }
        }
        return nil
    }

    static func reason(forDropping name: String) -> String {
        switch name {
        case "meta", "base": return "<\(name)> (it can send the reader to another page)"
        case "script", "noscript", "template": return "<\(name)> (reports run no script)"
        case "style", "link": return "<\(name)> (reports use their own styles)"
        case "iframe", "object", "embed", "applet", "frame", "frameset":
            return "<\(name)> (reports embed no other documents)"
        case "form", "input", "button", "select", "textarea", "option":
            return "<\(name)> (reports have no forms)"
        case "svg", "math": return "<\(name)> (it can carry script; draw diagrams with a mermaid block)"
        default: return "<\(name)> (not allowed in reports)"
        }
    }

    /// Text between tags: `<` and `>` escaped, character references kept as written (they were
    /// checked by the tokenizer). Text tokens end at ASCII bytes, so each is whole UTF-8.
    static func appendEscapedText(_ bytes: ArraySlice<UInt8>, to out: inout [UInt8]) {
        out += HTML.escape(String(decoding: bytes, as: UTF8.self), .textKeepingReferences).utf8
    }

    /// A decoded attribute value, re-encoded for double quotes.
    static func appendEscapedAttribute(_ value: String, to out: inout [UInt8]) {
        out += HTML.escape(value, .doubleQuotedAttribute).utf8
    }
}

/// The tokens of an HTML fragment, read as the HTML standard's tokenizer reads them in the data
/// state (markup declarations, processing instructions and bogus comments all become ``ignored``).
struct HTMLTokenizer {
    struct Attribute {
        var name: String
        /// As written, entities not decoded.
        var value: String
    }

    struct StartTag {
        var name: String
        var attributes: [Attribute]
        var selfClosing: Bool
        var offset: Int
    }

    enum Token {
        case text(ArraySlice<UInt8>)
        case startTag(StartTag)
        case endTag(String)
        /// A comment, a doctype, a processing instruction, or a tag cut off by the end of input.
        case ignored
    }

    let bytes: [UInt8]
    var index = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0C || byte == 0x0D
    }
    static func isLetter(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
    }
    static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
    }

    func peek(_ offset: Int = 0) -> UInt8? {
        index + offset < bytes.count ? bytes[index + offset] : nil
    }

    /// Whether the input at `index` starts with `prefix`, ASCII case-insensitively.
    func starts(with prefix: String, at position: Int) -> Bool {
        let expected = Array(prefix.utf8)
        guard position + expected.count <= bytes.count else { return false }
        for (offset, byte) in expected.enumerated() where Self.lowercased(bytes[position + offset]) != byte {
            return false
        }
        return true
    }

    mutating func next() -> Token? {
        guard index < bytes.count else { return nil }
        let start = index
        guard bytes[index] == UInt8(ascii: "<") else {
            while index < bytes.count, bytes[index] != UInt8(ascii: "<") { index += 1 }
            return .text(bytes[start..<index])
        }
        let following = peek(1)
        if following == UInt8(ascii: "!") {
            if starts(with: "<!--", at: index) {
                skipComment()
            } else {
                skipPast(UInt8(ascii: ">"))
            }
            return .ignored
        }
        if following == UInt8(ascii: "?") {
            skipPast(UInt8(ascii: ">"))
            return .ignored
        }
        if following == UInt8(ascii: "/") {
            guard let third = peek(2) else {
                index = bytes.count
                return .text(bytes[start..<bytes.count])
            }
            if third == UInt8(ascii: ">") {
                index += 3
                return .ignored
            }
            guard Self.isLetter(third) else {
                skipPast(UInt8(ascii: ">"))
                return .ignored
            }
            index += 2
            let name = readName()
            guard readAttributes() != nil else { return .ignored }
            return .endTag(name)
        }
        guard let following, Self.isLetter(following) else {
            index += 1
            return .text(bytes[start..<index])
        }
        index += 1
        let name = readName()
        guard let (attributes, selfClosing) = readAttributes() else { return .ignored }
        return .startTag(StartTag(name: name, attributes: attributes, selfClosing: selfClosing, offset: start))
    }

    /// A tag name, lowercased: up to a space, `/` or `>`.
    private mutating func readName() -> String {
        var name: [UInt8] = []
        while index < bytes.count {
            let byte = bytes[index]
            if Self.isSpace(byte) || byte == UInt8(ascii: "/") || byte == UInt8(ascii: ">") { break }
            name.append(Self.lowercased(byte))
            index += 1
        }
        return String(decoding: name, as: UTF8.self)
    }

    /// The attributes up to and including the tag's `>`, or nil when the input ends first (a
    /// browser drops such a tag).
    private mutating func readAttributes() -> ([Attribute], Bool)? {
        var attributes: [Attribute] = []
        while true {
            while index < bytes.count, Self.isSpace(bytes[index]) || bytes[index] == UInt8(ascii: "/") {
                if bytes[index] == UInt8(ascii: "/"), peek(1) == UInt8(ascii: ">") {
                    index += 2
                    return (attributes, true)
                }
                index += 1
            }
            guard index < bytes.count else { return nil }
            if bytes[index] == UInt8(ascii: ">") {
                index += 1
                return (attributes, false)
            }
            // A name may start with `=`; it runs to a space, `/`, `>` or `=`.
            var name: [UInt8] = [Self.lowercased(bytes[index])]
            index += 1
            while index < bytes.count {
                let byte = bytes[index]
                if Self.isSpace(byte) || byte == UInt8(ascii: "/") || byte == UInt8(ascii: ">")
                    || byte == UInt8(ascii: "=")
                {
                    break
                }
                name.append(Self.lowercased(byte))
                index += 1
            }
            var value: ArraySlice<UInt8> = []
            var lookahead = index
            while lookahead < bytes.count, Self.isSpace(bytes[lookahead]) { lookahead += 1 }
            if lookahead < bytes.count, bytes[lookahead] == UInt8(ascii: "=") {
                index = lookahead + 1
                while index < bytes.count, Self.isSpace(bytes[index]) { index += 1 }
                guard index < bytes.count else { return nil }
                let quote = bytes[index]
                if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
                    let valueStart = index + 1
                    guard let end = bytes[valueStart...].firstIndex(of: quote) else { return nil }
                    value = bytes[valueStart..<end]
                    index = end + 1
                } else if quote != UInt8(ascii: ">") {
                    let valueStart = index
                    while index < bytes.count, !Self.isSpace(bytes[index]), bytes[index] != UInt8(ascii: ">") {
                        index += 1
                    }
                    value = bytes[valueStart..<index]
                }
            }
            attributes.append(
                Attribute(name: String(decoding: name, as: UTF8.self), value: String(decoding: value, as: UTF8.self)))
        }
    }

    /// Past a comment: `-->`, `--!>`, or the `<!-->` and `<!--->` a browser ends at once.
    private mutating func skipComment() {
        index += 4
        if peek() == UInt8(ascii: ">") {
            index += 1
            return
        }
        if peek() == UInt8(ascii: "-"), peek(1) == UInt8(ascii: ">") {
            index += 2
            return
        }
        while index < bytes.count {
            if starts(with: "-->", at: index) {
                index += 3
                return
            }
            if starts(with: "--!>", at: index) {
                index += 4
                return
            }
            index += 1
        }
    }

    private mutating func skipPast(_ byte: UInt8) {
        while index < bytes.count, bytes[index] != byte { index += 1 }
        index = min(index + 1, bytes.count)
    }

    /// Past the end tag of `name` (and everything before it), or to the end of the input.
    ///
    /// - Parameters:
    ///   - nested: count nested elements of the same name (`<svg>` in `<svg>`); a raw-text
    ///     element (`<script>`) ends at its first end tag.
    ///   - depth: how many elements of that name are open.
    /// - Returns: how many are still open at the end of the input (0: the end tag was found).
    mutating func skipContent(of name: String, nested: Bool, depth: Int) -> Int {
        var depth = depth
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "<") else {
                index += 1
                continue
            }
            let isEnd = peek(1) == UInt8(ascii: "/")
            let nameStart = index + (isEnd ? 2 : 1)
            let nameEnd = nameStart + name.utf8.count
            if starts(with: name, at: nameStart),
                nameEnd == bytes.count || Self.isSpace(bytes[nameEnd])
                    || bytes[nameEnd] == UInt8(ascii: "/") || bytes[nameEnd] == UInt8(ascii: ">")
            {
                if isEnd {
                    depth -= 1
                    if depth == 0 || !nested {
                        index = nameEnd
                        skipPast(UInt8(ascii: ">"))
                        return 0
                    }
                } else if nested {
                    depth += 1
                }
            }
            index += 1
        }
        return depth
    }
}

/// Character references in attribute values.
enum HTMLEntities {
    static let named: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}", "colon": ":", "Tab": "\t",
        "NewLine": "\n", "lpar": "(", "rpar": ")", "sol": "/", "bsol": "\\", "period": ".", "comma": ",",
        "excl": "!", "quest": "?", "num": "#", "dollar": "$", "percnt": "%", "lowbar": "_", "equals": "=",
        "plus": "+", "ast": "*", "semi": ";", "copy": "©", "reg": "®", "trade": "™", "hellip": "…", "mdash": "—",
        "ndash": "–", "laquo": "«", "raquo": "»", "lsquo": "‘", "rsquo": "’", "ldquo": "“", "rdquo": "”",
        "middot": "·", "times": "×", "divide": "÷", "deg": "°", "plusmn": "±", "euro": "€", "pound": "£",
        "yen": "¥", "cent": "¢", "sect": "§", "para": "¶", "bull": "•",
    ]

    /// `text` with numeric references (`&#106;`, `&#x6A;`, the `;` optional as browsers allow)
    /// and the common named ones decoded. Unknown names stay as written; since the value is
    /// re-encoded afterwards, the browser then shows them literally instead of decoding them.
    static func decode(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "&")) else { return text }
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            guard scalars[index] == "&" else {
                out.append(scalars[index])
                index += 1
                continue
            }
            if index + 1 < scalars.count, scalars[index + 1] == "#" {
                var cursor = index + 2
                let hex = cursor < scalars.count && (scalars[cursor] == "x" || scalars[cursor] == "X")
                if hex { cursor += 1 }
                var value: UInt32 = 0
                var digits = 0
                while cursor < scalars.count, let digit = Int(String(scalars[cursor]), radix: hex ? 16 : 10) {
                    value = min(value &* (hex ? 16 : 10) &+ UInt32(digit), 0x11_0000)
                    digits += 1
                    cursor += 1
                }
                if digits > 0 {
                    if cursor < scalars.count, scalars[cursor] == ";" { cursor += 1 }
                    out.append(value == 0 ? "\u{FFFD}" : Unicode.Scalar(value) ?? "\u{FFFD}")
                    index = cursor
                    continue
                }
            } else {
                var cursor = index + 1
                var name = ""
                while cursor < scalars.count, cursor - index <= 10,
                    scalars[cursor].isASCII,
                    scalars[cursor].properties.isAlphabetic || ("0"..."9").contains(scalars[cursor])
                {
                    name.unicodeScalars.append(scalars[cursor])
                    cursor += 1
                }
                if cursor < scalars.count, scalars[cursor] == ";", let decoded = named[name] {
                    out.append(contentsOf: decoded.unicodeScalars)
                    index = cursor + 1
                    continue
                }
            }
            out.append("&")
            index += 1
        }
        return String(out)
    }
}
