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

extension CSVChunk {
    /// Text column `index` over `chunks` (in order) as one categorical column: each chunk's
    /// categories remapped into one list, in order of first appearance. With `releasing`, each
    /// chunk's piece is dropped once read, so the file's text is not held twice.
    static func text(_ index: Int, of chunks: [CSVChunk], rows: Int, releasing: Bool = false) -> CategoricalValues {
        var lookup: [String: Int32] = [:]
        var categories: [String] = []
        var codes: [Int32] = []
        codes.reserveCapacity(rows)
        for chunk in chunks {
            guard case .text(let piece) = chunk.pieces[index] else {
                preconditionFailure("text column \(index) lacks a text piece")
            }
            let remap = piece.categories.map { category -> Int32 in
                if let code = lookup[category] { return code }
                let code = Int32(categories.count)
                lookup[category] = code
                categories.append(category)
                return code
            }
            for code in piece.codes { codes.append(code < 0 ? code : remap[Int(code)]) }
            if releasing { chunk.pieces[index] = nil }
        }
        return CategoricalValues(codes: codes, categories: categories)
    }
}
