import QuireSupport

// The expression language's text and null functions: `lower`, `upper`, `trim`, `length`,
// `contains`, `starts_with`, `ends_with`, `substring`, `replace`, `concat`, `matches`, `coalesce`
// and `pow`. Semantics and missing-value rules are in docs/engine.md, "Expressions".
//
// Text is a sequence of Unicode scalars (code points), as in Python and pandas: `length("é")` is 1
// when é is one code point and 2 when it is `e` plus a combining accent; comparisons are by code
// point, never by canonical equivalence. A function of a column runs once per category (distinct
// string), not once per row; rows only look their code up.

extension Expression {
    /// The text, null and power functions, with their argument counts (merged into ``functions``).
    static let stringFunctions: [String: ClosedRange<Int>] = [
        "lower": 1...1, "upper": 1...1, "trim": 1...1, "length": 1...1, "contains": 2...2, "starts_with": 2...2,
        "ends_with": 2...2, "substring": 2...3, "replace": 3...3, "concat": 2...Int.max, "matches": 2...2,
        "coalesce": 2...Int.max, "is_null": 1...1, "pow": 2...2,
    ]
}

extension ExpressionChecker {
    /// The type of a call to one of ``Expression/stringFunctions`` (other than `is_null` and `pow`,
    /// which the checker treats as `is_missing` and a numeric function), or nil for other names.
    func typeOfStringCall(
        _ name: String, _ arguments: [ExpressionNode], _ types: [ExpressionType], at node: ExpressionNode
    ) throws(ExpressionError) -> ExpressionType? {
        func needText(_ i: Int) throws(ExpressionError) {
            guard types[i] == .string else {
                throw error(
                    .typeMismatch, "`\(name)` needs text; \(describe(arguments[i], types[i]))",
                    types[i] == .boolean ? nil : "text functions work on categorical columns and quoted strings",
                    at: arguments[i])
            }
        }
        func literal(_ i: Int, _ example: String) throws(ExpressionError) -> String {
            guard case .string(let text) = arguments[i].kind else {
                throw error(
                    .typeMismatch, "argument \(i + 1) of `\(name)` must be a quoted string", "e.g. `\(example)`",
                    at: arguments[i])
            }
            return text
        }
        switch name {
        case "lower", "upper", "trim":
            try needText(0)
            return .string
        case "length":
            try needText(0)
            return .number
        case "contains", "starts_with", "ends_with":
            try needText(0)
            _ = try literal(1, "\(name)(city, \"york\")")
            return .boolean
        case "replace":
            try needText(0)
            _ = try literal(1, "replace(city, \"St.\", \"Saint\")")
            _ = try literal(2, "replace(city, \"St.\", \"Saint\")")
            return .string
        case "matches":
            try needText(0)
            let pattern = try literal(1, "matches(zip, \"^[0-9]{5}$\")")
            try checkPattern(pattern, at: arguments[1])
            return .boolean
        case "substring":
            try needText(0)
            for i in 1..<arguments.count {
                var integer = false
                if case .number(let x) = arguments[i].kind, x.isFinite, x == x.rounded(), abs(x) < 1e15 {
                    integer = i == 1 || x >= 0
                }
                guard integer else {
                    throw error(
                        .typeMismatch,
                        i == 1
                            ? "the start of `substring` must be a whole number (0 is the first character)"
                            : "the length of `substring` must be a whole number, 0 or more",
                        "e.g. `substring(zip, 0, 3)` for the first three characters, `substring(zip, -2)` for the last two",
                        at: arguments[i])
                }
            }
            return .string
        case "concat":
            for i in arguments.indices { try needText(i) }
            return .string
        case "coalesce":
            guard types[0] != .boolean else {
                throw error(
                    .typeMismatch, "`coalesce` needs numbers or text; a condition is never missing", nil,
                    at: arguments[0])
            }
            for (argument, type) in zip(arguments, types) where type != types[0] {
                throw error(
                    .typeMismatch,
                    "every argument of `coalesce` must have the same type; \(describe(argument, type)), the first is a \(types[0].rawValue)",
                    nil, at: argument)
            }
            return types[0]
        default:
            return nil
        }
    }

