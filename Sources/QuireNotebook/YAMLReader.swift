import Yams

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

/// Reads embedded YAML into ``YAMLNode``s, with every position mapped into the notebook file.
struct YAMLReader {
    /// Why a text could not be read.
    struct Failure: Error {
        var message: String
        var location: SourceLocation?
        var isTooComplex = false
        /// What was being read when the problem was found (`while parsing a flow sequence`) and where.
        var context: (text: String, location: SourceLocation)?
    }

    /// Most nodes one YAML text may expand to (aliases included), so that an alias bomb costs
    /// a diagnostic, not the machine's memory.
    static let nodeBudget = 100_000

    let text: String
    let map: LineMap
    private let lines: [Substring]
    private var budget = YAMLReader.nodeBudget

    init(text: String, map: LineMap) {
        self.text = text
        self.map = map
        self.lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    }

    /// The document's root node, or `nil` for an empty document.
    mutating func read() throws(Failure) -> YAMLNode? {
        if let aliasKey = Self.aliasUsedAsKey(in: lines) {
            throw Failure(
                message: "an alias cannot be used as a mapping key",
                location: map.location(line: aliasKey.line, column: aliasKey.column))
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text, .basic)
        } catch let error as YamlError {
            throw failure(from: error)
        } catch {
            throw Failure(message: "\(error)", location: nil)
        }
        guard let root else { return nil }
        return try convert(root, inFlow: false)
    }

    private mutating func convert(_ node: Node, inFlow: Bool) throws(Failure) -> YAMLNode {
        budget -= 1
        if budget < 0 {
            throw Failure(
                message: "YAML expands to more than \(Self.nodeBudget) values (through aliases?)",
                location: node.mark.map { map.location(line: $0.line, column: $0.column) },
                isTooComplex: true)
        }
        let start = node.mark.map { map.location(line: $0.line, column: $0.column) }
            ?? map.location(line: 1, column: 1)
        switch node {
        case .scalar(let scalar):
            let quoted = scalar.style != .plain && scalar.style != .any
            let kind: YAMLNode.Scalar.Kind =
                quoted ? .string : YAMLNode.resolveKind(ofPlain: scalar.string)
            let end = scalarEnd(scalar, inFlow: inFlow) ?? start
            return YAMLNode(
                .scalar(YAMLNode.Scalar(text: scalar.string, kind: kind, isQuoted: quoted)),
                at: SourceRange(start: start, end: end))
        case .sequence(let sequence):
            let flow = inFlow || opensFlowCollection(at: sequence.mark)
            var elements: [YAMLNode] = []
            elements.reserveCapacity(sequence.count)
            for element in sequence {
                elements.append(try convert(element, inFlow: flow))
            }
            let end = flow ? closingBracket(after: start, in: elements) : elements.last?.range.end
            return YAMLNode(.sequence(elements), at: SourceRange(start: start, end: end ?? start))
        case .mapping(let mapping):
            let flow = inFlow || opensFlowCollection(at: mapping.mark)
            var pairs: [YAMLNode.Pair] = []
            pairs.reserveCapacity(mapping.count)
            for (key, value) in mapping {
                let keyNode = try convert(key, inFlow: flow)
                let valueNode = try convert(value, inFlow: flow)
                pairs.append(YAMLNode.Pair(key: keyNode, value: valueNode))
            }
            let end = flow ? closingBracket(after: start, in: pairs.map(\.value)) : pairs.last?.value.range.end
            return YAMLNode(.mapping(pairs), at: SourceRange(start: start, end: end ?? start))
        case .alias(let alias):
            // Yams resolves aliases while composing; an unresolved one is an empty value.
            let at = alias.mark.map { map.location(line: $0.line, column: $0.column) } ?? start
            return YAMLNode(.scalar(YAMLNode.Scalar(text: "", kind: .null)), at: SourceRange(start: at, end: at))
        }
    }

    /// Whether the collection at `mark` is written in flow style (`[…]`, `{…}`).
    private func opensFlowCollection(at mark: Mark?) -> Bool {
        guard let mark, mark.line >= 1, mark.line <= lines.count else { return false }
        let scalars = lines[mark.line - 1].unicodeScalars
        guard let index = scalars.index(scalars.startIndex, offsetBy: mark.column - 1, limitedBy: scalars.endIndex),
            index < scalars.endIndex
        else { return false }
        return scalars[index] == "[" || scalars[index] == "{"
    }

    /// The end of a flow collection: the first `]` or `}` after its last element on that line.
    private func closingBracket(after start: SourceLocation, in elements: [YAMLNode]) -> SourceLocation {
        let last = elements.last?.range.end ?? start
        guard let textLine = textLine(ofFileLine: last.line) else { return last }
        let scalars = Array(lines[textLine - 1].unicodeScalars)
        let offset = map.columnOffsets[textLine - 1]
        var index = last.column - offset  // the scalar after `last` (0-based)
        if elements.isEmpty { index = start.column - offset }
        while index < scalars.count {
            if scalars[index] == "]" || scalars[index] == "}" {
                return SourceLocation(line: last.line, column: index + 1 + offset)
            }
            index += 1
        }
        return last
    }

    private func textLine(ofFileLine line: Int) -> Int? {
        let textLine = line - map.firstLine + 1
        return textLine >= 1 && textLine <= lines.count ? textLine : nil
    }

    /// Where a scalar ends on the line it starts on (libYAML reports only starts).
    private func scalarEnd(_ scalar: Node.Scalar, inFlow: Bool) -> SourceLocation? {
        guard let mark = scalar.mark, mark.line >= 1, mark.line <= lines.count else { return nil }
        let scalars = Array(lines[mark.line - 1].unicodeScalars)
        let first = mark.column - 1
        guard first < scalars.count else { return nil }
        var last = scalars.count - 1
        switch scalar.style {
        case .singleQuoted, .doubleQuoted:
            let quote = scalars[first]
            var index = first + 1
            while index < scalars.count {
                if quote == "\"" && scalars[index] == "\\" {
                    index += 2
                    continue
                }
                if scalars[index] == quote {
                    if quote == "'" && index + 1 < scalars.count && scalars[index + 1] == "'" {
                        index += 2
                        continue
                    }
                    break
                }
                index += 1
            }
            last = min(index, scalars.count - 1)
        case .literal, .folded:
            break
        default:
            var index = first
            while index < scalars.count {
                let character = scalars[index]
                let next = index + 1 < scalars.count ? scalars[index + 1] : " "
                if character == ":" && (next == " " || next == "\t" || (inFlow && ",[]{}".unicodeScalars.contains(next))) { break }
                if character == "#" && index > first && (scalars[index - 1] == " " || scalars[index - 1] == "\t") { break }
                if inFlow && ",[]{}".unicodeScalars.contains(character) { break }
                index += 1
            }
            last = index - 1
            while last > first && (scalars[last] == " " || scalars[last] == "\t") { last -= 1 }
        }
        return map.location(line: mark.line, column: max(last, first) + 1)
    }

    private func failure(from error: YamlError) -> Failure {
        switch error {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            var failure = Failure(message: problem, location: clampedLocation(mark))
            if let context, !context.text.isEmpty {
                if context.mark.line != mark.line || context.mark.column != mark.column {
                    failure.context = (context.text, clampedLocation(context.mark))
                } else {
                    failure.message += " (\(context.text))"
                }
            }
            return failure
        case .reader(let problem, let offset, _, _):
            let location = offset.flatMap { locationOfScalarOffset($0) }
            return Failure(message: problem, location: location)
        case .duplicatedKeysInMapping(let duplicates, let context):
            let names = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return Failure(
                message: "duplicate key \(names) in a mapping",
                location: map.location(line: context.mark.line, column: context.mark.column))
        default:
            return Failure(message: "\(error)", location: nil)
        }
    }

    /// A libYAML mark mapped into the file; a mark past the text (the end of input) moves back
    /// to just after the text's last character, so it never points at the closing fence.
    private func clampedLocation(_ mark: Mark) -> SourceLocation {
        var line = max(mark.line, 1)
        var column = max(mark.column, 1)
        while line > lines.count || (line > 1 && column == 1 && lines[line - 1].allSatisfy { $0 == " " }) {
            guard line > 1 else { break }
            line -= 1
            column = (line <= lines.count ? lines[line - 1].unicodeScalars.count : 0) + 1
        }
        return map.location(line: line, column: column)
    }

    private func locationOfScalarOffset(_ offset: Int) -> SourceLocation? {
        var remaining = offset
        for (index, line) in lines.enumerated() {
            let count = line.unicodeScalars.count + 1
            if remaining < count { return map.location(line: index + 1, column: remaining + 1) }
            remaining -= count
        }
        return nil
    }

    /// The first alias written as a key (`*name:` or `? *name`), whose hashing Yams would repeat
    /// for every copy the alias expands to.
    static func aliasUsedAsKey(in lines: [Substring]) -> (line: Int, column: Int)? {
        for (index, line) in lines.enumerated() where line.contains("*") {
            let scalars = Array(line.unicodeScalars)
            var position = 0
            while position < scalars.count {
                defer { position += 1 }
                guard scalars[position] == "*" else { continue }
                let before = position == 0 ? " " : scalars[position - 1]
                guard " \t[{,?-".unicodeScalars.contains(before) else { continue }
                var end = position + 1
                while end < scalars.count, !" \t,[]{}".unicodeScalars.contains(scalars[end]) { end += 1 }
                guard end > position + 1 else { continue }
                var next = end
                while next < scalars.count, scalars[next] == " " { next += 1 }
                let prefix = scalars[..<position].filter { $0 != " " && $0 != "\t" }
                if (next < scalars.count && scalars[next] == ":") || prefix.last == "?" {
                    return (index + 1, position + 1)
                }
            }
        }
        return nil
    }
}
