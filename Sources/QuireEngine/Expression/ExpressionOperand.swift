/// An intermediate value during evaluation: a constant or one value per row.
enum ExpressionOperand {
    case number(Double)
    case string(String)
    case boolean(Bool)
    case numbers([Double])
    case strings(CategoricalValues)
    case booleans([Bool])
    case date(Double)
    case dates([Double])

    /// A date operand as its seconds (a number), any other operand as it is: dates compare,
    /// and test for missing values, as numbers do.
    var asNumbers: ExpressionOperand {
        switch self {
        case .date(let x): .number(x)
        case .dates(let xs): .numbers(xs)
        default: self
        }
    }

    /// The value for every row, broadcasting a constant.
    func materialized(count: Int) -> ExpressionValue {
        switch self {
        case .number(let x): .numbers([Double](repeating: x, count: count))
        case .boolean(let b): .booleans([Bool](repeating: b, count: count))
        case .string(let s): .strings(CategoricalValues(codes: [Int32](repeating: 0, count: count), categories: [s]))
        case .numbers(let xs): .numbers(xs)
        case .booleans(let bs): .booleans(bs)
        case .strings(let ss): .strings(ss)
        case .date(let x): .dates([Double](repeating: x, count: count))
        case .dates(let xs): .dates(xs)
        }
    }
}
