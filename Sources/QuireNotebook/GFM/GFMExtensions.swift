/// GitHub's extensions to CommonMark, added over the tree plain cmark parsed: pipe tables, task
/// list items, strikethrough and extended autolinks, written as `cmark-gfm -e table -e
/// strikethrough -e autolink -e tasklist` writes them.
///
/// cmark parses a table as a paragraph. Each paragraph whose lines hold a header row and a
/// delimiter row is split: the lines before the header stay a paragraph, the table's cells are
/// parsed by cmark on the side (so their inlines are CommonMark's), and the lines after the table
/// are parsed again as blocks. Everything the extensions add is a custom node whose HTML is fixed
/// markup, a link node (which cmark's safe mode checks like any other) or text, so the sanitiser
/// and safe mode still see every piece of the notebook's own HTML. Nodes keep their positions in
/// the notebook (``NodePosition``).
struct GFMExtensions {
    let source: GFMSource
    /// Bytes of the notebook appended to side documents so reference links in table cells
    /// resolve; a budget keeps a notebook of many tables from being parsed again per table.
    private var referenceBudget = 8 << 20

    init(source: [UInt8]) {
        self.source = GFMSource(source)
    }

    /// Adds the extensions to the tree under `root`.
    func apply(to root: MarkdownNode) {
        var copy = self
        // A setext heading's lines may hold a table too: cmark-gfm reads the table first, and
        // its underline then ends it.
        var work = root.descendants(ofKinds: [.paragraph, .heading])
        while let paragraph = work.popLast() {
            for block in copy.readTable(in: paragraph) { work += block.descendants(ofKinds: [.paragraph, .heading]) }
        }
        for item in root.descendants(ofKinds: [.item]) {
            GFMTaskList(source: source).mark(item)
        }
        GFMInlines(source: source).apply(to: root)
    }

    // MARK: Tables

    /// One row's cells: each cell's text (escaped pipes unescaped) and its byte column in the line.
    struct Cell {
        var text: [UInt8]
        var column: Int
    }

    /// Splits a row as cmark-gfm does: an optional leading pipe, cells separated by pipes not
    /// preceded by a backslash, an optional trailing pipe; nil when it has no cell.
    static func cells(of line: ArraySlice<UInt8>, from start: Int) -> [Cell]? {
        let pipe = UInt8(ascii: "|")
        var index = line.startIndex + start
        func skipSpaces() { while index < line.endIndex, line[index] == 32 || line[index] == 9 { index += 1 } }
        skipSpaces()
        if index < line.endIndex, line[index] == pipe {
            index += 1
            skipSpaces()
        }
        var cells: [Cell] = []
        while index < line.endIndex {
            let cellStart = index
            var text: [UInt8] = []
            while index < line.endIndex, line[index] != pipe {
                if line[index] == UInt8(ascii: "\\"), index + 1 < line.endIndex, line[index + 1] == pipe {
                    text.append(pipe)
                    index += 2
                    continue
                }
                text.append(line[index])
                index += 1
            }
            let hasPipe = index < line.endIndex
            if hasPipe || index > cellStart {
                var leading = 0
                while leading < text.count, GFMSource.isSpace(text[leading]) { leading += 1 }
                var trailing = text.count
                while trailing > leading, GFMSource.isSpace(text[trailing - 1]) { trailing -= 1 }
                cells.append(
                    Cell(text: Array(text[leading..<trailing]), column: cellStart - line.startIndex + leading + 1))
            }
            if hasPipe {
                index += 1
                skipSpaces()
            }
        }
        return cells.isEmpty ? nil : cells
    }

    /// The alignments of a delimiter row (`:--`, `--:`, `:-:`, `---`), or nil if it is not one.
    static func alignments(of line: ArraySlice<UInt8>) -> [String?]? {
        guard let cells = cells(of: line, from: 0) else { return nil }
        // A row that is only dashes and no pipe or colon would be a setext underline or a rule,
        // which cmark has already taken; a single `-` with no pipe is a list item.
        var result: [String?] = []
        for cell in cells {
            var text = cell.text[...]
            let left = text.first == UInt8(ascii: ":")
            if left { text = text.dropFirst() }
            let right = text.last == UInt8(ascii: ":")
            if right { text = text.dropLast() }
            guard !text.isEmpty, text.allSatisfy({ $0 == UInt8(ascii: "-") }) else { return nil }
            result.append(left && right ? "center" : left ? "left" : right ? "right" : nil)
        }
        return result
    }

    /// The line's text inside the paragraph's containers, and the byte offset where it starts;
    /// nil for a lazy continuation line (one without its containers' markers or indentation).
    func contentStart(line: Int, of paragraph: MarkdownNode, containers: [(MarkdownNode, Int)]) -> Int? {
        Self.contentStart(line: line, of: paragraph, containers: containers, in: source)
    }

