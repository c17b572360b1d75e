import QuireSupport

/// Parses mermaid flowchart syntax (`flowchart` / `graph`) into a ``Flowchart``.
///
/// Follows mermaid 11's grammar where it matters for agreement: unquoted labels cannot hold
/// brackets, parentheses, braces, quotes or pipes; `%%` comments stand on their own line; `end`
/// is a keyword. Errors carry the line and column and say how to fix the source.
struct FlowchartParser {
    private let source: SourceText
    private var position: Int
    private var chart = Flowchart()
    private var warnings: [MermaidDiagnostic] = []
    /// Open subgraphs: index into `chart.subgraphs`, the node ids mentioned inside, the opening position.
    private var openSubgraphs: [(index: Int, mentioned: [String], start: Int)] = []
    private var assigned: Set<String> = []
    private var subgraphCounter = 0

    init(source: SourceText, start: Int) {
        self.source = source
        self.position = start
    }

    /// Parses the whole diagram, from the header line on.
    mutating func parse() throws(ParseFailure) -> (Flowchart, [MermaidDiagnostic]) {
        try parseHeader()
        while true {
            skipSeparators()
            guard position < source.count else { break }
            try parseStatement()
            skipSpaces()
            guard let scalar = source[position] else { break }
            if scalar == "\n" || scalar == ";" { continue }
            if scalar == "%" && source[position + 1] == "%" {
                throw failure(
                    "mermaid.flowchart.trailing-comment", "a %% comment must stand on a line of its own",
                    hint: "move the comment to its own line", at: position, length: 2)
            }
            throw failure(
                "mermaid.flowchart.unexpected", "unexpected '\(String(scalar))' after the statement",
                hint: "end the statement with a new line or ';', or link nodes with an arrow such as -->",
                at: position)
        }
        if let open = openSubgraphs.last {
            let title = chart.subgraphs[open.index].id
            throw failure(
                "mermaid.flowchart.unclosed-subgraph", "subgraph '\(title)' is not closed",
                hint: "add a line 'end' after its last statement", at: open.start, length: 8)
        }
        resolveSubgraphEndpoints()
        return (chart, warnings)
    }

    // MARK: - Header and statements

    private mutating func parseHeader() throws(ParseFailure) {
        skipSpaces()
        let start = position
        let word = readWord()
        guard word == "flowchart" || word == "graph" || word == "flowchart-elk" else {
            throw failure("mermaid.flowchart.header", "expected 'flowchart' or 'graph'", at: start)
        }
        skipSpaces()
        guard let scalar = source[position], scalar != "\n", scalar != ";" else { return }
        let directionStart = position
        var text = ""
        while let scalar = source[position], !isSpace(scalar), scalar != "\n", scalar != ";" {
            text.unicodeScalars.append(scalar)
            position += 1
        }
        guard let direction = FlowDirection(mermaid: text) else {
            throw failure(
                "mermaid.flowchart.direction", "'\(text)' is not a flowchart direction",
                hint: "use TB, TD, BT, LR or RL, e.g. 'flowchart LR'", at: directionStart, length: text.count)
        }
        chart.direction = direction
    }

