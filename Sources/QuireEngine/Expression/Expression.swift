import QuireSupport

/// A mistake in an expression (QuireSupport's one error type for the expression language, named
/// here so that the engine's callers need not import QuireSupport).
public typealias ExpressionError = QuireSupport.ExpressionError

/// A parsed expression of the filter/derive language.
///
/// ```swift
/// let condition = try Expression("bmi > 0.02 and not is_missing(bp)")
/// try condition.check(against: frame.schema, expecting: .boolean)   // before touching rows
/// let kept = try frame.filter(condition)
/// ```
///
/// The syntax is QuireSupport's ``ExpressionSyntax`` (shared with `when:`); grammar, types and
/// missing-value rules are in docs/engine.md, "Expressions". In short:
/// arithmetic propagates missing values (NaN); a comparison with a missing value is false;
/// `is_missing(x)` tests for one.
public struct Expression: Sendable, CustomStringConvertible {
    /// The expression's text.
    public let source: String
    let root: ExpressionNode

    /// The functions the language knows, with their argument counts.
    public static let functions: [String: ClosedRange<Int>] = [
        "abs": 1...1, "log": 1...1, "exp": 1...1, "sqrt": 1...1, "round": 1...2,
        "min": 2...Int.max, "max": 2...Int.max, "is_missing": 1...1, "if": 3...3,
    ].merging(stringFunctions) { first, _ in first }.merging(dateFunctions) { first, _ in first }

    /// Most levels an expression may nest: parentheses, calls, `not`, unary `-`, and operators
    /// applied in a chain (`a + b + c` is two levels). The checker and the evaluator recurse once
    /// per level, so the bound keeps them far from the end of the stack.
    public static let maxDepth = ExpressionSyntax.maxDepth

    /// Parses an expression.
    ///
    /// - Throws: ``ExpressionError`` `syntax`, pointing at the offending token.
    public init(_ source: String) throws {
        self.source = source
        root = try ExpressionSyntax.parse(source, dialect: .columns)
    }

    /// The expression's text.
    public var description: String { source }

    /// Type-checks the expression against a schema without touching any row.
    ///
    /// - Parameters:
    ///   - schema: the columns the expression may use.
    ///   - expected: the type the caller needs (`.boolean` for a filter), or `nil` for any.
    ///   - windows: whether window functions (``windowFunctions``) may be used; by default they
    ///     may unless a condition is expected, since a filter keeps or drops each row on its own.
    /// - Returns: the expression's type.
    /// - Throws: ``ExpressionError`` for unknown columns or functions (with "did you mean"), wrong
    ///   argument counts, type mismatches, and window functions where they may not be used.
    @discardableResult
    public func check(
        against schema: Schema, expecting expected: ExpressionType? = nil, windows: Bool? = nil
    ) throws -> ExpressionType {
        let checker = ExpressionChecker(
            source: source, schema: schema, allowsWindows: windows ?? (expected != .boolean))
        let type = try checker.type(of: root)
        if let expected, type != expected {
            let hint =
                expected == .boolean
                ? "a filter keeps rows where the condition is true; compare a value, e.g. `\(source) > 0`"
                : "the expression must give a \(expected.rawValue)"
            throw ExpressionError(
                code: .notACondition, message: "the expression gives a \(type.rawValue), not a \(expected.rawValue)",
                hint: hint,
                expression: source, column: 1, length: source.count)
        }
        return type
    }

    /// Evaluates the expression over every row of a frame, column at a time.
    ///
    /// - Returns: one value per row.
    /// - Throws: ``ExpressionError`` when the expression does not type-check against the frame.
    public func evaluate(on frame: Frame) throws -> ExpressionValue {
        try check(against: frame.schema)
        let evaluator = ExpressionEvaluator(frame: frame)
        return evaluator.evaluate(root).materialized(count: frame.rowCount)
    }
}
