/// Parses mermaid mindmap syntax into a ``Mindmap``.
///
/// Follows mermaid 11: bare text cannot hold `(`, `)`, `{` or `}` (they open shapes), nothing may
/// follow a shape on its line, and every node after the root must be indented more than the root.
/// One deliberate difference: a bare double-quoted line such as `"Monitoring (Grafana)"` is drawn
/// as meant, with a warning that gives the portable spelling `["…"]`.
struct MindmapParser {
    private let source: SourceText
    private let startLine: Int
    private var map = Mindmap()
    private var warnings: [MermaidDiagnostic] = []

    init(source: SourceText, headerLine: Int) {
        self.source = source
        self.startLine = headerLine
    }

    private static let openers: [(open: String, close: String, shape: Mindmap.Shape)] = [
        ("((", "))", .circle), ("(", ")", .rounded), ("))", "((", .bang), (")", "(", .cloud),
        ("{{", "}}", .hexagon), ("[", "]", .square),
    ]

    mutating func parse() throws(ParseFailure) -> (Mindmap, [MermaidDiagnostic]) {
        // The header line may carry nothing but `mindmap`.
        let headerStart = source.lineStarts[startLine]
        let headerEnd = source.lineEnd(from: headerStart)
        let header = source.string(headerStart..<headerEnd).trimmingSpaces()
        if header != "mindmap" {
            throw failure(
                "mermaid.mindmap.header", "nothing may follow 'mindmap' on its line",
                hint: "start the root node on the next line", at: headerStart + 7)
        }
        for line in (startLine + 1)..<source.lineStarts.count {
            try parseLine(line)
        }
        return (map, warnings)
    }

    private mutating func parseLine(_ line: Int) throws(ParseFailure) {
        let lineStart = source.lineStarts[line]
        let lineEnd = source.lineEnd(from: lineStart)
        var index = lineStart
        while index < lineEnd, source.scalars[index] == " " || source.scalars[index] == "\t" { index += 1 }
        let level = index - lineStart
        guard index < lineEnd else { return }
        let content = source.string(index..<lineEnd)
        if content.hasPrefix("%%") { return }
        var trimmedEnd = lineEnd
        while trimmedEnd > index, source.scalars[trimmedEnd - 1] == " " || source.scalars[trimmedEnd - 1] == "\t" {
            trimmedEnd -= 1
        }
        // Decorations belong to the node above.
        if content.hasPrefix("::icon(") {
            guard !map.nodes.isEmpty else {
                throw failure(
                    "mermaid.mindmap.decoration", "an icon needs a node above it",
                    hint: "put '::icon(…)' on the line after the node it decorates", at: index)
            }
            let inner = source.string((index + 7)..<trimmedEnd)
            map.nodes[map.nodes.count - 1].icon = inner.hasSuffix(")") ? String(inner.dropLast()) : inner
            return
        }
        if content.hasPrefix(":::") {
            guard !map.nodes.isEmpty else {
                throw failure(
                    "mermaid.mindmap.decoration", "a class needs a node above it",
                    hint: "put ':::class' on the line after the node it decorates", at: index)
            }
            let classes = source.string((index + 3)..<trimmedEnd).split(separator: " ").map(String.init)
            map.nodes[map.nodes.count - 1].classes += classes
            return
        }
        let node = try parseNode(from: index, to: trimmedEnd, level: level)
        try attach(node, line: line, at: index)
    }

