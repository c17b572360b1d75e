/// A node of a parsed expression, with the position of the token that names it.
///
/// The tree is what ``ExpressionSyntax/parse(_:dialect:)`` returns; the engine evaluates it over
/// frames a column at a time, the runner's `when:` conditions evaluate it once over scalars.
public struct ExpressionNode: Sendable {
    /// What the node is.
    public indirect enum Kind: Sendable {
        /// A number literal (a leading `-` folded in).
        case number(Double)
        /// A quoted string.
        case string(String)
        /// `true` or `false`.
        case boolean(Bool)
        /// A name: a column (bare or backticked), or in the ``ExpressionSyntax/Dialect/paths``
        /// dialect a dotted path such as `params.n` or `step.output.scalar`.
        case name(String)
        /// `-x` or `not x`.
        case unary(String, ExpressionNode)
        /// Arithmetic, comparison, `and`, `or`.
        case binary(String, ExpressionNode, ExpressionNode)
        /// `x in [...]`, or `x not in [...]` when negated.
        case inList(ExpressionNode, [ExpressionNode], negated: Bool)
        /// `name(arguments)`.
        case call(String, [ExpressionNode])
    }

    /// What the node is.
    public let kind: Kind
    /// 1-based column of the token this node is reported at.
    public internal(set) var column: Int
    /// Length of that token in characters.
    public internal(set) var length: Int
    /// Levels of nodes from this one down to its deepest leaf (1 for a leaf): the recursion depth
    /// of every walker of the tree.
    public let height: Int

    init(kind: Kind, column: Int, length: Int) {
        self.kind = kind
        self.column = column
        self.length = length
        switch kind {
        case .number, .string, .boolean, .name: height = 1
        case .unary(_, let operand): height = operand.height + 1
        case .binary(_, let lhs, let rhs): height = max(lhs.height, rhs.height) + 1
        case .inList(let operand, _, _): height = operand.height + 1
        case .call(_, let arguments): height = (arguments.map(\.height).max() ?? 0) + 1
        }
    }
}
