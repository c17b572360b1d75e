import QuireEngine

/// A profile step's value: the engine's per-column statistics plus a histogram per numeric
/// column, for the report's small charts.
public struct ProfileValue: Sendable, Hashable, Codable {
    /// The engine's statistics, one entry per column.
    public var profile: FrameProfile
    /// One histogram per numeric column, in column order.
    public var histograms: [Histogram]

    /// A profile with its histograms.
    public init(profile: FrameProfile, histograms: [Histogram]) {
        self.profile = profile
        self.histograms = histograms
    }

    /// Profiles `frame` with `bins` equal-width bins per numeric column.
    public init(frame: Frame, top: Int, bins: Int = Histogram.defaultBins) {
        profile = frame.profile(topCount: top)
        histograms = frame.columns.compactMap { column in
            column.numbers.map { Histogram(column: column.name, values: $0, bins: bins) }
        }
    }
}

/// Counts of a numeric column's present values in equal-width bins over [low, high], the last
/// bin closed (numpy's `histogram` convention).
public struct Histogram: Sendable, Hashable, Codable {
    /// Bins when none are asked for.
    public static let defaultBins = 20

    /// The column's name.
    public var column: String
    /// The smallest finite value (0 when there is none).
    public var low: Double
    /// The largest finite value (0 when there is none).
    public var high: Double
    /// Values per bin; empty when the column has no finite value.
    public var counts: [Int]

    /// A histogram with the given bins.
    public init(column: String, low: Double, high: Double, counts: [Int]) {
        self.column = column
        self.low = low
        self.high = high
        self.counts = counts
    }

    /// The histogram of `values` in `bins` bins (one when every finite value is equal).
    public init(column: String, values: [Double], bins: Int) {
        self.column = column
        var low = Double.infinity
        var high = -Double.infinity
        for value in values where value.isFinite {
            low = Swift.min(low, value)
            high = Swift.max(high, value)
        }
        guard low <= high else {
            self.low = 0
            self.high = 0
            counts = []
            return
        }
        self.low = low
        self.high = high
        let count = low == high ? 1 : Swift.max(bins, 1)
        var counts = [Int](repeating: 0, count: count)
        guard count > 1 else {
            self.counts = [values.filter(\.isFinite).count]
            return
        }
        // numpy.histogram's rule: edges by linspace, an index from the scaled offset, then
        // corrected against the edges so values on an edge fall where numpy puts them. When the
        // span overflows (-1e308…1e308) everything is computed on halves, which bins identically.
        let half = (high - low).isFinite ? 1.0 : 0.5
        let first = low * half
        let last = high * half
        let step = (last - first) / Double(count)
        var edges = (0...count).map { first + Double($0) * step }
        edges[count] = last
        let norm = Double(count) / (last - first)
        for value in values where value.isFinite {
            let value = value * half
            var index = Swift.min(Int((value - first) * norm), count - 1)
            if value < edges[index] { index -= 1 }
            if index < count - 1, value >= edges[index + 1] { index += 1 }
            counts[Swift.min(Swift.max(index, 0), count - 1)] += 1
        }
        self.counts = counts
    }
}
