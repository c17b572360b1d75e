/// The drift tests of a data set, column by column.
public struct DriftResult: Sendable, Codable, Equatable {
    /// One entry per tested column, in the reference's column order.
    public var columns: [ColumnDrift]
    /// The number of drifted columns.
    public var driftedCount: Int
    /// `driftedCount / columns.count` (0 when no column was tested).
    public var driftShare: Double
    /// The share at which the data set counts as drifted.
    public var driftShareThreshold: Double
    /// Whether ``driftShare`` reaches ``driftShareThreshold``.
    public var datasetDrift: Bool
    /// The worst column status (`ok` when there are no columns); `alert` also when ``datasetDrift``.
    public var status: MonitorStatus

    /// The column entry with the given name, or `nil`.
    public subscript(column: String) -> ColumnDrift? {
        columns.first { $0.column == column }
    }
}