    private mutating func parseStatement() throws(ParseFailure) {
        let start = position
        let word = peekWord()
        let boundary = source[position + word.unicodeScalars.count]
        let atBoundary = boundary.map { $0 == "\n" || $0 == ";" || isSpace($0) } ?? true
        switch word {
        case "subgraph" where atBoundary:
            position += word.unicodeScalars.count
            try parseSubgraph(start: start)
        case "end" where atBoundary || boundary == "-" || boundary == "=":
            position += 3
            skipSpaces()
            if let next = source[position], next != "\n", next != ";" {
                throw failure(
                    "mermaid.flowchart.end-keyword", "'end' is a keyword and cannot name a node",
                    hint: "rename the node, e.g. 'End' or 'finish'", at: start, length: 3)
            }
            guard let open = openSubgraphs.popLast() else {
                throw failure(
                    "mermaid.flowchart.stray-end", "'end' without an open subgraph",
                    hint: "remove this line or open a subgraph with 'subgraph NAME' before it", at: start,
                    length: 3)
            }
            closeSubgraph(open)
        case "direction" where atBoundary:
            position += word.unicodeScalars.count
            skipSpaces()
            let directionStart = position
            let text = readWord()
            guard let direction = FlowDirection(mermaid: text) else {
                throw failure(
                    "mermaid.flowchart.direction", "'\(text)' is not a flowchart direction",
                    hint: "use TB, TD, BT, LR or RL", at: directionStart, length: max(1, text.count))
            }
            if let open = openSubgraphs.last {
                chart.subgraphs[open.index].direction = direction
            } else {
                chart.direction = direction
            }
        case "classDef" where atBoundary:
            position += word.unicodeScalars.count
            skipSpaces()
            let names = readUntilSpace()
            skipSpaces()
            let styles = Self.styles(readRestOfStatement())
            guard !names.isEmpty else {
                throw failure(
                    "mermaid.flowchart.classdef", "classDef needs a class name and styles",
                    hint: "write 'classDef NAME fill:#f9f,stroke:#333'", at: start, length: 8)
            }
            for name in names.split(separator: ",") { chart.classDefs[String(name)] = styles }
        case "class" where atBoundary:
            position += word.unicodeScalars.count
            skipSpaces()
            let ids = readUntilSpace()
            skipSpaces()
            let className = readRestOfStatement().trimmingSpaces()
            guard !ids.isEmpty, !className.isEmpty else {
                throw failure(
                    "mermaid.flowchart.class", "class needs node ids and a class name",
                    hint: "write 'class A,B NAME'", at: start, length: 5)
            }
            for id in ids.split(separator: ",") { applyClass(className, to: String(id)) }
        case "style" where atBoundary:
            position += word.unicodeScalars.count
            skipSpaces()
            let id = readUntilSpace()
            skipSpaces()
            let styles = Self.styles(readRestOfStatement())
            guard !id.isEmpty else {
                throw failure(
                    "mermaid.flowchart.style", "style needs a node id and styles",
                    hint: "write 'style A fill:#f9f'", at: start, length: 5)
            }
            if let subgraph = chart.subgraphs.firstIndex(where: { $0.id == id }) {
                chart.subgraphs[subgraph].style += styles
            } else {
                let index = chart.touchNode(id)
                chart.nodes[index].style += styles
            }
        case "linkStyle" where atBoundary:
            position += word.unicodeScalars.count
            skipSpaces()
            let targets = readUntilSpace()
            skipSpaces()
            let styles = Self.styles(readRestOfStatement())
            if targets == "default" {
                chart.defaultLinkStyle = styles
            } else {
                for target in targets.split(separator: ",") {
                    if let number = Int(target), number >= 0, number < chart.edges.count {
                        chart.edges[number].style += styles
                    }
                }
            }
        case "click" where atBoundary, "accTitle", "accDescr":
            // Links and callbacks are dropped: the report runs no scripts.
            if word == "accTitle", chart.title == nil {
                position += word.unicodeScalars.count
                skipSpaces()
                if source[position] == ":" { position += 1 }
                chart.title = readRestOfStatement().trimmingSpaces()
                return
            }
            if word == "accDescr" {
                position += word.unicodeScalars.count
                skipSpaces()
                if source[position] == "{" {
                    while let scalar = source[position], scalar != "}" { position += 1 }
                    if position < source.count { position += 1 }
                    return
                }
            }
            _ = readRestOfStatement()
        default:
            try parseChain()
        }
    }

