/// A saved reference for drift testing, so that a large reference need not be re-read.
///
/// It keeps one ``DriftColumnProfile`` per column: for numbers every finite value, sorted (the
/// sorting is the expensive part of a comparison and is done once), for categories their counts.
/// ``Drift/compare(reference:current:options:)`` with a reference profile gives exactly the same
/// result as with the reference frame.
public struct DriftReference: Sendable, Codable, Equatable {
    /// The number of rows of the reference frame.
    public var rowCount: Int
    /// One profile per column, in the frame's order.
    public var columns: [DriftColumnProfile]

    /// Profiles every column of a frame and sorts its values (columns in parallel).
    public init(_ frame: Frame) {
        rowCount = frame.rowCount
        columns = Drift.profiles(of: frame.columns, sorted: true)
    }

    /// The profile of the named column, or `nil`.
    public subscript(name: String) -> DriftColumnProfile? {
        columns.first { $0.name == name }
    }
}
