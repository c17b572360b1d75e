/// What a drift row shows of one side's tested values: how many, their mean and standard
/// deviation (numeric columns), or the most frequent categories with their shares (categorical).
///
/// Computed from the same values the test reads (finite numbers, present categories). Sums are
/// exact before the one final rounding (``ExactSum``, as Python's `math.fsum`), so the
/// result does not depend on the order of the values: a saved reference profile (sorted) gives
/// the same bits as the frame.
public struct DriftSample: Sendable, Codable, Equatable {
    /// A category and how often it occurs.
    public struct Category: Sendable, Codable, Equatable {
        /// The category's text.
        public var value: String
        /// How many tested values it has.
        public var count: Int
        /// `count` over the tested values.
        public var share: Double

        /// A category with its count and share.
        public init(value: String, count: Int, share: Double) {
            self.value = value
            self.count = count
            self.share = share
        }
    }

    /// The most categories ``top`` lists.
    public static let topLimit = 3

    /// The tested values: finite numbers, or present categories.
    public var count: Int
    /// Numeric: the mean (`nil` for categorical columns or no values).
    public var mean: Double?
    /// Numeric: the sample standard deviation, ddof 1 as pandas' `std` (`nil` below 2 values).
    public var std: Double?
    /// Categorical: up to ``topLimit`` categories, most frequent first (ties by name); `nil` for
    /// numeric columns.
    public var top: [Category]?
    /// Categorical: the number of distinct categories (`nil` for numeric columns).
    public var distinct: Int?

    /// A summary with the given parts.
    public init(count: Int, mean: Double? = nil, std: Double? = nil, top: [Category]? = nil, distinct: Int? = nil) {
        self.count = count
        self.mean = mean
        self.std = std
        self.top = top
        self.distinct = distinct
    }

    /// The summary of a profiled column's tested values.
    public init(_ profile: DriftColumnProfile) {
        count = profile.presentCount
        switch profile.kind {
        case .numeric, .date:
            // A compact profile's points are not the data: it keeps the data's own figures.
            if let approximation = profile.approximation {
                mean = approximation.mean
                std = approximation.std
                return
            }
            let values = profile.expanded().values
            let n = Double(values.count)
            let mean = values.isEmpty ? nil : ExactSum.of(values) / n
            self.mean = mean
            if let mean, values.count > 1 {
                std = (ExactSum.of(values) { ($0 - mean) * ($0 - mean) } / (n - 1)).squareRoot()
            }
        case .categorical:
            let total = Double(max(count, 1))
            let order = profile.counts.indices.sorted {
                (profile.counts[$0], profile.categories[$1]) > (profile.counts[$1], profile.categories[$0])
            }
            top = order.prefix(Self.topLimit).map {
                Category(
                    value: profile.categories[$0], count: profile.counts[$0], share: Double(profile.counts[$0]) / total)
            }
            distinct = profile.categories.count
        }
    }
}
