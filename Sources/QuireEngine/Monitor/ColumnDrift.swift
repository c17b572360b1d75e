/// The drift test of one column.
public struct ColumnDrift: Sendable, Codable, Equatable {
    /// The column's name.
    public var column: String
    /// The column's kind.
    public var kind: ColumnKind
    /// The method used (chosen automatically unless set in the options).
    public var method: DriftMethod
    /// The test's score: the distance for distances, the test statistic for p-value tests
    /// (KS D, chi-square, z); `nil` when the column could not be tested (see ``note``).
    public var statistic: Double?
    /// The p-value of ``DriftMethod/ks``, ``DriftMethod/chiSquare`` and ``DriftMethod/z``.
    public var pValue: Double?
    /// The alert threshold applied to the p-value or the distance.
    public var threshold: Double
    /// The warn threshold.
    public var warnThreshold: Double
    /// `alert` when drift is detected, `warn` inside the warn band (or when untestable), else `ok`.
    public var status: MonitorStatus
    /// Whether drift is detected (``status`` is `alert`).
    public var drifted: Bool
    /// Present (finite) values tested, reference and current.
    public var referenceCount: Int
    /// Present (finite) values tested in the current frame.
    public var currentCount: Int
    /// Missing values ignored, reference and current.
    public var referenceMissing: Int
    /// Missing values ignored in the current frame.
    public var currentMissing: Int
    /// Infinite values ignored (numeric columns), reference.
    public var referenceInfinite: Int
    /// Infinite values ignored, current.
    public var currentInfinite: Int
    /// Counts for plotting overlaid histograms.
    public var histogram: DriftHistogram
    /// Why a column was not tested, or another remark; `nil` normally.
    public var note: String?
    /// Against a compact reference profile whose points are approximate: the interval the score
    /// against the data itself lies in (Kolmogorov–Smirnov's p-value, the Wasserstein distance);
    /// `nil` otherwise.
    public var scoreRange: ClosedRange<Double>? = nil
    /// The reference's tested values in brief: mean and std, or the top categories (`nil` in
    /// results stored before it existed).
    public var reference: DriftSample? = nil
    /// The current data's tested values in brief, as ``reference``.
    public var current: DriftSample? = nil

    /// The score compared with the threshold: the p-value for p-value tests, else the statistic.
    public var score: Double? { method.isPValueTest ? pValue : statistic }
}
