/// Summary of one column, with pandas' definitions (see ``Frame/profile(topCount:)``).
public struct ColumnProfile: Sendable, Hashable, Codable {
    /// A frequent value of a categorical column.
    public struct TopValue: Sendable, Hashable, Codable {
        /// The category.
        public var value: String
        /// Rows holding it.
        public var count: Int
    }

    /// The column name.
    public var name: String
    /// The column kind.
    public var kind: ColumnKind
    /// Present values.
    public var count: Int
    /// Missing values.
    public var missing: Int
    /// Distinct present values (`-0` and `0` count as one).
    public var distinct: Int
    /// Numeric columns with a present value only.
    public var mean: Double?
    /// Sample standard deviation (ddof 1, like pandas `describe`); needs two present values.
    public var std: Double?
    /// Smallest present value (for a date column, seconds since 1970-01-01T00:00:00Z).
    public var min: Double?
    /// 25 % quantile, numpy's linear method.
    public var q25: Double?
    /// Median (50 % quantile).
    public var q50: Double?
    /// 75 % quantile.
    public var q75: Double?
    /// Largest present value.
    public var max: Double?
    /// Categorical columns: most frequent values, by count descending then value ascending.
    public var top: [TopValue]
}
