/// cmark-gfm reads strikethrough and extended autolinks while it parses inlines, where plain cmark
/// reads neither: its `~` runs take part in the emphasis algorithm beside `*` and `_` (so
/// `~~a *b~~ c*` strikes `a *b` and leaves the last `*` as text), and a `www.` or `http://` link
/// runs on over what cmark reads as emphasis or code (`www.example.com/*x*` links
/// `www.example.com/*x`).
///
/// Where cmark's tree could pair differently (a `~` and an emphasis in one paragraph or heading,
/// or a URL that runs on past its text node), the container's inlines are read again from its
/// text as written. cmark parses that text on the side with each delimiter run and each URL
/// masked by one private-use character, so it reads code spans, links, raw HTML, escapes and
/// entities exactly as before; the delimiters are then paired here by cmark-gfm's rules (its
/// `process_emphasis`, `~` included), the URLs become links, and every node gets its place in
/// the notebook. The text is checked first: cmark must read it as it read the container. Every
/// other container keeps cmark's tree.
struct GFMReparse {
    let source: GFMSource
    /// Bytes of the notebook appended to side documents for reference links (see
    /// ``GFMExtensions``), within a budget.
    private var referenceBudget = 8 << 20

    init(source: GFMSource) {
        self.source = source
    }

    /// The first private-use scalar that masks a run; a mask is this plus its index.
    static let firstMask: UInt32 = 0xF0000
    /// At most this many masks in one container (the private-use plane's size).
    static let maskLimit = 0xFFFD

    /// A container's inline text as written, and where each byte of it is in the notebook.
    struct Written {
        var bytes: [UInt8] = []
        /// Per byte: its line and 1-based byte column.
        var places: [(line: Int, column: Int)] = []
        /// A tight task item's checkbox, kept in front of the inlines.
        var checkbox: MarkdownNode?
    }

    /// A run masked in the side text: a delimiter run or an extended autolink.
    struct Mask {
        var range: Range<Int>
        /// `*`, `_` or `~`; nil for a link.
        var delimiter: UInt8?
        var canOpen = false
        var canClose = false
        var url = ""
    }

    /// The side text: a no-break space (so no line starts a block), the written text with its
    /// masks, and where each byte came from.
    struct Masked {
        var bytes: [UInt8]
        /// Per byte: its offset in the written text, `-1 - index` for a mask's bytes, or
        /// `Int.min` for the no-break space.
        var origin: [Int]
        var masks: [Mask]
    }

    /// A delimiter run in a side paragraph, as cmark-gfm's delimiter stack holds it.
    struct Delimiter {
        var node: MarkdownNode
        var character: UInt8
        /// The run's length as written, for the rule of three.
        var length: Int
        /// The characters not yet used, and the written offset of the first of them.
        var count: Int
        var start: Int
        var canOpen: Bool
        var canClose: Bool
        var removed = false
    }

    /// Reads again the paragraphs and headings under `root` where cmark-gfm could read their
    /// inlines differently from cmark.
    /// - Returns: The containers read again; their strikethrough and URLs are done.
    mutating func apply(to root: MarkdownNode) -> Set<MarkdownNode> {
        var done: Set<MarkdownNode> = []
        for container in root.descendants(ofKinds: [.paragraph, .heading, .customInline])
        where container.kind != .customInline || container.parent?.kind == .customBlock {
            guard needsReading(container) else { continue }
            if read(container) { done.insert(container) }
        }
        return done
    }

    // MARK: Where

    /// Whether a `~` and an emphasis (or a `*` or `_` cmark left as text) share the container,
    /// or a URL runs on past its text node.
    ///
    /// cmark-gfm pairs `~` with `*` and `_` in one pass, and looks past `~` for the characters
    /// around a `*` or `_` run (`a~_x_` is no emphasis), so any `~` beside them may change them.
    func needsReading(_ container: MarkdownNode) -> Bool {
        var emphasis = false
        var tilde = false
        var bracket = false
        var url = false
        for node in container.descendants(ofKinds: [.text, .emphasis, .strong]) {
            guard node.kind == .text else {
                emphasis = true
                continue
            }
            let literal = node.literal
            if literal.holds("~") { tilde = true }
            if literal.holds("[") || literal.holds("]") { bracket = true }
            if literal.holds("www.") || literal.holds("://") { url = true }
            // Text cmark misplaced (after a code span over several lines) is found in order.
            if literal.contains(where: { "~wW:*_".contains($0) }), source.rawRange(of: node) == nil { return true }
            if literal.holds("*") || literal.holds("_") {
                emphasis = true
                if leavesDelimiter(node) { return true }
            }
            if runsOn(node, in: container) { return true }
        }
        // cmark-gfm makes no URL a link while a bracket is open.
        return (emphasis && tilde) || (bracket && url)
    }

