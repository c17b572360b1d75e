/// How ``Drift/compare(reference:current:options:)`` tests columns.
///
/// Defaults follow Evidently: the method is chosen per column (see `docs/monitoring.md`),
/// thresholds are 0.05 for p-values and 0.1 for distances, numeric columns are cut into
/// equal-width bins over the joint range for PSI, KL and Jensen–Shannon (Sturges' number of
/// bins, as Evidently 0.7 does), and the data set has
/// drifted when at least half of the tested columns have.
public struct DriftOptions: Sendable, Codable, Equatable {
    /// The method for every column; `nil` chooses one per column automatically.
    public var method: DriftMethod?
    /// The alert threshold; `nil` uses the method's default (``DriftMethod/defaultThreshold``).
    public var threshold: Double?
    /// The warn threshold; `nil` uses ``DriftMethod/defaultWarnThreshold(for:)``.
    public var warnThreshold: Double?
    /// Per-column overrides, by column name.
    public var columns: [String: ColumnDriftOptions]
    /// The columns to test; `nil` tests every column of the reference that the current frame has.
    public var include: [String]?
    /// The share of drifted columns at which the data set counts as drifted (default 0.5).
    public var driftShare: Double
    /// The number of equal-width bins over the joint range of a numeric column for PSI, KL and
    /// Jensen–Shannon; `nil` (the default) uses Sturges' rule on the joint sample, numpy's
    /// `histogram_bin_edges(bins="sturges")`, as Evidently 0.7 does. Numeric columns with at most
    /// ``categoricalValueLimit`` distinct reference values are compared value by value instead.
    public var bins: Int?
    /// How numbers are binned for PSI, KL and Jensen–Shannon; `nil` is ``DriftBinning/equalWidth``.
    public var binning: DriftBinning?

    /// Numeric columns with at most this many distinct reference values are binned by value (20).
    public static let categoricalValueLimit = 20
    /// The reference size up to which the automatic choice uses p-value tests (1,000 rows).
    public static let smallReferenceLimit = 1000

    /// Creates options; every argument has the documented default.
    public init(
        method: DriftMethod? = nil, threshold: Double? = nil, warnThreshold: Double? = nil,
        columns: [String: ColumnDriftOptions] = [:], include: [String]? = nil, driftShare: Double = 0.5,
        bins: Int? = nil, binning: DriftBinning? = nil
    ) {
        self.method = method
        self.threshold = threshold
        self.warnThreshold = warnThreshold
        self.columns = columns
        self.include = include
        self.driftShare = driftShare
        self.bins = bins
        self.binning = binning
    }
}

/// How a numeric column's values are binned for PSI, KL and Jensen–Shannon.
public enum DriftBinning: String, Sendable, Codable, CaseIterable {
    /// Evidently's: equal-width bins over the joint range of both samples (Sturges' rule unless
    /// `bins` is given), or one bin per value for columns with at most 20 distinct reference values.
    case equalWidth = "equal_width"
    /// `bins` (default 10) bins cut at the reference's quantiles (numpy's linear method), the
    /// first open below and the last above: deciles of the reference, as many monitoring scripts
    /// compute PSI.
    case quantile
}
