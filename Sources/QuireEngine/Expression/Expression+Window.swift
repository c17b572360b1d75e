import QuireSupport

extension Expression {
    /// The window functions, with their argument counts: each value depends on the rows around it
    /// (within `derive`'s `by` groups, in its `order`), so they work in `derive` only.
    ///
    /// `lag(x, n = 1)`, `lead(x, n = 1)`, `rolling_mean(x, n, min_periods = n)`,
    /// `rolling_sum(x, n, min_periods = n)`, `cumsum(x)`, `rank(x, method = "average")`;
    /// docs/engine.md, "Window functions", gives their meaning.
    public static let windowFunctions: [String: ClosedRange<Int>] = [
        "lag": 1...2, "lead": 1...2, "rolling_mean": 2...3, "rolling_sum": 2...3, "cumsum": 1...1, "rank": 1...2,
    ]

    /// Evaluates the expression with its window functions run over `layout` (nil: the whole
    /// frame in row order).
    func evaluate(on frame: Frame, windows layout: WindowLayout?) throws -> ExpressionValue {
        try check(against: frame.schema)
        var evaluator = ExpressionEvaluator(frame: frame)
        evaluator.layout = layout
        return evaluator.evaluate(root).materialized(count: frame.rowCount)
    }
}

extension ExpressionChecker {
    private func failure(
        _ code: ExpressionError.Code, _ message: String, _ hint: String?, at node: ExpressionNode
    ) -> ExpressionError {
        ExpressionError(
            code: code, message: message, hint: hint, expression: source, column: node.column, length: node.length)
    }

    /// The type of a call of the window function `name`, its arguments checked: the values
    /// (`x`) of any type the function takes, the sizes whole-number literals, the rank method a
    /// quoted name.
    func windowType(_ name: String, _ arguments: [ExpressionNode], at node: ExpressionNode) throws(ExpressionError)
        -> ExpressionType
    {
        guard allowsWindows else {
            throw failure(
                .windowOutsideDerive,
                "`\(name)` is a window function: its value depends on other rows, which a condition does not see",
                "window functions work in `derive`: compute the column there, then filter on it", at: node)
        }
        let arity = Expression.windowFunctions[name] ?? 1...1
        guard arity.contains(arguments.count) else {
            let expected =
                arity.lowerBound == arity.upperBound
                ? "\(arity.lowerBound)" : "\(arity.lowerBound) or \(arity.upperBound)"
            throw failure(
                .wrongArgumentCount,
                "`\(name)` takes \(expected) argument\(expected == "1" ? "" : "s"), got \(arguments.count)",
                Self.windowUsage[name], at: node)
        }
        let type = try type(of: arguments[0])
        let shifts = name == "lag" || name == "lead"
        if shifts ? type == .boolean : type != .number {
            let what: String
            if case .name(let column) = arguments[0].kind {
                what = "`\(column)` is a \(type == .string ? "text (categorical)" : type.rawValue) column"
            } else {
                what = "this is a \(type.rawValue)"
            }
            throw failure(
                .typeMismatch, "`\(name)` needs \(shifts ? "numbers, text or dates" : "numbers"); \(what)",
                type == .boolean ? "turn a condition into 1 and 0 with `if(condition, 1, 0)`" : nil, at: arguments[0])
        }
        switch name {
        case "lag", "lead":
            if arguments.count == 2 { _ = try wholeNumber(arguments[1], of: name, atLeast: nil) }
        case "rolling_mean", "rolling_sum":
            let window = try wholeNumber(arguments[1], of: name, atLeast: 1)
            if arguments.count == 3 {
                let least = try wholeNumber(arguments[2], of: name, atLeast: 0)
                guard least <= window else {
                    throw failure(
                        .typeMismatch, "`\(name)` needs at most \(window) values present in a window of \(window)",
                        "the third argument (min_periods) is from 0 to the window size", at: arguments[2])
                }
            }
        case "rank":
            if arguments.count == 2 {
                let methods = RankMethod.allCases.map(\.rawValue)
                guard case .string(let method) = arguments[1].kind, methods.contains(method) else {
                    var hint = "one of \(methods.map { "\"\($0)\"" }.joined(separator: ", "))"
                    if case .string(let method) = arguments[1].kind,
                        let close = Suggestions.closest(to: method, among: methods)
                    {
                        hint = "did you mean \"\(close)\"?"
                    }
                    throw failure(
                        .typeMismatch, "the second argument of `rank` is how ties are ranked", hint, at: arguments[1])
                }
            }
            return .number
        default:
            break
        }
        return shifts ? type : .number
    }

    /// The value of a whole-number literal argument.
    private func wholeNumber(_ argument: ExpressionNode, of name: String, atLeast least: Int?) throws(ExpressionError)
        -> Int
    {
        if case .number(let value) = argument.kind, value.rounded() == value, abs(value) < 1e9 {
            let number = Int(value)
            if let least, number < least {
                throw failure(
                    .typeMismatch, "`\(name)` needs a number of rows of at least \(least) here, not \(number)",
                    Self.windowUsage[name], at: argument)
            }
            return number
        }
        throw failure(
            .typeMismatch, "`\(name)` needs a whole number of rows written as a number here",
            Self.windowUsage[name], at: argument)
    }

    private static let windowUsage: [String: String] = [
        "lag": "e.g. `lag(spend)` or `lag(spend, 2)`: the value 1 (2) rows earlier in the group",
        "lead": "e.g. `lead(spend)` or `lead(spend, 2)`: the value 1 (2) rows later in the group",
        "rolling_mean": "e.g. `rolling_mean(spend, 3)`, or `rolling_mean(spend, 3, 1)` to allow fewer than 3 values",
        "rolling_sum": "e.g. `rolling_sum(spend, 3)`, or `rolling_sum(spend, 3, 1)` to allow fewer than 3 values",
        "cumsum": "e.g. `cumsum(spend)`",
        "rank": "e.g. `rank(spend)` or `rank(spend, \"dense\")`",
    ]
}

