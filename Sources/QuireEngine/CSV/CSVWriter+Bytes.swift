extension CSVWriter {
    /// The header line of `names` (quoted as ``text(for:delimiter:missing:)`` quotes them), as
    /// UTF-8 bytes ending in a line feed.
    public static func headerBytes(_ names: [String], delimiter: Character = ",") -> [UInt8] {
        Array((names.map { quoted($0, delimiter: delimiter) }.joined(separator: String(delimiter)) + "\n").utf8)
    }

    /// The rows of `frame` (no header) as UTF-8 CSV lines, for writing a file a batch of rows at a
    /// time: numbers and text exactly as ``text(for:delimiter:missing:)`` writes them (a missing
    /// value empty; the frame needs two columns or more, so an empty string is empty too), a date
    /// in its own form (`YYYY-MM-DD` at midnight, else date and time), since the form of a whole
    /// column is not known while its file is written. Parts of the rows are formatted on up to
    /// `threads` threads; the bytes do not depend on it.
    public static func rowBytes(_ frame: Frame, delimiter: Character = ",", threads: Int = 1) -> [UInt8] {
        let ranges = Parallel.chunks(frame.rowCount, size: 2048)
        let separator = Array(String(delimiter).utf8)
        let parts =
            (try? Parallel.map(ranges.count, threads: max(1, threads)) { index in
                rowBytes(frame, rows: ranges[index], delimiter: delimiter, separator: separator)
            }) ?? ranges.map { rowBytes(frame, rows: $0, delimiter: delimiter, separator: separator) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(parts.reduce(0) { $0 + $1.count })
        for part in parts { bytes.append(contentsOf: part) }
        return bytes
    }

    /// Rows `rows` of `frame`, formatted a column at a time into one buffer (each column's values
    /// read from its own array in a tight loop), then joined row by row.
    private static func rowBytes(_ frame: Frame, rows: Range<Int>, delimiter: Character, separator: [UInt8])
        -> [UInt8]
    {
        let count = rows.count
        let columns = frame.columnCount
        guard count > 0, columns > 0 else { return [] }
        var fields: [UInt8] = []
        fields.reserveCapacity(count * columns * 12)
        // ends[c * count + i]: where field i of column c ends in `fields`.
        var ends = [Int](repeating: 0, count: count * columns)
        for (c, column) in frame.columns.enumerated() {
            let base = c * count
            switch column.values {
            case .numeric(let numbers):
                for (i, row) in rows.enumerated() {
                    let value = numbers[row]
                    if !value.isNaN {
                        var text = value.description
                        text.withUTF8 { fields.append(contentsOf: $0) }
                    }
                    ends[base + i] = fields.count
                }
            case .categorical(let strings):
                // Each category is quoted once per part, not once per row.
                let texts = strings.categories.map {
                    $0.isEmpty ? [] : Array(quoted($0, delimiter: delimiter).utf8)
                }
                for (i, row) in rows.enumerated() {
                    let code = strings.codes[row]
                    if code >= 0 { fields.append(contentsOf: texts[Int(code)]) }
                    ends[base + i] = fields.count
                }
            case .date(let seconds):
                for (i, row) in rows.enumerated() {
                    let value = seconds[row]
                    if let text = DateText.format(value, dateOnly: DateText.isDateOnly([value])) {
                        fields.append(contentsOf: text.utf8)
                    }
                    ends[base + i] = fields.count
                }
            }
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(fields.count + count * columns * separator.count + count)
        fields.withUnsafeBufferPointer { fields in
            ends.withUnsafeBufferPointer { ends in
                var starts = [Int](repeating: 0, count: columns)
                for c in 0..<columns where c > 0 { starts[c] = ends[c * count - 1] }
                for i in 0..<count {
                    for c in 0..<columns {
                        if c > 0 { bytes.append(contentsOf: separator) }
                        let end = ends[c * count + i]
                        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: fields[starts[c]..<end]))
                        starts[c] = end
                    }
                    bytes.append(0x0A)
                }
            }
        }
        return bytes
    }
}
