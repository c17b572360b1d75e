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

    /// Profiles every column of a frame and sorts its values (columns in parallel); with
    /// `points`, keeps each numeric column as at most that many weighted points
    /// (``DriftColumnProfile/compacted(points:)``).
    ///
    /// - Precondition: `points` is `nil` or at least 1.
    public init(_ frame: Frame, points: Int? = nil) {
        rowCount = frame.rowCount
        // Throws only when the work this runs in is cancelled, whose result is discarded anyway.
        columns = (try? Drift.profiles(of: frame.columns, sorted: true, points: points)) ?? []
    }

    private enum CodingKeys: String, CodingKey { case rowCount, columns }

    /// Decodes a saved reference and checks that it is consistent: each column's profile is valid
    /// (see ``DriftColumnProfile``), names are distinct, and every column describes `rowCount` rows.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        rowCount = try container.decode(Int.self, forKey: .rowCount)
        columns = try container.decode([DriftColumnProfile].self, forKey: .columns)
        guard rowCount >= 0 else {
            throw DecodingError.dataCorruptedError(
                forKey: .rowCount, in: container, debugDescription: "is negative (\(rowCount))")
        }
        var names = Set<String>()
        for column in columns {
            guard names.insert(column.name).inserted else {
                throw DecodingError.dataCorruptedError(
                    forKey: .columns, in: container, debugDescription: "name the column '\(column.name)' twice")
            }
            guard column.rowCount == rowCount else {
                throw DecodingError.dataCorruptedError(
                    forKey: .columns, in: container,
                    debugDescription:
                        "column '\(column.name)' counts \(column.rowCount.map(String.init) ?? "too many") rows, not rowCount \(rowCount)"
                )
            }
        }
    }

    /// The profile of the named column, or `nil`.
    public subscript(name: String) -> DriftColumnProfile? {
        columns.first { $0.name == name }
    }
}
