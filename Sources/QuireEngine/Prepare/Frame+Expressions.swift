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
    /// date columns, conditions become numeric 1/0.
    /// - Parameter columns: pairs of new column name and expression text.
    /// - Throws: ``ExpressionError``.
    public func deriving(_ columns: [(name: String, expression: String)]) throws -> Frame {
        let parsed = try columns.map { (name: $0.name, expression: try Expression($0.expression)) }
        var schema = self.schema
        for (name, expression) in parsed {
            let type = try expression.check(against: schema)
            let kind: ColumnKind = type == .string ? .categorical : type == .date ? .date : .numeric
            if let index = schema.fields.firstIndex(where: { $0.name == name }) {
                schema.fields[index].kind = kind
            } else {
                schema.fields.append(Schema.Field(name: name, kind: kind))
            }
        }
        var frame = self
        for (name, expression) in parsed {
            frame = try frame.setting(expression.evaluate(on: frame).column(named: name))
        }
        return frame
    }

    /// The frame with one new (or replaced) column computed by an expression.
    ///
    /// - Throws: ``ExpressionError``.
    public func deriving(_ name: String, _ expression: String) throws -> Frame {
        try deriving([(name: name, expression: expression)])
    }
}
