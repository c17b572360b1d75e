/// The type of an expression's value.
public enum ExpressionType: String, Sendable, Hashable, Codable {
    /// 64-bit floats; NaN is missing.
    case number
    /// Strings (from categorical columns or literals); may be missing.
    case string
    /// True or false; never missing (comparisons with a missing value are false).
    case boolean
    /// Instants (seconds since 1970-01-01T00:00:00Z); NaN is missing.
    case date
}