    /// ``contentStart(line:of:containers:)`` in `source`.
    static func contentStart(
        line: Int, of paragraph: MarkdownNode, containers: [(MarkdownNode, Int)], in source: GFMSource
    ) -> Int? {
        let bytes = source.line(line)
        if line == paragraph.startLine { return max(paragraph.startColumn - 1, 0) }
        var index = bytes.startIndex
        for (container, indent) in containers {
            if container.kind == .blockQuote {
                var spaces = 0
                while spaces < 3, index < bytes.endIndex, bytes[index] == 32 {
                    index += 1
                    spaces += 1
                }
                guard index < bytes.endIndex, bytes[index] == UInt8(ascii: ">") else { return nil }
                index += 1
                if index < bytes.endIndex, bytes[index] == 32 || bytes[index] == 9 { index += 1 }
            } else {
                var width = 0
                while width < indent, index < bytes.endIndex, bytes[index] == 32 || bytes[index] == 9 {
                    width += bytes[index] == 9 ? 4 - width % 4 : 1
                    index += 1
                }
                guard width >= indent else { return nil }
            }
        }
        return index - bytes.startIndex
    }

    /// The quotes and items around a paragraph, outermost first, with the indentation each item's
    /// continuation lines need.
    static func containers(of paragraph: MarkdownNode) -> [(MarkdownNode, Int)] {
        var found: [(MarkdownNode, Int)] = []
        var current = paragraph.parent
        while let node = current, node.kind != .document {
            switch node.kind {
            case .blockQuote:
                found.append((node, 0))
            case .item:
                var indent = 2
                if let child = node.firstChild, child.startLine == node.startLine {
                    indent = max(child.startColumn - node.startColumn, 1)
                }
                found.append((node, indent))
            default:
                break
            }
            current = node.parent
        }
        return found.reversed()
    }

    /// Whether a row line (inside its containers, from `start`) begins a block instead: indented
    /// code, a list item or a raw HTML block, which cmark lets continue a paragraph but which end
    /// a table.
    static func beginsBlock(_ line: ArraySlice<UInt8>, from start: Int) -> Bool {
        let bytes = Array(line.dropFirst(start))
        var spaces = 0
        while spaces < bytes.count, bytes[spaces] == 32 { spaces += 1 }
        if spaces >= 4 { return true }
        let text = bytes[spaces...]
        guard let first = text.first else { return true }
        if first == UInt8(ascii: "-") || first == UInt8(ascii: "+") || first == UInt8(ascii: "*") {
            let next = text.dropFirst().first
            if next == nil || next == 32 || next == 9 { return true }
        }
        let digits = text.prefix { (48...57).contains($0) }
        if (1...9).contains(digits.count) {
            let rest = text.dropFirst(digits.count)
            if let marker = rest.first, marker == UInt8(ascii: ".") || marker == UInt8(ascii: ")") {
                let next = rest.dropFirst().first
                if next == nil || next == 32 || next == 9 { return true }
            }
        }
        if first == UInt8(ascii: ">") || first == UInt8(ascii: "#") { return true }
        // A thematic break: three or more of one of `-`, `*`, `_`, spaces between.
        if first == UInt8(ascii: "-") || first == UInt8(ascii: "*") || first == UInt8(ascii: "_") {
            let marks = text.filter { $0 != 32 && $0 != 9 }
            if marks.count >= 3, marks.allSatisfy({ $0 == first }) { return true }
        }
        if first == UInt8(ascii: "<") { return isHTMLBlockSeven(String(decoding: text, as: UTF8.self)) }
        return false
    }

    /// A line holding only a complete open or closing tag (an HTML block of CommonMark's kind 7).
    static func isHTMLBlockSeven(_ line: String) -> Bool {
        let attribute = #"\s+[A-Za-z_:][A-Za-z0-9_.:-]*(\s*=\s*([^\s"'=<>`]+|'[^']*'|"[^"]*"))?"#
        let pattern = #"^(<[A-Za-z][A-Za-z0-9-]*("# + attribute + #")*\s*/?>|</[A-Za-z][A-Za-z0-9-]*\s*>)\s*$"#
        guard let regex = try? Regex(pattern) else { return false }
        return line.wholeMatch(of: regex) != nil
    }

