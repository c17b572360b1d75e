/// The value of an expression for every row of a frame.
public enum ExpressionValue: Sendable, Equatable {
    /// Numbers; NaN is missing.
    case numbers([Double])
    /// Conditions.
    case booleans([Bool])
    /// Strings, dictionary-encoded; code -1 is missing.
    case strings(CategoricalValues)
    /// Dates as seconds since 1970-01-01T00:00:00Z; NaN is missing.
    case dates([Double])

    /// The values as a column: booleans become numeric 1 and 0.
    public func column(named name: String) -> Column {
        switch self {
        case .numbers(let numbers): Column(name: name, values: .numeric(numbers))
        case .booleans(let flags): Column(name: name, values: .numeric(flags.map { $0 ? 1 : 0 }))
        case .strings(let strings): Column(name: name, values: .categorical(strings))
        case .dates(let seconds): Column(name: name, values: .date(seconds))
        }
    }
}
