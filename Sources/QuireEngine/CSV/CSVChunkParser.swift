/// Parses a run of whole records into per-column pieces; one instance is shared by all threads.
///
/// The region handed to ``parse(_:count:fileOffset:)`` starts at a record boundary and ends with
/// a line feed (the reader appends one after a last record without it), so the scanning loops
/// stop at that byte without bounds checks.
struct CSVChunkParser: Sendable {
    let columnNames: [String]
    let delimiter: UInt8
    /// Missing markers as bytes, trimmed of spaces and tabs; the empty marker is kept apart.
    let markers: [[UInt8]]
    let emptyIsMissing: Bool
    /// Columns parsed as text from the first row (type override, or known text from a previous block).
    let textColumns: [Bool]
    /// Columns whose type override is numeric: a value that is not a number is an error.
    let numericOnly: [Bool]
    /// Columns whose fields are scanned but not kept (their piece is nil); empty: none.
    var skipped: [Bool] = []

    private static let lineFeed = CSVByteScan.lineFeed
    private static let carriageReturn = CSVByteScan.carriageReturn
    private static let quote = CSVByteScan.quote

    /// The bytes of a field as found in the text: where it starts, its content, and the byte after it.
    struct Field {
        var start: UnsafePointer<UInt8>
        /// The raw bytes between the quotes, or of the whole unquoted field.
        var raw: UnsafeBufferPointer<UInt8>
        var quoted: Bool
        var hasEscapes: Bool
        /// The byte after the field: a delimiter, CR or LF.
        var next: UnsafePointer<UInt8>
    }

    enum Step: Error {
        case failed(CSVFailure)
    }

    // MARK: Fields

    /// Scans the field at `p`, which ends at a delimiter, CR or LF before `end`.
    func scanField(_ p: UnsafePointer<UInt8>, end: UnsafePointer<UInt8>, fileOffset: Int, base: UnsafePointer<UInt8>)
        throws(Step) -> Field
    {
        let delimiter = self.delimiter
        if p.pointee == Self.quote {
            var q = p + 1
            var hasEscapes = false
            while true {
                guard let hit = memchrPointer(q, Self.quote, end - q) else {
                    throw .failed(
                        CSVFailure(
                            code: .unterminatedQuote, message: "a quoted field is never closed",
                            hint: "add the closing `\"`; a `\"` inside a quoted field is written twice (`\"\"`)",
                            offset: fileOffset + (p - base)))
                }
                if hit + 1 < end, hit[1] == Self.quote {
                    hasEscapes = true
                    q = hit + 2
                    continue
                }
                let after = hit + 1
                let byte = after.pointee
                guard byte == delimiter || byte == Self.lineFeed || byte == Self.carriageReturn else {
                    throw .failed(
                        CSVFailure(
                            code: .textAfterQuote, message: "text after the closing quote of a field",
                            hint: "put the whole field inside the quotes and write a `\"` inside it twice (`\"\"`)",
                            offset: fileOffset + (after - base)))
                }
                return Field(
                    start: p, raw: UnsafeBufferPointer(start: p + 1, count: hit - p - 1), quoted: true,
                    hasEscapes: hasEscapes, next: after)
            }
        }
        var q = p
        while true {
            let byte = q.pointee
            if byte == delimiter || byte == Self.lineFeed || byte == Self.carriageReturn { break }
            if byte == Self.quote {
                throw .failed(
                    CSVFailure(
                        code: .quoteInUnquotedField, message: "a `\"` inside a field that does not start with one",
                        hint: "quote the whole field and write the inner quote twice, e.g. `\"5\"\"6\"` for 5\"6",
                        offset: fileOffset + (q - base)))
            }
            q += 1
        }
        return Field(
            start: p, raw: UnsafeBufferPointer(start: p, count: q - p), quoted: false, hasEscapes: false, next: q)
    }

