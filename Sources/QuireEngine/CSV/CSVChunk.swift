/// The parse of a run of whole records: per-column pieces, or the first failure.
///
/// `@unchecked Sendable`: a chunk is filled by the one thread that parses its part, and read by
/// the loading thread only after the parallel parse has returned.
final class CSVChunk: @unchecked Sendable {
    /// File offsets of the chunk's bytes, for re-reading it.
    let range: Range<Int>
    var rowCount = 0
    var pieces: [CSVPiece?] = []
    var failure: CSVFailure?

    init(range: Range<Int>) {
        self.range = range
    }
}
