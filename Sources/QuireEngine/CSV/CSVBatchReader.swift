/// Reads a CSV file a block of rows at a time, the columns asked for with the kinds given: for
/// scoring files of any size in constant memory (`quire score`).
///
/// Each block (``CSVOptions/blockSize`` bytes, grown for a longer record) is cut at record
/// boundaries and parsed in parallel as ``CSVReader`` does; ``next()`` gives its rows as a frame
/// of the wanted columns, in the order asked for, and keeps nothing of it. Other columns of the
/// file are stepped over. Values follow the reader's rules for a type override: a numeric
/// column's value that is not a number, or a date column's that is not a date, is an error at
/// its line and column.
///
/// ```swift
/// let reader = try CSVBatchReader(path: "data.csv", columns: model.inputs.map { ($0.name, $0.kind) })
/// while let batch = try reader.next() { … }
/// ```
public final class CSVBatchReader {
    private let load: CSVLoad
    private let header: CSVLoad.Header
    /// The file's column index of each wanted column.
    private let indices: [Int]
    private let kinds: [ColumnKind]
    private let wanted: [String]
    private let parser: CSVChunkParser
    /// Where each parsed part of the file is, for ``location(row:column:)``: its bytes, its
    /// first row (0-based, over the whole file) and its row count.
    private var parts: [(range: Range<Int>, firstRow: Int, rows: Int)] = []
    /// Rows read so far.
    public private(set) var rowsRead = 0

    /// The file's column names, as its header gives them.
    public var fileColumns: [String] { header.names }

    /// Opens `path` and reads its header.
    ///
    /// - Parameters:
    ///   - path: the CSV file; errors name it as given.
    ///   - columns: the columns to read, with their kinds, in the order the frames hold them.
    ///   - options: delimiter, missing markers, threads, block size (its type overrides are
    ///     ignored: `columns` gives them).
    /// - Throws: ``CSVError``: the file cannot be opened or its header read, or it lacks a
    ///   column (`unknownTypeOverride`, with a "did you mean" hint, at line 1).
    public init(path: String, columns: [(name: String, kind: ColumnKind)], options: CSVOptions = CSVOptions()) throws {
        let source: CSVFileSource
        do {
            source = try CSVFileSource(path: path)
        } catch {
            throw CSVError(
                code: .io, message: error.failure.message, hint: error.failure.hint, file: path, line: 1, column: 1)
        }
        var options = options
        options.types = [:]
        options.dates = [:]
        load = CSVLoad(source: source, name: path, options: options)
        header = try load.readHeader()
        var indices: [Int] = []
        for column in columns {
            guard let index = header.names.firstIndex(of: column.name) else {
                throw CSVError(
                    code: .unknownTypeOverride,
                    message: "the file has no column `\(column.name)`, which the model reads",
                    hint: Suggestions.hint(for: column.name, among: header.names),
                    file: path, line: 1, column: 1)
            }
            indices.append(index)
        }
        self.indices = indices
        kinds = columns.map(\.kind)
        wanted = columns.map(\.name)
        var text = [Bool](repeating: false, count: header.names.count)
        var numeric = [Bool](repeating: false, count: header.names.count)
        var skipped = [Bool](repeating: true, count: header.names.count)
        for (index, kind) in zip(indices, kinds) {
            skipped[index] = false
            if kind == .numeric { numeric[index] = true } else { text[index] = true }
        }
        var parser = CSVChunkParser(
            columnNames: header.names, delimiter: header.delimiter, markers: header.markers,
            emptyIsMissing: header.emptyIsMissing, textColumns: text, numericOnly: numeric)
        parser.skipped = skipped
        self.parser = parser
    }

