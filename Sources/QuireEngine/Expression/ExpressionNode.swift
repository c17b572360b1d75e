/// A node of a parsed expression, with the position of the token that names it.
struct ExpressionNode: Sendable {
    indirect enum Kind: Sendable {
        case number(Double)
        case string(String)
        case boolean(Bool)
        case column(String)
        /// `-x` or `not x`.
        case unary(String, ExpressionNode)
        /// Arithmetic, comparison, `and`, `or`.
        case binary(String, ExpressionNode, ExpressionNode)
        /// `x in [...]`, or `x not in [...]` when negated.
        case inList(ExpressionNode, [ExpressionNode], negated: Bool)
        case call(String, [ExpressionNode])
    }

    var kind: Kind
    /// 1-based column of the token this node is reported at.
    var column: Int
    var length: Int
}