    /// Turns the table in a paragraph, if there is one, into table nodes.
    /// - Returns: The blocks parsed again from the paragraph's other lines, which may hold tables.
    @discardableResult
    mutating func readTable(in paragraph: MarkdownNode) -> [MarkdownNode] {
        let first = paragraph.startLine
        let last = paragraph.endLine
        guard last > first, first >= 1 else { return [] }
        let containers = Self.containers(of: paragraph)
        var starts: [Int?] = []
        for line in first...last { starts.append(contentStart(line: line, of: paragraph, containers: containers)) }
        // The first delimiter row (not lazy, not indented) under a header row of as many cells.
        var found: (header: Int, alignments: [String?], cells: [Cell])?
        for line in (first + 1)...last {
            guard let start = starts[line - first], let previous = starts[line - 1 - first] else { continue }
            let bytes = source.line(line)
            // An indented delimiter row would be code; a row of dashes alone is a setext
            // underline, which cmark-gfm reads before tables.
            let marks = bytes.dropFirst(start).filter { $0 != 32 && $0 != 9 }
            guard bytes.dropFirst(start).prefix(while: { $0 == 32 }).count < 4,
                marks.contains(where: { $0 != UInt8(ascii: "-") }) || marks.isEmpty,
                let alignments = Self.alignments(of: bytes.dropFirst(start)),
                let header = Self.cells(of: source.line(line - 1), from: previous), header.count == alignments.count
            else { continue }
            found = (line - 1, alignments, header)
            break
        }
        guard let (headerLine, alignments, headerCells) = found else { return [] }
        var rows: [(line: Int, cells: [Cell])] = []
        var line = headerLine + 2
        // Short rows are filled with empty cells: a bound on the cells keeps a wide header over
        // many short rows from growing without limit (the rest is left as a paragraph).
        let maximumCells = max(source.bytes.count, 100_000)
        var cellCount = alignments.count
        while line <= last, let start = starts[line - first], cellCount + alignments.count <= maximumCells {
            let bytes = source.line(line)
            guard !Self.beginsBlock(bytes, from: start), let cells = Self.cells(of: bytes, from: start) else { break }
            rows.append((line, cells))
            cellCount += alignments.count
            line += 1
        }
        let restLine = line
        guard
            let table = makeTable(
                alignments: alignments, header: (headerLine, headerCells), rows: rows, starts: starts, first: first)
        else { return [] }
        table.setPosition(
            .absolute(
                startLine: headerLine, startColumn: (starts[headerLine - first] ?? 0) + 1,
                endLine: rows.last?.line ?? headerLine + 1,
                endColumn: source.line(rows.last?.line ?? headerLine + 1).count))
        paragraph.insertBefore(table)
        var inserted: [MarkdownNode] = []
        if headerLine > first {
            inserted += insertFragment(lines: first..<headerLine, starts: starts, first: first, before: table)
        }
        if restLine <= last {
            // A lazy line after the table is no longer a paragraph's continuation: it leaves the
            // table's quotes and lists.
            var anchor = table
            if starts[restLine - first] == nil {
                while let parent = anchor.parent, parent.kind != .document { anchor = parent }
            }
            inserted += insertFragment(lines: restLine..<(last + 1), starts: starts, first: first, after: anchor)
        }
        paragraph.remove()
        // cmark-gfm counts a table of only a header as ending in a blank line, which makes its
        // list loose when another block or item follows it.
        if rows.isEmpty, let item = table.parent, item.kind == .item, table.next != nil || item.next != nil {
            item.parent?.setTightList(false)
        }
        return inserted
    }

    /// The lines of a notebook appended to a side document, for its reference links.
    private mutating func references() -> [UInt8] {
        guard referenceBudget >= source.bytes.count else { return [] }
        referenceBudget -= source.bytes.count
        return Array("\n\n\u{A0}\n\n".utf8) + source.bytes
    }

    /// Parses lines of a paragraph again as blocks and puts the blocks before or after `anchor`.
    private mutating func insertFragment(
        lines: Range<Int>, starts: [Int?], first: Int, before: MarkdownNode? = nil, after: MarkdownNode? = nil
    ) -> [MarkdownNode] {
        var text: [UInt8] = []
        var columns: [Int] = []
        for line in lines {
            let start = starts[line - first] ?? 0
            text += source.line(line).dropFirst(start)
            text.append(10)
            columns.append(start)
        }
        let count = lines.count
        text += references()
        let document = CommonMarkConverter.parse(text, extended: false)
        return withExtendedLifetime(document) {
            var blocks: [MarkdownNode] = []
            var node = document.root.firstChild
            while let current = node, current.startLine <= count {
                blocks.append(current)
                node = current.next
            }
            var anchor = after
            for block in blocks {
                let column = columns[max(min(block.startLine, count), 1) - 1]
                Self.shift(block, lines: lines.lowerBound - 1, columns: column)
                if let before {
                    before.insertBefore(block)
                } else if let current = anchor {
                    current.insertAfter(block)
                    anchor = block
                }
            }
            return blocks
        }
    }

