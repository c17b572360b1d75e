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

    let kind: Kind
    /// 1-based column of the token this node is reported at.
    var column: Int
    var length: Int
    /// Levels of nodes from this one down to its deepest leaf (1 for a leaf): the recursion depth
    /// of every walker of the tree.
    let height: Int

    init(kind: Kind, column: Int, length: Int) {
        self.kind = kind
        self.column = column
        self.length = length
        switch kind {
        case .number, .string, .boolean, .column: height = 1
        case .unary(_, let operand): height = operand.height + 1
        case .binary(_, let lhs, let rhs): height = max(lhs.height, rhs.height) + 1
        case .inList(let operand, _, _): height = operand.height + 1
        case .call(_, let arguments): height = (arguments.map(\.height).max() ?? 0) + 1
        }
    }
}
