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

    private static func rowBytes(_ frame: Frame, rows: Range<Int>, delimiter: Character, separator: [UInt8])
        -> [UInt8]
    {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(rows.count * frame.columnCount * 12)
        // Each category is quoted once per part, not once per row.
        let texts: [[[UInt8]]] = frame.columns.map { column in
            guard case .categorical(let strings) = column.values else { return [] }
            return strings.categories.map { $0.isEmpty ? [] : Array(quoted($0, delimiter: delimiter).utf8) }
        }
        for row in rows {
            for (index, column) in frame.columns.enumerated() {
                if index > 0 { bytes.append(contentsOf: separator) }
                switch column.values {
                case .numeric(let numbers):
                    let value = numbers[row]
                    if !value.isNaN {
                        var text = value.description
                        text.withUTF8 { bytes.append(contentsOf: $0) }
                    }
                case .categorical(let strings):
                    let code = strings.codes[row]
                    if code >= 0 { bytes.append(contentsOf: texts[index][Int(code)]) }
                case .date(let seconds):
                    let value = seconds[row]
                    if let text = DateText.format(value, dateOnly: DateText.isDateOnly([value])) {
                        bytes.append(contentsOf: text.utf8)
                    }
                }
            }
            bytes.append(0x0A)
        }
        return bytes
    }
}
