/// How an ``Imputer`` chooses the value that replaces missing ones (scikit-learn's
/// `SimpleImputer` strategies).
public enum ImputeStrategy: Sendable, Hashable, Codable {
    /// The mean of present values (numeric columns).
    case mean
    /// The median of present values, numpy's `median` (numeric columns).
    case median
    /// The most frequent present value; ties go to the smallest value (as scikit-learn).
    case mostFrequent
    /// A fixed number for numeric columns.
    case constantNumber(Double)
    /// A fixed string for categorical columns.
    case constantString(String)
}