    /// The field's text with quotes undone.
    @inline(__always)
    func content(of field: Field, scratch: CSVScratch) -> UnsafeBufferPointer<UInt8> {
        // A field with escapes is not empty, so its bytes have an address.
        guard field.hasEscapes, let raw = field.raw.baseAddress else { return field.raw }
        return scratch.unescape(raw, count: field.raw.count)
    }

    /// Whether a field's text is one of the missing markers (after trimming spaces and tabs).
    func isMissing(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        var lower = 0
        var upper = text.count
        while lower < upper, text[lower] == 0x20 || text[lower] == 0x09 { lower += 1 }
        while upper > lower, text[upper - 1] == 0x20 || text[upper - 1] == 0x09 { upper -= 1 }
        let length = upper - lower
        if length == 0 { return emptyIsMissing }
        for marker in markers where marker.count == length {
            var same = true
            for k in 0..<length where marker[k] != text[lower + k] {
                same = false
                break
            }
            if same { return true }
        }
        return false
    }

    /// Checks UTF-8 of a field's raw bytes.
    func validateUTF8(_ field: Field, fileOffset: Int, base: UnsafePointer<UInt8>) throws(Step) {
        // A field with a bad byte is not empty, so its bytes have an address.
        if let bad = UTF8Validation.firstInvalidIndex(field.raw), let raw = field.raw.baseAddress {
            throw .failed(
                CSVFailure(
                    code: .invalidUTF8, message: "the text is not valid UTF-8",
                    hint: "save the file as UTF-8 (e.g. `iconv -f latin1 -t utf-8 in.csv > out.csv`)",
                    offset: fileOffset + (raw + bad - base)))
        }
    }

    /// Skips the line break at `p` (LF or CRLF) and returns the next record's start.
    @inline(__always)
    func skipLineBreak(_ p: UnsafePointer<UInt8>, fileOffset: Int, base: UnsafePointer<UInt8>) throws(Step)
        -> UnsafePointer<UInt8>
    {
        if p.pointee == Self.lineFeed { return p + 1 }
        guard p[1] == Self.lineFeed else {
            throw .failed(
                CSVFailure(
                    code: .strayCarriageReturn, message: "a carriage return that is not followed by a line feed",
                    hint: "use LF or CRLF line endings, and quote a field that contains a carriage return",
                    offset: fileOffset + (p - base)))
        }
        return p + 2
    }

    func raggedFailure(fields: Int, at p: UnsafePointer<UInt8>, fileOffset: Int, base: UnsafePointer<UInt8>) -> Step {
        let expected = columnNames.count
        let many = fields > expected
        let message =
            many
            ? "this row has more than \(expected) field\(expected == 1 ? "" : "s"), like the header"
            : "this row has \(fields) field\(fields == 1 ? "" : "s"), the header has \(expected)"
        let hint =
            many
            ? "remove the extra field, or quote a value that contains `\(Character(Unicode.Scalar(delimiter)))`"
            : "add the missing field\(expected - fields == 1 ? "" : "s") (an empty field is a missing value), e.g. `\(Character(Unicode.Scalar(delimiter)))` at the end of the row"
        return .failed(CSVFailure(code: .raggedRow, message: message, hint: hint, offset: fileOffset + (p - base)))
    }

    // MARK: Records

    /// Parses whole records in `[base, base + count)`.
    ///
    /// - Precondition: `count > 0` and `base[count - 1]` is a line feed.
    /// - Parameter pool: where to take numeric buffers from; pieces from a pool must be released
    ///   (copied out) before the pool's next use.
    func parse(_ base: UnsafePointer<UInt8>, count: Int, fileOffset: Int, pool: CSVPiecePool? = nil) -> CSVChunk {
        let chunk = CSVChunk(range: fileOffset..<(fileOffset + count))
        do {
            try parseRecords(base, count: count, fileOffset: fileOffset, into: chunk, pool: pool)
        } catch {
            if case .failed(let failure) = error { chunk.failure = failure }
            chunk.pieces = []
        }
        return chunk
    }

