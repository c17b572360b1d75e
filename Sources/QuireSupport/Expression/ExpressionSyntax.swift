/// The one expression language of Quire: `filter` and `derive` evaluate it over frames, `when:`
/// over parameters and step scalars. This is its syntax; each use checks what its context allows.
///
/// ```swift
/// let tree = try ExpressionSyntax.parse("bmi > 0.02 and not is_missing(bp)", dialect: .columns)
/// let when = try ExpressionSyntax.parse("customers.rows > 1000 and params.mode == 'full'", dialect: .paths)
/// ```
///
/// The grammar is in docs/engine.md, "Expressions". Precedence from loosest: `or`, `and`, `not`, comparisons
/// and `in`, `+ -`, `* / %`, unary `-`, then literals, names, calls and parentheses.
public enum ExpressionSyntax {
    /// Most levels an expression may nest: parentheses, calls and prefix operators open at once, and
    /// the height of a chain of binary operators (`a + b + c` is two levels). Walkers recurse once
    /// per level, so the bound keeps them far from the end of the stack.
    public static let maxDepth = 256

    /// How names are written, and how messages speak of the text.
    public struct Dialect: Sendable {
        /// Names may hold `-` and `.`, as step ids and dotted paths (`params.n`, `my-step.rows`) do;
        /// `a-b` is then one name, not a subtraction.
        public var pathNames: Bool
        /// What messages call the text: "expression" or "condition".
        public var subject: String
        /// The hint given when the text nests too deep.
        public var depthHint: String?

        /// Creates a dialect.
        public init(pathNames: Bool, subject: String, depthHint: String?) {
            self.pathNames = pathNames
            self.subject = subject
            self.depthHint = depthHint
        }

        /// Column names, bare or in backticks: `filter` and `derive`.
        public static let columns = Dialect(
            pathNames: false, subject: "expression",
            depthHint: "use fewer parentheses, or compute parts in separate `derive` columns and combine them")

        /// Dotted paths with hyphens: `when:`.
        public static let paths = Dialect(pathNames: true, subject: "condition", depthHint: nil)
    }

    /// Parses `source` into a tree.
    ///
    /// - Throws: ``ExpressionError`` `syntax` pointing at the offending token, or `tooDeep` at the
    ///   token that opens the level past ``maxDepth``.
    public static func parse(_ source: String, dialect: Dialect) throws(ExpressionError) -> ExpressionNode {
        try ExpressionParser.parse(source, dialect: dialect)
    }
}
