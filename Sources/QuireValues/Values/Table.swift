/// Rows of named cells: tuning results, permutation importances, leaderboards.
public struct Table: Sendable, Hashable, Codable {
    /// One cell: text or a number.
    public enum Cell: Sendable, Hashable, Codable {
        /// Text, shown as is.
        case text(String)
        /// A number, formatted for reading and right-aligned.
        case number(Double)
    }

    /// The columns' names.
    public var columns: [String]
    /// The rows, each with one cell per column.
    public var rows: [[Cell]]
    /// Headline numbers of the table (tune: the best cross-validated score), by metric name.
    public var metrics: [String: Double]

    /// A table of `rows` under `columns`, with its headline `metrics`.
    public init(columns: [String], rows: [[Cell]], metrics: [String: Double] = [:]) {
        self.columns = columns
        self.rows = rows
        self.metrics = metrics
    }
}
