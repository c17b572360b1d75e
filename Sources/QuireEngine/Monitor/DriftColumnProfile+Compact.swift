/// Compact profiles: a numeric column kept as at most a fixed number of weighted points.
extension DriftColumnProfile {
    /// The points a compact column keeps unless told otherwise: its distribution function is then
    /// within 1/20,000 of the data's (half a block of 1/10,000).
    public static let defaultPoints = 10_000

    /// The profile with a numeric column kept as at most `points` weighted points.
    ///
    /// A column with at most `points` distinct values keeps each with its count, so the profile is
    /// still exact. Otherwise the sorted values are cut into `points` blocks of equal size (within
    /// one value); each block counts as its middle value (the lower of two), blocks with the same
    /// middle value merge, and the ``approximation`` records what that costs, measured on the data:
    /// the largest gap between the two distribution functions in values (at most half a block)
    /// and the Wasserstein-1 distance between them. Categorical columns are returned as they are
    /// (their counts are compact already).
    ///
    /// - Precondition: `points >= 1`.
    public func compacted(points: Int) -> DriftColumnProfile {
        precondition(points >= 1, "a compact profile keeps at least one point")
        guard kind != .categorical, weights == nil, !values.isEmpty else { return self }
        let sorted = sortedValues
        var compact = self
        compact.isSorted = true
        if let runs = Self.distinctCounts(sorted, limit: points) {
            compact.values = runs.values
            compact.weights = runs.counts
            return compact
        }
        // More distinct values than points, so more values than points: no block is empty.
        let n = sorted.count
        var medians: [Double] = [], counts: [Int] = []
        medians.reserveCapacity(points)
        counts.reserveCapacity(points)
        var low = 0
        for block in 1...points {
            // ⌊block · n / points⌋ without overflow.
            let high = points.dividingFullWidth(block.multipliedFullWidth(by: n)).quotient
            let median = sorted[low + (high - low - 1) / 2]
            if medians.last == median {
                counts[counts.count - 1] += high - low
            } else {
                medians.append(median)
                counts.append(high - low)
            }
            low = high
        }
        let error = Self.distance(sorted, medians, counts)
        let summary = DriftSample(self)
        compact.values = medians
        compact.weights = counts
        compact.approximation = DriftApproximation(
            points: points, ecdfError: error.ecdf, wassersteinError: error.wasserstein, min: sorted[0],
            max: sorted[n - 1], mean: summary.mean ?? 0, std: summary.std,
            populationStd: DriftStatistics.populationStandardDeviation(sorted))
        return compact
    }

    /// The profile a test reads: a compact column's points repeated by their counts (sorted), its
    /// ``approximation`` kept; any other profile as it is.
    public func expanded() -> DriftColumnProfile {
        guard let weights else { return self }
        var expanded = self
        var all: [Double] = []
        all.reserveCapacity(presentCount)
        for (value, count) in zip(values, weights) { all.append(contentsOf: repeatElement(value, count: count)) }
        expanded.values = all
        expanded.weights = nil
        expanded.isSorted = true
        return expanded
    }

    /// The distinct values of an ascending sample with their counts, or `nil` when there are more
    /// than `limit`.
    static func distinctCounts(_ sorted: [Double], limit: Int) -> (values: [Double], counts: [Int])? {
        var values: [Double] = [], counts: [Int] = []
        var start = 0
        while start < sorted.count {
            guard values.count < limit else { return nil }
            let value = sorted[start]
            var end = start + 1
            while end < sorted.count && sorted[end] == value { end += 1 }
            values.append(value)
            counts.append(end - start)
            start = end
        }
        return (values, counts)
    }

    /// How far the weighted points are from the ascending sample they stand for: the largest
    /// difference of the two counting functions `#{≤ x}` over all x, and the Wasserstein-1
    /// distance (∫ |F − G| dx), rounded up. Both functions step only at the sample's values (the
    /// points are among them), so the walk visits each distinct value once.
    static func distance(_ sorted: [Double], _ points: [Double], _ counts: [Int]) -> (ecdf: Int, wasserstein: Double) {
        let n = sorted.count
        var largest = 0, below = 0, point = 0
        var area = 0.0, compensation = 0.0
        var start = 0
        while start < n {
            let value = sorted[start]
            var end = start + 1
            while end < n && sorted[end] == value { end += 1 }
            while point < points.count && points[point] <= value {
                below += counts[point]
                point += 1
            }
            let gap = abs(end - below)
            largest = max(largest, gap)
            if end < n {
                // Kahan summation: the terms are non-negative, so the relative error stays tiny.
                let y = Double(gap) * (sorted[end] - value) - compensation
                let t = area + y
                compensation = (t - area) - y
                area = t
            }
            start = end
        }
        // An upper bound: a margin far above the summation's rounding.
        let wasserstein = area / Double(n)
        return (largest, (wasserstein * (1 + 1e-12)).nextUp)
    }
}
