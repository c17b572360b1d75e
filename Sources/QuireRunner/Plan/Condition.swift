import QuireEngine
import QuireSupport

/// A `when:` condition: an expression over parameters and upstream scalars.
///
/// ```
/// when: params.retrain
/// when: "customers.rows > 1000 and params.mode == 'full'"
/// ```
/// The language is the one `filter` and `derive` use (QuireSupport's ``ExpressionSyntax``), in its
/// ``ExpressionSyntax/Dialect/paths`` dialect: names are dotted paths, `params.NAME`,
/// `STEP.SCALAR` (of the step's primary output) or `STEP.OUTPUT.SCALAR`, and may hold `-` as step
/// ids do. A condition may use `or`, `and`, `not`, comparisons (`== != < <= > >=`), `+ - * /`,
/// unary `-`, parentheses, numbers, quoted strings and `true`/`false`; functions, `in [...]` and
/// `%` belong to frames and are refused here. It is evaluated once, over scalars (docs/engine.md, "Expressions").
public struct Condition: Sendable {
    /// A value while evaluating.
    public enum Value: Sendable, Equatable {
        /// A number (parameters and step scalars).
        case number(Double)
        /// Text (string parameters and literals).
        case text(String)
        /// True or false (flag parameters and monitor flags).
        case bool(Bool)
    }

    /// A syntax or evaluation error at a 1-based column of the condition's text: the expression
    /// language's one error type.
    public typealias Failure = ExpressionError

    /// Most levels a condition may nest (parentheses, `not`, operators in a chain): the expression
    /// language's one limit.
    public static let maxDepth = ExpressionSyntax.maxDepth

    /// The condition's text.
    public let source: String
    let root: ExpressionNode
    /// The dotted names used, with their columns, in the order they are written.
    public let names: [(path: [String], column: Int)]

    /// Parses a condition and checks that it uses only what a condition may.
    ///
    /// - Throws: ``Failure`` for a syntax error, a construct conditions do not have, or a name with
    ///   an empty part (`a..b`). An error at the end of the text points at its last character.
    public init(_ source: String) throws(Failure) {
        self.source = source
        let length = source.count
        do {
            root = try ExpressionSyntax.parse(source, dialect: .paths)
        } catch {
            // The column after the text is the closing quote in the notebook: point at the last
            // character instead.
            var failure = error
            if failure.column > length { failure.column = max(length, 1) }
            throw failure
        }
        var names: [(path: [String], column: Int)] = []
        try Self.collect(root, into: &names, source: source)
        self.names = names
    }

    /// Walks the tree in source order, gathering names and refusing what conditions do not have.
    private static func collect(
        _ node: ExpressionNode, into names: inout [(path: [String], column: Int)], source: String
    )
        throws(Failure)
    {
        func refuse(_ message: String) -> Failure {
            Failure(code: .syntax, message: message, expression: source, column: node.column, length: node.length)
        }
        switch node.kind {
        case .number, .string, .boolean: return
        case .name(let name):
            let path = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            if path.contains(where: \.isEmpty) { throw refuse("'\(name)' is not a name") }
            names.append((path, node.column))
        case .unary(_, let operand):
            try collect(operand, into: &names, source: source)
        case .binary(let op, let lhs, let rhs):
            if op == "%" { throw refuse("`%` is for `filter` and `derive`, not `when`") }
            try collect(lhs, into: &names, source: source)
            try collect(rhs, into: &names, source: source)
        case .inList:
            throw refuse("`in [...]` is for `filter` and `derive`, not `when`; compare with `==` and join with `or`")
        case .call(let name, _):
            if Expression.windowFunctions[name] != nil {
                throw refuse("`\(name)(…)` is a window function: window functions work in `derive`, not `when`")
            }
            throw refuse("`\(name)(…)`: functions are for `filter` and `derive`, not `when`")
        }
    }

    /// Evaluates with `lookup` giving the value of each dotted name (nil: unknown).
    public func evaluate(_ lookup: ([String]) -> Value?) throws(Failure) -> Bool {
        let value = try evaluate(root, lookup)
        guard case .bool(let result) = value else {
            throw failure("the condition is not true or false", column: 1, length: source.count)
        }
        return result
    }

    private func failure(_ message: String, column: Int, length: Int) -> Failure {
        Failure(code: .syntax, message: message, expression: source, column: column, length: length)
    }

    /// The scalar evaluator: one value per node, `and` and `or` short-circuiting.
    private func evaluate(_ node: ExpressionNode, _ lookup: ([String]) -> Value?) throws(Failure) -> Value {
        switch node.kind {
        case .number(let value): return .number(value)
        case .string(let value): return .text(value)
        case .boolean(let value): return .bool(value)
        case .name(let name):
            guard let value = lookup(name.split(separator: ".").map(String.init)) else {
                throw failure("'\(name)' has no value", column: node.column, length: name.count)
            }
            return value
        case .unary(let op, let operand):
            let value = try evaluate(operand, lookup)
            switch (op, value) {
            case ("not", .bool(let flag)): return .bool(!flag)
            case ("-", .number(let number)): return .number(-number)
            default:
                throw failure(
                    op == "not" ? "`not` needs true or false" : "`-` needs a number", column: node.column,
                    length: op.count)
            }
        case .binary(let op, let lhs, let rhs):
            let left = try evaluate(lhs, lookup)
            if op == "and" || op == "or" {
                guard case .bool(let a) = left else {
                    throw failure("`\(op)` needs true or false", column: node.column, length: op.count)
                }
                if op == "and" && !a { return .bool(false) }
                if op == "or" && a { return .bool(true) }
                guard case .bool(let b) = try evaluate(rhs, lookup) else {
                    throw failure("`\(op)` needs true or false", column: node.column, length: op.count)
                }
                return .bool(b)
            }
            let right = try evaluate(rhs, lookup)
            switch (op, left, right) {
            case ("==", _, _): return .bool(left == right)
            case ("!=", _, _): return .bool(left != right)
            case (_, .number(let a), .number(let b)):
                switch op {
                case "<": return .bool(a < b)
                case "<=": return .bool(a <= b)
                case ">": return .bool(a > b)
                case ">=": return .bool(a >= b)
                case "+": return .number(a + b)
                case "-": return .number(a - b)
                case "*": return .number(a * b)
                default: return .number(a / b)
                }
            case (_, .text(let a), .text(let b)) where ["<", "<=", ">", ">="].contains(op):
                return .bool(op == "<" ? a < b : op == "<=" ? a <= b : op == ">" ? a > b : a >= b)
            default:
                throw failure(
                    "`\(op)` cannot combine \(left.typeName) and \(right.typeName)", column: node.column,
                    length: op.count)
            }
        case .inList, .call:
            // Refused by `init`.
            throw failure("not a condition", column: node.column, length: node.length)
        }
    }
}

extension Condition.Value {
    var typeName: String {
        switch self {
        case .number: "a number"
        case .text: "text"
        case .bool: "true/false"
        }
    }
}
