import QuireSupport

/// Parses mermaid sequence diagram syntax (`sequenceDiagram`) into a ``SequenceDiagram``.
///
/// Statements end at a new line or `;`, and keywords are case-insensitive, as in mermaid's
/// grammar. Participant names may hold spaces and single hyphens (`Alice Smith`, `web-app`); a
/// message needs its `:` even when its text is empty. Errors stop at the first problem and carry
/// the line, column and a hint.
struct SequenceParser {
    private let source: SourceText
    private var position: Int
    private var diagram = SequenceDiagram()
    private var warnings: [MermaidDiagnostic] = []
    /// Open `loop`/`alt`/…, `rect` and `box` statements: what they are and where they start.
    private var open: [(kind: Opened, start: Int)] = []
    private var openBox: Int?
    private var active: [Int: Int] = [:]
    private var numbering: (next: Int, step: Int)?
    private var pendingCreate: Int?

    private enum Opened: Equatable {
        case block(SequenceDiagram.BlockKind)
        case rect
        case box
    }

    /// Every arrow, longest first, so `-->>` is not read as `-->` then `>`.
    private static let arrows: [(text: String, line: SequenceDiagram.Line, head: SequenceDiagram.Head, both: Bool)] = [
        ("<<-->>", .dotted, .arrow, true), ("<<->>", .solid, .arrow, true), ("-->>", .dotted, .arrow, false),
        ("->>", .solid, .arrow, false), ("-->", .dotted, .none, false), ("--x", .dotted, .cross, false),
        ("--)", .dotted, .open, false), ("->", .solid, .none, false), ("-x", .solid, .cross, false),
        ("-)", .solid, .open, false),
    ]

    /// The block keywords, and the section keyword each accepts.
    private static let blockKeywords: [String: SequenceDiagram.BlockKind] = [
        "loop": .loop, "alt": .alt, "opt": .opt, "par": .par, "critical": .critical, "break": .break,
    ]
    private static let sectionKeywords: [String: SequenceDiagram.BlockKind] = [
        "else": .alt, "and": .par, "option": .critical,
    ]
    private static let keywords: [String] =
        [
            "participant", "actor", "create", "destroy", "activate", "deactivate", "note", "rect", "box", "end",
            "autonumber", "title", "accTitle", "accDescr", "links", "link", "properties", "details",
        ] + Array(blockKeywords.keys) + Array(sectionKeywords.keys)

    init(source: SourceText, headerLine: Int) {
        self.source = source
        self.position = headerLine + 1 < source.lineStarts.count ? source.lineStarts[headerLine + 1] : source.count
        // Statements on the header's own line (`sequenceDiagram; A->>B: hi`) are read too.
        let headerStart = source.lineStarts[headerLine]
        var index = headerStart
        while let scalar = source[index], scalar != "\n", scalar != ";" { index += 1 }
        if source[index] == ";" { position = index + 1 }
    }

    /// Parses the statements after the header line.
    mutating func parse() throws(ParseFailure) -> (SequenceDiagram, [MermaidDiagnostic]) {
        while position < source.count {
            skipSpaces()
            guard let scalar = source[position] else { break }
            if scalar == "\n" || scalar == ";" {
                position += 1
                continue
            }
            if scalar == "%" && source[position + 1] == "%" {
                position = source.lineEnd(from: position)
                continue
            }
            let start = position
            let end = statementEnd(from: start)
            try parseStatement(start: start, end: end)
            position = end
        }
        if let last = open.last {
            let name: String
            switch last.kind {
            case .block(let kind): name = kind.rawValue
            case .rect: name = "rect"
            case .box: name = "box"
            }
            throw failure(
                "mermaid.sequence.unclosed-block", "'\(name)' is not closed",
                hint: "add a line 'end' after its last statement", at: last.start, length: name.unicodeScalars.count)
        }
        if let pendingCreate {
            let id = diagram.participants[pendingCreate].id
            throw failure(
                "mermaid.sequence.create", "'\(id)' is created but no message reaches it",
                hint: "follow 'create participant \(id)' with a message to \(id)", at: position)
        }
        return (diagram, warnings)
    }

