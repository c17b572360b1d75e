/// The type of a column's values.
///
/// Every column is one of three kinds. Booleans produced by expressions are stored as numeric
/// 1/0.
public enum ColumnKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// 64-bit floating-point numbers; a missing value is NaN.
    case numeric
    /// Dictionary-encoded strings; a missing value has code -1.
    case categorical
    /// Instants as seconds since 1970-01-01T00:00:00Z (UTC, proleptic Gregorian calendar); a
    /// missing value is NaN, as for numbers. See ``DateText`` for the text form.
    case date
}