    private mutating func parseSubgraph(start: Int) throws(ParseFailure) {
        skipSpaces()
        var id = ""
        var title = ""
        if source[position] == "\"" {
            title = try readQuoted()
            id = "subGraph\(subgraphCounter)"
        } else {
            let idStart = position
            while let scalar = source[position], isIdScalar(scalar) { position += 1 }
            id = source.string(idStart..<position)
            skipSpaces()
            if source[position] == "[" {
                position += 1
                skipSpaces()
                if source[position] == "\"" {
                    title = try readQuoted()
                    skipSpaces()
                } else {
                    let titleStart = position
                    while let scalar = source[position], scalar != "]", scalar != "\n" { position += 1 }
                    title = source.string(titleStart..<position).trimmingSpaces()
                }
                guard source[position] == "]" else {
                    throw failure(
                        "mermaid.flowchart.unclosed-title", "the subgraph title is not closed with ']'",
                        hint: "write 'subgraph \(id) [Title]'", at: position)
                }
                position += 1
            } else {
                // `subgraph Some words`: the whole rest of the line is the id and the title.
                let rest = readRestOfStatement().trimmingSpaces()
                if !rest.isEmpty { id += (id.isEmpty ? "" : " ") + rest }
                title = id
            }
            if id.isEmpty { id = "subGraph\(subgraphCounter)" }
        }
        if openSubgraphs.count >= Mermaid.maxDepth {
            throw failure(
                "mermaid.too-deep", "subgraphs nest more than \(Mermaid.maxDepth) levels deep",
                hint: "close some subgraphs with 'end' before opening more", at: start, length: 8)
        }
        subgraphCounter += 1
        var subgraph = Flowchart.Subgraph(id: id, title: LabelText.plain(title))
        subgraph.parent = openSubgraphs.last?.index
        chart.subgraphs.append(subgraph)
        let index = chart.subgraphs.count - 1
        if let parent = subgraph.parent { chart.subgraphs[parent].children.append(index) }
        openSubgraphs.append((index, [], start))
    }

    private mutating func closeSubgraph(_ open: (index: Int, mentioned: [String], start: Int)) {
        // As mermaid: a node belongs to the first subgraph closed around it, so nested ones win.
        for id in open.mentioned where !assigned.contains(id) {
            assigned.insert(id)
            chart.subgraphs[open.index].nodes.append(id)
        }
        if let parentIndex = openSubgraphs.indices.last {
            openSubgraphs[parentIndex].mentioned += open.mentioned
        }
    }

    private mutating func mention(_ id: String) {
        guard let last = openSubgraphs.indices.last else { return }
        openSubgraphs[last].mentioned.append(id)
    }

    private mutating func applyClass(_ className: String, to id: String) {
        if let subgraph = chart.subgraphs.firstIndex(where: { $0.id == id }) {
            chart.subgraphs[subgraph].classes.append(className)
        } else {
            let index = chart.touchNode(id)
            chart.nodes[index].classes.append(className)
        }
    }

    // MARK: - Chains of nodes and links

    private mutating func parseChain() throws(ParseFailure) {
        var previous = try parseGroup()
        while true {
            skipSpaces()
            guard let scalar = source[position], scalar != "\n", scalar != ";" else { return }
            let linkStart = position
            guard var link = try parseLink() else { return }
            let linkLength = position - linkStart
            skipSpaces()
            if source[position] == "|" {
                link.label = try readPipeLabel()
                skipSpaces()
            }
            guard let next = source[position], next != "\n", next != ";" else {
                throw failure(
                    "mermaid.flowchart.missing-target", "the link has no node after it",
                    hint: "add the target node, e.g. 'A --> B'", at: position)
            }
            let group = try parseGroup()
            if previous.count * group.count > Mermaid.maxEdges - chart.edges.count {
                throw failure(
                    "mermaid.flowchart.too-many-links",
                    "the diagram would draw more than \(Mermaid.maxEdges) links "
                        + "(this arrow links \(previous.count) × \(group.count) nodes)",
                    hint: "'a & b --> c & d' links every pair; link fewer nodes, or split the diagram",
                    at: linkStart, length: linkLength)
            }
            for from in previous {
                for to in group {
                    var edge = link
                    edge.from = from
                    edge.to = to
                    chart.edges.append(edge)
                }
            }
            previous = group
        }
    }