extension ExpressionEvaluator {
    /// The value of the window function `name` on its evaluated arguments (checked: the sizes are
    /// whole numbers, the method a known name).
    func window(_ name: String, _ arguments: [ExpressionOperand]) -> ExpressionOperand {
        let count = frame.rowCount
        let layout = self.layout ?? .rowOrder(count: count)
        func integer(_ index: Int) -> Int? {
            guard index < arguments.count, case .number(let value) = arguments[index] else { return nil }
            return Int(value)
        }
        func numbers() -> [Double] {
            guard case .numbers(let values) = arguments[0].materialized(count: count) else {
                preconditionFailure("the checker lets only numbers into `\(name)`")
            }
            return values
        }
        switch name {
        case "lag", "lead":
            let n = (integer(1) ?? 1) * (name == "lag" ? 1 : -1)
            switch arguments[0].materialized(count: count) {
            case .numbers(let values):
                return .numbers(layout.shifted(values, by: n, missing: .nan))
            case .dates(let seconds):
                return .dates(layout.shifted(seconds, by: n, missing: .nan))
            case .strings(let strings):
                let codes = layout.shifted(strings.codes, by: n, missing: CategoricalValues.missingCode)
                return .strings(CategoricalValues(codes: codes, categories: strings.categories))
            case .booleans:
                preconditionFailure("the checker lets no condition into `\(name)`")
            }
        case "rolling_mean", "rolling_sum":
            let window = integer(1) ?? 1
            return .numbers(
                layout.rolling(
                    numbers(), window: window, minPeriods: integer(2) ?? window, mean: name == "rolling_mean"))
        case "cumsum":
            return .numbers(layout.cumulativeSum(numbers()))
        case "rank":
            var method = RankMethod.average
            if arguments.count > 1, case .string(let word) = arguments[1] {
                method = RankMethod(rawValue: word) ?? .average
            }
            return .numbers(layout.ranks(numbers(), method: method))
        default:
            preconditionFailure("unknown window function \(name)")
        }
    }
}