    /// Moves a node and everything under it by `lines` and `columns`.
    static func shift(_ node: MarkdownNode, lines: Int, columns: Int) {
        for descendant in node.descendants(ofKinds: MarkdownNode.allKinds) {
            let position = descendant.storedPosition ?? .offset(lines: 0, columns: 0)
            descendant.setPosition(position.shifted(lines: lines, columns: columns))
        }
    }

    private mutating func makeTable(
        alignments: [String?], header: (line: Int, cells: [Cell]), rows: [(line: Int, cells: [Cell])], starts: [Int?],
        first: Int
    ) -> MarkdownNode? {
        // Every cell is parsed on the side in one document: a paragraph per cell, each opened by a
        // no-break space so nothing in a cell can start a block; the notebook follows for its
        // reference links.
        let all = [header] + rows
        var text: [UInt8] = []
        for row in all {
            for cell in row.cells.prefix(alignments.count) { text += Array("\u{A0}".utf8) + cell.text + [10, 10] }
        }
        text += references()
        let document = CommonMarkConverter.parse(text, extended: false)
        return withExtendedLifetime(document) { () -> MarkdownNode? in
            var paragraphs: [MarkdownNode] = []
            var node = document.root.firstChild
            while let current = node {
                paragraphs.append(current)
                node = current.next
            }
            guard let table = MarkdownNode.custom(block: true, enter: "<table>", exit: "</table>") else { return nil }
            var next = 0
            for (index, row) in all.enumerated() {
                let isHeader = index == 0
                guard let tr = MarkdownNode.custom(block: true, enter: "<tr>", exit: "</tr>") else { continue }
                tr.setPosition(
                    .absolute(
                        startLine: row.line, startColumn: (starts[row.line - first] ?? 0) + 1, endLine: row.line,
                        endColumn: source.line(row.line).count))
                for (column, alignment) in alignments.enumerated() {
                    let tag = isHeader ? "th" : "td"
                    let open = alignment.map { "<\(tag) align=\"\($0)\">" } ?? "<\(tag)>"
                    guard let cellNode = MarkdownNode.custom(block: false, enter: open, exit: "</\(tag)>\n") else {
                        continue
                    }
                    tr.appendChild(cellNode)
                    guard column < row.cells.count else {
                        cellNode.setPosition(
                            .absolute(
                                startLine: row.line, startColumn: source.line(row.line).count, endLine: row.line,
                                endColumn: source.line(row.line).count))
                        continue
                    }
                    let cell = row.cells[column]
                    cellNode.setPosition(
                        .absolute(
                            startLine: row.line, startColumn: cell.column, endLine: row.line,
                            endColumn: cell.column + max(cell.text.count - 1, 0)))
                    guard next < paragraphs.count else { continue }
                    let paragraph = paragraphs[next]
                    next += 1
                    fill(cellNode, from: paragraph, line: row.line, column: cell.column)
                }
                if isHeader {
                    guard let head = MarkdownNode.custom(block: true, enter: "<thead>", exit: "</thead>") else {
                        continue
                    }
                    head.appendChild(tr)
                    table.appendChild(head)
                } else {
                    if index == 1, let body = MarkdownNode.custom(block: true, enter: "<tbody>", exit: "</tbody>") {
                        table.appendChild(body)
                    }
                    table.lastChild?.appendChild(tr)
                }
            }
            return table
        }
    }

    /// Moves a cell's inlines, parsed on the side, into the cell, without the no-break space
    /// that opened them, and gives them the cell's place in the notebook.
    private func fill(_ cell: MarkdownNode, from paragraph: MarkdownNode, line: Int, column: Int) {
        guard paragraph.kind == .paragraph else { return }
        if let text = paragraph.firstChild, text.kind == .text {
            let literal = text.literal
            if literal.hasPrefix("\u{A0}") {
                let rest = String(literal.unicodeScalars.dropFirst())
                if rest.isEmpty { text.remove() } else { text.setLiteral(rest) }
            }
        }
        // The cell's text starts at byte column 3 of its line in the side document. The first
        // text keeps cmark's start at the no-break space, two bytes before the cell's text
        // (``GFMSource/raw(of:)`` allows for that).
        let lines = line - paragraph.startLine
        while let child = paragraph.firstChild {
            Self.shift(child, lines: lines, columns: column - 3)
            cell.appendChild(child)
        }
    }
}

extension MarkdownNode {
    /// Every kind of node.
    static let allKinds: Set<Kind> = [
        .document, .blockQuote, .list, .item, .codeBlock, .htmlBlock, .customBlock, .paragraph, .heading,
        .thematicBreak, .text, .softBreak, .lineBreak, .code, .htmlInline, .customInline, .emphasis, .strong, .link,
        .image, .none,
    ]
}
