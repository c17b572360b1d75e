/// A named, typed column of a ``Frame``.
///
/// Missing values: a numeric or date column stores NaN (the same convention as pandas, so arithmetic
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
        case .date: .date
        }
    }

    /// The number of rows.
    public var count: Int {
        switch values {
        case .numeric(let numbers), .date(let numbers): numbers.count
        case .categorical(let strings): strings.count
        }
    }

    /// Whether the value at a row is missing.
    public func isMissing(at row: Int) -> Bool {
        switch values {
        case .numeric(let numbers), .date(let numbers): numbers[row].isNaN
        case .categorical(let strings): strings.codes[row] < 0
        }
    }

    /// The number of missing values.
    public var missingCount: Int {
        switch values {
        case .numeric(let numbers), .date(let numbers): numbers.reduce(0) { $0 + ($1.isNaN ? 1 : 0) }
        case .categorical(let strings): strings.codes.reduce(0) { $0 + ($1 < 0 ? 1 : 0) }
        }
    }

    /// The numbers of a numeric column, or `nil` for a categorical or date one.
    public var numbers: [Double]? {
        if case .numeric(let numbers) = values { return numbers }
        return nil
    }

    /// The seconds since 1970-01-01T00:00:00Z of a date column, or `nil` for another kind.
    public var dates: [Double]? {
        if case .date(let seconds) = values { return seconds }
        return nil
    }

    /// The doubles of a numeric or a date column (a date's are its seconds since the epoch), or
    /// `nil` for a categorical one: for code that orders or hashes values without caring which.
    public var doubles: [Double]? {
        switch values {
        case .numeric(let numbers), .date(let numbers): numbers
        case .categorical: nil
        }
    }

    /// Creates a date column from seconds since 1970-01-01T00:00:00Z; NaN marks a missing value.
    public init(name: String, dates: [Double]) {
        self.init(name: name, values: .date(dates))
    }

    /// The encoded strings of a categorical column, or `nil` for a numeric one.
    public var strings: CategoricalValues? {
        if case .categorical(let strings) = values { return strings }
        return nil
    }
}
