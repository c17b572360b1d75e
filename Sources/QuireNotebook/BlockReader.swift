import CCmark

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Converts cmark's document tree into ``Notebook/Block``s.
///
/// Top-level fenced blocks whose info string starts with `step` become steps and those starting
/// with `mermaid` diagrams; consecutive other blocks form prose runs. cmark gives byte columns;
/// every range here is converted to scalar columns.
struct BlockReader {
    let source: SourceText
    let options: NotebookParser.Options
    let declaredParams: Set<String>
    /// Embeds or checks prose images.
    let images: ProseImages
    var diagnostics: [Diagnostic] = []
    /// Prose warnings left out, per id, past ``maximumProseWarnings``.
    private var suppressed: [Diagnostic.ID: Int] = [:]
    private var shownProseWarnings: [Diagnostic.ID: Int] = [:]
    /// Image and raw-HTML warnings shown per id: a hostile notebook can hold a million of them.
    static let maximumProseWarnings = 100
    /// Anchors of the top-level headings, for their `id` attributes.
    private var anchors: [OpaquePointer: String] = [:]

    init(source: SourceText, options: NotebookParser.Options, declaredParams: Set<String>, images: ProseImages) {
        self.source = source
        self.options = options
        self.declaredParams = declaredParams
        self.images = images
    }

    /// A fence as written on its opening line.
    struct Fence {
        var character: UInt8
        var length: Int
        /// Byte offsets, within the line, of the trimmed info string.
        var info: Range<Int>
    }

