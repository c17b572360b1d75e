/// Summary statistics with pandas/numpy's definitions.
public enum Statistics {
    /// The present (non-NaN) values.
    static func present(_ values: [Double]) -> [Double] {
        values.filter { !$0.isNaN }
    }

    /// The present (non-NaN) values in ascending order, infinities at the ends: the finite ones
    /// sorted by ``ValueSort`` (buckets of equal value width, as drift sorts; about 4x the
    /// standard library's comparison sort on a million values).
    static func sortedPresent(_ values: [Double]) -> [Double] {
        let (finite, _, _, infinite) = ValueSort.finite(values)
        let sorted = ValueSort.sorted(finite)
        guard infinite > 0 else { return sorted }
        var negative = 0
        for value in values where value == -.infinity { negative += 1 }
        var result = [Double](repeating: -.infinity, count: negative)
        result.reserveCapacity(sorted.count + infinite)
        result.append(contentsOf: sorted)
        result.append(contentsOf: repeatElement(.infinity, count: infinite - negative))
        return result
    }

    /// Pairwise sum (as numpy does), which keeps rounding error at O(log n).
    public static func sum(_ values: ArraySlice<Double>) -> Double {
        if values.count <= 128 {
            var total = 0.0
            for value in values { total += value }
            return total
        }
        let middle = values.startIndex + values.count / 2
        return sum(values[values.startIndex..<middle]) + sum(values[middle..<values.endIndex])
    }

    /// The mean of present values, or `nil` when there are none.
    public static func mean(_ values: [Double]) -> Double? {
        let present = present(values)
        guard !present.isEmpty else { return nil }
        return sum(present[...]) / Double(present.count)
    }

    /// The standard deviation of present values with `ddof` degrees of freedom removed
    /// (`ddof: 1` is pandas' `std`/`describe`, `ddof: 0` the population std of scikit-learn's
    /// `StandardScaler`); two-pass. `nil` when fewer than `ddof + 1` values are present.
    public static func standardDeviation(_ values: [Double], ddof: Int) -> Double? {
        let present = present(values)
        guard present.count > ddof else { return nil }
        let mean = sum(present[...]) / Double(present.count)
        let squares = present.map { ($0 - mean) * ($0 - mean) }
        return (sum(squares[...]) / Double(present.count - ddof)).squareRoot()
    }

    /// The `q`-quantile of sorted values by numpy's default method (`linear`, type 7):
    /// position `h = (n - 1) q`, then numpy's `_lerp` between the neighbours.
    ///
    /// - Precondition: `sorted` is ascending, non-empty and has no NaN; `q` is in `[0, 1]`.
    public static func quantile(sorted: [Double], _ q: Double) -> Double {
        precondition(!sorted.isEmpty, "quantile of no values")
        return quantile(count: sorted.count, q) { sorted[$0] }
    }

    /// The ranks (0-based, in sorted order) whose values the `q`-quantile of `count` values reads.
    static func quantileRanks(count: Int, _ q: Double) -> (below: Int, above: Int) {
        let below = Int((q * Double(count - 1)).rounded(.down))
        return (below, Swift.min(below + 1, count - 1))
    }

    /// The `q`-quantile of `count` values as ``quantile(sorted:_:)`` gives it, reading the value
    /// of each rank it needs (``quantileRanks(count:_:)``) from `value`.
    static func quantile(count: Int, _ q: Double, value: (Int) -> Double) -> Double {
        let position = q * Double(count - 1)
        let (below, above) = quantileRanks(count: count, q)
        let t = position - Double(below)
        let a = value(below)
        let b = value(above)
        let difference = b - a
        // numpy's _lerp: interpolate from the nearer end so that t = 1 gives b exactly.
        return t >= 0.5 ? b - difference * (1 - t) : a + difference * t
    }

    /// The median of present values (numpy's `median`), or `nil` when there are none.
    public static func median(_ values: [Double]) -> Double? {
        let sorted = sortedPresent(values)
        guard !sorted.isEmpty else { return nil }
        let n = sorted.count
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
    }
}