    /// Compiles a `matches` pattern written at `literal`; an invalid one is an error at the
    /// offending character of the pattern.
    func checkPattern(_ pattern: String, at literal: ExpressionNode) throws(ExpressionError) {
        do {
            _ = try BoundedRegex(pattern)
        } catch let failure {
            throw ExpressionError(
                code: .syntax,
                message:
                    "invalid regular expression: \(failure.message) (character \(failure.offset + 1) of the pattern)",
                hint: failure.hint ?? "the syntax is Python's `re` without back-references or look-around",
                expression: source, column: column(ofPatternOffset: failure.offset, literalAt: literal.column),
                length: 1)
        }
    }

    /// The expression column of the character `offset` (0-based) of the string literal that starts
    /// (with its quote) at `column`, following the lexer's escapes.
    private func column(ofPatternOffset offset: Int, literalAt column: Int) -> Int {
        let characters = Array(source)
        var i = column  // 0-based index of the character after the opening quote
        var produced = 0
        while produced < offset, i < characters.count {
            if characters[i] == "\\", i + 1 < characters.count {
                produced += "nt\\\"'".contains(characters[i + 1]) ? 1 : 2
                i += 2
            } else {
                produced += 1
                i += 1
            }
        }
        return i + 1
    }
}

extension ExpressionEvaluator {
    /// The value of a call to a text or null function, or nil for other names.
    func evaluateStringCall(_ name: String, _ arguments: [ExpressionNode], _ values: [ExpressionOperand])
        -> ExpressionOperand?
    {
        func literal(_ i: Int) -> String {
            guard case .string(let text) = arguments[i].kind else { preconditionFailure("checked literal") }
            return text
        }
        func integer(_ i: Int) -> Int? {
            guard i < arguments.count, case .number(let x) = arguments[i].kind else { return nil }
            return Int(x)
        }
        switch name {
        case "lower": return Self.mapText(values[0]) { $0.lowercased() }
        case "upper": return Self.mapText(values[0]) { $0.uppercased() }
        case "trim": return Self.mapText(values[0], TextFunctions.trim)
        case "length":
            switch values[0] {
            case .string(let s): return .number(Double(s.unicodeScalars.count))
            case .strings(let column):
                let lengths = column.categories.map { Double($0.unicodeScalars.count) }
                return .numbers(column.codes.map { $0 < 0 ? .nan : lengths[Int($0)] })
            default: preconditionFailure("text expected")
            }
        case "contains":
            let needle = literal(1)
            return Self.testText(values[0]) { TextFunctions.find(needle, in: $0) != nil }
        case "starts_with":
            let prefix = literal(1)
            return Self.testText(values[0]) { $0.utf8.starts(with: prefix.utf8) }
        case "ends_with":
            let suffix = literal(1)
            return Self.testText(values[0]) { $0.utf8.reversed().starts(with: suffix.utf8.reversed()) }
        case "replace":
            let old = literal(1)
            let new = literal(2)
            return Self.mapText(values[0]) { TextFunctions.replace(old, with: new, in: $0) }
        case "matches":
            guard let regex = try? BoundedRegex(literal(1)) else { preconditionFailure("checked pattern") }
            return Self.testText(values[0]) { regex.search($0) }
        case "substring":
            let start = integer(1) ?? 0
            let length = integer(2)
            return Self.mapText(values[0]) { TextFunctions.substring($0, start: start, length: length) }
        case "concat":
            return values.dropFirst().reduce(values[0], Self.concatenate)
        case "coalesce":
            return values.dropFirst().reduce(values[0], Self.coalesce)
        default:
            return nil
        }
    }

