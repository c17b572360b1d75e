/// Numeric piece buffers kept from one block to the next for one parser lane, so that a long
/// file does not allocate (and the kernel does not zero) fresh pages for every block.
///
/// `@unchecked Sendable`: a pool belongs to one parser lane; a parallel parse hands each part
/// its own pool (``CSVLoad/parse(_:parser:base:fileOffset:)``), so no two threads use one at once.
final class CSVPiecePool: @unchecked Sendable {
    private var pieces: [CSVNumericPiece?] = []

    /// A piece for `column` with room for `capacity` values: the previous one when large enough.
    func piece(for column: Int, capacity: Int) -> CSVNumericPiece {
        if pieces.count <= column { pieces += [CSVNumericPiece?](repeating: nil, count: column + 1 - pieces.count) }
        if let piece = pieces[column], piece.capacity >= capacity { return piece }
        let piece = CSVNumericPiece(capacity: capacity)
        pieces[column] = piece
        return piece
    }
}
