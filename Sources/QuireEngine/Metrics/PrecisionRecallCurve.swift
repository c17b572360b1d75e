/// Precision against recall over score thresholds (scikit-learn's `precision_recall_curve`):
/// recall decreasing, ending at (precision 1, recall 0), which has no threshold.
public struct PrecisionRecallCurve: Sendable, Hashable, Codable {
    /// Precision per point.
    public var precision: [Double]
    /// Recall per point, decreasing.
    public var recall: [Double]
    /// Thresholds, increasing; one fewer than the points.
    public var thresholds: [Double]
}