    // MARK: - Statements

    private func statementEnd(from start: Int) -> Int {
        var index = start
        while let scalar = source[index], scalar != "\n", scalar != ";" { index += 1 }
        return index
    }

    private mutating func parseStatement(start: Int, end: Int) throws(ParseFailure) {
        let (word, wordEnd) = self.word(at: start, end: end)
        let keyword = word.lowercased()
        let rest = trimmedRange(wordEnd, end)
        let restText = source.string(rest)
        let atBoundary = wordEnd == end || source[wordEnd] == " " || source[wordEnd] == "\t" || source[wordEnd] == ":"
        // A keyword followed by an arrow (`loop->>A: x`) names a participant; `Note` is always
        // the keyword, as in mermaid's lexer.
        guard atBoundary || keyword == "note" else {
            try parseMessage(start: start, end: end)
            return
        }
        switch keyword {
        case "participant", "actor":
            try declare(kind: SequenceDiagram.Kind(rawValue: keyword) ?? .participant, range: rest, keywordAt: start)
        case "create":
            let (inner, innerEnd) = self.word(at: rest.lowerBound, end: end)
            guard let kind = SequenceDiagram.Kind(rawValue: inner.lowercased()) else {
                throw failure(
                    "mermaid.sequence.create", "'create' must be followed by 'participant' or 'actor'",
                    hint: "write 'create participant NAME'", at: rest.lowerBound)
            }
            let index = try declare(kind: kind, range: trimmedRange(innerEnd, end), keywordAt: rest.lowerBound)
            diagram.participants[index].created = true
            pendingCreate = index
        case "destroy":
            let index = try participant(in: rest, keywordAt: start)
            diagram.participants[index].destroyed = true
            diagram.events.append(.destroy(index))
        case "activate":
            let index = try participant(in: rest, keywordAt: start)
            active[index, default: 0] += 1
            diagram.events.append(.activate(index))
        case "deactivate":
            let index = try participant(in: rest, keywordAt: start)
            try deactivate(index, at: rest.lowerBound, length: rest.count)
            diagram.events.append(.deactivate(index))
        case "note":
            try parseNote(range: rest, start: start)
        case "rect":
            open.append((.rect, start))
            diagram.events.append(.rectStart(restText.isEmpty ? nil : restText))
        case "box":
            guard openBox == nil else {
                throw failure(
                    "mermaid.sequence.box", "boxes cannot be nested",
                    hint: "close the outer box with 'end' first", at: start, length: 3)
            }
            diagram.boxes.append(Self.box(restText))
            openBox = diagram.boxes.count - 1
            open.append((.box, start))
        case "end":
            guard let last = open.popLast() else {
                throw failure(
                    "mermaid.sequence.stray-end", "'end' without an open block",
                    hint: "remove this line, or open a block such as 'loop', 'alt' or 'rect' before it", at: start,
                    length: 3)
            }
            switch last.kind {
            case .block: diagram.events.append(.blockEnd)
            case .rect: diagram.events.append(.rectEnd)
            case .box: openBox = nil
            }
        case "autonumber":
            let parts = restText.split(separator: " ").map(String.init)
            if parts.first?.lowercased() == "off" {
                numbering = nil
            } else {
                numbering = (parts.first.flatMap { Int($0) } ?? 1, parts.dropFirst().first.flatMap { Int($0) } ?? 1)
            }
        case "title":
            var text = restText
            if text.hasPrefix(":") { text = String(text.dropFirst()).trimmingSpaces() }
            diagram.title = text
        case "acctitle", "links", "link", "properties", "details":
            break
        case "accdescr":
            if restText.hasPrefix("{") {
                var index = rest.lowerBound
                while let scalar = source[index], scalar != "}" { index += 1 }
                position = min(source.count, index + 1)
                // The caller continues from `end`; jump there by re-parsing nothing.
                skipTo(position)
            }
        default:
            if let kind = Self.blockKeywords[keyword] {
                if open.count >= Mermaid.maxDepth {
                    throw failure(
                        "mermaid.too-deep", "blocks nest more than \(Mermaid.maxDepth) levels deep",
                        hint: "close some blocks with 'end' before opening more", at: start, length: word.count)
                }
                open.append((.block(kind), start))
                diagram.events.append(.blockStart(kind, LabelText.plain(restText)))
            } else if let kind = Self.sectionKeywords[keyword] {
                guard case .block(let openKind) = open.last?.kind, openKind == kind else {
                    throw failure(
                        "mermaid.sequence.section", "'\(keyword)' outside an '\(kind.rawValue)' block",
                        hint: "'else' belongs in 'alt', 'and' in 'par', 'option' in 'critical'", at: start,
                        length: word.count)
                }
                diagram.events.append(.blockSection(LabelText.plain(restText)))
            } else {
                try parseMessage(start: start, end: end)
            }
        }
    }

