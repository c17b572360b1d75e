/// The outcome of one ``Expectation`` on a frame.
public struct ExpectationResult: Sendable, Codable, Equatable {
    /// The expectation evaluated.
    public var expectation: Expectation
    /// Its notebook spelling (``Expectation/description``).
    public var description: String
    /// The column, or `nil` for `row_count`.
    public var column: String?
    /// What was observed, as text (e.g. `3 of 150 values missing`, `mean 5.84`).
    public var observed: String
    /// The observed number where there is one (share passing, mean, std, row count).
    public var observedValue: Double?
    /// Values (or rows) that failed.
    public var failingCount: Int
    /// Values (or rows) checked.
    public var total: Int
    /// Up to five failing values, first rows first.
    public var examples: [FailingExample]
    /// Whether the expectation holds (the passing share reaches `mostly`).
    public var success: Bool
    /// `ok` when nothing failed, `warn` when failures are within `mostly`, `alert` when it fails.
    public var status: MonitorStatus
}