    private func parseRecords(
        _ base: UnsafePointer<UInt8>, count: Int, fileOffset: Int, into chunk: CSVChunk, pool: CSVPiecePool?
    ) throws(Step) {
        let columnCount = columnNames.count
        let lastColumn = columnCount - 1
        // Every record has at least one byte per column (delimiters and the line break), so this
        // bounds the row count without a counting pass; untouched pages of the bound cost no memory.
        let capacity = count / columnCount + 1
        var pieces: [CSVPiece?] = []
        pieces.reserveCapacity(columnCount)
        let outputs = UnsafeMutablePointer<UnsafeMutablePointer<Double>?>.allocate(capacity: columnCount)
        defer { outputs.deallocate() }
        for column in 0..<columnCount {
            if !skipped.isEmpty, skipped[column] {
                pieces.append(nil)
                outputs[column] = nil
            } else if textColumns[column] {
                pieces.append(.text(CSVTextPiece(capacity: capacity)))
                outputs[column] = nil
            } else {
                let piece = pool?.piece(for: column, capacity: capacity) ?? CSVNumericPiece(capacity: capacity)
                pieces.append(.numeric(piece))
                outputs[column] = piece.values
            }
        }
        let scratch = CSVScratch()
        let delimiter = self.delimiter
        let end = base + count
        var p = base
        var row = 0
        while p < end {
            let first = p.pointee
            if first == Self.lineFeed {
                p += 1
                continue
            }
            if first == Self.carriageReturn, p[1] == Self.lineFeed {
                p += 2
                continue
            }
            var column = 0
            if Self.parsePlainNumbers(
                &p, column: &column, outputs: outputs, row: row, lastColumn: lastColumn, delimiter: delimiter)
            {
                p = try skipLineBreak(p, fileOffset: fileOffset, base: base)
                row += 1
                continue
            }
            while true {
                if let output = outputs[column] {
                    // Fast path: a plain decimal ends right at the field's end.
                    var after = p
                    if DecimalParser.scanFast(&after, into: output + row),
                        after.pointee == delimiter || after.pointee == Self.lineFeed
                            || after.pointee == Self.carriageReturn
                    {
                        p = after
                    } else {
                        let field = try scanField(p, end: end, fileOffset: fileOffset, base: base)
                        let text = content(of: field, scratch: scratch)
                        if isMissing(text) {
                            output[row] = .nan
                        } else if let value = DecimalParser.parse(text) {
                            output[row] = value.isNaN ? .nan : value
                        } else if numericOnly[column] {
                            throw .failed(
                                CSVFailure(
                                    code: .notANumber,
                                    message:
                                        "`\(String(decoding: text.prefix(40), as: UTF8.self))` in column `\(columnNames[column])` is not a number",
                                    hint:
                                        "fix the value, add it to the missing markers, or load the column as categorical",
                                    offset: fileOffset + (field.start - base)))
                        } else {
                            try validateUTF8(field, fileOffset: fileOffset, base: base)
                            // The column holds text: re-read its earlier rows of this chunk as text.
                            let piece = try collectText(
                                column: column, rows: row, base: base, end: end, fileOffset: fileOffset,
                                capacity: capacity)
                            piece.append(text)
                            pieces[column] = .text(piece)
                            outputs[column] = nil
                        }
                        p = field.next
                    }
                } else {
                    let field = try scanField(p, end: end, fileOffset: fileOffset, base: base)
                    // A skipped column has no piece: its field is only stepped over.
                    if case .text(let piece) = pieces[column] {
                        let text = content(of: field, scratch: scratch)
                        if isMissing(text) {
                            piece.appendMissing()
                        } else {
                            try validateUTF8(field, fileOffset: fileOffset, base: base)
                            piece.append(text)
                        }
                    }
                    p = field.next
                }
                if p.pointee == delimiter {
                    if column == lastColumn {
                        throw raggedFailure(fields: columnCount + 1, at: p + 1, fileOffset: fileOffset, base: base)
                    }
                    p += 1
                    column += 1
                    continue
                }
                if column != lastColumn {
                    throw raggedFailure(fields: column + 1, at: p, fileOffset: fileOffset, base: base)
                }
                p = try skipLineBreak(p, fileOffset: fileOffset, base: base)
                break
            }
            row += 1
        }
        chunk.rowCount = row
        chunk.pieces = pieces
    }