    /// `accDescr { … }` spans lines: continue after its closing brace.
    private mutating func skipTo(_ index: Int) {
        skippedTo = index
    }
    private var skippedTo: Int?

    @discardableResult
    private mutating func declare(kind: SequenceDiagram.Kind, range: Range<Int>, keywordAt: Int) throws(ParseFailure)
        -> Int
    {
        var nameEnd = range.upperBound
        var label: String?
        // `participant A as Alice`
        var scan = range.lowerBound
        while scan + 3 < range.upperBound {
            if isSpace(source[scan]), source[scan + 1] == "a", source[scan + 2] == "s", isSpace(source[scan + 3]) {
                nameEnd = scan
                label = source.string(trimmedRange(scan + 3, range.upperBound))
                break
            }
            scan += 1
        }
        let name = source.string(range.lowerBound..<nameEnd).trimmingSpaces()
        guard !name.isEmpty else {
            throw failure(
                "mermaid.sequence.participant", "'\(kind.rawValue)' needs a name",
                hint: "write '\(kind.rawValue) Alice' or '\(kind.rawValue) A as Alice'", at: keywordAt,
                length: kind.rawValue.unicodeScalars.count)
        }
        if name.contains("@{") {
            throw failure(
                "mermaid.sequence.participant-data", "participant data '@{ … }' is not drawn natively",
                hint: "declare it as 'participant \(name.prefix { $0 != "@" })' or 'actor …'", at: range.lowerBound,
                length: name.unicodeScalars.count)
        }
        let existed = diagram.participantIndex[name] != nil
        let index = diagram.touch(name)
        diagram.participants[index].kind = kind
        if let label, !label.isEmpty { diagram.participants[index].label = LabelText.plain(label) }
        if let openBox, !existed || diagram.participants[index].box == nil {
            diagram.participants[index].box = openBox
            diagram.boxes[openBox].members.append(index)
        }
        return index
    }

    private mutating func participant(in range: Range<Int>, keywordAt: Int) throws(ParseFailure) -> Int {
        let name = source.string(range).trimmingSpaces()
        guard !name.isEmpty else {
            throw failure(
                "mermaid.sequence.participant", "a participant name is missing", hint: "name the participant",
                at: keywordAt)
        }
        return diagram.touch(name)
    }

    private mutating func deactivate(_ index: Int, at start: Int, length: Int) throws(ParseFailure) {
        guard let count = active[index], count > 0 else {
            throw failure(
                "mermaid.sequence.inactive",
                "'\(diagram.participants[index].id)' is deactivated but is not active",
                hint: "activate it first ('activate \(diagram.participants[index].id)' or '->>+'), or drop this",
                at: start, length: length)
        }
        active[index] = count - 1
    }

    // MARK: - Notes

