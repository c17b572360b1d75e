import CYaml

/// Where the lines of an embedded YAML text (a step body, the front matter) sit in the file.
struct LineMap: Sendable {
    /// File line of the text's first line.
    var firstLine: Int
    /// Per text line, the columns that precede it in the file (indentation cmark stripped).
    var columnOffsets: [Int]

    func location(line: Int, column: Int) -> SourceLocation {
        let offset = line >= 1 && line <= columnOffsets.count ? columnOffsets[line - 1] : 0
        return SourceLocation(line: firstLine + line - 1, column: column + offset)
    }
}

/// Reads embedded YAML into ``YAMLNode``s, every position mapped into the notebook file.
///
/// Composes the tree from libYAML's events (the libYAML that Yams bundles), because events carry
/// both start and end marks: every node gets its exact range. Aliases copy the anchored node
/// (copy-on-write, so cheap) and add its size to a budget, so an alias bomb is refused after
/// ``nodeBudget`` values without ever being walked.
struct YAMLReader {
    /// Why a text could not be read.
    struct Failure: Error {
        var message: String
        var location: SourceLocation?
        var isTooComplex = false
        /// Lists and mappings nest deeper than ``maxDepth``.
        var isTooDeep = false
        /// What was being read when the problem was found (`while parsing a flow sequence`) and where.
        var context: (text: String, location: SourceLocation)?
    }

    /// Most values one YAML text may expand to, aliases included.
    static let nodeBudget = 100_000
    /// Most levels of lists and mappings one YAML text may nest: every walker of the tree recurses
    /// once per level, so the bound keeps them far from the end of the stack.
    static let maxDepth = 64
    /// libYAML's scanner looks up to 1,024 characters ahead for a key, so `[[[[…` reaches its
    /// own nesting limit (1,000) before ``maxDepth`` is checked on the events; its limit is raised
    /// far past that window, once, so the depth error is always Quire's, at level ``maxDepth`` + 1.
    private static let libYAMLLimitRaised: Void = yaml_set_max_nest_level(1 << 20)
    static let depthHint =
        "Quire reads at most \(maxDepth) levels of nested lists and mappings; flatten the value or split it into several keys"

    let map: LineMap
    private let bytes: [UInt8]
    /// Scalar count of each text line, to turn libYAML's exclusive end marks into inclusive ends.
    private let lineLengths: [Int]
    private var parser = yaml_parser_t()
    private var anchors: [String: (node: YAMLNode, size: Int)] = [:]
    private var size = 0
    /// Lists and mappings open around the event being read.
    private var depth = 0

    init(lines: TextLines, map: LineMap) {
        self.map = map
        // Callers turn a lone CR into an LF first (libYAML ends a line there, ``TextLines`` does
        // not); one that slips through reads as a space, so mapped positions stay on their line.
        var bytes = lines.bytes
        for index in bytes.indices where bytes[index] == 13 && (index + 1 == bytes.count || bytes[index + 1] != 10) {
            bytes[index] = 32
        }
        self.bytes = bytes
        self.lineLengths = lines.scalarCounts
    }

    init(text: String, map: LineMap) {
        self.init(lines: TextLines(text), map: map)
    }

    /// The document's root node, or `nil` for an empty document.
    mutating func read() throws(Failure) -> YAMLNode? {
        _ = Self.libYAMLLimitRaised
        guard yaml_parser_initialize(&parser) == 1 else { throw Failure(message: "out of memory") }
        defer { yaml_parser_delete(&parser) }
        return try bytes.withUnsafeBufferPointer { buffer throws(Failure) -> YAMLNode? in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            var event = try next()
            defer { yaml_event_delete(&event) }
            guard event.type == YAML_STREAM_START_EVENT else { throw unexpected(event) }
            var root: YAMLNode?
            var documents = 0
            while true {
                yaml_event_delete(&event)
                event = try next()
                switch event.type {
                case YAML_STREAM_END_EVENT:
                    return root
                case YAML_DOCUMENT_START_EVENT:
                    documents += 1
                    if documents > 1 {
                        throw Failure(
                            message: "more than one YAML document (a `---` line inside)",
                            location: start(of: event))
                    }
                    yaml_event_delete(&event)
                    event = try next()
                    root = try node(startingWith: &event)
                case YAML_DOCUMENT_END_EVENT:
                    continue
                default:
                    throw unexpected(event)
                }
            }
        }
    }

