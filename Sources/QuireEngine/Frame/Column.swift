/// A named, typed column of a ``Frame``.
///
/// Missing values: a numeric column stores NaN (the same convention as pandas, so arithmetic
/// propagates missing values without a separate mask); a categorical column stores code `-1`.
public struct Column: Sendable, Equatable {
    /// The column's name, unique within its frame.
    public var name: String
    /// The column's values.
    public var values: ColumnValues

    /// Creates a column from its name and values.
    public init(name: String, values: ColumnValues) {
        self.name = name
        self.values = values
    }

    /// Creates a numeric column; NaN marks a missing value.
    public init(name: String, numbers: [Double]) {
        self.init(name: name, values: .numeric(numbers))
    }

    /// Creates a categorical column from strings; `nil` marks a missing value.
    public init(name: String, strings: [String?]) {
        self.init(name: name, values: .categorical(CategoricalValues(strings)))
    }

    /// The column's kind.
    public var kind: ColumnKind {
        switch values {
        case .numeric: .numeric
        case .categorical: .categorical
        }
    }

    /// The number of rows.
    public var count: Int {
        switch values {
        case .numeric(let numbers): numbers.count
        case .categorical(let strings): strings.count
        }
    }

    /// Whether the value at a row is missing.
    public func isMissing(at row: Int) -> Bool {
        switch values {
        case .numeric(let numbers): numbers[row].isNaN
        case .categorical(let strings): strings.codes[row] < 0
        }
    }

    /// The number of missing values.
    public var missingCount: Int {
        switch values {
        case .numeric(let numbers): numbers.reduce(0) { $0 + ($1.isNaN ? 1 : 0) }
        case .categorical(let strings): strings.codes.reduce(0) { $0 + ($1 < 0 ? 1 : 0) }
        }
    }

    /// The numbers of a numeric column, or `nil` for a categorical one.
    public var numbers: [Double]? {
        if case .numeric(let numbers) = values { return numbers }
        return nil
    }

    /// The encoded strings of a categorical column, or `nil` for a numeric one.
    public var strings: CategoricalValues? {
        if case .categorical(let strings) = values { return strings }
        return nil
    }
}