    private mutating func parseGroup() throws(ParseFailure) -> [String] {
        var ids = [try parseNode()]
        while true {
            let save = position
            skipSpaces()
            guard source[position] == "&" else {
                position = save
                return ids
            }
            position += 1
            skipSpaces()
            ids.append(try parseNode())
        }
    }

    private mutating func parseNode() throws(ParseFailure) -> String {
        let start = position
        while let scalar = source[position], isIdScalar(scalar), !atLinkStart(position), !atClassShorthand(position) {
            position += 1
        }
        let id = source.string(start..<position)
        guard !id.isEmpty else {
            let found = source[position].map { String($0) } ?? "end of text"
            throw failure(
                "mermaid.flowchart.expected-node", "expected a node id, found '\(found)'",
                hint: "start each statement with a node id such as 'A' or 'load_data'", at: position)
        }
        if id == "end" {
            throw failure(
                "mermaid.flowchart.end-keyword", "'end' is a keyword and cannot name a node",
                hint: "rename the node, e.g. 'End' or 'finish'", at: start, length: 3)
        }
        let index = chart.touchNode(id)
        mention(id)
        if source[position] == "@" && source[position + 1] == "{" {
            try parseShapeData(nodeID: id, node: index)
        }
        if let (shape, label) = try parseShape(nodeID: id) {
            chart.nodes[index].shape = shape
            chart.nodes[index].label = label
        }
        if atClassShorthand(position) {
            position += 3
            let classStart = position
            while let scalar = source[position], isIdScalar(scalar) || scalar == "-", !atLinkStart(position) {
                position += 1
            }
            let className = source.string(classStart..<position)
            guard !className.isEmpty else {
                throw failure(
                    "mermaid.flowchart.class", "':::' must be followed by a class name",
                    hint: "write 'A:::highlight'", at: position)
            }
            chart.nodes[index].classes.append(className)
        }
        if source[position] == "@" && source[position + 1] == "{" {
            try parseShapeData(nodeID: id, node: index)
        }
        return id
    }

    /// Reads v11 node data, `@{ shape: doc, label: "Report" }`: comma- or line-separated
    /// `key: value` pairs, values bare or double-quoted. `shape` and `label` are drawn; `icon`
    /// and `img` are warned about (no icon packs or fetches in a report); layout keys (`w`, `h`,
    /// `pos`, `form`, `constraint`) are accepted and ignored.
    private mutating func parseShapeData(nodeID: String, node: Int) throws(ParseFailure) {
        let start = position
        position += 2
        while true {
            while let scalar = source[position], isSpace(scalar) || scalar == "\n" || scalar == "," { position += 1 }
            guard let scalar = source[position] else {
                throw failure(
                    "mermaid.flowchart.shape-data", "the node data of '\(nodeID)' is not closed with '}'",
                    hint: "write \(nodeID)@{ shape: rect, label: \"text\" }", at: start, length: 2)
            }
            if scalar == "}" {
                position += 1
                return
            }
            let keyStart = position
            while let scalar = source[position], scalar.properties.isAlphabetic || scalar == "-" || scalar == "_" {
                position += 1
            }
            let key = source.string(keyStart..<position)
            skipSpaces()
            guard !key.isEmpty, source[position] == ":" else {
                let found = source[position].map { String($0) } ?? "end of text"
                throw failure(
                    "mermaid.flowchart.shape-data",
                    key.isEmpty
                        ? "expected a key such as 'shape:' in the node data, found '\(found)'"
                        : "expected ':' after '\(key)' in the node data",
                    hint: "write \(nodeID)@{ shape: rect, label: \"text\" }", at: key.isEmpty ? keyStart : position)
            }
            position += 1
            skipSpaces()
            let valueStart = position
            var value: String
            if source[position] == "\"" {
                value = try readQuoted()
            } else {
                while let scalar = source[position], scalar != ",", scalar != "\n", scalar != "}" { position += 1 }
                value = source.string(valueStart..<position).trimmingSpaces()
            }
            let valueLength = max(1, value.unicodeScalars.count)
            switch key {
            case "shape":
                if let shape = FlowchartShapes.byName[value] {
                    chart.nodes[node].shape = shape
                } else if FlowchartShapes.iconShapes.contains(value) {
                    iconWarning(nodeID: nodeID, at: valueStart, length: valueLength)
                } else {
                    throw failure(
                        "mermaid.flowchart.unknown-shape", "'\(value)' is not a mermaid shape",
                        hint: Suggestion.didYouMean(value, among: FlowchartShapes.byName.keys)
                            ?? "use a shape such as rect, rounded, stadium, cyl, diamond, hex, doc or circle",
                        at: valueStart, length: valueLength)
                }
            case "label":
                chart.nodes[node].label = LabelText.plain(value, markdown: value.hasPrefix("`"))
            case "icon", "img":
                iconWarning(nodeID: nodeID, at: keyStart, length: key.unicodeScalars.count)
            default:
                break
            }
        }
    }