    /// Applies `f` to every category (then merges categories that became equal); missing stays missing.
    static func mapText(_ value: ExpressionOperand, _ f: (String) -> String) -> ExpressionOperand {
        switch value {
        case .string(let s): return .string(f(s))
        case .strings(let column): return .strings(interned(column.codes, column.categories.map(f)))
        default: preconditionFailure("text expected")
        }
    }

    /// Applies `test` to every category; a missing value is false.
    static func testText(_ value: ExpressionOperand, _ test: (String) -> Bool) -> ExpressionOperand {
        switch value {
        case .string(let s): return .boolean(test(s))
        case .strings(let column):
            let flags = column.categories.map(test)
            return .booleans(column.codes.map { $0 >= 0 && flags[Int($0)] })
        default: preconditionFailure("text expected")
        }
    }

    /// Codes into `categories`, re-coded so that equal strings share one category.
    static func interned(_ codes: [Int32], _ categories: [String]) -> CategoricalValues {
        var lookup: [String: Int32] = [:]
        var distinct: [String] = []
        var remap = [Int32](repeating: CategoricalValues.missingCode, count: categories.count)
        for (i, category) in categories.enumerated() {
            if let code = lookup[category] {
                remap[i] = code
            } else {
                let code = Int32(distinct.count)
                lookup[category] = code
                distinct.append(category)
                remap[i] = code
            }
        }
        if distinct.count == categories.count { return CategoricalValues(codes: codes, categories: categories) }
        return CategoricalValues(codes: codes.map { $0 < 0 ? $0 : remap[Int($0)] }, categories: distinct)
    }

    /// `concat(a, b)`: missing when either side is missing. Two columns are joined once per distinct
    /// pair of codes.
    static func concatenate(_ l: ExpressionOperand, _ r: ExpressionOperand) -> ExpressionOperand {
        switch (l, r) {
        case let (.string(a), .string(b)): return .string(a + b)
        case let (.strings(_), .string(b)): return mapText(l) { $0 + b }
        case let (.string(a), .strings(_)): return mapText(r) { a + $0 }
        case let (.strings(x), .strings(y)):
            var pairs: [Int64: Int32] = [:]
            var joined: [String] = []
            var codes = [Int32](repeating: CategoricalValues.missingCode, count: x.count)
            for row in 0..<x.count {
                let a = x.codes[row]
                let b = y.codes[row]
                guard a >= 0, b >= 0 else { continue }
                let key = Int64(a) << 32 | Int64(b)
                if let code = pairs[key] {
                    codes[row] = code
                } else {
                    let code = Int32(joined.count)
                    pairs[key] = code
                    joined.append(x.categories[Int(a)] + y.categories[Int(b)])
                    codes[row] = code
                }
            }
            return .strings(interned(codes, joined))
        default: preconditionFailure("text expected")
        }
    }

    /// `coalesce(a, b)`: `a` where it is present, else `b` (pandas' `fillna(b)`).
    static func coalesce(_ l: ExpressionOperand, _ r: ExpressionOperand) -> ExpressionOperand {
        switch (l, r) {
        case (.number, _), (.numbers, _): return combineNumbers(l, r) { $0.isNaN ? $1 : $0 }
        case (.string, _), (.boolean, _), (.booleans, _): return l
        case let (.strings(x), .string(b)):
            var categories = x.categories
            let fill = Int32(categories.count)
            categories.append(b)
            return .strings(interned(x.codes.map { $0 < 0 ? fill : $0 }, categories))
        case let (.strings(x), .strings(y)):
            let offset = Int32(x.categories.count)
            let codes = zip(x.codes, y.codes).map { a, b in a >= 0 ? a : (b >= 0 ? b + offset : b) }
            return .strings(interned(codes, x.categories + y.categories))
        default: preconditionFailure("same types expected")
        }
    }
}