    /// Whether cmark left a run of `*` or `_` that can open or close as text: cmark-gfm's
    /// older emphasis rules (CommonMark 0.29) may pair it where cmark's did not.
    func leavesDelimiter(_ node: MarkdownNode) -> Bool {
        guard let (line, offset, raw) = source.rawRange(of: node) else { return false }
        let bytes = Array(source.line(line))
        var index = offset
        var backslashes = 0
        while index < offset + raw.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "*") || byte == UInt8(ascii: "_"), backslashes % 2 == 0 {
                let run = Self.delimiterRun(in: bytes, at: index)
                if run.canOpen || run.canClose { return true }
                index = run.end
                backslashes = 0
                continue
            }
            backslashes = byte == UInt8(ascii: "\\") ? backslashes + 1 : 0
            index += 1
        }
        return false
    }

    /// Whether a URL starting in a text node (not in a link) runs on, on its line, past the node.
    func runsOn(_ node: MarkdownNode, in container: MarkdownNode) -> Bool {
        let literal = node.literal
        guard literal.holds("w") || literal.holds(":") else { return false }
        var ancestor = node.parent
        while let current = ancestor, current != container {
            if current.kind == .link || current.kind == .image { return false }
            ancestor = current.parent
        }
        guard let (line, offset, raw) = source.rawRange(of: node) else { return false }
        let bytes = Array(source.line(line))
        let end = offset + raw.count
        // A URL ending in a backslash leaves the character after it unescaped.
        func runsOn(_ linkEnd: Int) -> Bool { linkEnd > end || bytes[linkEnd - 1] == UInt8(ascii: "\\") }
        for index in offset..<end {
            if bytes[index] == UInt8(ascii: "w"),
                let linkEnd = GFMInlines.wwwLink(bytes, at: index, limit: bytes.count, before: nil), runsOn(linkEnd)
            {
                return true
            }
            if bytes[index] == UInt8(ascii: ":"),
                let (_, linkEnd) = GFMInlines.urlLink(bytes, at: index, limit: bytes.count, floor: offset),
                runsOn(linkEnd)
            {
                return true
            }
        }
        return false
    }

    // MARK: The text as written

    /// The inline text of a paragraph or heading as written: its lines inside their containers,
    /// without leading whitespace (nor a task's marker, nor a heading's `#`s or underline).
    func written(_ container: MarkdownNode) -> Written? {
        var result = Written()
        let first = container.startLine
        var last = container.endLine
        guard first >= 1, last >= first else { return nil }
        var firstStart = min(max(container.startColumn - 1, 0), source.line(first).count)
        var firstEnd: Int?
        if container.kind == .customInline {
            // A table cell: its text up to the next pipe not escaped, `\|` read as `|`.
            let line = source.line(first)
            var index = line.startIndex + firstStart
            while index < line.endIndex, line[index] != UInt8(ascii: "|") {
                if line[index] == UInt8(ascii: "\\"), index + 1 < line.endIndex, line[index + 1] == UInt8(ascii: "|") {
                    index += 1
                }
                result.bytes.append(line[index])
                result.places.append((first, index - line.startIndex + 1))
                index += 1
            }
            while let last = result.bytes.last, last == 32 || last == 9 {
                result.bytes.removeLast()
                result.places.removeLast()
            }
            return result
        }
        if container.kind == .heading {
            let line = source.line(first)
            var index = line.startIndex + firstStart
            var hashes = 0
            while index < line.endIndex, line[index] == UInt8(ascii: "#") {
                index += 1
                hashes += 1
            }
            if (1...6).contains(hashes), index == line.endIndex || line[index] == 32 || line[index] == 9 {
                // An ATX heading: one line, without its closing `#`s.
                last = first
                firstStart = index - line.startIndex
                var end = line.endIndex
                while end > index, line[end - 1] == 32 || line[end - 1] == 9 { end -= 1 }
                var closing = end
                while closing > index, line[closing - 1] == UInt8(ascii: "#") { closing -= 1 }
                if closing < end, closing == index || line[closing - 1] == 32 || line[closing - 1] == 9 {
                    end = closing
                }
                firstEnd = end - line.startIndex
            } else {
                // A setext heading: its lines without the underline.
                last -= 1
                guard last >= first else { return nil }
            }
        } else if container.parent?.kind == .item {
            let line = source.line(first)
            let start = line.startIndex + firstStart
            let box = container.firstChild.flatMap { $0.kind == .customInline && $0.firstChild == nil ? $0 : nil }
            let looseBox = container.previous.map { $0.kind == .customBlock && $0.firstChild == nil } ?? false
            if box != nil || looseBox, start + 3 <= line.endIndex, line[start] == UInt8(ascii: "["),
                line[start + 2] == UInt8(ascii: "]")
            {
                result.checkbox = box
                firstStart += 3
            }
        }
        let containers = GFMExtensions.containers(of: container)
        for number in first...last {
            let line = source.line(number)
            var start: Int
            if number == first {
                start = firstStart
            } else {
                start =
                    GFMExtensions.contentStart(line: number, of: container, containers: containers, in: source) ?? 0
            }
            var end = number == first ? (firstEnd ?? line.count) : line.count
            guard start <= end else { return nil }
            while start < end, line[line.startIndex + start] == 32 || line[line.startIndex + start] == 9 { start += 1 }
            if number == last {
                while end > start, line[line.startIndex + end - 1] == 32 || line[line.startIndex + end - 1] == 9 {
                    end -= 1
                }
            }
            if number > first {
                result.bytes.append(10)
                result.places.append((number - 1, source.line(number - 1).count + 1))
            }
            for offset in start..<end {
                result.bytes.append(line[line.startIndex + offset])
                result.places.append((number, offset + 1))
            }
        }
        return result
    }

    /// The lines of the notebook appended to a side document, for its reference links.
    private mutating func references(for text: [UInt8]) -> [UInt8] {
        guard text.contains(UInt8(ascii: "[")), referenceBudget >= source.bytes.count else { return [] }
        referenceBudget -= source.bytes.count
        return Array("\n\n\u{A0}\n\n".utf8) + source.bytes
    }

    /// Whether the text holds a character of the private-use plane the masks use.
    static func holdsMasks(_ bytes: [UInt8]) -> Bool {
        var index = 0
        while index + 1 < bytes.count {
            if bytes[index] == 0xF3, (0xB0...0xBF).contains(bytes[index + 1]) { return true }
            index += 1
        }
        return false
    }

    /// The HTML cmark writes for a node's children, without a task's checkbox.
    static func html(ofChildren node: MarkdownNode, skipping skipped: MarkdownNode? = nil) -> String {
        var html = ""
        var child = node.firstChild
        while let current = child {
            if current != skipped { html += Self.html(of: current) }
            child = current.next
        }
        return html
    }

    /// The HTML cmark writes for a node.
    static func html(of node: MarkdownNode) -> String {
        let policy = ProseRenderPolicy(
            renders: true, allowsRawHTML: false, images: ProseImages(directory: "/", root: "/", embeds: false),
            headingAnchor: { _ in nil })
        return CommonMarkConverter.html(of: node, policy: policy)
    }

    // MARK: Reading again

    /// Reads a container's inlines again as cmark-gfm does; false (and the container as it was)
    /// when its text cannot be found as cmark read it.
    private mutating func read(_ container: MarkdownNode) -> Bool {
        guard let written = written(container), !written.bytes.isEmpty, !Self.holdsMasks(written.bytes) else {
            return false
        }
        let references = references(for: written.bytes)
        // The text found must be what cmark read.
        let expected = Self.html(ofChildren: container, skipping: written.checkbox)
        guard let plain = Self.mask(written.bytes, urls: [], delimiters: false),
            let check = Self.signature(of: plain, text: written.bytes, references: references, html: expected)
        else { return false }
        var urls: [Mask] = []
        for _ in 0..<64 {
            guard let masked = Self.mask(written.bytes, urls: urls, delimiters: true) else { return false }
            let document = CommonMarkConverter.parse(masked.bytes + [10] + references, extended: false)
            let outcome: [Mask]? = withExtendedLifetime(document) {
                guard let paragraph = document.root.firstChild, paragraph.kind == .paragraph else { return nil }
                var reading = Reading(written: written, masked: masked, side: GFMSource(masked.bytes))
                guard reading.locate(in: paragraph) else { return nil }
                guard let found = reading.urls(in: paragraph, from: urls.last?.range.upperBound ?? 0) else {
                    return nil
                }
                if !found.isEmpty { return found }
                // Masking the delimiters must not have changed a link, code span or raw HTML.
                var signature = check
                if !urls.isEmpty {
                    guard let withURLs = Self.mask(written.bytes, urls: urls, delimiters: false),
                        let urlCheck = Self.signature(
                            of: withURLs, text: written.bytes, references: references, html: nil)
                    else { return nil }
                    signature = urlCheck
                }
                guard Self.signature(of: paragraph, masked: masked, text: written.bytes) == signature,
                    reading.convert(paragraph)
                else { return nil }
                reading.place(paragraph)
                Self.joinTexts(in: paragraph)
                guard !Self.holdsMasks(Array(Self.html(ofChildren: paragraph).utf8)) else { return nil }
                // The side paragraph's inlines take the place of cmark's.
                var child = container.firstChild
                while let current = child {
                    child = current.next
                    if current != written.checkbox { current.remove() }
                }
                while let moved = paragraph.firstChild { container.appendChild(moved) }
                return []
            }
            guard let found = outcome else { return false }
            if found.isEmpty { return true }
            urls += found
        }
        return false
    }

    /// Joins adjacent text nodes, as cmark does, keeping the first one's start and the last one's
    /// end.
    static func joinTexts(in paragraph: MarkdownNode) {
        for parent in [paragraph] + paragraph.descendants(ofKinds: [.customInline, .link, .image]) {
            var child = parent.firstChild
            while let current = child {
                if current.kind == .text {
                    while let next = current.next, next.kind == .text {
                        current.setLiteral(current.literal + next.literal)
                        current.setPosition(
                            .absolute(
                                startLine: current.startLine, startColumn: current.startColumn, endLine: next.endLine,
                                endColumn: next.endColumn))
                        next.remove()
                    }
                }
                child = current.next
            }
        }
    }

    /// The written text with its delimiter runs (when `delimiters`) and `urls` masked.
    static func mask(_ text: [UInt8], urls: [Mask], delimiters: Bool) -> Masked? {
        var result = Masked(bytes: Array("\u{A0}".utf8), origin: [Int.min, Int.min], masks: [])
        func append(_ mask: Mask) -> Bool {
            guard result.masks.count < maskLimit, let scalar = Unicode.Scalar(firstMask + UInt32(result.masks.count))
            else { return false }
            let encoded = Array(String(scalar).utf8)
            result.bytes += encoded
            result.origin += Array(repeating: -1 - result.masks.count, count: encoded.count)
            result.masks.append(mask)
            return true
        }
        var index = 0
        var backslashes = 0
        var nextURL = 0
        while index < text.count {
            while nextURL < urls.count, urls[nextURL].range.lowerBound < index { nextURL += 1 }
            if nextURL < urls.count, urls[nextURL].range.lowerBound == index {
                guard append(urls[nextURL]) else { return nil }
                index = urls[nextURL].range.upperBound
                nextURL += 1
                backslashes = 0
                continue
            }
            let byte = text[index]
            if delimiters, byte == UInt8(ascii: "*") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "~"),
                backslashes % 2 == 0
            {
                let (end, canOpen, canClose) = delimiterRun(in: text, at: index)
                let mask = Mask(range: index..<end, delimiter: byte, canOpen: canOpen, canClose: canClose)
                if canOpen || canClose {
                    guard append(mask) else { return nil }
                } else {
                    result.bytes += text[index..<end]
                    result.origin += Array(index..<end)
                }
                index = end
                backslashes = 0
                continue
            }
            backslashes = byte == UInt8(ascii: "\\") ? backslashes + 1 : 0
            result.bytes.append(byte)
            result.origin.append(index)
            index += 1
        }
        return result
    }

    /// The run of `*`, `_` or `~` at `index` of written text: where it ends, and whether it can
    /// open or close, by cmark-gfm's `scan_delims` (which looks past `~` for the characters
    /// around a `*` or `_` run) and its strikethrough's (runs of one or two `~` only).
    static func delimiterRun(in text: [UInt8], at index: Int) -> (end: Int, canOpen: Bool, canClose: Bool) {
        let byte = text[index]
        var end = index
        while end < text.count, text[end] == byte { end += 1 }
        let skip: UInt8? = byte == UInt8(ascii: "~") ? nil : UInt8(ascii: "~")
        var beforeEnd = index
        var afterStart = end
        if let skip {
            while beforeEnd > 0, text[beforeEnd - 1] == skip { beforeEnd -= 1 }
            while afterStart < text.count, text[afterStart] == skip { afterStart += 1 }
        }
        var before = scalar(endingAt: beforeEnd, in: text) ?? "\n"
        var after = scalar(startingAt: afterStart, in: text) ?? "\n"
        // Only tildes before (or after) count as the start (or end) of the text.
        if skip != nil, beforeEnd == 0, index > 0 { before = "\n" }
        if skip != nil, afterStart == text.count { after = "\n" }
        let left =
            !GFMInlines.isSpace(after)
            && (!GFMInlines.isPunctuation(after) || GFMInlines.isSpace(before) || GFMInlines.isPunctuation(before))
        let right =
            !GFMInlines.isSpace(before)
            && (!GFMInlines.isPunctuation(before) || GFMInlines.isSpace(after) || GFMInlines.isPunctuation(after))
        if byte == UInt8(ascii: "_") {
            return (
                end, left && (!right || GFMInlines.isPunctuation(before)),
                right && (!left || GFMInlines.isPunctuation(after))
            )
        }
        if byte == UInt8(ascii: "~"), end - index > 2 { return (end, false, false) }
        return (end, left, right)
    }

    /// The scalar that ends just before byte `index` of UTF-8 text, if any.
    static func scalar(endingAt index: Int, in text: [UInt8]) -> Unicode.Scalar? {
        guard index > 0 else { return nil }
        var start = index - 1
        while start > 0, index - start < 4, text[start] & 0xC0 == 0x80 { start -= 1 }
        return String(decoding: text[start..<index], as: UTF8.self).unicodeScalars.last
    }

    /// The scalar that starts at byte `index` of UTF-8 text, if any.
    static func scalar(startingAt index: Int, in text: [UInt8]) -> Unicode.Scalar? {
        guard index < text.count else { return nil }
        var end = index + 1
        while end < text.count, end - index < 4, text[end] & 0xC0 == 0x80 { end += 1 }
        return String(decoding: text[index..<end], as: UTF8.self).unicodeScalars.first
    }

    /// `text` with each mask's character replaced by what it masks.
    static func unmask(_ text: String, masks: [Mask], written: [UInt8]) -> String {
        guard text.unicodeScalars.contains(where: { $0.value >= firstMask && $0.value < firstMask + 0x10000 }) else {
            return text
        }
        var result = ""
        for scalar in text.unicodeScalars {
            let index = Int(scalar.value) - Int(firstMask)
            if index >= 0, index < masks.count {
                result += String(decoding: written[masks[index].range], as: UTF8.self)
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// What masking may not change: each link's and image's destination, code span and raw
    /// HTML, in order, unmasked.
    static func signature(of paragraph: MarkdownNode, masked: Masked, text: [UInt8]) -> [String] {
        paragraph.descendants(ofKinds: [.link, .image, .code, .htmlInline]).map { node in
            let value = node.kind == .link || node.kind == .image ? node.url : node.literal
            return "\(node.kind) " + unmask(value, masks: masked.masks, written: text)
        }
    }

    /// The signature of the side paragraph cmark reads from `masked`; nil when it is not one
    /// paragraph, or when its HTML is not `html`.
    static func signature(of masked: Masked, text: [UInt8], references: [UInt8], html: String?) -> [String]? {
        let document = CommonMarkConverter.parse(masked.bytes + [10] + references, extended: false)
        return withExtendedLifetime(document) { () -> [String]? in
            guard let paragraph = document.root.firstChild, paragraph.kind == .paragraph else { return nil }
            if let html {
                if let first = paragraph.firstChild, first.kind == .text, first.literal.hasPrefix("\u{A0}") {
                    let rest = String(first.literal.unicodeScalars.dropFirst())
                    if rest.isEmpty { first.remove() } else { first.setLiteral(rest) }
                }
                guard Self.html(ofChildren: paragraph) == html else { return nil }
            }
            return signature(of: paragraph, masked: masked, text: text)
        }
    }
}

/// One side paragraph being turned into cmark-gfm's inlines.
private struct Reading {
    let written: GFMReparse.Written
    let masked: GFMReparse.Masked
    /// The side text's lines, to find its text nodes.
    let side: GFMSource

    var text: [UInt8] { written.bytes }

    /// Where each text node of the side paragraph is in the masked text (``locate(in:)``).
    var ranges: [MarkdownNode: Range<Int>] = [:]

    /// The byte range of a side text node in the masked text.
    func range(of node: MarkdownNode) -> Range<Int>? {
        ranges[node]
    }

    /// The offset in the masked text of a side node's start as cmark places it, if any.
    func hint(_ node: MarkdownNode) -> Int? {
        guard node.startLine >= 1, node.startLine <= side.lineCount, node.startColumn >= 1 else { return nil }
        let offset = side.lineStarts[node.startLine - 1] + node.startColumn - 1
        return offset < masked.bytes.count ? offset : nil
    }

    /// Finds the text nodes of the side paragraph in the masked text, in order: each at cmark's
    /// place when its text is there, else at the first place after the previous node where it
    /// is (cmark misplaces what follows a code span over several lines). False when one cannot
    /// be found.
    mutating func locate(in paragraph: MarkdownNode) -> Bool {
        let bytes = masked.bytes
        var cursor = 0
        for node in paragraph.descendants(ofKinds: [.text, .code, .htmlInline, .softBreak, .lineBreak]) {
            switch node.kind {
            case .text:
                let literal = Array(node.literal.utf8)
                guard !literal.isEmpty else { continue }
                var start: Int?
                if let hint = hint(node), hint >= cursor,
                    GFMSource.writtenLength(of: literal, in: bytes[hint...]) != nil
                {
                    start = hint
                } else {
                    start = (cursor..<bytes.count).first {
                        GFMSource.writtenLength(of: literal, in: bytes[$0...]) != nil
                    }
                }
                guard let start, let length = GFMSource.writtenLength(of: literal, in: bytes[start...]) else {
                    return false
                }
                ranges[node] = start..<(start + length)
                cursor = start + length
            case .code:
                // From its opening backticks to the closing run of as many.
                var open = cursor
                if let hint = hint(node), hint > cursor, bytes[hint - 1] == UInt8(ascii: "`") {
                    open = hint - 1
                    while open > cursor, bytes[open - 1] == UInt8(ascii: "`") { open -= 1 }
                }
                guard let first = bytes[open...].firstIndex(of: UInt8(ascii: "`")) else { return false }
                var index = first
                while index < bytes.count, bytes[index] == UInt8(ascii: "`") { index += 1 }
                let count = index - first
                var closed = false
                while index < bytes.count, !closed {
                    guard bytes[index] == UInt8(ascii: "`") else {
                        index += 1
                        continue
                    }
                    let run = index
                    while index < bytes.count, bytes[index] == UInt8(ascii: "`") { index += 1 }
                    closed = index - run == count
                }
                cursor = index
            case .htmlInline:
                let literal = Array(node.literal.utf8)
                guard !literal.isEmpty else { continue }
                guard
                    let start = (cursor..<bytes.count).first(where: {
                        bytes[$0...].starts(with: literal)
                    })
                else { return false }
                cursor = start + literal.count
            default:
                guard let newline = bytes[cursor...].firstIndex(of: 10) else { return false }
                cursor = newline + 1
            }
        }
        return true
    }

    /// The URLs cmark-gfm reads, in order, in the paragraph's text after written offset `from`:
    /// outside brackets, in text cmark left as text. It stops after a URL that runs on past its
    /// text node, whose mask changes what cmark reads after it. Nil when a text is not found.
    func urls(in paragraph: MarkdownNode, from: Int) -> [GFMReparse.Mask]? {
        var found: [GFMReparse.Mask] = []
        // The brackets open, as cmark-gfm 0.29 has them: a `[` stops URLs until a `]` closes it;
        // a `![` too, until a link (not an image) is made after it.
        var brackets: [(link: Bool, blocks: Bool)] = []
        var floor = from
        var child = paragraph.firstChild
        while let node = child {
            child = node.next
            if node.kind == .link, !isAutolink(node) {
                for index in brackets.indices where !brackets[index].link { brackets[index].blocks = false }
                continue
            }
            guard node.kind == .text, !node.literal.isEmpty else { continue }
            guard let range = range(of: node) else { return nil }
            guard let last = masked.origin[range].last(where: { $0 >= 0 }) else { continue }
            var backslashes = 0
            var bang = false
            for index in range {
                let byte = masked.bytes[index]
                let place = masked.origin[index]
                // What a URL found here holds is no bracket.
                guard place >= floor || place < from || found.isEmpty else { continue }
                let escaped = backslashes % 2 == 1
                backslashes = byte == UInt8(ascii: "\\") ? backslashes + 1 : 0
                let afterBang = bang
                bang = byte == UInt8(ascii: "!") && !escaped
                guard !escaped else { continue }
                if byte == UInt8(ascii: "[") { brackets.append((!afterBang, true)) }
                if byte == UInt8(ascii: "]") { _ = brackets.popLast() }
                guard place >= floor, !brackets.contains(where: { $0.link || $0.blocks }) else { continue }
                var link: GFMReparse.Mask?
                if byte == UInt8(ascii: "w"),
                    let end = GFMInlines.wwwLink(text, at: place, limit: text.count, before: nil)
                {
                    let url = "http://" + String(decoding: text[place..<end], as: UTF8.self)
                    link = GFMReparse.Mask(range: place..<end, url: url)
                } else if byte == UInt8(ascii: ":"),
                    let (scheme, end) = GFMInlines.urlLink(text, at: place, limit: text.count, floor: floor)
                {
                    link = GFMReparse.Mask(
                        range: scheme..<end, url: String(decoding: text[scheme..<end], as: UTF8.self))
                }
                guard let link else { continue }
                found.append(link)
                floor = link.range.upperBound
                // Its mask changes what cmark reads after it (a URL ending in a backslash leaves
                // the character after it unescaped).
                if link.range.upperBound > last + 1 || text[link.range.upperBound - 1] == UInt8(ascii: "\\") {
                    return found
                }
            }
        }
        return found
    }

    // MARK: Nodes

    /// Gives a node the place of written bytes `from` through `through`.
    func setPosition(_ node: MarkdownNode, from: Int, through: Int) {
        guard !written.places.isEmpty else { return }
        let start = written.places[max(min(from, written.places.count - 1), 0)]
        let end = written.places[max(min(through, written.places.count - 1), 0)]
        node.setPosition(
            .absolute(startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column))
    }

    /// The written offset of a side line and column, if it is in the masked text.
    func writtenOffset(line: Int, column: Int) -> Int? {
        guard line >= 1, line <= side.lineCount, column >= 1 else { return nil }
        let index = side.lineStarts[line - 1] + column - 1
        guard index < masked.origin.count else { return nil }
        let origin = masked.origin[index]
        if origin >= 0 { return origin }
        if origin == Int.min { return 0 }
        return masked.masks[-1 - origin].range.lowerBound
    }

    /// Gives every node under the paragraph that has no place yet its place in the notebook.
    func place(_ paragraph: MarkdownNode) {
        var previous = 0
        for node in paragraph.descendants(ofKinds: MarkdownNode.allKinds) where node != paragraph {
            // A break has no place in cmark's tree either.
            if node.storedPosition != nil || node.startLine == 0 { continue }
            let start = writtenOffset(line: node.startLine, column: node.startColumn) ?? previous
            let end = writtenOffset(line: node.endLine, column: node.endColumn) ?? start
            setPosition(node, from: start, through: max(start, end))
            previous = end
        }
    }

    /// Turns the masks under a side paragraph (or link) back into text, delimiter runs and
    /// links, and pairs the delimiters; false when something cannot be found or unmasked.
    mutating func convert(_ scope: MarkdownNode) -> Bool {
        var delimiters: [GFMReparse.Delimiter] = []
        var children: [MarkdownNode] = []
        var child = scope.firstChild
        while let current = child {
            children.append(current)
            child = current.next
        }
        for node in children {
            switch node.kind {
            case .text:
                guard split(node, into: &delimiters) else { return false }
            case .code, .htmlInline:
                node.setLiteral(unmask(node.literal))
            case .link, .image:
                // An autolink's text is its destination, not inlines.
                let autolink = isAutolink(node)
                guard let converted = convertLink(node) else { return false }
                if !autolink { guard convert(converted) else { return false } }
            default:
                break
            }
        }
        pair(&delimiters)
        return true
    }

    func unmask(_ text: String) -> String {
        GFMReparse.unmask(text, masks: masked.masks, written: written.bytes)
    }

    /// Whether a side link was written `<…>`: its text follows a `<` (cmark's column of an
    /// autolink on a later line is not always right; its text's is).
    func isAutolink(_ node: MarkdownNode) -> Bool {
        guard node.kind == .link, let text = node.firstChild, text.kind == .text, text.next == nil,
            let range = range(of: text), range.lowerBound > 0
        else { return false }
        return masked.bytes[range.lowerBound - 1] == UInt8(ascii: "<")
    }

    /// A link or image whose destination holds a mask, with it unmasked (a link made anew); nil
    /// for an image, or a link with a title, whose destination cannot be set.
    func convertLink(_ node: MarkdownNode) -> MarkdownNode? {
        if isAutolink(node) {
            var child = node.firstChild
            while let current = child {
                if current.kind == .text { current.setLiteral(unmask(current.literal)) }
                child = current.next
            }
        }
        let url = unmask(node.url)
        guard url != node.url else { return node }
        guard node.kind == .link, !GFMReparse.html(of: node).holds(" title=\""),
            let link = MarkdownNode.link(url: url, literal: "")
        else { return nil }
        link.firstChild?.remove()
        node.insertBefore(link)
        while let inner = node.firstChild { link.appendChild(inner) }
        // The new link keeps the side position of the old one, for ``place(_:)``.
        if let start = writtenOffset(line: node.startLine, column: node.startColumn) {
            let end = writtenOffset(line: node.endLine, column: node.endColumn) ?? start
            setPosition(link, from: start, through: max(start, end))
        }
        node.remove()
        return link
    }

    /// Replaces a side text node by its pieces: text, delimiter runs (added to `delimiters`)
    /// and links.
    func split(_ node: MarkdownNode, into delimiters: inout [GFMReparse.Delimiter]) -> Bool {
        if node.literal.isEmpty {
            node.remove()
            return true
        }
        guard let range = range(of: node) else { return false }
        var index = range.lowerBound
        while index < range.upperBound {
            let origin = masked.origin[index]
            if origin == Int.min {
                index += 1
                continue
            }
            if origin < 0 {
                let mask = masked.masks[-1 - origin]
                while index < range.upperBound, masked.origin[index] == origin { index += 1 }
                let written = String(decoding: text[mask.range], as: UTF8.self)
                if let character = mask.delimiter {
                    guard let made = MarkdownNode.text(written) else { return false }
                    node.insertBefore(made)
                    setPosition(made, from: mask.range.lowerBound, through: mask.range.upperBound - 1)
                    delimiters.append(
                        GFMReparse.Delimiter(
                            node: made, character: character, length: mask.range.count, count: mask.range.count,
                            start: mask.range.lowerBound, canOpen: mask.canOpen, canClose: mask.canClose))
                } else {
                    guard let link = MarkdownNode.link(url: mask.url, literal: written) else { return false }
                    node.insertBefore(link)
                    setPosition(link, from: mask.range.lowerBound, through: mask.range.upperBound - 1)
                    if let inner = link.firstChild {
                        setPosition(inner, from: mask.range.lowerBound, through: mask.range.upperBound - 1)
                    }
                }
                continue
            }
            var end = index
            while end < range.upperBound, masked.origin[end] >= 0 { end += 1 }
            guard let literal = GFMSource.decode(masked.bytes[index..<end]),
                let made = MarkdownNode.text(String(decoding: literal, as: UTF8.self))
            else { return false }
            node.insertBefore(made)
            setPosition(made, from: masked.origin[index], through: masked.origin[end - 1])
            index = end
        }
        node.remove()
        return true
    }

    // MARK: Pairing

    /// cmark-gfm's `process_emphasis` over one bracket's delimiters: `*` and `_` make emphasis
    /// (two of each a strong emphasis), `~` runs of one length a strikethrough; a pair removes
    /// the delimiters between it; the rule of three and the bottoms below which no opener is
    /// looked for again are cmark's.
    mutating func pair(_ delimiters: inout [GFMReparse.Delimiter]) {
        var bottoms: [UInt8: [Int]] = [:]
        var closer = 0
        while closer < delimiters.count {
            let closing = delimiters[closer]
            guard !closing.removed, closing.canClose else {
                closer += 1
                continue
            }
            let bottom = bottoms[closing.character]?[closing.length % 3] ?? -1
            var opener = closer - 1
            var found = false
            // A bound on the look back, so a run of openers cannot make this quadratic.
            var steps = 0
            while opener > bottom, steps < 10_000 {
                steps += 1
                let candidate = delimiters[opener]
                if !candidate.removed, candidate.canOpen, candidate.character == closing.character,
                    !(closing.canOpen || candidate.canClose) || closing.length % 3 == 0
                        || (candidate.length + closing.length) % 3 != 0
                {
                    found = true
                    break
                }
                opener -= 1
            }
            if found, closing.character == UInt8(ascii: "~") {
                if delimiters[opener].count == closing.count {
                    strike(from: delimiters[opener].node, to: closing.node)
                    for index in opener...closer { delimiters[index].removed = true }
                }
                closer += 1
            } else if found {
                closer = emphasize(&delimiters, opener: opener, closer: closer)
            } else {
                bottoms[closing.character, default: [-1, -1, -1]][closing.length % 3] = closer - 1
                if !closing.canOpen { delimiters[closer].removed = true }
                closer += 1
            }
        }
    }

    /// Puts the nodes between two `~` runs into a deletion, in place of the runs.
    func strike(from opener: MarkdownNode, to closer: MarkdownNode) {
        guard
            let deletion = MarkdownNode.custom(
                block: false, enter: GFMInlines.deletionOpen, exit: GFMInlines.deletionClose)
        else { return }
        opener.insertBefore(deletion)
        while let inner = opener.next, inner != closer { deletion.appendChild(inner) }
        deletion.setPosition(
            .absolute(
                startLine: opener.startLine, startColumn: opener.startColumn, endLine: closer.endLine,
                endColumn: closer.endColumn))
        opener.remove()
        closer.remove()
    }

    /// cmark's `S_insert_emph`: one or two characters of each run make an emphasis around the
    /// nodes between them.
    /// - Returns: The index of the next closer to look at.
    func emphasize(_ delimiters: inout [GFMReparse.Delimiter], opener: Int, closer: Int) -> Int {
        let use = delimiters[opener].count >= 2 && delimiters[closer].count >= 2 ? 2 : 1
        let character = String(UnicodeScalar(delimiters[opener].character))
        delimiters[opener].count -= use
        let closerStart = delimiters[closer].start
        delimiters[closer].count -= use
        delimiters[closer].start += use
        for index in (opener + 1)..<closer { delimiters[index].removed = true }
        let openerNode = delimiters[opener].node
        let closerNode = delimiters[closer].node
        let tags = use == 1 ? ("<em>", "</em>") : ("<strong>", "</strong>")
        if let emphasis = MarkdownNode.custom(block: false, enter: tags.0, exit: tags.1) {
            openerNode.insertAfter(emphasis)
            while let inner = emphasis.next, inner != closerNode { emphasis.appendChild(inner) }
            setPosition(
                emphasis, from: delimiters[opener].start + delimiters[opener].count, through: closerStart + use - 1)
        }
        var next = closer
        for index in [opener, closer] {
            let delimiter = delimiters[index]
            if delimiter.count == 0 {
                delimiter.node.remove()
                delimiters[index].removed = true
                if index == closer { next = closer + 1 }
            } else {
                delimiter.node.setLiteral(String(repeating: character, count: delimiter.count))
                setPosition(delimiter.node, from: delimiter.start, through: delimiter.start + delimiter.count - 1)
            }
        }
        return next
    }
}
