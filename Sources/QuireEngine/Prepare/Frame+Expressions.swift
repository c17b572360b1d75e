extension Frame {
    /// The rows where a condition is true.
    ///
    /// The condition is type-checked against the schema before any row is read. A comparison
    /// with a missing value is false, so such rows are dropped unless the condition tests
    /// `is_missing(…)`.
    /// - Throws: ``ExpressionError``.
    public func filter(_ condition: Expression) throws -> Frame {
        try condition.check(against: schema, expecting: .boolean)
        switch try condition.evaluate(on: self) {
        case .booleans(let mask): return rows(where: mask)
        default: preconditionFailure("a checked condition is boolean")
        }
    }

    /// The rows where a condition, given as text, is true.
    ///
    /// - Throws: ``ExpressionError``.
    public func filter(_ condition: String) throws -> Frame {
        try filter(Expression(condition))
    }

    /// The frame with new (or replaced) columns computed by expressions, in order, so a later
    /// expression may use an earlier new column.
    ///
    /// Every expression is type-checked before any is evaluated (against the schema grown by the
    /// earlier ones). Numbers become numeric columns, text becomes categorical, dates become
    /// date columns, conditions become numeric 1/0. Window functions (`lag`, `cumsum`…) run over
    /// the whole frame in row order; ``deriving(_:by:order:)`` runs them within groups, in an order.
    /// - Parameter columns: pairs of new column name and expression text.
    /// - Throws: ``ExpressionError``.
    public func deriving(_ columns: [(name: String, expression: String)]) throws -> Frame {
        try deriving(columns, by: [], order: [])
    }

    /// The frame with one new (or replaced) column computed by an expression.
    ///
    /// - Throws: ``ExpressionError``.
    public func deriving(_ name: String, _ expression: String) throws -> Frame {
        try deriving([(name: name, expression: expression)])
    }
}
