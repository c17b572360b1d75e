/// A value that failed an expectation, with its 0-based row index.
public struct FailingExample: Sendable, Codable, Equatable {
    /// The row index (0-based).
    public var row: Int
    /// The value as text (`null` for a missing value).
    public var value: String

    /// Creates an example.
    public init(row: Int, value: String) {
        self.row = row
        self.value = value
    }
}
