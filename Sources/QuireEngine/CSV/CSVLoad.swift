import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The state of one read.
final class CSVLoad {
    let source: any CSVByteSource
    let name: String
    let options: CSVOptions
    var buffer: UnsafeMutablePointer<UInt8>
    var capacity: Int
    /// File offset of `buffer[0]`.
    var bufferOffset = 0
    /// Valid bytes in the buffer.
    var filled = 0
    /// Bytes after the last valid one: one for a final line feed, and eight more that the SWAR
    /// digit scan may read past the end of a field.
    static let padding = 16

    init(source: any CSVByteSource, name: String, options: CSVOptions) {
        self.source = source
        self.name = name
        self.options = options
        // No bigger than the source: a sample of a few kilobytes (what `check` reads) then does not
        // allocate and clear a whole block.
        capacity = max(64, min(options.blockSize, source.size))
        buffer = .allocate(capacity: capacity + CSVLoad.padding)
        buffer.initialize(repeating: 0, count: capacity + CSVLoad.padding)
    }

    deinit { buffer.deallocate() }

    /// Set when a read returned fewer bytes than the file's size promised.
    var exhausted = false
    var atEnd: Bool { exhausted || bufferOffset + filled >= source.size }

    func error(_ failure: CSVFailure) -> CSVError {
        let (line, column) = CSVLocator.locate(failure.offset, in: source)
        return CSVError(
            code: failure.code, message: failure.message, hint: failure.hint, file: name, line: line, column: column)
    }

    /// Reads more bytes after the valid ones.
    func fill() throws {
        guard filled < capacity, !atEnd else { return }
        let want = min(capacity - filled, source.size - (bufferOffset + filled))
        let lanes = want >= 1 << 20 && options.threads > 1 ? options.threads * 2 : 1
        // Large reads are split among the threads: copying from the page cache is a visible
        // share of a load, and it would otherwise run on one core while the others wait.
        let share = (want + lanes - 1) / lanes
        let results = UnsafeMutableBufferPointer<(Int, CSVFailure?)>.allocate(capacity: lanes)
        results.initialize(repeating: (0, nil))
        defer {
            results.deinitialize()
            results.deallocate()
        }
        let shared = SendableBox((buffer + filled, results, source))
        let start = bufferOffset + filled
        try Parallel.dynamic(lanes, threads: options.threads) { lane in
            let (target, results, source) = shared.value
            let lower = lane * share
            let count = max(0, min(share, want - lower))
            do throws(CSVFailureBox) {
                let n = try source.read(
                    into: UnsafeMutableRawBufferPointer(start: target + lower, count: count), at: start + lower)
                results[lane] = (n, nil)
            } catch {
                results[lane] = (0, error.failure)
            }
        }
        for lane in 0..<lanes {
            if let failure = results[lane].1 { throw self.error(failure) }
            let expected = max(0, min(share, want - lane * share))
            filled += results[lane].0
            // A short read (the file shrank while being read) ends the data at that point.
            if results[lane].0 < expected {
                exhausted = true
                break
            }
        }
    }