    // MARK: Events

    private mutating func next() throws(Failure) -> yaml_event_t {
        var event = yaml_event_t()
        guard yaml_parser_parse(&parser, &event) == 1 else { throw parserFailure() }
        return event
    }

    /// Builds the node that `event` starts, consuming its events up to its end.
    private mutating func node(startingWith event: inout yaml_event_t) throws(Failure) -> YAMLNode {
        size += 1
        if size > Self.nodeBudget { throw tooComplex(at: start(of: event)) }
        switch event.type {
        case YAML_SCALAR_EVENT:
            let data = event.data.scalar
            let text = Self.string(data.value, count: data.length)
            let quoted = data.style != YAML_PLAIN_SCALAR_STYLE && data.style != YAML_ANY_SCALAR_STYLE
            let kind = Self.kind(tag: data.tag.map { Self.string($0) }, text: text, quoted: quoted)
            let node = YAMLNode(
                .scalar(YAMLNode.Scalar(text: text, kind: kind, isQuoted: quoted)),
                at: SourceRange(start: start(of: event), end: end(of: event)))
            remember(node, anchor: data.anchor, size: 1)
            return node
        case YAML_SEQUENCE_START_EVENT:
            let begin = start(of: event)
            try enterCollection(at: begin)
            defer { depth -= 1 }
            let anchor = event.data.sequence_start.anchor.map { Self.string($0) }
            let sizeBefore = size
            var elements: [YAMLNode] = []
            while true {
                yaml_event_delete(&event)
                event = try next()
                if event.type == YAML_SEQUENCE_END_EVENT { break }
                elements.append(try node(startingWith: &event))
            }
            let node = YAMLNode(.sequence(elements), at: collectionRange(begin, closing: event, last: elements.last))
            if let anchor { anchors[anchor] = (node, size - sizeBefore + 1) }
            return node
        case YAML_MAPPING_START_EVENT:
            let begin = start(of: event)
            try enterCollection(at: begin)
            defer { depth -= 1 }
            let anchor = event.data.mapping_start.anchor.map { Self.string($0) }
            let sizeBefore = size
            var pairs: [YAMLNode.Pair] = []
            var keys = Set<String>()
            while true {
                yaml_event_delete(&event)
                event = try next()
                if event.type == YAML_MAPPING_END_EVENT { break }
                let key = try node(startingWith: &event)
                if let text = key.scalar?.text, !keys.insert(text).inserted {
                    throw Failure(message: "duplicate key '\(text)' in a mapping", location: key.range.start)
                }
                yaml_event_delete(&event)
                event = try next()
                let value = try node(startingWith: &event)
                pairs.append(YAMLNode.Pair(key: key, value: value))
            }
            let node = YAMLNode(.mapping(pairs), at: collectionRange(begin, closing: event, last: pairs.last?.value))
            if let anchor { anchors[anchor] = (node, size - sizeBefore + 1) }
            return node
        case YAML_ALIAS_EVENT:
            let name = Self.string(event.data.alias.anchor)
            guard let (anchored, anchoredSize) = anchors[name] else {
                throw Failure(message: "unknown alias '*\(name)'", location: start(of: event))
            }
            size += anchoredSize - 1
            if size > Self.nodeBudget { throw tooComplex(at: start(of: event)) }
            var copy = anchored
            copy.range = SourceRange(start: start(of: event), end: end(of: event))
            return copy
        default:
            throw unexpected(event)
        }
    }

    /// Counts one more level of nesting; past ``maxDepth`` the text is refused at the level that
    /// exceeds it, before libYAML's own (larger) limit is reached.
    private mutating func enterCollection(at location: SourceLocation) throws(Failure) {
        depth += 1
        guard depth > Self.maxDepth else { return }
        throw Failure(
            message: "YAML nested more than \(Self.maxDepth) levels deep (lists and mappings inside each other)",
            location: location, isTooDeep: true)
    }

    private mutating func remember(_ node: YAMLNode, anchor: UnsafeMutablePointer<yaml_char_t>?, size: Int) {
        guard let anchor else { return }
        anchors[Self.string(anchor)] = (node, size)
    }

    // MARK: Positions

