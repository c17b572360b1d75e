/// Reads one step block: the info string (`step id options…`) and the YAML body.
struct StepReader {
    let source: SourceText
    let declaredParams: Set<String>
    var diagnostics: [Diagnostic] = []

    init(source: SourceText, declaredParams: Set<String>) {
        self.source = source
        self.declaredParams = declaredParams
    }

    /// A word of the info string and its range.
    private struct Word {
        var text: String
        var range: SourceRange
    }

    mutating func read(fenceLine: Int, infoBytes: Range<Int>, range: SourceRange, body: String, isClosed: Bool) -> Step
    {
        let words = self.words(onLine: fenceLine, in: infoBytes)
        let infoRange = SourceRange(
            start: words.first?.range.start ?? range.start, end: words.last?.range.end ?? range.start)
        var step = Step(id: "", idRange: words[0].range, range: range, infoRange: infoRange)
        step.isClosed = isClosed
        var options = words.dropFirst()
        if let candidate = options.first, !candidate.text.utf8.contains(UInt8(ascii: "=")) {
            options = options.dropFirst()
            step.id = candidate.text
            step.idRange = candidate.range
            checkID(candidate)
        } else {
            diagnostics.append(
                .error(
                    .stepMissingID, "step has no id", at: words[0].range,
                    hint: "name the step after `step`, e.g. ```step customers; other steps refer to it by that id"))
        }
        step.displayOptions = options.compactMap { displayOption($0) }

        step.source = body
        step.firstBodyLine = fenceLine + 1
        readBody(into: &step)
        return step
    }

    // MARK: Info string

    private func words(onLine line: Int, in bytes: Range<Int>) -> [Word] {
        let lineBytes = source.lineBytes(line)
        var words: [Word] = []
        var index = bytes.lowerBound
        while index < bytes.upperBound {
            while index < bytes.upperBound, Self.isBlank(lineBytes[lineBytes.startIndex + index]) { index += 1 }
            let start = index
            var quoted = false
            while index < bytes.upperBound {
                let byte = lineBytes[lineBytes.startIndex + index]
                if byte == UInt8(ascii: "\"") { quoted.toggle() }
                if !quoted && Self.isBlank(byte) { break }
                index += 1
            }
            guard index > start else { break }
            let text = String(
                decoding: lineBytes[(lineBytes.startIndex + start)..<(lineBytes.startIndex + index)], as: UTF8.self)
            let first = source.column(forByteColumn: start + 1, onLine: line)
            let last = source.column(forByteColumn: index, onLine: line)
            words.append(
                Word(
                    text: text,
                    range: SourceRange(start: .init(line: line, column: first), end: .init(line: line, column: last))))
        }
        return words
    }

    private static func isBlank(_ byte: UInt8) -> Bool { byte == 32 || byte == 9 }

    /// `[a-z][a-z0-9_-]*`
    static func isValidID(_ id: String) -> Bool {
        let scalars = Array(id.unicodeScalars)
        guard let first = scalars.first, ("a"..."z").contains(first) else { return false }
        return scalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" }
    }

    /// A valid id close to an invalid one: lowercased, other characters as `_`.
    static func suggestedID(for id: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in id.lowercased().unicodeScalars {
            let valid = ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "_" || scalar == "-"
            scalars.append(valid ? scalar : "_")
        }
        var suggestion = String(scalars)
        if let first = suggestion.unicodeScalars.first, !("a"..."z").contains(first) { suggestion = "s" + suggestion }
        return suggestion
    }

    private mutating func checkID(_ word: Word) {
        let length = word.text.unicodeScalars.count
        if length > Step.maxIDLength {
            diagnostics.append(
                .error(
                    .stepIDTooLong,
                    "the step id is \(length) characters long, more than the \(Step.maxIDLength) allowed",
                    at: word.range,
                    hint: "name the step in a few words, e.g. `train_model`; a `title:` key can describe it at length"))
            return
        }
        guard !Self.isValidID(word.text) else { return }
        diagnostics.append(
            .error(
                .stepInvalidID, "'\(word.text)' is not a valid step id", at: word.range,
                hint: "ids are lowercase letters, digits, '_' and '-', starting with a letter: "
                    + "try '\(Self.suggestedID(for: word.text))'"))
    }

