import QuireEngine
import QuireNotebook

/// Reads a parameter's YAML into a typed ``ParameterValue``: substitutes `${params.name}`,
/// checks the type, and reports mistakes at their position.
struct ParameterReader {
    let params: ParamSet
    var diagnostics: [Diagnostic] = []

    init(params: ParamSet) {
        self.params = params
    }

    /// The value of `node` as `type`, or nil (with a diagnostic) when it does not fit.
    mutating func read(_ node: YAMLNode, as type: ParameterType, name: String) -> ParameterValue? {
        let value = substituted(node)
        switch (type, value) {
        case (.scalar, .null), (.scalar, .string), (.scalar, .integer), (.scalar, .number), (.scalar, .bool), (.any, _):
            return value
        case (.choice(let words), .null) where words.contains("null"):
            // A choice that has the word `null` (cast's `errors: null`) takes YAML's plain null as it.
            return .string("null")
        case (_, .null):
            return mismatch(node, value, type, name)
        case (.expression, .string(let text)):
            checkExpression(text, at: node)
            return value
        case (.string, .string), (.path, .string), (.column, .string):
            return value
        case (.string, .integer), (.string, .number), (.column, .integer):
            return .string(Self.scalarText(node) ?? value.displayText)
        case (.expression, .bool(let flag)):
            return .string(flag ? "true" : "false")
        case (.integer, .integer), (.boolean, .bool):
            return value
        case (.integer, .number(let number)) where number.rounded() == number && abs(number) < 1e15:
            return .integer(Int(number))
        case (.number, .integer(let integer)):
            return .number(Double(integer))
        case (.number, .number):
            return value
        case (.choice(let words), .string(let word)):
            if words.contains(word) { return value }
            diagnostics.append(
                .error(
                    .parameterType, "'\(name)' must be one of \(words.joined(separator: ", ")), not '\(word)'",
                    at: node.range, hint: Suggestion.didYouMean(word, among: words)))
            return nil
        case (.input, .string(let text)):
            guard let reference = Self.reference(text) else { return mismatch(node, value, type, name) }
            return .input(reference)
        case (.list(let element), .list):
            var values: [ParameterValue] = []
            var ok = true
            for child in node.elements ?? [] {
                if let value = read(child, as: element, name: name) { values.append(value) } else { ok = false }
            }
            return ok ? .list(values) : nil
        case (.list(let element), _) where node.scalar != nil:
            // A single value where a list is expected: `columns: age` means `[age]`.
            return read(node, as: element, name: name).map { .list([$0]) }
        case (.mapping(let element), .mapping):
            var pairs: [ParameterValue.Pair] = []
            var ok = true
            for pair in node.pairs ?? [] {
                guard let key = pair.key.scalar?.text else { ok = false; continue }
                if let value = read(pair.value, as: element, name: "\(name).\(key)") {
                    pairs.append(.init(key, value))
                } else {
                    ok = false
                }
            }
            return ok ? .mapping(pairs) : nil
        default:
            return mismatch(node, value, type, name)
        }
    }

    /// Reports an expression's syntax errors, unknown functions, wrong argument counts and invalid
    /// regular expressions at the offending token (columns need the data and are checked when the
    /// step runs).
    private mutating func checkExpression(_ text: String, at node: YAMLNode) {
        do {
            try Expression(text).checkFunctions()
        } catch let error as ExpressionError {
            var range = node.range
            if let scalar = node.scalar, scalar.text == text, range.start.line == range.end.line {
                let quote = scalar.isQuoted ? 1 : 0
                range = SourceRange(
                    line: range.start.line, column: range.start.column + quote + error.column - 1, length: error.length)
            }
            diagnostics.append(
                .error(.badExpression, "in `\(text)`: \(error.message)", at: range, hint: error.hint))
        } catch {}
    }

    private mutating func mismatch(_ node: YAMLNode, _ value: ParameterValue, _ type: ParameterType, _ name: String)
        -> ParameterValue?
    {
        var hint: String?
        if case .input = type { hint = "write the id of a step, or `step.output` such as `split.train`" }
        if case .string(let text) = value, text.hasPrefix("${") { hint = "quote the substitution: \"${params.name}\"" }
        diagnostics.append(
            .error(
                .parameterType, "'\(name)' must be \(type), not \(value.typeName) (\(value.displayText))",
                at: node.range, hint: hint))
        return nil
    }

    // MARK: Ranges

    /// Checks every number of `value` against the parameter's declared ranges, at the number's
    /// position in `node` (the substitution's position when the value came from `${params.…}`).
    ///
    /// - Returns: whether every number is in range.
    @discardableResult
    mutating func checkRanges(_ value: ParameterValue, in node: YAMLNode, of parameter: OpSchema.Parameter) -> Bool {
        var ok = true
        if let range = parameter.range {
            ok = check(value, in: node, against: range, name: parameter.name) && ok
        }
        if !parameter.nestedRanges.isEmpty {
            ok = checkNested(value, in: node, ranges: parameter.nestedRanges) && ok
        }
        if ok, let check = parameter.check {
            let found = check(value, node)
            diagnostics += found
            ok = found.isEmpty
        }
        if ok, let rule = parameter.rule {
            // A list given to a non-list parameter is a `grid`'s candidates: each one is checked.
            var values = [(value, node)]
            if case .list(let candidates) = value, !parameter.type.isList {
                let children = node.elements.flatMap { $0.count == candidates.count ? $0 : nil }
                values = candidates.enumerated().map { ($1, children?[$0] ?? node) }
            }
            for (candidate, child) in values where !rule.test(candidate) {
                diagnostics.append(
                    .error(
                        .parameterRange, "'\(parameter.name)' must be \(rule.accepts), not \(candidate.displayText)",
                        at: child.range, hint: parameter.doc))
                ok = false
            }
        }
        return ok
    }