    private mutating func iconWarning(nodeID: String, at index: Int, length: Int) {
        let location = source.location(of: index)
        warnings.append(
            MermaidDiagnostic(
                severity: .warning, id: "mermaid.flowchart.icon",
                message: "icons and images are not drawn natively: node '\(nodeID)' is drawn as a box with its label",
                hint: "the report loads no icon packs or images; drop icon:/img: to silence this",
                line: location.line, column: location.column, length: length))
    }

    private static let shapes: [(open: String, close: String, shape: Flowchart.Shape)] = [
        ("(((", ")))", .doubleCircle), ("((", "))", .circle), ("([", "])", .stadium), ("[[", "]]", .subroutine),
        ("[(", ")]", .cylinder), ("[/", "/]", .leanRight), ("[/", "\\]", .trapezoid), ("[\\", "\\]", .leanLeft),
        ("[\\", "/]", .invertedTrapezoid), ("{{", "}}", .hexagon), ("(", ")", .rounded), ("[", "]", .rectangle),
        ("{", "}", .diamond), (">", "]", .asymmetric),
    ]

    private mutating func parseShape(nodeID: String) throws(ParseFailure) -> (Flowchart.Shape, String)? {
        guard let first = source[position], first == "(" || first == "[" || first == "{" || first == ">" else {
            return nil
        }
        let shapeStart = position
        // The longest opener that matches; trapezoids and leaning shapes share openers.
        var opener = ""
        for candidate in Self.shapes where source.matches(candidate.open, at: position) {
            if candidate.open.unicodeScalars.count > opener.unicodeScalars.count { opener = candidate.open }
        }
        let closers = Self.shapes.filter { $0.open == opener }
        position += opener.unicodeScalars.count
        let textStart = position
        var label: String
        var markdown = false
        var quoted = false
        skipSpaces()
        if source[position] == "\"" {
            quoted = true
            markdown = source[position + 1] == "`"
            label = try readQuoted()
            skipSpaces()
        } else {
            position = textStart
            label = ""
            while let scalar = source[position] {
                if closers.contains(where: { source.matches($0.close, at: position) }) { break }
                if scalar == "\n" { break }
                if "()[]{}\"|".unicodeScalars.contains(scalar) {
                    throw failure(
                        "mermaid.flowchart.label-character",
                        "'\(String(scalar))' cannot appear in an unquoted label",
                        hint: "put the label in double quotes: \(nodeID)\(opener)\"…\"\(closers[0].close)",
                        at: position)
                }
                label.unicodeScalars.append(scalar)
                position += 1
            }
        }
        guard let closer = closers.first(where: { source.matches($0.close, at: position) }) else {
            throw failure(
                "mermaid.flowchart.unclosed-shape",
                "the label of node '\(nodeID)' opened with '\(opener)' is not closed",
                hint: "close it with '\(closers[0].close)', e.g. \(nodeID)\(opener)text\(closers[0].close)",
                at: shapeStart, length: opener.unicodeScalars.count)
        }
        if !quoted && label.trimmingSpaces().isEmpty {
            throw failure(
                "mermaid.flowchart.empty-label", "the label of node '\(nodeID)' is empty",
                hint: "write some text, or drop the brackets to show the id", at: shapeStart,
                length: opener.unicodeScalars.count)
        }
        position += closer.close.unicodeScalars.count
        return (closer.shape, LabelText.plain(label, markdown: markdown))
    }

