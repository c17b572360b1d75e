/// A token of the expression language with its position.
struct ExpressionToken: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        case number(Double)
        case string(String)
        /// A bare name: a column, or a function when `(` follows; in the paths dialect it may hold
        /// `-` and `.`.
        case name(String)
        /// A backticked column name.
        case quotedName(String)
        /// `and or not in true false`.
        case keyword(String)
        /// `+ - * / % == != < <= > >= ( ) [ ] ,`
        case symbol(String)
        case end
    }

    var kind: Kind
    /// 1-based character column.
    var column: Int
    /// Length in characters.
    var length: Int
}