    /// Doubles the buffer, for a record longer than a block.
    func grow() {
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2 + CSVLoad.padding)
        bigger.initialize(repeating: 0, count: capacity * 2 + CSVLoad.padding)
        bigger.update(from: buffer, count: filled)
        buffer.deallocate()
        buffer = bigger
        capacity *= 2
    }

    /// Drops the first `count` valid bytes.
    func consume(_ count: Int) {
        if count < filled { (buffer).update(from: buffer + count, count: filled - count) }
        filled -= count
        bufferOffset += count
    }

    /// What the header gives the rest of a read.
    struct Header {
        var delimiter: UInt8
        var names: [String]
        var markers: [[UInt8]]
        var emptyIsMissing: Bool
    }

    /// Reads the header (skipping a byte-order mark and blank lines before it) and checks its
    /// names, leaving the buffer at the first record.
    func readHeader() throws -> Header {
        let delimiter = try delimiterByte()
        try fill()
        // A UTF-8 byte-order mark is not part of the first name.
        if filled >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { consume(3) }
        // Blank lines before the header are skipped, as pandas does.
        while true {
            if filled == 0 && !atEnd { try fill() }
            if filled >= 1, buffer[0] == CSVByteScan.lineFeed {
                consume(1)
            } else if filled >= 2, buffer[0] == CSVByteScan.carriageReturn, buffer[1] == CSVByteScan.lineFeed {
                consume(2)
            } else {
                break
            }
        }
        if filled == 0 {
            throw CSVError(
                code: .emptyFile, message: "the file is empty",
                hint: "a CSV file starts with a header row of column names, e.g. `a,b,c`",
                file: name, line: 1, column: 1)
        }
        let markers = options.missingMarkers.filter { !$0.isEmpty }.map {
            Array($0.trimmingCharacters(in: CharacterSet(charactersIn: " \t")).utf8)
        }
        let emptyIsMissing = options.missingMarkers.contains {
            $0.trimmingCharacters(in: CharacterSet(charactersIn: " \t")).isEmpty
        }

        // Header: the first record, however long.
        var headerEnd: Int
        while true {
            headerEnd = CSVByteScan.nextRecordBoundary(buffer, count: filled, from: 0, quotesBefore: 0)
            if headerEnd < filled || buffer[filled - 1] == CSVByteScan.lineFeed || atEnd { break }
            if filled == capacity { grow() }
            try fill()
        }
        var headerLength = headerEnd
        if buffer[headerEnd - 1] != CSVByteScan.lineFeed {
            buffer[headerEnd] = CSVByteScan.lineFeed  // the file is only a header without a line break
            headerLength += 1
        }
        let headerParser = CSVChunkParser(
            columnNames: [], delimiter: delimiter, markers: markers, emptyIsMissing: emptyIsMissing, textColumns: [],
            numericOnly: [])
        var names: [String]
        let starts: [Int]
        do {
            (names, starts) = try headerParser.parseHeader(buffer, count: headerLength, fileOffset: bufferOffset)
        } catch {
            switch error {
            case .failed(let failure): throw self.error(failure)
            }
        }
        var firstIndex: [String: Int] = [:]
        for (index, header) in names.enumerated() {
            if header.isEmpty { names[index] = "column_\(index + 1)" }
            if let earlier = firstIndex[names[index]] {
                throw self.error(
                    CSVFailure(
                        code: .duplicateColumn,
                        message: "column name `\(names[index])` is used twice (fields \(earlier + 1) and \(index + 1))",
                        hint: "rename one of them in the header; expressions and steps refer to columns by name",
                        offset: starts[index]))
            }
            firstIndex[names[index]] = index
        }
        for column in (options.types.keys.sorted() + options.dates.keys.sorted()) where firstIndex[column] == nil {
            throw CSVError(
                code: .unknownTypeOverride,
                message: "a type is given for `\(column)`, which is not a column of the file",
                hint: Suggestions.hint(for: column, among: names), file: name, line: 1, column: 1)
        }
        consume(headerEnd)
        return Header(delimiter: delimiter, names: names, markers: markers, emptyIsMissing: emptyIsMissing)
    }

    func run() throws -> Frame {
        let header = try readHeader()
        let (delimiter, names, markers, emptyIsMissing) = (
            header.delimiter, header.names, header.markers, header.emptyIsMissing
        )
        // Date columns with an override read as text first and become dates when assembled.
        var textColumns = names.map {
            options.types[$0] == .categorical || options.types[$0] == .date || options.dates[$0] != nil
        }
        let numericOnly = names.map { options.types[$0] == .numeric }
        var chunks: [CSVChunk] = []
        var numbers = [[Double]](repeating: [], count: names.count)
        var rowCount = 0
        let dataStart = bufferOffset
        let threads = max(1, options.threads)
        // Rows counted as read; the share done is the share of the file's bytes parsed.
        let progress = EngineWork.beginProgress(
            "reading " + (name as NSString).lastPathComponent, unit: "rows", total: nil,
            work: max(0, source.size - dataStart))
        defer { progress?.end() }
        while true {
            try EngineWork.checkCancellation()
            try fill()
            if filled == 0 { break }
            var regionEnd: Int
            var regionLength: Int
            if atEnd {
                regionEnd = filled
                regionLength = filled
                if buffer[filled - 1] != CSVByteScan.lineFeed {
                    buffer[filled] = CSVByteScan.lineFeed
                    regionLength += 1
                }
            } else if let end = CSVByteScan.endOfLastRecord(buffer, count: filled) {
                regionEnd = end
                regionLength = end
            } else {
                if filled == capacity { grow() }
                continue
            }
            let parser = CSVChunkParser(
                columnNames: names, delimiter: delimiter, markers: markers, emptyIsMissing: emptyIsMissing,
                textColumns: textColumns, numericOnly: numericOnly)
            // More parts than threads, handed out as threads free up: a thread slowed by another
            // process on a shared machine then does fewer parts instead of holding up the block.
            let parts = CSVByteScan.split(buffer, count: regionLength, parts: threads > 1 ? threads * 4 : 1)
            let parsed = try parse(parts, parser: parser, base: buffer, fileOffset: bufferOffset)
            for chunk in parsed {
                if let failure = chunk.failure { throw error(failure) }
                for (column, piece) in chunk.pieces.enumerated() {
                    if case .text = piece, !textColumns[column] {
                        textColumns[column] = true
                        numbers[column] = []  // earlier chunks are re-read as text at the end
                    }
                }
            }
            let blockRows = parsed.reduce(0) { $0 + $1.rowCount }
            if chunks.isEmpty {
                // Reserve the final columns once, from the first block's bytes per row.
                let expected =
                    atEnd
                    ? blockRows
                    : Int(Double(blockRows) * Double(source.size - dataStart) / Double(max(1, regionEnd)) * 1.02) + 64
                for column in names.indices where !textColumns[column] { numbers[column].reserveCapacity(expected) }
            }
            // Numbers go straight into the final columns (columns split among the threads); a
            // released piece marks "was numeric".
            let stillNumeric = textColumns.map { !$0 }
            try numbers.withUnsafeMutableBufferPointer { finals in
                let shared = SendableBox(finals)
                let pieces = SendableBox(parsed)
                let append: @Sendable (Int) -> Void = { column in
                    guard stillNumeric[column] else { return }
                    let finals = shared.value
                    for chunk in pieces.value {
                        guard case .numeric(let piece) = chunk.pieces[column] else { continue }
                        finals[column].append(
                            contentsOf: UnsafeBufferPointer(start: piece.values, count: chunk.rowCount))
                    }
                }
                try Parallel.dynamic(names.count, threads: threads, append)
            }
            for chunk in parsed {
                for column in names.indices {
                    if case .numeric = chunk.pieces[column] { chunk.pieces[column] = nil }
                }
            }
            rowCount += blockRows
            chunks.append(contentsOf: parsed)
            consume(regionEnd)
            progress?.advance(by: blockRows, work: regionEnd)
        }
        let frame = try assemble(
            chunks, names: names, numbers: numbers, rowCount: rowCount, textColumns: textColumns,
            parserFor: { columns in
                CSVChunkParser(
                    columnNames: names, delimiter: delimiter, markers: markers, emptyIsMissing: emptyIsMissing,
                    textColumns: columns, numericOnly: numericOnly)
            })
        progress?.complete()
        return frame
    }

    func delimiterByte() throws -> UInt8 {
        let scalars = options.delimiter.unicodeScalars
        guard scalars.count == 1, let scalar = scalars.first, scalar.isASCII,
            ![0x22, 0x0A, 0x0D].contains(scalar.value)
        else {
            throw CSVError(
                code: .invalidOptions, message: "the delimiter `\(options.delimiter)` cannot be used",
                hint: "use one ASCII character other than a quote or a line break, e.g. `,` `;` or a tab", file: name,
                line: 1, column: 1)
        }
        return UInt8(scalar.value)
    }

    /// Buffer pools, one per parser lane.
    var pools: [CSVPiecePool] = []

    func pool(_ lane: Int) -> CSVPiecePool {
        while pools.count <= lane { pools.append(CSVPiecePool()) }
        return pools[lane]
    }

    /// Parses the parts of one block, in parallel when there are several.
    func parse(_ parts: [Range<Int>], parser: CSVChunkParser, base: UnsafeMutablePointer<UInt8>, fileOffset: Int)
        throws -> [CSVChunk]
    {
        let limit = fileOffset + filled  // a final line feed added by the reader is not in the file
        if parts.count == 1 {
            let chunk = parser.parse(base, count: parts[0].count, fileOffset: fileOffset, pool: pool(0))
            return [clamp(chunk, to: limit)]
        }
        let results = UnsafeMutableBufferPointer<CSVChunk?>.allocate(capacity: parts.count)
        results.initialize(repeating: nil)
        defer {
            results.deinitialize()
            results.deallocate()
        }
        let pools = (0..<parts.count).map(pool)
        let shared = SendableBox((base, results))
        try Parallel.dynamic(parts.count, threads: options.threads) { index in
            let (base, results) = shared.value
            let part = parts[index]
            results[index] = parser.parse(
                base + part.lowerBound, count: part.count, fileOffset: fileOffset + part.lowerBound, pool: pools[index])
        }
        return results.compactMap { $0.map { clamp($0, to: limit) } }  // every slot was filled above
    }

    private func clamp(_ chunk: CSVChunk, to limit: Int) -> CSVChunk {
        guard chunk.range.upperBound > limit else { return chunk }
        let clamped = CSVChunk(range: chunk.range.lowerBound..<limit)
        clamped.rowCount = chunk.rowCount
        clamped.pieces = chunk.pieces
        clamped.failure = chunk.failure
        return clamped
    }

    /// Builds the columns: numbers were appended while reading; text columns join their chunk
    /// pieces, re-reading as text the chunks parsed while the column still looked numeric.
    func assemble(
        _ chunks: [CSVChunk], names: [String], numbers: [[Double]], rowCount: Int, textColumns: [Bool],
        parserFor: ([Bool]) -> CSVChunkParser
    ) throws -> Frame {
        for chunk in chunks {
            try EngineWork.checkCancellation()
            var redo = [Bool](repeating: false, count: names.count)
            var any = false
            for column in names.indices where textColumns[column] && chunk.pieces[column] == nil {
                redo[column] = true
                any = true
            }
            guard any else { continue }
            let (bytes, count) = try reread(chunk)
            defer { bytes.deallocate() }
            let again = parserFor(redo).parse(bytes, count: count, fileOffset: chunk.range.lowerBound)
            if let failure = again.failure { throw error(failure) }
            for column in redo.indices where redo[column] { chunk.pieces[column] = again.pieces[column] }
        }
        var columns: [Column] = []
        columns.reserveCapacity(names.count)
        for (index, name) in names.enumerated() {
            guard textColumns[index] else {
                columns.append(Column(name: name, values: .numeric(numbers[index])))
                continue
            }
            if let seconds = try dateColumn(index, name: name, chunks: chunks, rowCount: rowCount, parserFor: parserFor)
            {
                for chunk in chunks { chunk.pieces[index] = nil }
                columns.append(Column(name: name, values: .date(seconds)))
                continue
            }
            let values = CSVChunk.text(index, of: chunks, rows: rowCount, releasing: true)
            columns.append(Column(name: name, values: .categorical(values)))
        }
        return Frame(unchecked: columns, rowCount: rowCount)
    }

    /// The column as dates when it should be (a `date` type or a format is given, or it is not
    /// forced to text and every present value is an ISO 8601 date), read from the chunks' text
    /// pieces one distinct value per chunk at a time; `nil` to keep it as text.
    ///
    /// - Throws: ``CSVError`` `notADate` at the first value that does not convert when the
    ///   column must be dates.
    func dateColumn(
        _ index: Int, name: String, chunks: [CSVChunk], rowCount: Int, parserFor: ([Bool]) -> CSVChunkParser
    )
        throws -> [Double]?
    {
        let pattern = options.dates[name]
        let forced = pattern != nil || options.types[name] == .date
        if !forced && options.types[name] != nil { return nil }
        var seconds = [Double]()
        seconds.reserveCapacity(rowCount)
        var firstRow = 0
        for chunk in chunks {
            guard case .text(let piece) = chunk.pieces[index] else {
                preconditionFailure("text column \(name) lacks a text piece")
            }
            var values = [Double](repeating: .nan, count: piece.categories.count)
            for (code, category) in piece.categories.enumerated() {
                var text = category
                let value = text.withUTF8 { bytes in pattern.map { $0.parse(bytes) } ?? DateText.parse(bytes) }
                guard let value else {
                    guard forced else { return nil }
                    let row = piece.codes.firstIndex(of: Int32(code)) ?? 0
                    let offset = try fieldOffset(chunk, row: row, column: index, parser: parserFor([]))
                    throw error(
                        CSVFailure(
                            code: .notADate,
                            message:
                                "row \(firstRow + row + 1): `\(category.prefix(40))` in column `\(name)` is not a date"
                                + (pattern.map { " in the format `\($0.text)`" } ?? " (ISO 8601)"),
                            hint: pattern == nil
                                ? "write dates as 2024-01-31 or 2024-01-31T08:30:00, give the column's format in dates:, or add the value to the missing markers"
                                : "fix the value, add it to the missing markers, or change the format",
                            offset: offset))
                }
                values[code] = value
            }
            for code in piece.codes { seconds.append(code < 0 ? .nan : values[Int(code)]) }
            firstRow += chunk.rowCount
        }
        return seconds
    }

    /// A chunk's bytes read from the file again, padded and ending in a line feed (as the first
    /// pass parsed them), and how many there are; the caller deallocates them.
    private func reread(_ chunk: CSVChunk) throws -> (bytes: UnsafeMutablePointer<UInt8>, count: Int) {
        let length = chunk.range.count
        let bytes = UnsafeMutablePointer<UInt8>.allocate(capacity: length + CSVLoad.padding)
        bytes.initialize(repeating: 0, count: length + CSVLoad.padding)
        var count: Int
        do {
            count = try source.read(
                into: UnsafeMutableRawBufferPointer(start: bytes, count: length), at: chunk.range.lowerBound)
        } catch {
            bytes.deallocate()
            throw self.error(error.failure)
        }
        if count == 0 || bytes[count - 1] != CSVByteScan.lineFeed {
            bytes[count] = CSVByteScan.lineFeed
            count += 1
        }
        return (bytes, count)
    }

    /// The file offset of a field, found by scanning its chunk's records again.
    func fieldOffset(_ chunk: CSVChunk, row target: Int, column target2: Int, parser: CSVChunkParser) throws
        -> Int
    {
        let (bytes, count) = try reread(chunk)
        defer { bytes.deallocate() }
        let base = UnsafePointer(bytes)
        let end = base + count
        var p = base
        var row = 0
        do {
            while p < end {
                if p.pointee == CSVByteScan.lineFeed {
                    p += 1
                    continue
                }
                if p.pointee == CSVByteScan.carriageReturn, p[1] == CSVByteScan.lineFeed {
                    p += 2
                    continue
                }
                var column = 0
                while true {
                    let field = try parser.scanField(p, end: end, fileOffset: chunk.range.lowerBound, base: base)
                    if row == target && column == target2 { return chunk.range.lowerBound + (field.start - base) }
                    p = field.next
                    if p.pointee == parser.delimiter {
                        p += 1
                        column += 1
                        continue
                    }
                    p = try parser.skipLineBreak(p, fileOffset: chunk.range.lowerBound, base: base)
                    break
                }
                row += 1
            }
        } catch {
            switch error {
            case .failed(let failure): throw self.error(failure)
            }
        }
        return chunk.range.lowerBound
    }
}
