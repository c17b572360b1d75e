/// Strikethrough (`~~gone~~`, `~gone~`) and extended autolinks (`www.`, `http://`, `https://`,
/// `ftp://` and email addresses), added to the inlines cmark parsed, after cmark-gfm's
/// `strikethrough.c` and `autolink.c`.
///
/// They work on the text as written (``GFMSource/raw(of:)``), so a backslash-escaped `~` stays a
/// tilde and a URL keeps its escapes as cmark-gfm keeps them; where the written text cannot be
/// found, on the text cmark decoded. Runs are matched inside one inline container (a paragraph,
/// a heading, a table cell, an emphasis, a link). A container where that could differ from
/// cmark-gfm (a strikethrough crossing an emphasis, `~~a *b~~ c*`, a URL running into what cmark
/// read as emphasis or code, an unclosed `[`) is read again first (``GFMReparse``), and only its
/// email addresses are left to this pass.
struct GFMInlines {
    let source: GFMSource
    /// The written text of nodes this pass made or split.
    private var written: [MarkdownNode: [UInt8]] = [:]

    init(source: GFMSource) {
        self.source = source
    }

    /// Strikethrough markup, fixed text.
    static let deletionOpen = "<del>"
    static let deletionClose = "</del>"

    /// Adds strikethrough and autolinks to every paragraph, heading and table cell under `root`.
    ///
    /// Containers whose inlines cmark-gfm could pair differently are read again first
    /// (``GFMReparse``); only email addresses are left to do in them.
    func apply(to root: MarkdownNode) {
        var pass = self
        var reparse = GFMReparse(source: source)
        let done = reparse.apply(to: root)
        for node in root.descendants(ofKinds: [.paragraph, .heading, .customInline])
        where node.kind != .customInline || node.parent?.kind == .customBlock {
            if done.contains(node) {
                pass.linkAllEmails(in: node)
            } else {
                pass.process(node, inLink: false)
            }
        }
    }

    /// Email addresses in a container read again, and in its emphasis and strikethrough.
    private mutating func linkAllEmails(in container: MarkdownNode) {
        var child = container.firstChild
        while let current = child {
            child = current.next
            if current.kind == .customInline, current.firstChild != nil { linkAllEmails(in: current) }
        }
        linkEmails(in: container)
    }

    private func isDeletion(_ node: MarkdownNode) -> Bool {
        node.kind == .customInline && node.parent?.kind != .customBlock
    }

    private mutating func process(_ container: MarkdownNode, inLink: Bool) {
        if !inLink { linkURLs(in: container) }
        strike(in: container)
        var child = container.firstChild
        while let current = child {
            child = current.next
            switch current.kind {
            case .emphasis, .strong, .customInline: process(current, inLink: inLink)
            // A link made of a URL holds its text as written.
            case .link where written[current] != nil: break
            case .link, .image: process(current, inLink: true)
            default: break
            }
        }
        if !inLink { linkEmails(in: container) }
    }

    // MARK: Written text and the characters around a node

    private mutating func writtenText(_ node: MarkdownNode) -> [UInt8] {
        if let known = written[node] { return known }
        let text = source.raw(of: node) ?? Array(node.literal.utf8)
        written[node] = text
        return text
    }

    private func decoded(_ raw: ArraySlice<UInt8>, exact: Bool) -> String {
        String(decoding: exact ? (GFMSource.decode(raw) ?? Array(raw)) : Array(raw), as: UTF8.self)
    }

    /// The `*` or `_` an emphasis opens (or closes) with, as written.
    private func delimiter(of node: MarkdownNode, atEnd: Bool) -> Unicode.Scalar {
        let line = source.line(atEnd ? node.endLine : node.startLine)
        let column = (atEnd ? node.endColumn : node.startColumn) - 1
        guard column >= 0, column < line.count else { return "*" }
        return line[line.startIndex + column] == UInt8(ascii: "_") ? "_" : "*"
    }

