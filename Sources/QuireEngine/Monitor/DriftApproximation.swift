/// What a compact reference profile's numeric column may be off by, and the exact figures it
/// keeps of the data it stands for.
///
/// A compact column replaces each value by the median of its block: the sorted values are cut
/// into ``points`` blocks of equal size (within one value), and every value of a block counts as
/// the block's middle value. Its empirical distribution function is then within
/// ``ecdfError`` values of the data's everywhere (at most half a block), and its Wasserstein-1
/// distance to the data is ``wassersteinError``. Both are measured on the data when the profile is
/// made, so they are exact, not estimates. The mean, the standard deviations and the range are the
/// data's own. See `docs/monitoring.md`, "Compact reference profiles".
public struct DriftApproximation: Sendable, Codable, Equatable {
    /// The blocks the values were cut into.
    public var points: Int
    /// The largest difference, in values, between the data's distribution function and the
    /// compact one's, over all x: `max |#{data ≤ x} − #{compact ≤ x}|`.
    public var ecdfError: Int
    /// The Wasserstein-1 distance between the data and its compact form (rounded up).
    public var wassersteinError: Double
    /// The data's smallest finite value.
    public var min: Double
    /// The data's largest finite value.
    public var max: Double
    /// The data's mean (exact sum, as ``DriftSample``).
    public var mean: Double
    /// The data's sample standard deviation, ddof 1 (`nil` below 2 values).
    public var std: Double?
    /// The data's population standard deviation, as the Wasserstein distance normalises by it.
    public var populationStd: Double

    /// Checks a decoded approximation against its column's points: every figure finite, the
    /// errors non-negative, and the range enclosing the points.
    func problem(points first: Double, _ last: Double) -> (field: String, message: String)? {
        guard points >= 1 else { return ("points", "is \(points), not at least 1") }
        guard ecdfError >= 0 else { return ("ecdfError", "is negative (\(ecdfError))") }
        guard wassersteinError >= 0 && wassersteinError.isFinite else {
            return ("wassersteinError", "is not a finite number at least 0")
        }
        let figures = [("min", min), ("max", max), ("mean", mean), ("populationStd", populationStd)]
        if let (name, _) = figures.first(where: { !$0.1.isFinite }) { return (name, "is not finite") }
        if let std, !std.isFinite { return ("std", "is not finite") }
        guard min <= first && last <= max else {
            return ("min", "and max (\(min), \(max)) do not enclose the points (\(first) to \(last))")
        }
        return nil
    }
}
