/// A CSV file that cannot be read, with where and how to fix it.
///
/// ``description`` prints it the way compilers do: `file:line:column: error: message`, then the
/// hint. Lines and columns are 1-based; the column counts characters (Unicode scalars) on the
/// physical line, so it matches what an editor shows.
public struct CSVError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A stable identifier of the kind of problem.
    public enum Code: String, Sendable, Codable {
        case emptyFile = "csv-empty-file"
        case duplicateColumn = "csv-duplicate-column"
        case raggedRow = "csv-ragged-row"
        case unterminatedQuote = "csv-unterminated-quote"
        case quoteInUnquotedField = "csv-quote-in-unquoted-field"
        case textAfterQuote = "csv-text-after-quote"
        case strayCarriageReturn = "csv-stray-carriage-return"
        case invalidUTF8 = "csv-invalid-utf8"
        case notANumber = "csv-not-a-number"
        case notADate = "csv-not-a-date"
        case unknownTypeOverride = "csv-unknown-type-override"
        case invalidOptions = "csv-invalid-options"
        case io = "csv-io"
    }

    /// What kind of problem this is.
    public var code: Code
    /// What is wrong.
    public var message: String
    /// How to fix it.
    public var hint: String?
    /// The file's path as given to the reader (or the name given for in-memory bytes).
    public var file: String
    /// The 1-based physical line.
    public var line: Int
    /// The 1-based column, in characters on that line.
    public var column: Int

    /// Creates an error.
    public init(code: Code, message: String, hint: String?, file: String, line: Int, column: Int) {
        self.code = code
        self.message = message
        self.hint = hint
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column: error: message`, and the hint on a second line.
    public var description: String {
        var text = "\(file):\(line):\(column): error: \(message)"
        if let hint { text += "\n  hint: \(hint)" }
        return text
    }
}