    /// Parses a link at the current position, or returns nil when there is none.
    private mutating func parseLink() throws(ParseFailure) -> Flowchart.Edge? {
        let start = position
        var tail = Flowchart.Head.none
        if let scalar = source[position], scalar == "<" || scalar == "o" || scalar == "x",
            let next = source[position + 1], next == "-" || next == "=" || next == "."
        {
            tail = scalar == "<" ? .arrow : scalar == "o" ? .circle : .cross
            position += 1
        }
        guard let first = source[position] else { return nil }
        func head(_ scalar: Unicode.Scalar?) -> Flowchart.Head? {
            switch scalar {
            case ">": return .arrow
            case "o": return .circle
            case "x": return .cross
            default: return nil
            }
        }
        var edge = Flowchart.Edge(from: "", to: "", head: .none, tail: tail, stroke: .normal, label: nil, length: 1)
        if first == "~" {
            var count = 0
            while source[position] == "~" {
                count += 1
                position += 1
            }
            guard count >= 3 else { throw badLink(at: start) }
            edge.stroke = .invisible
            edge.length = count - 2
            return edge
        }
        if first == "-" && source[position + 1] == "." {
            position += 1
            var dots = 0
            while source[position] == "." {
                dots += 1
                position += 1
            }
            if source[position] == "-" {
                position += 1
                if let h = head(source[position]) {
                    edge.head = h
                    position += 1
                }
                edge.stroke = .dotted
                edge.length = dots
                return edge
            }
            // `-. text .->`
            guard dots == 1 else { throw badLink(at: start) }
            edge.stroke = .dotted
            let label = try readEdgeText(start: start) { parser in parser.dottedEnd() }
            edge.label = label.text
            edge.head = label.head
            edge.length = label.length
            return edge
        }
        if first == "-" || first == "=" {
            var count = 0
            while source[position] == first {
                count += 1
                position += 1
            }
            guard count >= 2 else { throw badLink(at: start) }
            edge.stroke = first == "=" ? .thick : .normal
            if let h = head(source[position]) {
                edge.head = h
                position += 1
                edge.length = count - 1
                return edge
            }
            if count >= 3 {
                edge.length = count - 2
                return edge
            }
            // `-- text -->` or `== text ==>`
            let label = try readEdgeText(start: start) { parser in parser.solidEnd(first) }
            edge.label = label.text
            edge.head = label.head
            edge.length = label.length
            return edge
        }
        position = start
        if first == "<" || (first == "-" && source[position + 1] == ">") {
            throw badLink(at: start)
        }
        return nil
    }

    private func badLink(at start: Int) -> ParseFailure {
        var end = start
        while let scalar = source[end], "-=.~<>ox".unicodeScalars.contains(scalar) { end += 1 }
        let text = source.string(start..<max(end, start + 1))
        return failure(
            "mermaid.flowchart.link", "'\(text)' is not a link",
            hint: "use --> (arrow), --- (line), -.-> (dotted), ==> (thick), --o, --x or <-->", at: start,
            length: text.count)
    }