    private mutating func parseNode(from start: Int, to end: Int, level: Int) throws(ParseFailure) -> Mindmap.Node {
        var index = start
        // Bare text (the id, or the whole label) runs up to a shape opener.
        while index < end, !"()[{}".unicodeScalars.contains(source.scalars[index]) { index += 1 }
        let bare = source.string(start..<index)
        // A bare double-quoted line: mermaid keeps the quotes, or rejects it when it holds a shape
        // character. The intent is plain: draw the text and say how to write it portably.
        if source.scalars[start] == "\"", source.scalars[end - 1] == "\"", end - start >= 2 {
            let inner = source.string((start + 1)..<(end - 1))
            if !inner.contains("\"") {
                let rejected = inner.unicodeScalars.contains { "()[]{}".unicodeScalars.contains($0) }
                warn(
                    "mermaid.mindmap.bare-quotes",
                    rejected
                        ? "other mermaid renderers reject bare quoted text that holds brackets or parentheses"
                        : "other mermaid renderers show the quote marks of bare quoted text",
                    hint: "write it as [\"\(inner)\"] (square) or (\"\(inner)\") (rounded)", at: start,
                    length: end - start)
                return Mindmap.Node(label: LabelText.plain(inner), shape: .plain, level: level)
            }
        }
        if index == end {
            return Mindmap.Node(label: LabelText.plain(bare), shape: .plain, level: level)
        }
        let scalar = source.scalars[index]
        if scalar == "}" || (scalar == "{" && source[index + 1] != "{") {
            throw failure(
                "mermaid.mindmap.brace", "'\(String(scalar))' cannot appear in bare mindmap text",
                hint: "put the text in a shape with quotes, e.g. [\"\(source.string(start..<end))\"]", at: index)
        }
        var opener: (open: String, close: String, shape: Mindmap.Shape)?
        for candidate in Self.openers where source.matches(candidate.open, at: index) {
            if candidate.open.unicodeScalars.count > (opener?.open.unicodeScalars.count ?? 0) { opener = candidate }
        }
        guard let opener else {
            throw failure("mermaid.mindmap.unexpected", "unexpected '\(String(scalar))'", at: index)
        }
        let shapeStart = index
        index += opener.open.unicodeScalars.count
        var label = ""
        var markdown = false
        if source[index] == "\"" {
            let quoteStart = index
            index += 1
            markdown = source[index] == "`"
            let textStart = index
            while index < end, source.scalars[index] != "\"" { index += 1 }
            guard index < end else {
                throw failure(
                    "mermaid.mindmap.unclosed-quote", "the quoted text is not closed",
                    hint: "add the closing '\"' before '\(opener.close)'", at: quoteStart)
            }
            label = source.string(textStart..<index)
            index += 1
        } else {
            let textStart = index
            while index < end, !source.matches(opener.close, at: index) {
                let character = source.scalars[index]
                if "()[]{}".unicodeScalars.contains(character) {
                    throw failure(
                        "mermaid.mindmap.label-character", "'\(String(character))' cannot appear in unquoted node text",
                        hint: "quote the text: \(opener.open)\"…\"\(opener.close)", at: index)
                }
                index += 1
            }
            label = source.string(textStart..<index)
            if label.trimmingSpaces().isEmpty && index < end {
                throw failure(
                    "mermaid.mindmap.empty-label", "the node's text is empty",
                    hint: "write some text between '\(opener.open)' and '\(opener.close)'", at: shapeStart,
                    length: opener.open.unicodeScalars.count)
            }
        }
        guard source.matches(opener.close, at: index), index < end else {
            throw failure(
                "mermaid.mindmap.unclosed-shape", "the shape opened with '\(opener.open)' is not closed",
                hint: "close it with '\(opener.close)' on the same line", at: shapeStart,
                length: opener.open.unicodeScalars.count)
        }
        index += opener.close.unicodeScalars.count
        if index < end {
            throw failure(
                "mermaid.mindmap.trailing-text", "nothing may follow a node's shape on its line",
                hint: "move the text inside the shape, quoted: \(opener.open)\"…\"\(opener.close)", at: index,
                length: end - index)
        }
        return Mindmap.Node(label: LabelText.plain(label, markdown: markdown), shape: opener.shape, level: level)
    }

    private mutating func attach(_ node: Mindmap.Node, line: Int, at index: Int) throws(ParseFailure) {
        var node = node
        guard !map.nodes.isEmpty else {
            map.nodes.append(node)
            return
        }
        // The parent is the nearest node above with a smaller indentation.
        var candidate: Int? = map.nodes.count - 1
        while let current = candidate, map.nodes[current].level >= node.level { candidate = map.nodes[current].parent }
        guard let parent = candidate else {
            throw failure(
                "mermaid.mindmap.second-root",
                "a mindmap has one root, but this line is indented no more than the root '\(map.nodes[0].label)'",
                hint: "indent it more than the root line (\(map.nodes[0].level) spaces there)", at: index)
        }
        var depth = 1
        var ancestor: Int? = parent
        while let current = ancestor, depth <= Mermaid.maxDepth {
            depth += 1
            ancestor = map.nodes[current].parent
        }
        if depth > Mermaid.maxDepth {
            throw failure(
                "mermaid.too-deep", "the mindmap nests more than \(Mermaid.maxDepth) levels deep",
                hint: "indent this line less, so that it hangs from a node higher up", at: index)
        }
        node.parent = parent
        map.nodes.append(node)
        map.nodes[parent].children.append(map.nodes.count - 1)
    }

    private mutating func warn(_ id: String, _ message: String, hint: String, at index: Int, length: Int) {
        let location = source.location(of: index)
        warnings.append(
            MermaidDiagnostic(
                severity: .warning, id: id, message: message, hint: hint, line: location.line,
                column: location.column, length: length))
    }

    private func failure(_ id: String, _ message: String, hint: String? = nil, at index: Int, length: Int = 1)
        -> ParseFailure
    {
        ParseFailure(id, message, hint: hint, at: index, length: length, in: source)
    }
}