    private mutating func parseNote(range: Range<Int>, start: Int) throws(ParseFailure) {
        var index = range.lowerBound
        let (first, firstEnd) = word(at: index, end: range.upperBound)
        var placement: SequenceDiagram.Placement
        switch first.lowercased() {
        case "over":
            placement = .over
            index = firstEnd
        case "left", "right":
            placement = first.lowercased() == "left" ? .leftOf : .rightOf
            let ofStart = trimmedRange(firstEnd, range.upperBound).lowerBound
            let (of, ofEnd) = word(at: ofStart, end: range.upperBound)
            guard of.lowercased() == "of" else {
                throw failure(
                    "mermaid.sequence.note", "expected 'of' after '\(first)'",
                    hint: "write 'Note \(first.lowercased()) of A: text'", at: ofStart)
            }
            index = ofEnd
        default:
            throw failure(
                "mermaid.sequence.note", "a note needs a place: 'left of', 'right of' or 'over'",
                hint: "write 'Note right of A: text' or 'Note over A,B: text'", at: index,
                length: max(1, first.unicodeScalars.count))
        }
        var colon = index
        while colon < range.upperBound, source[colon] != ":" { colon += 1 }
        guard colon < range.upperBound else {
            throw failure(
                "mermaid.sequence.note", "the note has no ':' before its text",
                hint: "write 'Note over A: text'", at: range.upperBound)
        }
        let names = source.string(index..<colon).split(separator: ",").map { $0.trimmingSpaces() }
        guard !names.isEmpty, names.allSatisfy({ !$0.isEmpty }), names.count <= 2,
            placement == .over || names.count == 1
        else {
            throw failure(
                "mermaid.sequence.note",
                names.count > 2 || (placement != .over && names.count == 2)
                    ? "a note sits over at most two participants, or left or right of one"
                    : "the note names no participant",
                hint: "write 'Note over A,B: text' or 'Note left of A: text'",
                at: trimmedRange(index, colon).lowerBound, length: max(1, trimmedRange(index, colon).count))
        }
        let participants = names.map { diagram.touch($0) }
        let text = source.string(colon + 1..<range.upperBound).trimmingSpaces()
        diagram.events.append(
            .note(.init(placement: placement, participants: participants, text: LabelText.plain(text))))
    }

    // MARK: - Messages

    private func arrow(at index: Int) -> (
        text: String, line: SequenceDiagram.Line, head: SequenceDiagram.Head, both: Bool
    )? {
        for candidate in Self.arrows where source.matches(candidate.text, at: index) { return candidate }
        return nil
    }

    private mutating func parseMessage(start: Int, end: Int) throws(ParseFailure) {
        var index = start
        while index < end, arrow(at: index) == nil, source[index] != ":" { index += 1 }
        guard index < end, let arrow = arrow(at: index) else {
            let (word, _) = self.word(at: start, end: end)
            throw failure(
                "mermaid.sequence.unexpected", "'\(word)' is neither a message nor a keyword",
                hint: Suggestion.didYouMean(word, among: Self.keywords)
                    ?? "write a message such as 'A->>B: text', or a keyword such as 'participant', 'Note' or 'loop'",
                at: start, length: max(1, word.unicodeScalars.count))
        }
        let fromName = source.string(start..<index).trimmingSpaces()
        guard !fromName.isEmpty else {
            throw failure(
                "mermaid.sequence.message", "the arrow has no sender before it", hint: "write 'A->>B: text'",
                at: index, length: arrow.text.unicodeScalars.count)
        }
        var cursor = index + arrow.text.unicodeScalars.count
        while isSpace(source[cursor]) { cursor += 1 }
        var activates = false
        var deactivates = false
        if source[cursor] == "+" {
            activates = true
            cursor += 1
        } else if source[cursor] == "-" {
            deactivates = true
            cursor += 1
        }
        let targetStart = cursor
        var colon = cursor
        while colon < end, source[colon] != ":" { colon += 1 }
        let toName = source.string(targetStart..<colon).trimmingSpaces()
        if let bad = toName.unicodeScalars.first(where: { "<>+".unicodeScalars.contains($0) }) {
            var at = targetStart
            while source[at] != bad { at += 1 }
            throw failure(
                "mermaid.sequence.arrow", "'\(String(bad))' cannot follow the arrow '\(arrow.text)'",
                hint: "arrows are ->, -->, ->>, -->>, -x, --x, -), --), <<->> and <<-->>", at: at)
        }
        guard !toName.isEmpty else {
            throw failure(
                "mermaid.sequence.message", "the arrow has no receiver after it", hint: "write 'A->>B: text'",
                at: targetStart)
        }
        guard colon < end else {
            throw failure(
                "mermaid.sequence.message-text", "the message has no ':' and text",
                hint: "write '\(fromName)\(arrow.text)\(toName): text' (the text may be empty after ':')", at: end)
        }
        let from = diagram.touch(fromName)
        let to = diagram.touch(toName)
        if let pending = pendingCreate, pending == to || pending == from { pendingCreate = nil }
        if deactivates { try deactivate(from, at: targetStart - 1, length: 1) }
        if activates { active[to, default: 0] += 1 }
        var number: Int?
        if let current = numbering {
            number = current.next
            numbering = (current.next + current.step, current.step)
        }
        let text = source.string(colon + 1..<end).trimmingSpaces()
        diagram.events.append(
            .message(
                .init(
                    from: from, to: to, text: LabelText.plain(text), line: arrow.line, head: arrow.head,
                    bidirectional: arrow.both, activatesTarget: activates, deactivatesSource: deactivates,
                    number: number)))
    }

