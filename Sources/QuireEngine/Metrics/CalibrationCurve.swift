/// Observed frequency of the positive class against the mean predicted probability per bin
/// (scikit-learn's `calibration_curve`, `strategy="uniform"`); empty bins are left out.
public struct CalibrationCurve: Sendable, Hashable, Codable {
    /// Share of positives in each non-empty bin.
    public var fractionOfPositives: [Double]
    /// Mean predicted probability in each non-empty bin.
    public var meanPredicted: [Double]
    /// Rows in each non-empty bin.
    public var counts: [Int]
}