    mutating func readDocument(_ document: OpaquePointer) -> ([Notebook.Block], [Heading]) {
        var blocks: [Notebook.Block] = []
        var prose: [OpaquePointer] = []
        var headings: [Heading] = []
        var used: Set<String> = []

        func flushProse(_ reader: inout BlockReader) {
            guard let first = prose.first, let last = prose.last else { return }
            blocks.append(.prose(reader.makeProse(from: first, to: last, nodes: prose)))
            prose.removeAll(keepingCapacity: true)
        }

        var node = cmark_node_first_child(document)
        while let current = node {
            node = cmark_node_next(current)
            let type = cmark_node_get_type(current)
            if type == CMARK_NODE_HEADING {
                let text = Self.plainText(of: current).trimmingSpaces
                var anchor = Heading.slug(text)
                // Step sections own `step-…`; repeated headings get -1, -2, … as on GitHub.
                if anchor.hasPrefix("step-") { anchor = "h-" + anchor }
                let base = anchor
                var suffix = 0
                while used.contains(anchor) {
                    suffix += 1
                    anchor = "\(base)-\(suffix)"
                }
                used.insert(anchor)
                anchors[current] = anchor
                headings.append(
                    Heading(
                        level: Int(cmark_node_get_heading_level(current)), text: text, anchor: anchor,
                        range: range(of: current)))
            }
            guard type == CMARK_NODE_CODE_BLOCK else {
                checkNestedCode(in: current)
                prose.append(current)
                continue
            }
            let block = readCodeBlock(current)
            switch block {
            case .prose:
                prose.append(current)
            default:
                flushProse(&self)
                blocks.append(block)
            }
        }
        flushProse(&self)
        for (id, count) in suppressed.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            // At the last warning shown, so it is printed right after it.
            let last = diagnostics.last(where: { $0.id == id })?.range
            diagnostics.append(
                .warning(id, "\(count) more warnings like this one are not shown", at: last, hint: nil))
        }
        return (blocks, headings)
    }

    /// A top-level code block as a step, a diagram or code.
    private mutating func readCodeBlock(_ node: OpaquePointer) -> Notebook.Block {
        let range = range(of: node)
        let literal = Self.string(cmark_node_get_literal(node))
        let startLine = Int(cmark_node_get_start_line(node))
        let startByteColumn = Int(cmark_node_get_start_column(node))
        guard let fence = fence(onLine: startLine, atByteColumn: startByteColumn) else {
            // Indented code.
            return .code(
                CodeBlock(
                    language: "", info: "", code: Self.normalise(literal), range: range, firstCodeLine: startLine,
                    isClosed: true))
        }
        let isClosed = checkClosed(node, fence: fence, range: range)
        let lineBytes = source.lineBytes(startLine)
        let infoBytes = lineBytes[
            (lineBytes.startIndex + fence.info.lowerBound)..<(lineBytes.startIndex + fence.info.upperBound)]
        let info = String(decoding: infoBytes, as: UTF8.self)
        let language = info.split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map(String.init) ?? ""
        let code = Self.normalise(literal)
        switch language {
        case "step":
            var reader = StepReader(source: source, declaredParams: declaredParams)
            let step = reader.read(
                fenceLine: startLine, infoBytes: fence.info, range: range, body: code, isClosed: isClosed)
            diagnostics += reader.diagnostics
            return .step(step)
        case "mermaid":
            return .mermaid(
                CodeBlock(
                    language: language, info: info, code: code, range: range, firstCodeLine: startLine + 1,
                    isClosed: isClosed))
        default:
            return .code(
                CodeBlock(
                    language: language, info: info, code: code, range: range, firstCodeLine: startLine + 1,
                    isClosed: isClosed))
        }
    }

    /// Warns about step blocks and unclosed fences inside lists and quotes.
    private mutating func checkNestedCode(in node: OpaquePointer) {
        // Without recursion: `> > > …` and `- - - …` nest as deep as a line is long.
        var resume: [OpaquePointer] = []
        var child = cmark_node_first_child(node)
        while true {
            guard let current = child else {
                guard let next = resume.popLast() else { return }
                child = next
                continue
            }
            child = cmark_node_next(current)
            switch cmark_node_get_type(current) {
            case CMARK_NODE_CODE_BLOCK:
                let line = Int(cmark_node_get_start_line(current))
                guard let fence = fence(onLine: line, atByteColumn: Int(cmark_node_get_start_column(current)))
                else { continue }
                let range = range(of: current)
                _ = checkClosed(current, fence: fence, range: range)
                let info = Self.string(cmark_node_get_fence_info(current))
                if info.split(separator: " ").first == "step" {
                    diagnostics.append(
                        .warning(
                            .nestedStep, "step block inside a list or quote is shown as code and never runs",
                            at: SourceRange(start: range.start, end: range.start),
                            hint: "move the block to the top level, without indentation or `>`"))
                }
            case CMARK_NODE_BLOCK_QUOTE, CMARK_NODE_LIST, CMARK_NODE_ITEM:
                if let next = child { resume.append(next) }
                child = cmark_node_first_child(current)
            default:
                continue
            }
        }
    }

    /// Whether the block ends with a closing fence; warns when it runs to the end of the file.
    private mutating func checkClosed(_ node: OpaquePointer, fence: Fence, range: SourceRange) -> Bool {
        let endLine = Int(cmark_node_get_end_line(node))
        if endLine > range.start.line, isClosingFence(source.lineBytes(endLine), for: fence) { return true }
        // cmark closes an open fence at the end of its container; only the end of the file
        // swallows the rest of the notebook.
        var lastLine = source.lineCount
        while lastLine > endLine, source.lineBytes(lastLine).allSatisfy({ $0 == 32 || $0 == 9 || $0 == 13 }) {
            lastLine -= 1
        }
        guard endLine >= lastLine else { return true }
        let fenceText = String(repeating: Character(Unicode.Scalar(fence.character)), count: fence.length)
        diagnostics.append(
            .warning(
                .unclosedFence,
                "code block opened here is never closed; it runs to the end of the file and swallows "
                    + "everything after it",
                at: SourceRange(
                    start: range.start,
                    end: SourceLocation(line: range.start.line, column: range.start.column + fence.length - 1)),
                hint: "close it with a line holding only \(fenceText)"))
        return false
    }

    private func isClosingFence(_ line: ArraySlice<UInt8>, for fence: Fence) -> Bool {
        var bytes = line[...]
        // Container markers (`>`) and indentation come before a nested block's fence.
        while let first = bytes.first, first == 32 || first == 9 || first == UInt8(ascii: ">") {
            bytes = bytes.dropFirst()
        }
        let run = bytes.prefix { $0 == fence.character }.count
        guard run >= fence.length else { return false }
        return bytes.dropFirst(run).allSatisfy { $0 == 32 || $0 == 9 || $0 == 13 }
    }

    /// The fence starting at a 1-based byte column, if the line opens one there.
    private func fence(onLine line: Int, atByteColumn column: Int) -> Fence? {
        let bytes = source.lineBytes(line)
        let start = bytes.startIndex + max(column - 1, 0)
        guard start < bytes.endIndex else { return nil }
        let character = bytes[start]
        guard character == UInt8(ascii: "`") || character == UInt8(ascii: "~") else { return nil }
        var index = start
        while index < bytes.endIndex, bytes[index] == character { index += 1 }
        let length = index - start
        guard length >= 3 else { return nil }
        while index < bytes.endIndex, bytes[index] == 32 || bytes[index] == 9 { index += 1 }
        var end = bytes.endIndex
        while end > index, bytes[end - 1] == 32 || bytes[end - 1] == 9 { end -= 1 }
        return Fence(
            character: character, length: length,
            info: (index - bytes.startIndex)..<(end - bytes.startIndex))
    }

    private mutating func makeProse(from first: OpaquePointer, to last: OpaquePointer, nodes: [OpaquePointer]) -> Prose
    {
        let range = SourceRange(start: self.range(of: first).start, end: self.range(of: last).end)
        let start = source.byteRange(ofLine: range.start.line).lowerBound
        let end = source.byteRange(ofLine: range.end.line).upperBound
        let markdown = String(decoding: source.bytes[start..<max(start, end)], as: UTF8.self)
        var html: String?
        let renders = options.contains(.renderProse)
        guard renders || options.contains(.checkProse) else {
            return Prose(range: range, markdown: markdown, html: nil)
        }
        var sanitizer = options.contains(.allowRawHTML) ? HTMLSanitizer() : nil
        var rendered = ""
        for var node in nodes {
            for warning in images.rewrite(node, locate: { inlineRanges(of: $0, marker: Array("![".utf8)) }) {
                addProseWarning(warning)
            }
            if sanitizer != nil { node = sanitizeRawHTML(in: node, with: &sanitizer!, replacing: renders) }
            guard renders, let cString = cmark_render_html(node, CMARK_OPT_DEFAULT) else { continue }
            var html = String(cString: cString)
            free(cString)
            // cmark writes `<hN>`; the anchor (letters, digits, `-`, `_`) needs no escaping.
            if let anchor = anchors[node] {
                let level = cmark_node_get_heading_level(node)
                let open = "<h\(level)>"
                if html.hasPrefix(open) { html = "<h\(level) id=\"\(anchor)\">" + html.dropFirst(open.count) }
            }
            rendered += html
        }
        if renders { html = rendered + (sanitizer?.closeOpenElements() ?? "") }
        return Prose(range: range, markdown: markdown, html: html)
    }

    private mutating func addProseWarning(_ warning: Diagnostic) {
        if shownProseWarnings[warning.id, default: 0] < Self.maximumProseWarnings {
            diagnostics.append(warning)
            shownProseWarnings[warning.id, default: 0] += 1
        } else {
            suppressed[warning.id, default: 0] += 1
        }
    }

    /// Passes the raw HTML under `node` through `sanitizer`, warning about what it removes.
    ///
    /// Each raw HTML node becomes a custom node holding the sanitized HTML, which cmark writes
    /// as it is even in its safe mode; so the rest of the prose keeps safe mode's URL checks.
    /// - Returns: `node`, or what replaced it when it was itself raw HTML.
    private mutating func sanitizeRawHTML(in node: OpaquePointer, with sanitizer: inout HTMLSanitizer, replacing: Bool)
        -> OpaquePointer
    {
        var found: [OpaquePointer] = []
        let iterator = cmark_iter_new(node)
        while cmark_iter_next(iterator) != CMARK_EVENT_DONE {
            let current = cmark_iter_get_node(iterator)!
            let type = cmark_node_get_type(current)
            if cmark_iter_get_event_type(iterator) == CMARK_EVENT_ENTER,
                type == CMARK_NODE_HTML_INLINE || type == CMARK_NODE_HTML_BLOCK
            {
                found.append(current)
            }
        }
        cmark_iter_free(iterator)
        let inline = found.filter { cmark_node_get_type($0) == CMARK_NODE_HTML_INLINE }
        var inlineStarts: [OpaquePointer: SourceLocation] = [:]
        for (html, range) in zip(inline, inlineRanges(of: inline, marker: [UInt8(ascii: "<")])) {
            inlineStarts[html] = range.start
        }
        var result = node
        var paragraph: OpaquePointer?
        for html in found {
            // An element dropped with its content ends, at the latest, with its paragraph.
            let block = Self.enclosingBlock(of: html)
            if block != paragraph || block == html { sanitizer.stopSkipping() }
            paragraph = block
            let literal = Self.string(cmark_node_get_literal(html))
            let (safe, removals) = sanitizer.sanitize(literal)
            var map =
                inlineStarts[html] == nil && !removals.isEmpty ? BlockLiteralMap(literal: literal, node: html) : nil
            for removal in removals {
                guard shownProseWarnings[.rawHTMLRemoved, default: 0] < Self.maximumProseWarnings else {
                    suppressed[.rawHTMLRemoved, default: 0] += 1
                    continue
                }
                let location = inlineStarts[html] ?? map!.location(ofOffset: removal.offset, in: source)
                addProseWarning(
                    .warning(
                        .rawHTMLRemoved, "raw HTML removed: \(removal.description)",
                        at: SourceRange(start: location, end: location),
                        hint: "reports keep a safe subset of HTML (docs/report.md); write this part in Markdown"))
            }
            guard replacing else { continue }
            let isBlock = cmark_node_get_type(html) == CMARK_NODE_HTML_BLOCK
            guard let custom = cmark_node_new(isBlock ? CMARK_NODE_CUSTOM_BLOCK : CMARK_NODE_CUSTOM_INLINE) else {
                continue
            }
            cmark_node_set_on_enter(custom, safe)
            cmark_node_set_on_exit(custom, "")
            if html == node { result = custom }
            cmark_node_replace(html, custom)
            cmark_node_free(html)
        }
        return result
    }

    /// The innermost block holding `node` (itself for a block).
    static func enclosingBlock(of node: OpaquePointer) -> OpaquePointer {
        var current = node
        while cmark_node_get_type(current).rawValue > CMARK_NODE_LAST_BLOCK.rawValue,
            let parent = cmark_node_parent(current)
        {
            current = parent
        }
        return current
    }

    /// Locations of byte offsets in an HTML block's literal. The literal's lines are the source
    /// lines without the markers of enclosing quotes and lists, which are counted back in.
    struct BlockLiteralMap {
        let bytes: [UInt8]
        /// Byte offset where each line of the literal starts.
        let lineStarts: [Int]
        let firstLine: Int

        init(literal: String, node: OpaquePointer) {
            bytes = Array(literal.utf8)
            var starts = [0]
            for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") { starts.append(index + 1) }
            lineStarts = starts
            firstLine = max(Int(cmark_node_get_start_line(node)), 1)
        }

        /// Per source line: the byte length of the container markers, and scalar columns by byte.
        private var lines: [Int: (prefix: Int, scalarsBefore: [Int])] = [:]

        mutating func location(ofOffset offset: Int, in source: SourceText) -> SourceLocation {
            var low = 0
            var high = lineStarts.count - 1
            while low < high {
                let middle = (low + high + 1) / 2
                if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
            }
            let line = firstLine + low
            let lineStart = lineStarts[low]
            if lines[line] == nil {
                var lineEnd = low + 1 < lineStarts.count ? lineStarts[low + 1] - 1 : bytes.count
                if lineEnd > lineStart, bytes[lineEnd - 1] == UInt8(ascii: "\r") { lineEnd -= 1 }
                let sourceLine = source.lineBytes(line)
                let literalLine = bytes[lineStart..<max(lineStart, lineEnd)]
                let prefix =
                    sourceLine.count >= literalLine.count
                        && sourceLine.suffix(literalLine.count).elementsEqual(literalLine)
                    ? sourceLine.count - literalLine.count : 0
                var scalarsBefore = [0]
                scalarsBefore.reserveCapacity(sourceLine.count + 1)
                for byte in sourceLine { scalarsBefore.append(scalarsBefore.last! + (byte & 0xC0 != 0x80 ? 1 : 0)) }
                lines[line] = (prefix, scalarsBefore)
            }
            let (prefix, scalarsBefore) = lines[line]!
            let byteColumn = prefix + offset - lineStart + 1
            let count = scalarsBefore.count - 1
            let column = max(scalarsBefore[min(max(byteColumn, 1), count)], 1) + max(byteColumn - count, 0)
            return SourceLocation(line: line, column: column)
        }
    }

    /// The ranges of inline nodes that each start with `marker` (`![` for images).
    ///
    /// cmark's inline lines are right but its columns are not on continuation lines (it counts
    /// from after stripped indentation and quote markers), so each node is placed at an
    /// occurrence of `marker` on its line: the i-th node of a line at the i-th occurrence when
    /// the counts agree, else at the occurrence nearest cmark's column.
    func inlineRanges(of nodes: [OpaquePointer], marker: [UInt8]) -> [SourceRange] {
        var byLine: [Int: [Int]] = [:]
        for (index, node) in nodes.enumerated() {
            byLine[max(Int(cmark_node_get_start_line(node)), 1), default: []].append(index)
        }
        var ranges = [SourceRange](repeating: SourceRange(line: 1, column: 1), count: nodes.count)
        for (line, indices) in byLine {
            let bytes = Array(source.lineBytes(line))
            // Scalar columns by byte column, computed once per line (a line may hold thousands).
            var scalarsBefore = [0]
            scalarsBefore.reserveCapacity(bytes.count + 1)
            for byte in bytes { scalarsBefore.append(scalarsBefore.last! + (byte & 0xC0 != 0x80 ? 1 : 0)) }
            func scalarColumn(_ byteColumn: Int) -> Int {
                let clamped = min(max(byteColumn, 1), bytes.count)
                return max(scalarsBefore[clamped], 1) + max(byteColumn - bytes.count, 0)
            }
            var occurrences: [Int] = []
            var position = 0
            while position + marker.count <= bytes.count {
                if bytes[position..<(position + marker.count)].elementsEqual(marker) {
                    // Escaped by an odd run of backslashes (`\![`); `\\![` is a backslash, then an image.
                    var backslashes = 0
                    while position - backslashes > 0, bytes[position - backslashes - 1] == UInt8(ascii: "\\") {
                        backslashes += 1
                    }
                    if backslashes % 2 == 0 { occurrences.append(position + 1) }
                }
                position += 1
            }
            for (rank, index) in indices.enumerated() {
                let node = nodes[index]
                let reported = max(Int(cmark_node_get_start_column(node)), 1)
                var column = reported
                if occurrences.count == indices.count {
                    column = occurrences[rank]
                } else if !occurrences.isEmpty {
                    // The occurrences are sorted: the nearest is at or just before the first one past.
                    var low = 0
                    var high = occurrences.count
                    while low < high {
                        let middle = (low + high) / 2
                        if occurrences[middle] < reported { low = middle + 1 } else { high = middle }
                    }
                    let candidates = [low - 1, low].filter { occurrences.indices.contains($0) }.map { occurrences[$0] }
                    column = candidates.min(by: { abs($0 - reported) < abs($1 - reported) })!
                }
                let start = SourceLocation(line: line, column: scalarColumn(column))
                var end = start
                if Int(cmark_node_get_end_line(node)) == line {
                    let endColumn = Int(cmark_node_get_end_column(node)) + column - reported
                    end = SourceLocation(line: line, column: scalarColumn(max(endColumn, column)))
                }
                ranges[index] = SourceRange(start: start, end: end)
            }
        }
        return ranges
    }

    private func range(of node: OpaquePointer) -> SourceRange {
        let startLine = max(Int(cmark_node_get_start_line(node)), 1)
        var endLine = max(Int(cmark_node_get_end_line(node)), startLine)
        var endByteColumn = Int(cmark_node_get_end_column(node))
        // cmark ends a block that swallowed a trailing blank line at column 0 of the next line.
        while endByteColumn <= 0, endLine > startLine {
            endLine -= 1
            endByteColumn = source.lineBytes(endLine).count
        }
        let start = SourceLocation(
            line: startLine,
            column: source.column(forByteColumn: max(Int(cmark_node_get_start_column(node)), 1), onLine: startLine))
        let end = SourceLocation(
            line: endLine,
            column: source.column(forByteColumn: max(endByteColumn, 1), onLine: endLine))
        return SourceRange(start: start, end: end)
    }

    /// The text of a heading: its text and code spans, concatenated.
    static func plainText(of node: OpaquePointer) -> String {
        var text = ""
        // cmark's iterator walks without recursion, however deep emphasis and links nest.
        let iterator = cmark_iter_new(node)
        defer { cmark_iter_free(iterator) }
        while cmark_iter_next(iterator) != CMARK_EVENT_DONE {
            guard cmark_iter_get_event_type(iterator) == CMARK_EVENT_ENTER, let current = cmark_iter_get_node(iterator)
            else { continue }
            switch cmark_node_get_type(current) {
            case CMARK_NODE_TEXT, CMARK_NODE_CODE: text += string(cmark_node_get_literal(current))
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK: text += " "
            default: break
            }
        }
        return text
    }

    static func string(_ pointer: UnsafePointer<CChar>?) -> String {
        pointer.map { String(cString: $0) } ?? ""
    }

    /// Code text with CRLF normalised to LF.
    static func normalise(_ text: String) -> String {
        guard text.utf8.contains(13) else { return text }
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        for (index, byte) in bytes.enumerated()
        where !(byte == 13 && index + 1 < bytes.count && bytes[index + 1] == 10) {
            out.append(byte)
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension String {
    /// The text without leading and trailing spaces.
    var trimmingSpaces: String {
        guard first == " " || last == " " else { return self }
        return String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