    // MARK: - Boxes

    /// CSS colour words `box` recognises before its title.
    private static let colorNames: Set<String> = [
        "aqua", "black", "blue", "fuchsia", "gray", "grey", "green", "lime", "maroon", "navy", "olive", "orange",
        "purple", "red", "silver", "teal", "white", "yellow", "transparent", "pink", "lightblue", "lightgreen",
        "lightgray", "lightgrey", "lightyellow", "lightpink", "lightcyan", "beige", "ivory", "lavender", "khaki",
        "gold", "coral", "salmon", "tan", "wheat", "azure", "aliceblue", "honeydew", "mintcream", "mistyrose",
        "linen", "snow", "seashell", "whitesmoke", "gainsboro", "cyan", "magenta", "violet", "plum", "orchid",
        "indigo", "brown", "crimson", "tomato", "turquoise", "skyblue", "steelblue", "royalblue", "slategray",
        "darkgray", "darkgrey", "lightsteelblue", "palegreen", "paleturquoise", "peachpuff", "thistle",
    ]

    static func box(_ text: String) -> SequenceDiagram.Box {
        let trimmed = text.trimmingSpaces()
        let lowered = trimmed.lowercased()
        if lowered.hasPrefix("rgb(") || lowered.hasPrefix("rgba(") || lowered.hasPrefix("hsl(") {
            if let close = trimmed.firstIndex(of: ")") {
                let color = String(trimmed[...close])
                return .init(title: String(trimmed[trimmed.index(after: close)...]).trimmingSpaces(), color: color)
            }
        }
        let first = trimmed.prefix { $0 != " " && $0 != "\t" }
        if first.hasPrefix("#") || colorNames.contains(first.lowercased()) {
            return .init(title: String(trimmed.dropFirst(first.count)).trimmingSpaces(), color: String(first))
        }
        return .init(title: trimmed, color: nil)
    }

    // MARK: - Scanning

    private func isSpace(_ scalar: Unicode.Scalar?) -> Bool { scalar == " " || scalar == "\t" }

    private mutating func skipSpaces() {
        if let skippedTo, skippedTo > position {
            position = skippedTo
            self.skippedTo = nil
        }
        while isSpace(source[position]) { position += 1 }
    }

    /// The word at `index` (letters only) and the index past it.
    private func word(at index: Int, end: Int) -> (String, Int) {
        var cursor = index
        while cursor < end, let scalar = source[cursor], scalar.properties.isAlphabetic || scalar == "_" {
            cursor += 1
        }
        return (source.string(index..<cursor), cursor)
    }

    private func trimmedRange(_ start: Int, _ end: Int) -> Range<Int> {
        var low = start
        var high = end
        while low < high, isSpace(source[low]) { low += 1 }
        while high > low, isSpace(source[high - 1]) { high -= 1 }
        return low..<high
    }

    private func failure(_ id: String, _ message: String, hint: String? = nil, at index: Int, length: Int = 1)
        -> ParseFailure
    {
        ParseFailure(id, message, hint: hint, at: index, length: length, in: source)
    }
}
