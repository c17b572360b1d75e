/// A table of named, typed columns of equal length, stored column by column.
///
/// A frame is a value: copying it, selecting columns or adding a column shares the untouched
/// column buffers (Swift arrays are copy-on-write), and a row subset shares the category lists
/// of its categorical columns. Column names are unique.
public struct Frame: Sendable, Equatable {
    /// The columns in order.
    public internal(set) var columns: [Column]
    /// The number of rows.
    public internal(set) var rowCount: Int

    /// Creates a frame from columns of equal length with unique names.
    ///
    /// - Parameters:
    ///   - columns: the columns in order.
    ///   - rowCount: the number of rows; required only when `columns` is empty.
    /// - Throws: ``FrameError`` with code `lengthMismatch` or `duplicateColumn`.
    public init(columns: [Column], rowCount: Int? = nil) throws {
        let count = columns.first?.count ?? rowCount ?? 0
        var seen = Set<String>()
        for column in columns {
            guard column.count == count else {
                throw FrameError(
                    .lengthMismatch, "column `\(column.name)` has \(column.count) rows, expected \(count)",
                    hint: "every column of a frame needs the same number of rows")
            }
            guard seen.insert(column.name).inserted else {
                throw FrameError(
                    .duplicateColumn, "duplicate column name `\(column.name)`", hint: "give each column a unique name")
            }
        }
        self.columns = columns
        self.rowCount = count
    }

    /// Creates a frame without checking; for callers that built consistent columns.
    init(unchecked columns: [Column], rowCount: Int) {
        self.columns = columns
        self.rowCount = rowCount
    }

    /// An empty frame with no columns and no rows.
    public static let empty = Frame(unchecked: [], rowCount: 0)

    /// The number of columns.
    public var columnCount: Int { columns.count }

    /// The column names in order.
    public var columnNames: [String] { columns.map(\.name) }

    /// The names and kinds of the columns.
    public var schema: Schema {
        Schema(fields: columns.map { Schema.Field(name: $0.name, kind: $0.kind) })
    }

    /// The column with the given name, or `nil`.
    public subscript(name: String) -> Column? {
        columns.first { $0.name == name }
    }

    /// The index of the named column, or `nil`.
    public func index(of name: String) -> Int? {
        columns.firstIndex { $0.name == name }
    }

    /// The index of each of `names`' columns (nil where there is none). Names in the frame's
    /// column order (a model's features, a fitted transform's columns) are found in one pass,
    /// each compared once; others are searched for.
    public func indices(of names: [String]) -> [Int?] {
        var result: [Int?] = []
        result.reserveCapacity(names.count)
        var next = 0
        for name in names {
            let found = next < columns.count && columns[next].name == name ? next : index(of: name)
            result.append(found)
            if let found { next = found + 1 }
        }
        return result
    }

    /// The named column.
    ///
    /// - Throws: ``FrameError`` `unknownColumn`, with a "did you mean" hint.
    public func column(named name: String) throws -> Column {
        guard let column = self[name] else { throw FrameError.unknownColumn(name, in: columnNames) }
        return column
    }
}
