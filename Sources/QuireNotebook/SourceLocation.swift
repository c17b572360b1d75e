/// A position in a notebook file: 1-based line and 1-based column.
///
/// Columns count Unicode scalar values (code points) from the start of the line, the unit libYAML
/// and most editors' "character" columns use. A tab counts as one column; a UTF-8 byte-order mark
/// at the start of the file is not part of line 1. Line numbers always refer to the original file,
/// also inside step bodies and after front matter.
public struct SourceLocation: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The 1-based line in the original file.
    public var line: Int
    /// The 1-based column, in Unicode scalars from the start of the line.
    public var column: Int

    /// Creates a location; both numbers are 1-based.
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// File order: by line, then by column.
    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }

    /// `line:column`, as printed in diagnostics.
    public var description: String { "\(line):\(column)" }
}

/// A span of a notebook file from `start` to `end`, both inclusive (`end` is the last character).
public struct SourceRange: Hashable, Sendable, CustomStringConvertible {
    /// The first character of the span.
    public var start: SourceLocation
    /// The last character of the span (inclusive); never before ``start``.
    public var end: SourceLocation

    /// Creates the span from `start` to `end`; an `end` before `start` is raised to `start`.
    public init(start: SourceLocation, end: SourceLocation) {
        self.start = start
        self.end = max(start, end)
    }

    /// A range of `length` characters on one line (at least one character).
    public init(line: Int, column: Int, length: Int = 1) {
        self.init(
            start: SourceLocation(line: line, column: column),
            end: SourceLocation(line: line, column: column + max(length, 1) - 1))
    }

    /// The dump notation `@line:col-line:col`.
    public var description: String { "@\(start)-\(end)" }
}

/// A value together with where it was written.
public struct Located<Value: Sendable>: Sendable {
    /// The value as read.
    public var value: Value
    /// Where the value is written in the original file.
    public var range: SourceRange

    /// Pairs `value` with the span it was read from.
    public init(_ value: Value, at range: SourceRange) {
        self.value = value
        self.range = range
    }
}

extension Located: Equatable where Value: Equatable {}
extension Located: Hashable where Value: Hashable {}