    private mutating func displayOption(_ word: Word) -> DisplayOption? {
        let parts = word.text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        let name = String(parts[0])
        var value = parts.count > 1 ? String(parts[1]) : "true"
        if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
            value = String(value.dropFirst().dropLast())
        }
        guard DisplayOption.known[name] != nil else {
            let known = DisplayOption.known.keys.sorted().joined(separator: ", ")
            diagnostics.append(
                .warning(
                    .displayOption, "unknown display option '\(name)' is ignored", at: word.range,
                    hint: Suggestion.didYouMean(name, among: DisplayOption.known.keys)
                        ?? "display options are \(known), written as name=value"))
            return nil
        }
        guard value == "true" || value == "false" else {
            diagnostics.append(
                .error(
                    .displayOption, "display option '\(name)' must be true or false, not '\(value)'",
                    at: word.range, hint: "write \(name)=true or \(name)=false"))
            return nil
        }
        return DisplayOption(name: name, value: value, range: word.range)
    }

    // MARK: Body

    /// Columns before each body line in the file: the indentation cmark removed.
    private func lineMap(for step: Step, lines: TextLines) -> LineMap {
        var offsets: [Int] = []
        offsets.reserveCapacity(lines.count)
        for (index, bodyColumns) in lines.scalarCounts.enumerated() {
            let fileColumns = source.columnCount(ofLine: step.firstBodyLine + index)
            offsets.append(max(fileColumns - bodyColumns, 0))
        }
        return LineMap(firstLine: step.firstBodyLine, columnOffsets: offsets)
    }

    private mutating func readBody(into step: inout Step) {
        let lines = TextLines(step.source)
        let map = lineMap(for: step, lines: lines)
        findParamReferences(in: lines, map: map, step: &step)

        let fenceRange = SourceRange(start: step.range.start, end: step.infoRange.start)
        guard lines.bytes.contains(where: { $0 != 32 && $0 != 9 && $0 != 10 }) else {
            diagnostics.append(
                .error(
                    .stepEmpty, "step '\(step.id)' is empty", at: step.id.isEmpty ? fenceRange : step.idRange,
                    hint: "write one operation in the body, e.g. `load: data/train.csv`"))
            return
        }
        var reader = YAMLReader(lines: lines, map: map)
        let root: YAMLNode?
        do {
            root = try reader.read()
        } catch {
            let at = error.location.map { SourceRange(start: $0, end: $0) } ?? step.idRange
            if error.isTooDeep {
                diagnostics.append(.error(.yamlTooDeep, error.message, at: at, hint: YAMLReader.depthHint))
            } else if error.isTooComplex {
                diagnostics.append(
                    .error(
                        .yamlTooComplex, error.message, at: at,
                        hint: "aliases (`*name`) copy a whole value; write the step without them"))
            } else {
                diagnostics.append(
                    .error(
                        .stepYAML, "invalid YAML in step body: \(error.message)", at: at,
                        hint: yamlHint(for: error, in: step),
                        notes: error.context.map {
                            [
                                Diagnostic.Note(
                                    "\($0.text) that starts here", at: SourceRange(start: $0.location, end: $0.location)
                                )
                            ]
                        } ?? []))
            }
            return
        }
        guard let root, let pairs = root.pairs else {
            diagnostics.append(
                .error(
                    .stepNotMapping,
                    "step body must be a mapping with one operation key, not \(root?.kindDescription ?? "empty")",
                    at: root?.range ?? step.idRange,
                    hint: "write `op: value` or `op:` followed by indented parameters, e.g. `load: data/train.csv`"))
            return
        }
        step.body = root
        var ops: [YAMLNode.Pair] = []
        for pair in pairs {
            guard let key = pair.key.string ?? pair.key.scalar?.text, pair.key.scalar != nil else {
                diagnostics.append(
                    .error(
                        .stepNotMapping, "step keys must be names, not \(pair.key.kindDescription)",
                        at: pair.key.range))
                continue
            }
            switch key {
            case "needs": step.needs = readNeeds(pair.value)
            case "when": step.when = readWhen(pair.value)
            case "title": step.title = readTitle(pair.value)
            case "timeout": step.timeout = readTimeout(pair.value)
            case "resources": step.resources = readResources(pair.value)
            default: ops.append(pair)
            }
        }
        switch ops.count {
        case 0:
            diagnostics.append(
                .error(
                    .stepNoOp, "step '\(step.id)' has no operation", at: root.range,
                    hint: "add one operation key beside the reserved keys (needs, when, title, timeout, resources), "
                        + "e.g. `load: data/train.csv`"))
        case 1:
            step.op = Located(ops[0].key.scalar?.text ?? "", at: ops[0].key.range)
            step.parameters = ops[0].value
        default:
            let names = ops.map { "'\($0.key.scalar?.text ?? "")'" }.joined(separator: ", ")
            diagnostics.append(
                .error(
                    .stepSeveralOps, "step '\(step.id)' has \(ops.count) operations (\(names)); a step does one",
                    at: ops[1].key.range,
                    hint: "split it into one step per operation; parameters go indented under their operation",
                    notes: [Diagnostic.Note("first operation is here", at: ops[0].key.range)]))
            step.op = Located(ops[0].key.scalar?.text ?? "", at: ops[0].key.range)
            step.parameters = ops[0].value
        }
    }

    private func yamlHint(for error: YAMLReader.Failure, in step: Step) -> String {
        if let location = error.location {
            if location.line <= source.lineCount,
                Array(source.line(location.line).unicodeScalars).dropFirst(location.column - 1).first == "\t"
            {
                return "YAML indentation must use spaces, not tabs"
            }
            if location.line <= source.lineCount, source.line(location.line).contains("${") {
                return "inside `{…}` or `[…]`, quote a substitution: \"${params.name}\""
            }
        }
        if error.message.contains("mapping values are not allowed") {
            return "check this line's indentation against the line above, and quote values that contain ': '"
        }
        return "a step body is YAML: `op: value`, or `op:` followed by parameters indented by two spaces"
    }

    private mutating func wrongType(_ key: String, _ node: YAMLNode, expected: String, hint: String) {
        diagnostics.append(
            .error(
                .reservedKeyType, "'\(key)' must be \(expected), not \(node.kindDescription)", at: node.range,
                hint: hint))
    }

    private mutating func readNeeds(_ node: YAMLNode) -> [Located<String>] {
        let hint = "write `needs: other_step` or `needs: [a, b]`"
        if let id = node.string { return [Located(id, at: node.range)] }
        guard let elements = node.elements else {
            wrongType("needs", node, expected: "a step id or a list of step ids", hint: hint)
            return []
        }
        var needs: [Located<String>] = []
        for element in elements {
            if let id = element.string {
                needs.append(Located(id, at: element.range))
            } else {
                wrongType("needs", element, expected: "a list of step ids", hint: hint)
            }
        }
        return needs
    }

    private mutating func readWhen(_ node: YAMLNode) -> Located<String>? {
        if let scalar = node.scalar, scalar.kind == .string || scalar.kind == .bool {
            return Located(scalar.text, at: node.range)
        }
        wrongType(
            "when", node, expected: "an expression",
            hint: "write e.g. `when: params.retrain` or `when: \"drift.status == 'alert'\"`")
        return nil
    }

    private mutating func readTitle(_ node: YAMLNode) -> Located<String>? {
        if let scalar = node.scalar, scalar.kind != .null { return Located(scalar.text, at: node.range) }
        wrongType("title", node, expected: "text", hint: "write e.g. `title: Train the baseline`")
        return nil
    }

    private mutating func readTimeout(_ node: YAMLNode) -> Located<Double>? {
        let hint = "write seconds (`timeout: 30`) or a duration: `500ms`, `90s`, `5m`, `1h`"
        let seconds: Double?
        if let value = node.double {
            seconds = value
        } else if let text = node.string {
            seconds = Self.duration(text)
        } else {
            seconds = nil
        }
        // Only a scalar has a number or a string.
        let written = node.scalar?.text ?? ""
        guard let seconds, seconds.isFinite, seconds > 0 else {
            if node.double != nil || node.string != nil {
                diagnostics.append(
                    .error(
                        .reservedKeyType, "'timeout' must be a positive duration, not '\(written)'",
                        at: node.range, hint: hint))
            } else {
                wrongType("timeout", node, expected: "a duration", hint: hint)
            }
            return nil
        }
        // Longer than a week is surely a typo, and keeps the deadline's arithmetic far from overflow.
        guard seconds <= Self.longestTimeout else {
            diagnostics.append(
                .error(
                    .parameterRange,
                    "'timeout' must be at most \(Int(Self.longestTimeout)) seconds (7 days), not '\(written)'",
                    at: node.range, hint: hint))
            return nil
        }
        return Located(seconds, at: node.range)
    }

    /// The longest `timeout:` accepted, in seconds.
    static let longestTimeout: Double = 7 * 24 * 3600

    /// Seconds in `500ms`, `90s`, `5m`, `1h`, or a bare number of seconds.
    static func duration(_ text: String) -> Double? {
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
        let trimmed = text.trimmingSpaces
        for (suffix, scale) in units where trimmed.hasSuffix(suffix) {
            let number = String(trimmed.dropLast(suffix.count)).trimmingSpaces
            if let value = YAMLNode.parseFloat(number) ?? YAMLNode.parseInteger(number).map(Double.init) {
                return value * scale
            }
            return nil
        }
        return YAMLNode.parseFloat(trimmed) ?? YAMLNode.parseInteger(trimmed).map(Double.init)
    }

    // MARK: Parameter references

    /// Finds `${params.name}` in the body; `$${` stands for a literal `${`.
    private mutating func findParamReferences(in lines: TextLines, map: LineMap, step: inout Step) {
        for index in 0..<lines.count where lines.bytes[lines.ranges[index]].contains(UInt8(ascii: "$")) {
            let scalars = Array(String(decoding: lines.bytes[lines.ranges[index]], as: UTF8.self).unicodeScalars)
            var position = 0
            while position + 1 < scalars.count {
                guard scalars[position] == "$", scalars[position + 1] == "{" else {
                    position += 1
                    continue
                }
                if position > 0, scalars[position - 1] == "$" {
                    position += 2
                    continue
                }
                let start = map.location(line: index + 1, column: position + 1)
                guard let close = scalars[(position + 2)...].firstIndex(of: "}") else {
                    diagnostics.append(
                        .error(
                            .badSubstitution, "'${' is never closed", at: SourceRange(start: start, end: start),
                            hint: "write ${params.name}, or $${ for a literal '${'"))
                    break
                }
                let end = map.location(line: index + 1, column: close + 1)
                let range = SourceRange(start: start, end: end)
                var inner = String.UnicodeScalarView()
                inner.append(contentsOf: scalars[(position + 2)..<close])
                let content = String(inner)
                position = close + 1
                guard content.hasPrefix("params."), FrontMatterReader.isParamName(String(content.dropFirst(7))) else {
                    diagnostics.append(
                        .error(
                            .badSubstitution, "'${\(content)}' is not a parameter reference", at: range,
                            hint: "write ${params.name} for a front-matter parameter, or $${ for a literal '${'"))
                    continue
                }
                let name = String(content.dropFirst(7))
                step.paramReferences.append(Located(name, at: range))
                guard !declaredParams.contains(name) else { continue }
                let hint: String
                if let guess = Suggestion.didYouMean(name, among: declaredParams) {
                    hint = guess
                } else if declaredParams.isEmpty {
                    hint = "declare it in the front matter:\n    ---\n    params:\n      \(name): <default>\n    ---"
                } else {
                    hint =
                        "declare it under `params:` in the front matter; declared: "
                        + declaredParams.sorted().joined(separator: ", ")
                }
                diagnostics.append(
                    .error(.undeclaredParam, "parameter '\(name)' is not declared", at: range, hint: hint))
            }
        }
    }
}
