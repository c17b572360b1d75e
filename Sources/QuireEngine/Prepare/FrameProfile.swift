/// Per-column summaries of a frame: the `profile` operation's table.
public struct FrameProfile: Sendable, Hashable, Codable {
    /// The number of rows.
    public var rowCount: Int
    /// One summary per column, in column order.
    public var columns: [ColumnProfile]
}
