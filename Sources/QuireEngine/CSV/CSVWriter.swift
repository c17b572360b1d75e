import Foundation

/// Writes frames as RFC 4180 CSV that ``CSVReader`` reads back to the same frame.
///
/// Numbers use Swift's shortest round-trip formatting (`0.1`, `-0.0`, `inf`, `1e-300`); dates
/// use ISO 8601 in their column's form (``DateText``), which the reader infers back as dates; a
/// missing value is an empty field. A string is quoted when it contains the delimiter, a quote, CR or LF,
/// or starts or ends with a space or tab. As with pandas, an empty string or one equal to a
/// missing marker reads back as missing, and a text column whose values all look like numbers
/// reads back as numeric unless the reader is given a type override.
public enum CSVWriter {
    /// The frame as CSV text with a header row and LF line ends; a missing value is written as
    /// `missing` (empty by default). In a one-column frame an empty field is written `""`, since
    /// the reader skips blank lines.
    public static func text(for frame: Frame, delimiter: Character = ",", missing: String = "") -> String {
        let empty = frame.columnCount == 1 ? "\"\"" : ""
        let missing = missing.isEmpty ? empty : missing
        // Dates print in their column's form (all midnight: `YYYY-MM-DD`), decided once per column.
        let dateOnly = frame.columns.map { $0.dates.map(DateText.isDateOnly) ?? false }
        var output =
            frame.columnNames.map { quoted($0, delimiter: delimiter) }.joined(separator: String(delimiter)) + "\n"
        for row in 0..<frame.rowCount {
            var fields: [String] = []
            fields.reserveCapacity(frame.columnCount)
            for (index, column) in frame.columns.enumerated() {
                switch column.values {
                case .numeric(let numbers):
                    fields.append(numbers[row].isNaN ? missing : "\(numbers[row])")
                case .categorical(let strings):
                    fields.append(strings[row].map { $0.isEmpty ? empty : quoted($0, delimiter: delimiter) } ?? missing)
                case .date(let seconds):
                    fields.append(DateText.format(seconds[row], dateOnly: dateOnly[index]) ?? missing)
                }
            }
            output += fields.joined(separator: String(delimiter)) + "\n"
        }
        return output
    }

    static func quoted(_ text: String, delimiter: Character) -> String {
        let needs =
            text.contains(delimiter) || text.contains("\"") || text.contains("\n") || text.contains("\r")
            || text.first == " " || text.last == " " || text.first == "\t" || text.last == "\t"
        guard needs else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
