/// Predicted values and residuals (`truth − predicted`) of a regression, for a residual plot.
public struct ResidualPoints: Sendable, Hashable, Codable {
    /// Predicted values.
    public var predicted: [Double]
    /// `truth − predicted` per point.
    public var residuals: [Double]
}