    /// The written character just before `node`, as cmark-gfm's scanner sees it.
    private mutating func scalar(before node: MarkdownNode, in container: MarkdownNode) -> Unicode.Scalar {
        guard let previous = node.previous else {
            switch container.kind {
            case .emphasis, .strong: return delimiter(of: container, atEnd: false)
            case .customInline: return isDeletion(container) ? "~" : "\n"
            case .link, .image: return "["
            default: return "\n"
            }
        }
        switch previous.kind {
        case .text:
            let text = writtenText(previous)
            return String(decoding: text, as: UTF8.self).unicodeScalars.last ?? "\n"
        case .softBreak, .lineBreak: return "\n"
        case .code: return "`"
        case .htmlInline: return ">"
        case .emphasis, .strong: return delimiter(of: previous, atEnd: true)
        // A task's checkbox stands where its marker was, at the start of the line.
        case .customInline: return previous.firstChild == nil ? "\n" : "~"
        case .link:
            if let text = written[previous] { return String(decoding: text, as: UTF8.self).unicodeScalars.last ?? ")" }
            return ")"
        default: return ")"
        }
    }

    /// The written character just after `node`, or nil at the end of the container's text.
    private mutating func scalar(after node: MarkdownNode, in container: MarkdownNode) -> Unicode.Scalar? {
        guard let next = node.next else {
            switch container.kind {
            case .emphasis, .strong: return delimiter(of: container, atEnd: true)
            case .customInline: return isDeletion(container) ? "~" : nil
            case .link, .image: return "]"
            default: return nil
            }
        }
        switch next.kind {
        case .text:
            let text = writtenText(next)
            return String(decoding: text, as: UTF8.self).unicodeScalars.first ?? "\n"
        case .softBreak, .lineBreak: return "\n"
        case .code: return "`"
        case .htmlInline: return "<"
        case .emphasis, .strong: return delimiter(of: next, atEnd: false)
        case .customInline: return "~"
        case .image: return "!"
        case .link:
            if let text = written[next] { return String(decoding: text, as: UTF8.self).unicodeScalars.first ?? "[" }
            return "["
        default: return "["
        }
    }

    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value == 9 || scalar.value == 10 || scalar.value == 12 || scalar.value == 13 || scalar.value == 32
            || scalar.properties.generalCategory == .spaceSeparator
    }

    static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return GFMSource.isASCIIPunctuation(UInt8(scalar.value)) }
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .closePunctuation, .finalPunctuation, .initialPunctuation,
            .otherPunctuation, .openPunctuation:
            return true
        default: return false
        }
    }

    // MARK: URLs

    /// Replaces `node` by `pieces` (text or links), remembering their written text.
    private mutating func replace(_ node: MarkdownNode, with pieces: [(text: [UInt8], link: String?, exact: Bool)]) {
        var anchor = node
        for piece in pieces {
            let made: MarkdownNode?
            if let url = piece.link {
                made = MarkdownNode.link(url: url, literal: String(decoding: piece.text, as: UTF8.self))
            } else {
                made = MarkdownNode.text(decoded(piece.text[...], exact: piece.exact))
            }
            guard let made else { continue }
            anchor.insertAfter(made)
            written[made] = piece.text
            anchor = made
        }
        written[node] = nil
        node.remove()
    }

    private mutating func linkURLs(in container: MarkdownNode) {
        var child = container.firstChild
        while let node = child {
            child = node.next
            guard node.kind == .text else { continue }
            let exact = source.raw(of: node) != nil
            let text = writtenText(node)
            guard text.contains(UInt8(ascii: ":")) || text.contains(UInt8(ascii: "w")) else { continue }
            // cmark-gfm reads a domain on into what follows this text; at the end of a paragraph
            // or cell there is nothing more.
            // The character after this text is read too (a newline stands for what follows it).
            var buffer = text
            if let next = scalar(after: node, in: container) { buffer += Array(String(next).utf8) + [10] }
            let before = scalar(before: node, in: container)
            var pieces: [(text: [UInt8], link: String?, exact: Bool)] = []
            var start = 0
            var index = 0
            while index < text.count {
                let byte = text[index]
                if byte == UInt8(ascii: "w"),
                    let end = Self.wwwLink(buffer, at: index, limit: text.count, before: index == 0 ? before : nil)
                {
                    if index > start { pieces.append((Array(text[start..<index]), nil, exact)) }
                    let link = Array(text[index..<end])
                    pieces.append((link, "http://" + String(decoding: link, as: UTF8.self), exact))
                    start = end
                    index = end
                    continue
                }
                if byte == UInt8(ascii: ":"),
                    let (scheme, end) = Self.urlLink(buffer, at: index, limit: text.count, floor: start)
                {
                    if scheme > start { pieces.append((Array(text[start..<scheme]), nil, exact)) }
                    let link = Array(text[scheme..<end])
                    pieces.append((link, String(decoding: link, as: UTF8.self), exact))
                    start = end
                    index = end
                    continue
                }
                index += 1
            }
            guard !pieces.isEmpty else { continue }
            if start < text.count { pieces.append((Array(text[start...]), nil, exact)) }
            replace(node, with: pieces)
        }
    }

    /// The end of a `www.` link starting at `index`, if there is one. `before` is the character
    /// before a link at the start of the text.
    static func wwwLink(_ data: [UInt8], at index: Int, limit: Int, before: Unicode.Scalar?) -> Int? {
        if index > 0 {
            let previous = data[index - 1]
            guard "*_~(".utf8.contains(previous) || GFMSource.isSpace(previous) else { return nil }
        } else if let before, before.value != 10 {
            guard "*_~(".unicodeScalars.contains(before) || (before.isASCII && GFMSource.isSpace(UInt8(before.value)))
            else { return nil }
        }
        guard index + 4 <= limit, data[index..<(index + 4)].elementsEqual("www.".utf8) else { return nil }
        let domain = checkDomain(data[index...], allowShort: false)
        guard domain > 0 else { return nil }
        var end = index + domain
        while end < limit, !GFMSource.isSpace(data[end]), data[end] != UInt8(ascii: "<") { end += 1 }
        end = index + delimit(data[index..<end])
        return end > index ? end : nil
    }

    /// The start of the scheme and the end of an `http://`, `https://` or `ftp://` link whose
    /// colon is at `index`, if there is one.
    static func urlLink(_ data: [UInt8], at index: Int, limit: Int, floor: Int) -> (Int, Int)? {
        guard index + 3 < data.count, data[index + 1] == UInt8(ascii: "/"), data[index + 2] == UInt8(ascii: "/")
        else { return nil }
        var scheme = index
        while scheme > floor, (65...90).contains(data[scheme - 1]) || (97...122).contains(data[scheme - 1]) {
            scheme -= 1
        }
        let name = String(decoding: data[scheme..<index], as: UTF8.self).lowercased()
        guard name == "http" || name == "https" || name == "ftp", isAlphanumeric(data[index + 3]) else { return nil }
        let domain = checkDomain(data[(index + 3)...], allowShort: true)
        guard domain > 0 else { return nil }
        var end = index + 3 + domain
        end = min(end, limit)
        while end < limit, !GFMSource.isSpace(data[end]), data[end] != UInt8(ascii: "<") { end += 1 }
        end = scheme + delimit(data[scheme..<end])
        return end > scheme ? (scheme, end) : nil
    }

    /// cmark-gfm's `check_domain`: the length of the domain at the start of `data`, or 0.
    static func checkDomain(_ data: ArraySlice<UInt8>, allowShort: Bool) -> Int {
        // Read in place, not copied: a text may hold a great many candidates.
        let base = data.startIndex
        let size = data.count
        var index = 1
        var periods = 0
        var underscoresBefore = 0
        var underscores = 0
        while index < size - 1 {
            let byte = data[base + index]
            if byte == UInt8(ascii: "_") {
                underscores += 1
            } else if byte == UInt8(ascii: ".") {
                underscoresBefore = underscores
                underscores = 0
                periods += 1
            } else if !isHostCharacter(data, at: base + index), byte != UInt8(ascii: "-") {
                break
            }
            index += 1
        }
        if underscoresBefore > 0 || underscores > 0 { return 0 }
        if allowShort { return max(index, 0) }
        return periods > 0 ? index : 0
    }

    private static func isHostCharacter(_ bytes: ArraySlice<UInt8>, at index: Int) -> Bool {
        // cmark-gfm 0.29 reads the domain a byte at a time: the second byte of a character is
        // no character, and ends it.
        if bytes[index] & 0xC0 == 0x80 { return false }
        if bytes[index] < 0x80 {
            let byte = bytes[index]
            return !GFMSource.isSpace(byte) && !GFMSource.isASCIIPunctuation(byte)
        }
        var end = index + 1
        while end < bytes.endIndex, end - index < 4, bytes[end] & 0xC0 == 0x80 { end += 1 }
        guard let scalar = String(decoding: bytes[index..<end], as: UTF8.self).unicodeScalars.first else {
            return false
        }
        return !isSpace(scalar) && !isPunctuation(scalar)
    }

    /// cmark-gfm's `autolink_delim`: the link's length without trailing punctuation, an
    /// unmatched closing parenthesis or an entity-like `&name;`.
    static func delimit(_ data: ArraySlice<UInt8>) -> Int {
        let bytes = Array(data)
        var end = bytes.firstIndex(of: UInt8(ascii: "<")) ?? bytes.count
        var parentheses: (opening: Int, closing: Int)?
        while end > 0 {
            let last = bytes[end - 1]
            if "?!.,:*_~'\"".utf8.contains(last) {
                end -= 1
            } else if last == UInt8(ascii: ";") {
                var newEnd = end - 2
                while newEnd > 0, (65...90).contains(bytes[newEnd]) || (97...122).contains(bytes[newEnd]) {
                    newEnd -= 1
                }
                if newEnd < end - 2, newEnd >= 0, bytes[newEnd] == UInt8(ascii: "&") { end = newEnd } else { end -= 1 }
            } else if last == UInt8(ascii: ")") {
                // Counted once, then kept up to date as the end moves back.
                if parentheses == nil {
                    parentheses = (
                        bytes[..<end].filter { $0 == UInt8(ascii: "(") }.count,
                        bytes[..<end].filter { $0 == UInt8(ascii: ")") }.count
                    )
                }
                guard let (opening, closing) = parentheses, closing > opening else { break }
                parentheses = (opening, closing - 1)
                end -= 1
            } else {
                break
            }
        }
        return end
    }

    // MARK: Email addresses

    private mutating func linkEmails(in container: MarkdownNode) {
        var child = container.firstChild
        while let node = child {
            child = node.next
            guard node.kind == .text else { continue }
            let text = Array(node.literal.utf8)
            guard text.contains(UInt8(ascii: "@")) else { continue }
            var pieces: [(text: [UInt8], link: String?, exact: Bool)] = []
            var start = 0
            var offset = 0
            var attempts = 0
            while offset < text.count, attempts < 1000, let at = text[offset...].firstIndex(of: UInt8(ascii: "@")) {
                attempts += 1
                guard let (linkStart, linkEnd) = Self.email(text, at: at, floor: offset) else {
                    offset = at + 1
                    continue
                }
                if linkStart > start { pieces.append((Array(text[start..<linkStart]), nil, false)) }
                let address = Array(text[linkStart..<linkEnd])
                pieces.append((address, "mailto:" + String(decoding: address, as: UTF8.self), false))
                start = linkEnd
                offset = linkEnd
            }
            guard !pieces.isEmpty else { continue }
            if start < text.count { pieces.append((Array(text[start...]), nil, false)) }
            replace(node, with: pieces)
        }
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (48...57).contains(byte) || (65...90).contains(byte) || (97...122).contains(byte)
    }

    /// An address around the `@` at `at`, cmark-gfm's way: letters, digits and `.+-_` before it,
    /// a domain with a period after, ending in a letter (or a period, which is left out).
    static func email(_ text: [UInt8], at: Int, floor: Int) -> (Int, Int)? {
        var start = at
        while start > floor, isAlphanumeric(text[start - 1]) || ".+-_".utf8.contains(text[start - 1]) { start -= 1 }
        guard start < at else { return nil }
        var end = at
        var ats = 0
        var periods = 0
        while end < text.count {
            let byte = text[end]
            if isAlphanumeric(byte) {
            } else if byte == UInt8(ascii: "@") {
                ats += 1
            } else if byte == UInt8(ascii: "."), end < text.count - 1, isAlphanumeric(text[end + 1]) {
                periods += 1
            } else if byte != UInt8(ascii: "-"), byte != UInt8(ascii: "_") {
                break
            }
            end += 1
        }
        let length = end - at
        guard length >= 2, ats == 1, periods > 0 else { return nil }
        let last = text[end - 1]
        guard (65...90).contains(last) || (97...122).contains(last) || last == UInt8(ascii: ".") else { return nil }
        let kept = delimit(text[at..<end])
        guard kept > 0 else { return nil }
        return (start, at + kept)
    }

    // MARK: Strikethrough

    private struct Delimiter {
        var node: MarkdownNode
        var length: Int
        var canOpen: Bool
        var canClose: Bool
        var removed = false
    }

    private mutating func strike(in container: MarkdownNode) {
        var delimiters: [Delimiter] = []
        var child = container.firstChild
        while let node = child {
            child = node.next
            guard node.kind == .text else { continue }
            let text = writtenText(node)
            guard text.contains(UInt8(ascii: "~")) else { continue }
            let exact = source.raw(of: node) != nil || written[node] != nil
            let before = scalar(before: node, in: container)
            let after = scalar(after: node, in: container) ?? "\n"
            let scalars = Array(String(decoding: text, as: UTF8.self).unicodeScalars)
            var pieces: [(text: [UInt8], delimiter: Delimiter?)] = []
            var start = 0
            var index = 0
            var backslashes = 0
            while index < scalars.count {
                guard scalars[index] == "~", backslashes % 2 == 0 else {
                    backslashes = scalars[index] == "\\" ? backslashes + 1 : 0
                    index += 1
                    continue
                }
                var end = index
                while end < scalars.count, scalars[end] == "~" { end += 1 }
                let length = end - index
                let previous = index > 0 ? scalars[index - 1] : before
                let next = end < scalars.count ? scalars[end] : after
                let left =
                    !Self.isSpace(next)
                    && (!Self.isPunctuation(next) || Self.isSpace(previous) || Self.isPunctuation(previous))
                let right =
                    !Self.isSpace(previous)
                    && (!Self.isPunctuation(previous) || Self.isSpace(next) || Self.isPunctuation(next))
                if length <= 2, left || right {
                    if index > start { pieces.append((Self.utf8(scalars[start..<index]), nil)) }
                    pieces.append(
                        (
                            Self.utf8(scalars[index..<end]),
                            Delimiter(node: node, length: length, canOpen: left, canClose: right)
                        ))
                    start = end
                }
                backslashes = 0
                index = end
            }
            guard pieces.contains(where: { $0.delimiter != nil }) else { continue }
            if start < scalars.count { pieces.append((Self.utf8(scalars[start...]), nil)) }
            var anchor = node
            for piece in pieces {
                guard let made = MarkdownNode.text(decoded(piece.text[...], exact: exact)) else { continue }
                anchor.insertAfter(made)
                written[made] = piece.text
                anchor = made
                if var delimiter = piece.delimiter {
                    delimiter.node = made
                    delimiters.append(delimiter)
                }
            }
            written[node] = nil
            node.remove()
        }
        guard delimiters.count >= 2 else { return }
        match(&delimiters)
    }

    private static func utf8(_ scalars: ArraySlice<Unicode.Scalar>) -> [UInt8] {
        var string = String.UnicodeScalarView()
        string.append(contentsOf: scalars)
        return Array(String(string).utf8)
    }

    /// cmark-gfm's `process_emphasis` for `~` alone: each closer takes the nearest opener, runs
    /// of different lengths make nothing, the rule of three holds.
    private mutating func match(_ delimiters: inout [Delimiter]) {
        var bottom = -1
        var closer = 0
        while closer < delimiters.count {
            guard !delimiters[closer].removed, delimiters[closer].canClose else {
                closer += 1
                continue
            }
            var opener = closer - 1
            var found = false
            // A bound on the look back, so a line of tildes cannot make this quadratic.
            var steps = 0
            while opener > bottom, steps < 10_000 {
                steps += 1
                let candidate = delimiters[opener]
                if !candidate.removed, candidate.canOpen {
                    let closing = delimiters[closer]
                    if !(closing.canOpen || candidate.canClose) || closing.length % 3 == 0
                        || (candidate.length + closing.length) % 3 != 0
                    {
                        found = true
                        break
                    }
                }
                opener -= 1
            }
            if found {
                if delimiters[opener].length == delimiters[closer].length {
                    wrap(from: delimiters[opener].node, to: delimiters[closer].node)
                    for index in opener...closer { delimiters[index].removed = true }
                }
            } else {
                bottom = closer - 1
                if !delimiters[closer].canOpen { delimiters[closer].removed = true }
            }
            closer += 1
        }
    }

    /// Puts the nodes between two delimiter texts into a deletion, in place of the delimiters.
    private mutating func wrap(from opener: MarkdownNode, to closer: MarkdownNode) {
        guard let deletion = MarkdownNode.custom(block: false, enter: Self.deletionOpen, exit: Self.deletionClose)
        else { return }
        opener.insertBefore(deletion)
        while let inner = opener.next, inner != closer {
            deletion.appendChild(inner)
        }
        written[opener] = nil
        written[closer] = nil
        opener.remove()
        closer.remove()
    }
}
