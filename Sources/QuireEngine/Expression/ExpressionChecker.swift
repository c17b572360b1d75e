import QuireSupport

/// Infers the type of every node against a schema, rejecting mistakes before any row is read.
struct ExpressionChecker {
    let source: String
    let schema: Schema
    /// Whether window functions may be used (`derive`), or not (a condition).
    var allowsWindows = true

    func error(_ code: ExpressionError.Code, _ message: String, _ hint: String?, at node: ExpressionNode)
        -> ExpressionError
    {
        ExpressionError(
            code: code, message: message, hint: hint, expression: source, column: node.column, length: node.length)
    }

    func describe(_ node: ExpressionNode, _ type: ExpressionType) -> String {
        if case .name(let name) = node.kind {
            return "`\(name)` is a \(type == .string ? "text (categorical)" : type.rawValue) column"
        }
        return "this is a \(type.rawValue)"
    }

    func type(of node: ExpressionNode) throws(ExpressionError) -> ExpressionType {
        switch node.kind {
        case .number: return .number
        case .string: return .string
        case .boolean: return .boolean
        case .name(let name):
            guard let kind = schema.kind(of: name) else {
                throw error(
                    .unknownColumn, "no column named `\(name)`", Suggestions.hint(for: name, among: schema.names),
                    at: node)
            }
            switch kind {
            case .numeric: return .number
            case .categorical: return .string
            case .date: return .date
            }
        case .unary(let op, let operand):
            let t = try type(of: operand)
            if op == "not" {
                guard t == .boolean else {
                    throw error(
                        .typeMismatch, "`not` needs a condition; \(describe(operand, t))",
                        "compare first, e.g. `not (x > 0)`; test missing values with `is_missing(x)`", at: node)
                }
                return .boolean
            }
            guard t == .number else {
                throw error(.typeMismatch, "`-` needs a number; \(describe(operand, t))", nil, at: node)
            }
            return .number
        case .binary(let op, let lhs, let rhs):
            let l = try type(of: lhs)
            let r = try type(of: rhs)
            switch op {
            case "and", "or":
                for (side, t) in [(lhs, l), (rhs, r)] where t != .boolean {
                    throw error(
                        .typeMismatch, "`\(op)` joins conditions; \(describe(side, t))",
                        "compare the value, e.g. `x > 0 \(op) y < 1`", at: node)
                }
                return .boolean
            case "+", "-", "*", "/", "%":
                for (side, t) in [(lhs, l), (rhs, r)] where t != .number {
                    throw error(
                        .typeMismatch, "`\(op)` needs numbers; \(describe(side, t))",
                        t == .string
                            ? (op == "+" && l == r
                                ? "join text with `concat(a, b)`" : "arithmetic works on numeric columns only")
                            : t == .date ? "days_between(a, b) gives the days from date a to date b" : nil, at: node)
                }
                return .number
            case "==", "!=":
                guard l == r else {
                    throw error(
                        .typeMismatch, "cannot compare a \(l.rawValue) with a \(r.rawValue)",
                        l == .date || r == .date
                            ? Self.dateComparisonHint
                            : l == .string || r == .string
                                ? "quote text values: `city == \"Paris\"`; numbers are written without quotes" : nil,
                        at: node)
                }
                return .boolean
            default:
                if l == .date || r == .date {
                    guard l == r else {
                        throw error(
                            .typeMismatch, "cannot compare a \(l.rawValue) with a \(r.rawValue)",
                            Self.dateComparisonHint, at: node)
                    }
                    return .boolean
                }
                guard l == .number, r == .number else {
                    let offending = l != .number ? (lhs, l) : (rhs, r)
                    throw error(
                        .typeMismatch, "`\(op)` compares numbers; \(describe(offending.0, offending.1))",
                        "text can be compared with `==`, `!=` or `in [...]`", at: node)
                }
                return .boolean
            }
        case .inList(let operand, let items, _):
            let t = try type(of: operand)
            guard t != .boolean, t != .date else {
                throw error(
                    .typeMismatch, "`in` needs a number or text on its left",
                    t == .date ? "compare dates with `==`, `<` or `>=`, e.g. `d >= date(\"2024-01-01\")`" : nil,
                    at: node)
            }
            for item in items {
                let itemType = try type(of: item)
                guard itemType == t else {
                    throw error(
                        .typeMismatch, "the list holds a \(itemType.rawValue) but \(describe(operand, t))",
                        t == .string ? "quote text values in the list" : "write numbers without quotes", at: item)
                }
            }
            return .boolean
        case .call(let name, let arguments):
            if Expression.windowFunctions[name] != nil { return try windowType(name, arguments, at: node) }
            guard let arity = Expression.functions[name] else {
                let known = Array(Expression.functions.keys) + Array(Expression.windowFunctions.keys)
                let hint =
                    Suggestions.closest(to: name, among: known).map {
                        "did you mean `\($0)`?"
                    }
                    ?? "functions: \(known.sorted().joined(separator: ", "))"
                throw error(.unknownFunction, "unknown function `\(name)`", hint, at: node)
            }
            guard arity.contains(arguments.count) else {
                let expected =
                    arity.lowerBound == arity.upperBound
                    ? "\(arity.lowerBound)"
                    : arity.upperBound == Int.max
                        ? "at least \(arity.lowerBound)" : "\(arity.lowerBound) or \(arity.upperBound)"
                throw error(
                    .wrongArgumentCount,
                    "`\(name)` takes \(expected) argument\(expected == "1" ? "" : "s"), got \(arguments.count)", nil,
                    at: node)
            }
            let types = try arguments.map { (argument) throws(ExpressionError) -> ExpressionType in
                try type(of: argument)
            }
            if let type = try typeOfStringCall(name, arguments, types, at: node) { return type }
            switch name {
            case "is_missing", "is_null":
                guard types[0] != .boolean else {
                    throw error(
                        .typeMismatch, "`\(name)` needs a column or a value, not a condition", nil, at: arguments[0])
                }
                return .boolean
            case "if":
                guard types[0] == .boolean else {
                    throw error(
                        .typeMismatch,
                        "the first argument of `if` must be a condition; \(describe(arguments[0], types[0]))",
                        "e.g. `if(x > 0, x, 0)`", at: arguments[0])
                }
                guard types[1] == types[2] else {
                    throw error(
                        .typeMismatch,
                        "both branches of `if` must have the same type (\(types[1].rawValue) and \(types[2].rawValue))",
                        nil, at: arguments[2])
                }
                return types[1]
            default:
                if let type = try dateCallType(name, arguments: arguments, types: types) { return type }
                for (argument, t) in zip(arguments, types) where t != .number {
                    throw error(.typeMismatch, "`\(name)` needs numbers; \(describe(argument, t))", nil, at: argument)
                }
                return .number
            }
        }
    }
}