    /// Numbers of `value` (itself, or the elements of a list or mapping) against `range`.
    private mutating func check(_ value: ParameterValue, in node: YAMLNode, against range: ParameterRange, name: String)
        -> Bool
    {
        switch value {
        case .integer(let integer):
            return check(number: Double(integer), in: node, against: range, name: name)
        case .number(let number):
            return check(number: number, in: node, against: range, name: name)
        case .list(let values):
            let children = node.elements.flatMap { $0.count == values.count ? $0 : nil }
            var ok = true
            for (index, element) in values.enumerated() {
                ok = check(element, in: children?[index] ?? node, against: range, name: name) && ok
            }
            return ok
        case .mapping(let pairs):
            var ok = true
            for pair in pairs {
                ok = check(pair.value, in: node[pair.key] ?? node, against: range, name: "\(name).\(pair.key)") && ok
            }
            return ok
        default:
            return true
        }
    }

    /// Numbers written under the keys of `ranges`, at any depth of `value`.
    private mutating func checkNested(_ value: ParameterValue, in node: YAMLNode, ranges: [String: ParameterRange])
        -> Bool
    {
        var ok = true
        switch value {
        case .list(let values):
            let children = node.elements.flatMap { $0.count == values.count ? $0 : nil }
            for (index, element) in values.enumerated() {
                ok = checkNested(element, in: children?[index] ?? node, ranges: ranges) && ok
            }
        case .mapping(let pairs):
            for pair in pairs {
                let child = node[pair.key] ?? node
                if let range = ranges[pair.key] {
                    if let number = pair.value.number {
                        ok = check(number: number, in: child, against: range, name: pair.key) && ok
                    } else if pair.value != .null {
                        diagnostics.append(
                            .error(
                                .parameterType,
                                "'\(pair.key)' must be a number, not \(pair.value.typeName) (\(pair.value.displayText))",
                                at: child.range, hint: "it must be \(range)"))
                        ok = false
                    }
                } else {
                    ok = checkNested(pair.value, in: child, ranges: ranges) && ok
                }
            }
        default:
            break
        }
        return ok
    }

    private mutating func check(number: Double, in node: YAMLNode, against range: ParameterRange, name: String) -> Bool
    {
        guard !range.contains(number) else { return true }
        let written = ParameterRange.written(number)
        if !number.isFinite {
            diagnostics.append(
                .error(
                    .parameterRange, "'\(name)' must be a finite number, not \(written)", at: node.range,
                    hint: "it must be \(range)"))
            return false
        }
        var hint = "it must be \(range)"
        if let upper = range.upper, upper.isIncluded ? number > upper.value : number >= upper.value {
            hint =
                upper.isIncluded
                ? "use at most \(ParameterRange.text(upper.value))"
                : "use a value below \(ParameterRange.text(upper.value))"
        } else if let lower = range.lower {
            hint =
                lower.isIncluded
                ? "use at least \(ParameterRange.text(lower.value))"
                : "use a value above \(ParameterRange.text(lower.value))"
        }
        diagnostics.append(
            .error(.parameterRange, "'\(name)' must be \(range), not \(written)", at: node.range, hint: hint))
        return false
    }

    /// `step` or `step.output`, by the step id rule.
    static func reference(_ text: String) -> StepReference? {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let first = parts.first, !first.isEmpty,
            first.unicodeScalars.allSatisfy({
                ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-"
            })
        else { return nil }
        let output = parts.count > 1 ? String(parts[1]) : ""
        if parts.count > 1 && output.isEmpty { return nil }
        return StepReference(step: String(first), output: output)
    }

    private static func scalarText(_ node: YAMLNode) -> String? {
        node.scalar?.text
    }

    // MARK: Substitution

    /// The node's value with `${params.name}` replaced: a scalar that is exactly one reference
    /// takes the parameter's typed value; inside other text, its text.
    private func substituted(_ node: YAMLNode) -> ParameterValue {
        switch node.value {
        case .scalar(let scalar) where scalar.kind == .string && scalar.text.utf8.contains(UInt8(ascii: "$")):
            return substitute(scalar.text)
        case .sequence, .mapping, .scalar:
            return ParameterValue(yaml: node)
        }
    }

    private func substitute(_ text: String) -> ParameterValue {
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var index = 0
        var whole: ParameterValue?
        while index < scalars.count {
            if scalars[index] == "$", index + 1 < scalars.count, scalars[index + 1] == "$",
                index + 2 < scalars.count, scalars[index + 2] == "{"
            {
                out.append(contentsOf: "${".unicodeScalars)
                index += 3
                continue
            }
            if scalars[index] == "$", index + 1 < scalars.count, scalars[index + 1] == "{",
                let close = scalars[(index + 2)...].firstIndex(of: "}")
            {
                var inner = String.UnicodeScalarView()
                inner.append(contentsOf: scalars[(index + 2)..<close])
                let name = String(inner).hasPrefix("params.") ? String(String(inner).dropFirst(7)) : String(inner)
                if let value = params[name] {
                    if index == 0 && close == scalars.count - 1 { whole = value }
                    out.append(contentsOf: value.displayText.unicodeScalars)
                    index = close + 1
                    continue
                }
            }
            out.append(scalars[index])
            index += 1
        }
        return whole ?? .string(String(out))
    }
}
