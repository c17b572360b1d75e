import QuireSupport

/// The date functions of the expression language (docs/engine.md, "Dates"): the `date("…")`
/// literal, the parts of a date as pandas' `.dt` accessors give them, `days_between` and
/// `date_trunc`. A missing date gives a missing result.
extension Expression {
    /// The date functions and their argument counts.
    static let dateFunctions: [String: ClosedRange<Int>] = [
        "date": 1...1, "year": 1...1, "month": 1...1, "day": 1...1, "weekday": 1...1, "hour": 1...1,
        "days_between": 2...2, "date_trunc": 2...2,
    ]

    /// The units `date_trunc` takes.
    static let truncationUnits = ["year", "quarter", "month", "week", "day", "hour"]
}

extension ExpressionChecker {
    /// The hint for a date compared with something else.
    static let dateComparisonHint =
        "compare a date with a date: write one as `date(\"2024-01-01\")`; year(d), month(d) … give numbers"

    /// The type of a call to a date function, or `nil` when `name` is not one.
    func dateCallType(_ name: String, arguments: [ExpressionNode], types: [ExpressionType]) throws(ExpressionError)
        -> ExpressionType?
    {
        switch name {
        case "date":
            guard case .string(let text) = arguments[0].kind else {
                throw error(
                    .typeMismatch, "`date` takes a date written as quoted text; \(describe(arguments[0], types[0]))",
                    "e.g. `date(\"2024-01-31\")` or `date(\"2024-01-31T08:30:00\")`", at: arguments[0])
            }
            guard DateText.parse(text) != nil else {
                throw error(
                    .invalidDate, "`\(text)` is not a date",
                    "write an ISO 8601 date of a real day, e.g. `2024-01-31` or `2024-01-31T08:30:00Z`",
                    at: arguments[0])
            }
            return .date
        case "year", "month", "day", "weekday", "hour":
            try requireDate(arguments[0], types[0], of: name)
            return .number
        case "days_between":
            try requireDate(arguments[0], types[0], of: name)
            try requireDate(arguments[1], types[1], of: name)
            return .number
        case "date_trunc":
            guard case .string(let unit) = arguments[0].kind else {
                throw error(
                    .typeMismatch, "the first argument of `date_trunc` is a unit in quotes",
                    "e.g. `date_trunc(\"month\", signup)`", at: arguments[0])
            }
            guard Expression.truncationUnits.contains(unit) else {
                throw error(
                    .invalidDate, "`\(unit)` is not a unit of `date_trunc`",
                    "use one of \(Expression.truncationUnits.joined(separator: ", "))", at: arguments[0])
            }
            try requireDate(arguments[1], types[1], of: name)
            return .date
        default:
            return nil
        }
    }

    private func requireDate(_ node: ExpressionNode, _ type: ExpressionType, of name: String) throws(ExpressionError) {
        guard type == .date else {
            throw error(
                .typeMismatch, "`\(name)` needs a date; \(describe(node, type))",
                type == .string
                    ? "load the column as a date (types: {col: date}, or dates: {col: \"%d/%m/%Y\"}) or cast it"
                    : "write a date as `date(\"2024-01-31\")`", at: node)
        }
    }
}

extension ExpressionEvaluator {
    /// The value of a date function call, or `nil` when `name` is not one.
    static func dateFunction(_ name: String, arguments: [ExpressionNode], values: [ExpressionOperand])
        -> ExpressionOperand?
    {
        switch name {
        case "date":
            guard case .string(let text) = arguments[0].kind else { preconditionFailure("checked: a text literal") }
            return .date(DateText.parse(text) ?? .nan)
        case "year": return datePart(values[0]) { Double($0.year) }
        case "month": return datePart(values[0]) { Double($0.month) }
        case "day": return datePart(values[0]) { Double($0.day) }
        case "weekday": return datePart(values[0]) { Double(CivilDate.weekday(days: $0.dayNumber)) }
        case "hour": return datePart(values[0]) { Double($0.hour) }
        case "days_between":
            // pandas' (b - a) / Timedelta(days=1).
            return combineNumbers(values[0].asNumbers, values[1].asNumbers) { a, b in (b - a) / CivilDate.secondsPerDay
            }
        case "date_trunc":
            guard case .string(let unit) = arguments[0].kind else { preconditionFailure("checked: a unit literal") }
            let truncated = datePart(values[1]) { truncate($0, to: unit) }
            switch truncated {
            case .number(let x): return .date(x)
            case .numbers(let xs): return .dates(xs)
            default: preconditionFailure("a date part is a number")
            }
        default:
            return nil
        }
    }

    /// A number computed from each present date's parts; a missing date gives NaN.
    private static func datePart(_ value: ExpressionOperand, _ f: (CivilDate.Parts) -> Double) -> ExpressionOperand {
        mapNumber(value.asNumbers) { seconds in CivilDate.parts(seconds).map(f) ?? .nan }
    }

    /// The start of the unit holding a date (weeks start on Monday), in seconds.
    static func truncate(_ parts: CivilDate.Parts, to unit: String) -> Double {
        let days: Int
        switch unit {
        case "year": days = CivilDate.days(year: parts.year, month: 1, day: 1)
        case "quarter": days = CivilDate.days(year: parts.year, month: (parts.month - 1) / 3 * 3 + 1, day: 1)
        case "month": days = CivilDate.days(year: parts.year, month: parts.month, day: 1)
        case "week": days = parts.dayNumber - CivilDate.weekday(days: parts.dayNumber)
        case "hour": return Double(parts.dayNumber * 86_400 + parts.hour * 3600)
        default: days = parts.dayNumber
        }
        return Double(days * 86_400)
    }
}