    /// The fast path of a record: consecutive numeric columns holding plain decimals.
    ///
    /// Kept out of line so that its loop has the registers to itself. Stops at the first field
    /// that needs more (a text column, a quote, a missing marker, a long number, a ragged row),
    /// with `p` at that field's start and `column` its index, and returns `false`; returns `true`
    /// with `p` at the line break when the whole record was read.
    @inline(never)
    static func parsePlainNumbers(
        _ p: inout UnsafePointer<UInt8>, column: inout Int,
        outputs: UnsafeMutablePointer<UnsafeMutablePointer<Double>?>,
        row: Int, lastColumn: Int, delimiter: UInt8
    ) -> Bool {
        var q = p
        var index = column
        defer {
            p = q
            column = index
        }
        while true {
            guard let output = outputs[index] else { return false }
            var after = q
            guard DecimalParser.scanFast(&after, into: output + row) else { return false }
            let next = after.pointee
            if next == delimiter {
                if index == lastColumn { return false }
                q = after + 1
                index &+= 1
                continue
            }
            guard next == lineFeed || next == carriageReturn, index == lastColumn else { return false }
            q = after
            return true
        }
    }

    /// The first `rows` values of one column in this region, as text.
    private func collectText(
        column target: Int, rows: Int, base: UnsafePointer<UInt8>, end: UnsafePointer<UInt8>, fileOffset: Int,
        capacity: Int
    ) throws(Step) -> CSVTextPiece {
        let piece = CSVTextPiece(capacity: capacity)
        let scratch = CSVScratch()
        var p = base
        var row = 0
        while row < rows {
            let first = p.pointee
            if first == Self.lineFeed {
                p += 1
                continue
            }
            if first == Self.carriageReturn, p[1] == Self.lineFeed {
                p += 2
                continue
            }
            var column = 0
            while true {
                let field = try scanField(p, end: end, fileOffset: fileOffset, base: base)
                if column == target {
                    let text = content(of: field, scratch: scratch)
                    if isMissing(text) { piece.appendMissing() } else { piece.append(text) }
                }
                p = field.next
                if p.pointee == delimiter {
                    p += 1
                    column += 1
                    continue
                }
                p = try skipLineBreak(p, fileOffset: fileOffset, base: base)
                break
            }
            row += 1
        }
        return piece
    }

    // MARK: Header

    /// Parses one record (the header) into strings; the region must end with a line feed.
    func parseHeader(_ base: UnsafePointer<UInt8>, count: Int, fileOffset: Int) throws(Step) -> (
        names: [String], starts: [Int]
    ) {
        let end = base + count
        let scratch = CSVScratch()
        var names: [String] = []
        var starts: [Int] = []
        var p = base
        while true {
            let field = try scanField(p, end: end, fileOffset: fileOffset, base: base)
            try validateUTF8(field, fileOffset: fileOffset, base: base)
            names.append(String(decoding: content(of: field, scratch: scratch), as: UTF8.self))
            starts.append(fileOffset + (field.start - base))
            p = field.next
            if p.pointee == delimiter {
                p += 1
                continue
            }
            _ = try skipLineBreak(p, fileOffset: fileOffset, base: base)
            return (names, starts)
        }
    }
}

/// `memchr` returning a typed pointer.
@inline(__always)
func memchrPointer(_ start: UnsafePointer<UInt8>, _ byte: UInt8, _ count: Int) -> UnsafePointer<UInt8>? {
    guard count > 0, let hit = memchr(start, Int32(byte), count) else { return nil }
    return UnsafePointer(hit.assumingMemoryBound(to: UInt8.self))
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
