/// What a drift row shows of one side's tested values: how many, their mean and standard
/// deviation (numeric columns), or the most frequent categories with their shares (categorical).
///
/// Computed from the same values the test reads (finite numbers, present categories). Sums are
/// exact before the one final rounding (Shewchuk's algorithm, as Python's `math.fsum`), so the
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
            let values = profile.values
            let n = Double(values.count)
            let mean = values.isEmpty ? nil : Self.exactSum(values) / n
            self.mean = mean
            if let mean, values.count > 1 {
                std = (Self.exactSum(values) { ($0 - mean) * ($0 - mean) } / (n - 1)).squareRoot()
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

    /// The sum of `term` of finite values rounded once (Shewchuk's exact partials, Python's
    /// `math.fsum`): the same for any order of the values.
    static func exactSum(_ values: [Double], _ term: (Double) -> Double = { $0 }) -> Double {
        // The partials, in a buffer rather than an array (no bookkeeping per value). There are never
        // more partials than values seen; finite ones do not overlap, so usual data keep 2 or 3 and
        // only the first page of the buffer is ever touched.
        withUnsafeTemporaryAllocation(of: Double.self, capacity: values.count + 1) { partials in
            var count = 0
            for value in values {
                var x = term(value)
                var kept = 0
                for index in 0..<count {
                    var y = partials[index]
                    if abs(x) < abs(y) { swap(&x, &y) }
                    let high = x + y
                    let low = y - (high - x)
                    if low != 0 {
                        partials[kept] = low
                        kept += 1
                    }
                    x = high
                }
                partials[kept] = x
                count = kept + 1
            }
            return roundedSum(of: UnsafeBufferPointer(rebasing: partials[..<count]))
        }
    }

    /// Shewchuk's partials (non-overlapping, increasing in magnitude) added into one double.
    private static func roundedSum(of partials: UnsafeBufferPointer<Double>) -> Double {
        // Add the partials from the largest, rounding the last step half-even as fsum does.
        var index = partials.count - 1
        guard index >= 0 else { return 0 }
        var high = partials[index]
        var low = 0.0
        while index > 0 {
            index -= 1
            let x = high
            let y = partials[index]
            high = x + y
            let yr = high - x
            low = y - yr
            if low != 0 { break }
        }
        if index > 0 && ((low < 0 && partials[index - 1] < 0) || (low > 0 && partials[index - 1] > 0)) {
            let y = low * 2
            let x = high + y
            let yr = x - high
            if y == yr { high = x }
        }
        return high
    }
}
