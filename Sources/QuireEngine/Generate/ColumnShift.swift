/// A change applied to one numeric column, to fake drift: `x × scale + shift`.
public struct ColumnShift: Sendable, Hashable, Codable {
    /// The column to change.
    public var column: String
    /// Added after scaling. Default 0.
    public var shift: Double
    /// Multiplies the value first. Default 1.
    public var scale: Double

    /// Creates a shift.
    public init(column: String, shift: Double = 0, scale: Double = 1) {
        self.column = column
        self.shift = shift
        self.scale = scale
    }
}
