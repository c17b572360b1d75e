/// A mistake in an expression, pointing at the offending token.
///
/// ``description`` shows the expression with a caret under the token, then the hint.
public struct ExpressionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A stable identifier of the kind of problem.
    public enum Code: String, Sendable, Codable {
        case syntax = "expr-syntax"
        case unknownColumn = "expr-unknown-column"
        case unknownFunction = "expr-unknown-function"
        case wrongArgumentCount = "expr-argument-count"
        case typeMismatch = "expr-type-mismatch"
        case notACondition = "expr-not-a-condition"
        case tooDeep = "expr-too-deep"
        /// A window function (`lag`, `cumsum`…) outside `derive`.
        case windowOutsideDerive = "expr-window-outside-derive"
        /// A `date("…")` literal or a `date_trunc` unit that names no date or unit.
        case invalidDate = "expr-invalid-date"
    }

    /// What kind of problem this is.
    public var code: Code
    /// What is wrong.
    public var message: String
    /// How to fix it.
    public var hint: String?
    /// The expression's text.
    public var expression: String
    /// 1-based column (in characters) of the offending token within ``expression``.
    public var column: Int
    /// Length of the offending token in characters (at least 1).
    public var length: Int

    /// Creates an error.
    public init(code: Code, message: String, hint: String? = nil, expression: String, column: Int, length: Int = 1) {
        self.code = code
        self.message = message
        self.hint = hint
        self.expression = expression
        self.column = column
        self.length = max(1, length)
    }

    /// The message with the column, the expression and a caret under the token, and the hint.
    public var description: String {
        var text = "error: \(message) (column \(column))\n  \(expression)\n  "
        text += String(repeating: " ", count: column - 1) + "^" + String(repeating: "~", count: length - 1)
        if let hint { text += "\n  hint: \(hint)" }
        return text
    }
}
