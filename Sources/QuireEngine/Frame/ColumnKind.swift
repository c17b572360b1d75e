/// The type of a column's values.
///
/// Every column is one of two kinds. Booleans produced by expressions are stored as numeric
/// 1/0; dates are not a kind of their own yet and load as categorical text.
public enum ColumnKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// 64-bit floating-point numbers; a missing value is NaN.
    case numeric
    /// Dictionary-encoded strings; a missing value has code -1.
    case categorical
}