    /// The next block's rows (at least one), or nil at the end of the file.
    ///
    /// - Throws: ``CSVError`` at the line and column of the first bad value or record.
    public func next() throws -> Frame? {
        let load = self.load
        var regionEnd: Int
        var regionLength: Int
        while true {
            try load.fill()
            if load.filled == 0 { return nil }
            if load.atEnd {
                regionEnd = load.filled
                regionLength = load.filled
                if load.buffer[load.filled - 1] != CSVByteScan.lineFeed {
                    load.buffer[load.filled] = CSVByteScan.lineFeed
                    regionLength += 1
                }
                break
            }
            if let end = CSVByteScan.endOfLastRecord(load.buffer, count: load.filled) {
                regionEnd = end
                regionLength = end
                break
            }
            if load.filled == load.capacity { load.grow() }
        }
        let threads = max(1, load.options.threads)
        let split = CSVByteScan.split(load.buffer, count: regionLength, parts: threads > 1 ? threads * 4 : 1)
        let chunks = try load.parse(split, parser: parser, base: load.buffer, fileOffset: load.bufferOffset)
        var rows = 0
        for chunk in chunks {
            if let failure = chunk.failure { throw load.error(failure) }
            parts.append((chunk.range, rowsRead + rows, chunk.rowCount))
            rows += chunk.rowCount
        }
        var columns: [Column] = []
        columns.reserveCapacity(wanted.count)
        for (position, index) in indices.enumerated() {
            let name = wanted[position]
            switch kinds[position] {
            case .numeric:
                var values: [Double] = []
                values.reserveCapacity(rows)
                for chunk in chunks {
                    guard case .numeric(let piece) = chunk.pieces[index] else {
                        preconditionFailure("a numeric-only column without a numeric piece")
                    }
                    values.append(contentsOf: UnsafeBufferPointer(start: piece.values, count: chunk.rowCount))
                }
                columns.append(Column(name: name, values: .numeric(values)))
            case .categorical:
                columns.append(Column(name: name, values: .categorical(CSVChunk.text(index, of: chunks, rows: rows))))
            case .date:
                columns.append(Column(name: name, values: .date(try dates(index, name: name, chunks: chunks))))
            }
        }
        rowsRead += rows
        load.consume(regionEnd)
        return Frame(unchecked: columns, rowCount: rows)
    }

    /// A date column's values (seconds), each distinct text converted once per chunk.
    private func dates(_ index: Int, name: String, chunks: [CSVChunk]) throws -> [Double] {
        var seconds: [Double] = []
        var firstRow = rowsRead
        for chunk in chunks {
            guard case .text(let piece) = chunk.pieces[index] else {
                preconditionFailure("a date column without a text piece")
            }
            var values = [Double](repeating: .nan, count: piece.categories.count)
            for (code, category) in piece.categories.enumerated() {
                guard let value = DateText.parse(category) else {
                    let row = piece.codes.firstIndex(of: Int32(code)) ?? 0
                    let offset = try load.fieldOffset(chunk, row: row, column: index, parser: parser)
                    throw load.error(
                        CSVFailure(
                            code: .notADate,
                            message:
                                "row \(firstRow + row + 1): `\(category.prefix(40))` in column `\(name)` is not a date (ISO 8601)",
                            hint:
                                "write dates as 2024-01-31 or 2024-01-31T08:30:00, or leave the field empty (missing)",
                            offset: offset))
                }
                values[code] = value
            }
            for code in piece.codes { seconds.append(code < 0 ? .nan : values[Int(code)]) }
            firstRow += chunk.rowCount
        }
        return seconds
    }

    /// The 1-based line and column in the file of row `row` (0-based over the whole file) and
    /// the wanted column `column` (its first field when nil), for a row already read.
    public func location(row: Int, column: String?) -> (line: Int, column: Int)? {
        guard let part = parts.last(where: { $0.firstRow <= row && row < $0.firstRow + $0.rows }) else { return nil }
        let fileColumn = column.flatMap { name in wanted.firstIndex(of: name).map { indices[$0] } } ?? 0
        let chunk = CSVChunk(range: part.range)
        guard let offset = try? load.fieldOffset(chunk, row: row - part.firstRow, column: fileColumn, parser: parser)
        else { return nil }
        return CSVLocator.locate(offset, in: load.source)
    }
}