/// Text helpers over Unicode scalars and UTF-8 bytes (no canonical equivalence, as in Python).
enum TextFunctions {
    /// Removes leading and trailing whitespace as Python's `str.strip()` does.
    static func trim(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !ScalarSet.isSpace($0) }),
            let last = scalars.lastIndex(where: { !ScalarSet.isSpace($0) })
        else { return "" }
        return String(scalars[first...last])
    }

    /// The byte offset of the first occurrence of `needle` in `text`'s UTF-8, or nil.
    static func find(_ needle: String, in text: String, from start: Int = 0) -> Int? {
        let n = Array(needle.utf8)
        let h = Array(text.utf8)
        guard !n.isEmpty else { return start <= h.count ? start : nil }
        guard h.count >= n.count, start <= h.count - n.count else { return nil }
        var i = start
        while i <= h.count - n.count {
            if h[i] == n[0] {
                var j = 1
                while j < n.count, h[i + j] == n[j] { j += 1 }
                if j == n.count { return i }
            }
            i += 1
        }
        return nil
    }

    /// Every occurrence of `old` replaced by `new`, left to right, not overlapping (Python's
    /// `str.replace`; an empty `old` inserts `new` around every code point).
    static func replace(_ old: String, with new: String, in text: String) -> String {
        if old.isEmpty {
            var result = new
            for scalar in text.unicodeScalars {
                result.unicodeScalars.append(scalar)
                result += new
            }
            return result
        }
        let h = Array(text.utf8)
        let o = Array(old.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(h.count)
        var i = 0
        while i < h.count {
            if h[i] == o[0], i + o.count <= h.count, Array(h[i..<(i + o.count)]) == o {
                out += new.utf8
                i += o.count
            } else {
                out.append(h[i])
                i += 1
            }
        }
        // A match of valid UTF-8 starts and ends on code-point boundaries, so the bytes stay valid.
        return String(decoding: out, as: UTF8.self)
    }

    /// `length` code points from `start` (0-based; negative counts from the end, as Python's
    /// `s[start:]`), or to the end when `length` is nil. Out-of-range bounds are clamped.
    static func substring(_ text: String, start: Int, length: Int?) -> String {
        let scalars = Array(text.unicodeScalars)
        let n = scalars.count
        let low = start < 0 ? max(0, n + start) : min(start, n)
        let high = length.map { min(n, low + max(0, $0)) } ?? n
        var result = String.UnicodeScalarView()
        result.append(contentsOf: scalars[low..<high])
        return String(result)
    }
}

extension Expression {
    /// Checks what can be checked without the columns: the syntax (done by ``init(_:)``), that every
    /// function exists and gets a number of arguments it takes, and that every `matches` pattern
    /// written as a string is a valid bounded regular expression. The planner calls it, so `check`
    /// reports these mistakes before any data is read.
    ///
    /// - Throws: ``ExpressionError`` at the offending token.
    public func checkFunctions() throws(ExpressionError) {
        try checkFunctions(root)
    }

    private func checkFunctions(_ node: ExpressionNode) throws(ExpressionError) {
        switch node.kind {
        case .number, .string, .boolean, .name: return
        case .unary(_, let operand): try checkFunctions(operand)
        case .binary(_, let lhs, let rhs):
            try checkFunctions(lhs)
            try checkFunctions(rhs)
        case .inList(let operand, _, _): try checkFunctions(operand)
        case .call(let name, let arguments):
            for argument in arguments { try checkFunctions(argument) }
            // Window functions are checked where the expression is used (only `derive` allows them).
            if Self.windowFunctions[name] != nil { return }
            // The checker reports an unknown name or a wrong count before it looks at any argument,
            // so an empty schema gives the same messages as at run time.
            let checker = ExpressionChecker(source: source, schema: Schema(fields: []))
            guard let arity = Self.functions[name], arity.contains(arguments.count) else {
                _ = try checker.type(of: node)
                return
            }
            if name == "matches", case .string(let pattern) = arguments[1].kind {
                try checker.checkPattern(pattern, at: arguments[1])
            }
        }
    }
}
