/// One output column of ``Frame/aggregated(by:_:keepMissingKeys:threads:)``: a function of one
/// input column, computed over each group's rows.
///
/// Every function skips missing values (pandas' `skipna`), as pandas' `groupby().agg()` does.
public struct Aggregation: Sendable, Hashable {
    /// What an aggregation computes over a group's values.
    public enum Function: String, Sendable, Hashable, CaseIterable {
        /// Values present (pandas' `count`).
        case count
        /// Rows, missing values included (pandas' `size`).
        case size
        /// The sum; 0 for a group without values (pandas).
        case sum
        /// The arithmetic mean.
        case mean
        /// The middle value; the mean of the two middle ones for an even count.
        case median
        /// The smallest value (text: first in code point order).
        case min
        /// The largest value (text: last in code point order).
        case max
        /// The sample standard deviation (ddof 1); missing for a group of one value.
        case std
        /// The sample variance (ddof 1); missing for a group of one value.
        case `var`
        /// Distinct values present; `-0` and `0` are one.
        case nunique
        /// The first value present, in row order (pandas' `first`, which skips missing values).
        case first
        /// The last value present, in row order.
        case last
        /// The value at a fraction `q` of the sorted values, interpolated linearly (pandas' default).
        case quantile

        /// Whether the function computes with numbers, so that text is refused.
        public var needsNumbers: Bool {
            switch self {
            case .sum, .mean, .median, .std, .var, .quantile: true
            case .count, .size, .min, .max, .nunique, .first, .last: false
            }
        }

        /// Whether the function adds values or measures their spread, which means nothing for
        /// dates (a mean, median or quantile of dates is a date).
        var needsQuantities: Bool {
            switch self {
            case .sum, .std, .var: true
            default: false
            }
        }
    }

    /// The output column's name.
    public var name: String
    /// What is computed.
    public var function: Function
    /// The input column.
    public var column: String
    /// The fraction for ``Function/quantile``, in 0…1; ignored by the other functions.
    public var quantile: Double

    /// The output `name`: `function` of `column`; `quantile` only for ``Function/quantile``.
    public init(_ name: String, _ function: Function, of column: String, quantile: Double = 0.5) {
        self.name = name
        self.function = function
        self.column = column
        self.quantile = quantile
    }

    /// The kind of the output column for an input column of `kind`.
    ///
    /// Counts are numbers; `min`, `max`, `first` and `last` keep the input's kind; the other
    /// functions need numbers.
    ///
    /// - Throws: ``FrameError`` `wrongKind` (about `columns`) when the function needs numbers and
    ///   the column holds text; `invalidArgument` for a quantile outside 0…1.
    public func outputKind(for kind: ColumnKind) throws -> ColumnKind {
        if function == .quantile, !(0...1).contains(quantile) {
            throw FrameError(
                .invalidArgument, "`\(name)`: q must be between 0 and 1, not \(quantile)",
                hint: "write e.g. `{quantile: \(column), q: 0.9}`", argument: "columns")
        }
        switch (function, ValueClass(kind)) {
        case (.count, _), (.size, _), (.nunique, _): return .numeric
        case (.min, _), (.max, _), (.first, _), (.last, _): return kind
        case (_, .number): return .numeric
        case (_, .date):
            guard !function.needsQuantities else {
                throw FrameError(
                    .wrongKind, "`\(name)`: \(function.rawValue) of dates means nothing (column `\(column)`)",
                    hint: "use min, max, median, first, last or count; or derive a number of days first",
                    argument: "columns")
            }
            return kind
        case (_, .text):
            throw FrameError(
                .wrongKind, "`\(name)`: \(function.rawValue) needs numbers, and column `\(column)` holds text",
                hint: "`cast` it to num first, or use count, nunique, min, max, first or last",
                argument: "columns")
        }
    }
}

/// How the aggregation kernels see a column kind. Dates (seconds since the epoch, NaN missing)
/// take the numeric path and their results keep the kind (a median date), except sums and
/// spreads, which mean nothing for dates; a date column kind maps to `.date` here.
enum ValueClass {
    case number
    case date
    case text

    init(_ kind: ColumnKind) {
        switch kind {
        case .numeric: self = .number
        case .categorical: self = .text
        case .date: self = .date
        }
    }
}