    /// Reads `text -->` after a `--`, `==` or `-.` opener. `end` returns the length of the closing
    /// link at the current position with its head and extra length, or nil.
    private mutating func readEdgeText(
        start: Int, end: (FlowchartParser) -> (length: Int, head: Flowchart.Head, extra: Int)?
    ) throws(ParseFailure) -> (text: String, head: Flowchart.Head, length: Int) {
        let textStart = position
        skipSpaces()
        if source[position] == "\"" {
            let text = try readQuoted()
            skipSpaces()
            guard let close = end(self) else { throw unclosedEdgeText(start) }
            position += close.length
            return (LabelText.plain(text), close.head, close.extra)
        }
        position = textStart
        while let scalar = source[position], scalar != "\n" {
            if let close = end(self) {
                let text = source.string(textStart..<position).trimmingSpaces()
                position += close.length
                if text.isEmpty { throw unclosedEdgeText(start) }
                return (LabelText.plain(text), close.head, close.extra)
            }
            if "()[]{}\"|".unicodeScalars.contains(scalar) {
                throw failure(
                    "mermaid.flowchart.label-character", "'\(String(scalar))' cannot appear in an unquoted edge label",
                    hint: "put the label in double quotes: -- \"…\" -->", at: position)
            }
            position += 1
        }
        throw unclosedEdgeText(start)
    }

    private func unclosedEdgeText(_ start: Int) -> ParseFailure {
        failure(
            "mermaid.flowchart.edge-label", "the edge label is not closed by a link",
            hint: "write 'A -- text --> B' or 'A -->|text| B'", at: start, length: 2)
    }

    /// `--->`, `--x`, `---` (at least two dashes then a head or a third dash), optionally `<`/`x`/`o` first.
    private func solidEnd(_ dash: Unicode.Scalar) -> (length: Int, head: Flowchart.Head, extra: Int)? {
        var index = position
        while let scalar = source[index], isSpace(scalar) { index += 1 }
        var count = 0
        while source[index + count] == dash { count += 1 }
        guard count >= 2 else { return nil }
        let after = source[index + count]
        let head: Flowchart.Head? =
            after == ">" ? .arrow : after == "o" ? .circle : after == "x" ? .cross : nil
        if let head { return (index + count + 1 - position, head, count - 1) }
        if count >= 3 { return (index + count - position, .none, count - 2) }
        return nil
    }

    /// `.->`, `.-` with any number of dots.
    private func dottedEnd() -> (length: Int, head: Flowchart.Head, extra: Int)? {
        var index = position
        while let scalar = source[index], isSpace(scalar) { index += 1 }
        var dots = 0
        while source[index + dots] == "." { dots += 1 }
        guard dots >= 1, source[index + dots] == "-" else { return nil }
        let after = source[index + dots + 1]
        let head: Flowchart.Head? =
            after == ">" ? .arrow : after == "o" ? .circle : after == "x" ? .cross : nil
        return (index + dots + 1 + (head == nil ? 0 : 1) - position, head ?? .none, dots)
    }

    private mutating func readPipeLabel() throws(ParseFailure) -> String {
        let start = position
        position += 1
        skipSpaces()
        if source[position] == "\"" {
            let text = try readQuoted()
            skipSpaces()
            guard source[position] == "|" else {
                throw failure(
                    "mermaid.flowchart.pipe", "the edge label is not closed with '|'",
                    hint: "write -->|text| B", at: start)
            }
            position += 1
            return LabelText.plain(text)
        }
        let textStart = position
        while let scalar = source[position], scalar != "|", scalar != "\n" {
            if "()[]{}\"".unicodeScalars.contains(scalar) {
                throw failure(
                    "mermaid.flowchart.label-character", "'\(String(scalar))' cannot appear in an unquoted edge label",
                    hint: "put the label in double quotes: -->|\"…\"|", at: position)
            }
            position += 1
        }
        guard source[position] == "|" else {
            throw failure(
                "mermaid.flowchart.pipe", "the edge label is not closed with '|'", hint: "write -->|text| B",
                at: start)
        }
        let text = source.string(textStart..<position)
        position += 1
        return LabelText.plain(text)
    }

