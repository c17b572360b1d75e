/// Drift settings for one column, overriding those of ``DriftOptions``.
public struct ColumnDriftOptions: Sendable, Codable, Equatable {
    /// The method for this column; `nil` keeps the frame-wide choice (or the automatic one).
    public var method: DriftMethod?
    /// The alert threshold; `nil` keeps the frame-wide one, or the method's default.
    public var threshold: Double?
    /// The warn threshold; `nil` keeps the frame-wide one, or the default band.
    public var warnThreshold: Double?

    /// Creates per-column settings.
    public init(method: DriftMethod? = nil, threshold: Double? = nil, warnThreshold: Double? = nil) {
        self.method = method
        self.threshold = threshold
        self.warnThreshold = warnThreshold
    }
}