    private func start(of event: yaml_event_t) -> SourceLocation {
        // At the end of a text without a final newline, libYAML puts empty values and closing
        // events on a line after the last one: bring them back to the text's end.
        if Int(event.start_mark.line) >= lineLengths.count { return location(event.start_mark) }
        return map.location(line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1)
    }

    /// The last character before libYAML's exclusive end mark.
    private func end(of event: yaml_event_t) -> SourceLocation {
        var line = Int(event.end_mark.line) + 1
        var column = Int(event.end_mark.column)  // exclusive 0-based == inclusive 1-based
        while column == 0 && line > 1 {
            line -= 1
            column = line <= lineLengths.count ? lineLengths[line - 1] : 0
        }
        if line <= lineLengths.count {
            // Block scalars end after trailing spaces of their last line; trim them off.
            column = min(column, max(lineLengths[line - 1], 1))
        }
        return map.location(line: line, column: max(column, 1))
    }

    /// A flow collection ends at its bracket; a block collection at its last value.
    private func collectionRange(_ begin: SourceLocation, closing: yaml_event_t, last: YAMLNode?) -> SourceRange {
        let isFlow = closing.start_mark.index != closing.end_mark.index
        let end = isFlow ? self.end(of: closing) : (last?.range.end ?? begin)
        return SourceRange(start: begin, end: end)
    }

    private func location(_ mark: yaml_mark_t) -> SourceLocation {
        var line = Int(mark.line) + 1
        var column = Int(mark.column) + 1
        // A mark at the end of input moves back to just after the text's last character, so it
        // never points at the closing fence.
        while line > 1 && (line > lineLengths.count || (column == 1 && lineLengths[line - 1] == 0)) {
            line -= 1
            column = (line <= lineLengths.count ? lineLengths[line - 1] : 0) + 1
        }
        return map.location(line: line, column: column)
    }

    // MARK: Errors

    private func parserFailure() -> Failure {
        let problem = parser.problem.map { String(cString: $0) } ?? "invalid YAML"
        if problem.hasPrefix("Maximum nesting level") {
            return Failure(
                message: "YAML nested more than \(Self.maxDepth) levels deep (lists and mappings inside each other)",
                location: location(parser.problem_mark), isTooDeep: true)
        }
        var failure = Failure(message: problem, location: location(parser.problem_mark))
        if parser.error == YAML_READER_ERROR {
            failure.location = location(ofByteOffset: Int(parser.problem_offset))
        }
        if let context = parser.context.map({ String(cString: $0) }), !context.isEmpty {
            let contextLocation = location(parser.context_mark)
            if contextLocation != failure.location {
                failure.context = (context, contextLocation)
            } else {
                failure.message += " (\(context))"
            }
        }
        return failure
    }

    private func location(ofByteOffset offset: Int) -> SourceLocation {
        var line = 1
        var column = 1
        for byte in bytes.prefix(offset) {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return map.location(line: line, column: column)
    }

    private func unexpected(_ event: yaml_event_t) -> Failure {
        Failure(message: "unexpected YAML structure", location: start(of: event))
    }

    private func tooComplex(at location: SourceLocation) -> Failure {
        Failure(
            message: "YAML expands to more than \(Self.nodeBudget) values (through aliases?)",
            location: location, isTooComplex: true)
    }

    // MARK: Scalars

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>, count: Int) -> String {
        String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>) -> String {
        String(cString: UnsafeRawPointer(pointer).assumingMemoryBound(to: CChar.self))
    }

    /// The type of a scalar: from an explicit `!!tag`, else the core schema for plain scalars.
    private static func kind(tag: String?, text: String, quoted: Bool) -> YAMLNode.Scalar.Kind {
        switch tag {
        case "tag:yaml.org,2002:str": return .string
        case "tag:yaml.org,2002:int": return YAMLNode.parseInteger(text) != nil ? .int : .string
        case "tag:yaml.org,2002:float": return YAMLNode.parseFloat(text) != nil ? .float : .string
        case "tag:yaml.org,2002:bool": return YAMLNode.resolveKind(ofPlain: text) == .bool ? .bool : .string
        case "tag:yaml.org,2002:null": return .null
        case nil: return quoted ? .string : YAMLNode.resolveKind(ofPlain: text)
        default: return .string
        }
    }
}