    /// Reads `"…"` and returns the text between the quotes.
    private mutating func readQuoted() throws(ParseFailure) -> String {
        let start = position
        position += 1
        let textStart = position
        while let scalar = source[position], scalar != "\"" { position += 1 }
        guard position < source.count else {
            throw failure(
                "mermaid.flowchart.unclosed-quote", "the quoted text is not closed",
                hint: "add the closing '\"'", at: start)
        }
        let text = source.string(textStart..<position)
        position += 1
        return text
    }

    /// Edges may name a subgraph; mermaid then draws the edge to the subgraph's frame.
    private mutating func resolveSubgraphEndpoints() {
        let subgraphIDs = Set(chart.subgraphs.map(\.id))
        guard chart.nodes.contains(where: { subgraphIDs.contains($0.id) }) else { return }
        chart.nodes.removeAll { subgraphIDs.contains($0.id) }
        chart.nodeIndex = Dictionary(uniqueKeysWithValues: chart.nodes.enumerated().map { ($1.id, $0) })
        for index in chart.subgraphs.indices { chart.subgraphs[index].nodes.removeAll { subgraphIDs.contains($0) } }
    }

    // MARK: - Scanning

    private func isSpace(_ scalar: Unicode.Scalar) -> Bool { scalar == " " || scalar == "\t" }

    private func isIdScalar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value > 0x7F { return !scalar.properties.isWhitespace }
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", "_", "-", ".", ":", "!", "#", "$", "'", "*", "+", "?", "\\", "/", "`":
            return true
        default: return false
        }
    }

    private func atLinkStart(_ index: Int) -> Bool {
        guard let scalar = source[index] else { return false }
        let next = source[index + 1]
        switch scalar {
        case "-": return next == "-" || next == "."
        case "=": return next == "="
        case "~": return next == "~"
        case "<": return next == "-" || next == "="
        default: return false
        }
    }

    private func atClassShorthand(_ index: Int) -> Bool {
        source[index] == ":" && source[index + 1] == ":" && source[index + 2] == ":"
    }

    private mutating func skipSpaces() {
        while let scalar = source[position], isSpace(scalar) { position += 1 }
    }

    /// Skips blank space, new lines, `;` and whole-line `%%` comments between statements.
    private mutating func skipSeparators() {
        while let scalar = source[position] {
            if isSpace(scalar) || scalar == "\n" || scalar == ";" {
                position += 1
            } else if scalar == "%" && source[position + 1] == "%" {
                position = source.lineEnd(from: position)
            } else {
                return
            }
        }
    }

    private func peekWord() -> String {
        var index = position
        var word = ""
        while let scalar = source[index], scalar.properties.isAlphabetic || scalar == "-" {
            word.unicodeScalars.append(scalar)
            index += 1
        }
        return word
    }

    private mutating func readWord() -> String {
        var word = ""
        while let scalar = source[position], !isSpace(scalar), scalar != "\n", scalar != ";" {
            word.unicodeScalars.append(scalar)
            position += 1
        }
        return word
    }

    private mutating func readUntilSpace() -> String { readWord() }

    private mutating func readRestOfStatement() -> String {
        let start = position
        while let scalar = source[position], scalar != "\n", scalar != ";" { position += 1 }
        return source.string(start..<position)
    }

    /// `fill:#f9f,stroke:#333,stroke-width:4px` as ordered pairs.
    static func styles(_ text: String) -> [(String, String)] {
        text.split(separator: ",").compactMap { part in
            let pieces = part.split(separator: ":", maxSplits: 1)
            guard pieces.count == 2 else { return nil }
            return (pieces[0].trimmingSpaces(), pieces[1].trimmingSpaces())
        }
    }

    private func failure(
        _ id: String, _ message: String, hint: String? = nil, at index: Int, length: Int = 1
    ) -> ParseFailure {
        ParseFailure(id, message, hint: hint, at: index, length: length, in: source)
    }
}
