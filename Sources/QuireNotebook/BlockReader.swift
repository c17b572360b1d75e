/// Converts the Markdown tree (``MarkdownNode``s, from ``CommonMarkConverter``) into
/// ``Notebook/Block``s.
///
/// Top-level fenced blocks whose info string starts with `step` become steps and those starting
/// with `mermaid` diagrams; consecutive other blocks form prose runs, rendered by
/// ``CommonMarkConverter`` under the ``ProseRenderPolicy`` given. cmark gives byte columns; every
/// range here is converted to scalar columns.
struct BlockReader {
    let source: SourceText
    let options: NotebookParser.Options
    let declaredParams: Set<String>
    /// How prose is rendered: images, raw HTML and (set by ``readDocument(_:)``) heading anchors.
    var policy: ProseRenderPolicy
    var diagnostics: [Diagnostic] = []
    /// Diagrams of unclosed mermaid fences, cut out of the text (``UnclosedMermaid``), placed
    /// among the blocks by their lines.
    var cutDiagrams: [CodeBlock] = []
    /// Prose warnings left out, per id, past ``maximumProseWarnings``.
    private var suppressed: [Diagnostic.ID: Int] = [:]
    private var shownProseWarnings: [Diagnostic.ID: Int] = [:]
    /// Image and raw-HTML warnings shown per id: a hostile notebook can hold a million of them.
    static let maximumProseWarnings = 100

    init(source: SourceText, options: NotebookParser.Options, declaredParams: Set<String>, policy: ProseRenderPolicy) {
        self.source = source
        self.options = options
        self.declaredParams = declaredParams
        self.policy = policy
    }

    /// A fence as written on its opening line.
    struct Fence {
        var character: UInt8
        var length: Int
        /// Byte offsets, within the line, of the trimmed info string.
        var info: Range<Int>
    }

    mutating func readDocument(_ document: MarkdownNode) -> ([Notebook.Block], [Heading]) {
        var blocks: [Notebook.Block] = []
        var prose: [MarkdownNode] = []
        let (headings, anchors) = readHeadings(document)
        policy.headingAnchor = { anchors[$0] }

        func flushProse(_ reader: inout BlockReader) {
            guard let first = prose.first, let last = prose.last else { return }
            blocks.append(.prose(reader.makeProse(from: first, to: last, nodes: prose)))
            prose.removeAll(keepingCapacity: true)
        }

        var pendingDiagrams = cutDiagrams[...]
        var node = document.firstChild
        while let current = node {
            node = current.next
            while let diagram = pendingDiagrams.first, current.startLine > diagram.range.start.line {
                flushProse(&self)
                blocks.append(.mermaid(diagram))
                pendingDiagrams = pendingDiagrams.dropFirst()
            }
            guard current.kind == .codeBlock else {
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
        blocks += pendingDiagrams.map { .mermaid($0) }
        for (id, count) in suppressed.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            // At the last warning shown, so it is printed right after it.
            let last = diagnostics.last(where: { $0.id == id })?.range
            diagnostics.append(
                .warning(id, "\(count) more warnings like this one are not shown", at: last, hint: nil))
        }
        return (blocks, headings)
    }

    /// The top-level headings, and the anchor of each, for its `id` attribute.
    private func readHeadings(_ document: MarkdownNode) -> ([Heading], [MarkdownNode: String]) {
        var headings: [Heading] = []
        var anchors: [MarkdownNode: String] = [:]
        var used: Set<String> = []
        var node = document.firstChild
        while let current = node {
            node = current.next
            guard current.kind == .heading else { continue }
            let text = current.plainText.trimmingSpaces
            // A heading quoting values is anchored by the references' names, not their values.
            let quoted = text.holds("{") || text.holds("$") ? quoteText(ofHeading: current) : nil
            var anchor = Heading.slug(quoted?.text(\.name) ?? text)
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
            var heading = Heading(level: current.headingLevel, text: text, anchor: anchor, range: range(of: current))
            heading.quotedText = quoted
            headings.append(heading)
        }
        return (headings, anchors)
    }

    /// A heading's text with its quoted values.
    private func quoteText(ofHeading node: MarkdownNode) -> QuotedText {
        ProseQuotes(source: source).quotedText(ofHeading: node)
    }

    /// A top-level code block as a step, a diagram or code.
    private mutating func readCodeBlock(_ node: MarkdownNode) -> Notebook.Block {
        let range = range(of: node)
        let literal = node.literal
        let startLine = node.startLine
        let startByteColumn = node.startColumn
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
    private mutating func checkNestedCode(in node: MarkdownNode) {
        // Without recursion: `> > > …` and `- - - …` nest as deep as a line is long.
        var resume: [MarkdownNode] = []
        var child = node.firstChild
        while true {
            guard let current = child else {
                guard let next = resume.popLast() else { return }
                child = next
                continue
            }
            child = current.next
            switch current.kind {
            case .codeBlock:
                let line = current.startLine
                guard let fence = fence(onLine: line, atByteColumn: current.startColumn) else { continue }
                let range = range(of: current)
                _ = checkClosed(current, fence: fence, range: range)
                let info = current.fenceInfo
                if info.split(separator: " ").first == "step" {
                    diagnostics.append(
                        .warning(
                            .nestedStep, "step block inside a list or quote is shown as code and never runs",
                            at: SourceRange(start: range.start, end: range.start),
                            hint: "move the block to the top level, without indentation or `>`"))
                }
            case .blockQuote, .list, .item:
                if let next = child { resume.append(next) }
                child = current.firstChild
            default:
                continue
            }
        }
    }

    /// Whether the block ends with a closing fence; warns when it runs to the end of the file.
    private mutating func checkClosed(_ node: MarkdownNode, fence: Fence, range: SourceRange) -> Bool {
        let endLine = node.endLine
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

    private mutating func makeProse(from first: MarkdownNode, to last: MarkdownNode, nodes: [MarkdownNode]) -> Prose {
        let range = SourceRange(start: self.range(of: first).start, end: self.range(of: last).end)
        let start = source.byteRange(ofLine: range.start.line).lowerBound
        let end = source.byteRange(ofLine: range.end.line).upperBound
        let markdown = String(decoding: source.bytes[start..<max(start, end)], as: UTF8.self)
        let renders = policy.renders
        guard renders || options.contains(.checkProse) else {
            return Prose(range: range, markdown: markdown, html: nil)
        }
        var sanitizer = policy.allowsRawHTML ? HTMLSanitizer() : nil
        var quotes = ProseQuotes(source: source)
        var rendered = ""
        var leadingHeading: Heading?
        var leadingHeadingLength = 0
        for (index, var node) in nodes.enumerated() {
            for warning in policy.images.rewrite(node, locate: { inlineRanges(of: $0, marker: Array("![".utf8)) }) {
                addProseWarning(warning)
            }
            if var active = sanitizer {
                node = sanitizeRawHTML(in: node, with: &active, replacing: renders)
                sanitizer = active
            }
            let holdsOnlyText = node.holdsOnlyText
            let plainText = index == 0 && node.kind == .heading ? node.plainText.trimmingSpaces : ""
            quotes.substitute(in: node, replacing: renders)
            guard renders else { continue }
            node = ProseCode.highlight(in: node)
            rendered += CommonMarkConverter.html(of: node, policy: policy)
            // A first heading of plain text is recorded, so the report can leave out one that
            // repeats the notebook's title without matching HTML.
            if index == 0, node.kind == .heading, holdsOnlyText, let anchor = policy.headingAnchor(node) {
                leadingHeading = Heading(
                    level: node.headingLevel, text: plainText, anchor: anchor,
                    range: self.range(of: node))
                leadingHeadingLength = rendered.utf8.count
            }
        }
        diagnostics += quotes.diagnostics
        guard renders else {
            var prose = Prose(range: range, markdown: markdown, html: nil)
            prose.quotes = quotes.quotes
            return prose
        }
        var prose = Prose(range: range, markdown: markdown, html: rendered + (sanitizer?.closeOpenElements() ?? ""))
        prose.quotes = quotes.quotes
        if let leadingHeading { prose.recordLeadingHeading(leadingHeading, htmlLength: leadingHeadingLength) }
        return prose
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
    /// Each raw HTML node is replaced by a node holding the sanitized HTML
    /// (``MarkdownNode/replaceWithHTML(_:)``), which cmark writes as it is even in its safe mode;
    /// so the rest of the prose keeps safe mode's URL checks.
    /// - Returns: `node`, or what replaced it when it was itself raw HTML.
    private mutating func sanitizeRawHTML(in node: MarkdownNode, with sanitizer: inout HTMLSanitizer, replacing: Bool)
        -> MarkdownNode
    {
        let found = node.descendants(ofKinds: [.htmlInline, .htmlBlock])
        let inline = found.filter { $0.kind == .htmlInline }
        var inlineStarts: [MarkdownNode: SourceLocation] = [:]
        for (html, range) in zip(inline, inlineRanges(of: inline, marker: [UInt8(ascii: "<")])) {
            inlineStarts[html] = range.start
        }
        var result = node
        var paragraph: MarkdownNode?
        for html in found {
            // An element dropped with its content ends, at the latest, with its paragraph.
            let block = html.enclosingBlock
            if block != paragraph || block == html { sanitizer.stopSkipping() }
            paragraph = block
            let literal = html.literal
            let (safe, removals) = sanitizer.sanitize(literal)
            var map: BlockLiteralMap?
            for removal in removals {
                guard shownProseWarnings[.rawHTMLRemoved, default: 0] < Self.maximumProseWarnings else {
                    suppressed[.rawHTMLRemoved, default: 0] += 1
                    continue
                }
                let location: SourceLocation
                if let start = inlineStarts[html] {
                    location = start
                } else {
                    var blockMap = map ?? BlockLiteralMap(literal: literal, firstLine: html.startLine)
                    location = blockMap.location(ofOffset: removal.offset, in: source)
                    map = blockMap
                }
                addProseWarning(
                    .warning(
                        .rawHTMLRemoved, "raw HTML removed: \(removal.description)",
                        at: SourceRange(start: location, end: location),
                        hint: "reports keep a safe subset of HTML (docs/report.md); write this part in Markdown"))
            }
            guard replacing, let custom = html.replaceWithHTML(safe) else { continue }
            if html == node { result = custom }
        }
        return result
    }

    /// Locations of byte offsets in an HTML block's literal. The literal's lines are the source
    /// lines without the markers of enclosing quotes and lists, which are counted back in.
    struct BlockLiteralMap {
        let bytes: [UInt8]
        /// Byte offset where each line of the literal starts.
        let lineStarts: [Int]
        let firstLine: Int

        init(literal: String, firstLine: Int) {
            bytes = Array(literal.utf8)
            var starts = [0]
            for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") { starts.append(index + 1) }
            lineStarts = starts
            self.firstLine = max(firstLine, 1)
        }

        /// Per source line: the byte length of the container markers, and scalar columns by byte.
        private var lines: [Int: (prefix: Int, scalarsBefore: [Int])] = [:]

        /// For each byte column (0…count), how many scalars start before it.
        static func scalarsBefore(_ bytes: ArraySlice<UInt8>) -> [Int] {
            var counts = [0]
            counts.reserveCapacity(bytes.count + 1)
            var count = 0
            for byte in bytes {
                if byte & 0xC0 != 0x80 { count += 1 }
                counts.append(count)
            }
            return counts
        }

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
                lines[line] = (prefix, Self.scalarsBefore(sourceLine))
            }
            let (prefix, scalarsBefore) = lines[line] ?? (0, [0])
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
    func inlineRanges(of nodes: [MarkdownNode], marker: [UInt8]) -> [SourceRange] {
        var byLine: [Int: [Int]] = [:]
        for (index, node) in nodes.enumerated() {
            byLine[max(node.startLine, 1), default: []].append(index)
        }
        var ranges = [SourceRange](repeating: SourceRange(line: 1, column: 1), count: nodes.count)
        for (line, indices) in byLine {
            let bytes = Array(source.lineBytes(line))
            // Scalar columns by byte column, computed once per line (a line may hold thousands).
            let scalarsBefore = BlockLiteralMap.scalarsBefore(bytes[...])
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
                let reported = max(node.startColumn, 1)
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
                    column = candidates.min(by: { abs($0 - reported) < abs($1 - reported) }) ?? reported
                }
                let start = SourceLocation(line: line, column: scalarColumn(column))
                var end = start
                if node.endLine == line {
                    let endColumn = node.endColumn + column - reported
                    end = SourceLocation(line: line, column: scalarColumn(max(endColumn, column)))
                }
                ranges[index] = SourceRange(start: start, end: end)
            }
        }
        return ranges
    }

    private func range(of node: MarkdownNode) -> SourceRange {
        let startLine = max(node.startLine, 1)
        var endLine = max(node.endLine, startLine)
        var endByteColumn = node.endColumn
        // cmark ends a block that swallowed a trailing blank line at column 0 of the next line.
        while endByteColumn <= 0, endLine > startLine {
            endLine -= 1
            endByteColumn = source.lineBytes(endLine).count
        }
        let start = SourceLocation(
            line: startLine,
            column: source.column(forByteColumn: max(node.startColumn, 1), onLine: startLine))
        let end = SourceLocation(
            line: endLine,
            column: source.column(forByteColumn: max(endByteColumn, 1), onLine: endLine))
        return SourceRange(start: start, end: end)
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
    /// Whether the text holds `needle`, compared byte for byte (UTF-8). Foundation's
    /// `contains(_:)` goes through `NSString` and a locale-aware search: with it, a 2,000-step
    /// notebook spent a tenth of its parse looking for one character in its prose.
    func holds(_ needle: String) -> Bool {
        let pattern = Array(needle.utf8)
        guard let first = pattern.first else { return true }
        var bytes = utf8[...]
        while let start = bytes.firstIndex(of: first) {
            if bytes[start...].starts(with: pattern) { return true }
            bytes = bytes[bytes.index(after: start)...]
        }
        return false
    }

    /// The text without leading and trailing spaces.
    var trimmingSpaces: String {
        guard first == " " || last == " " else { return self }
        return String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
