import Foundation
import QuireSupport

/// Evaluates data-quality expectations on a frame.
///
/// See ``Expectation`` for the semantics of each kind and of `mostly`. Evaluation never throws: a
/// missing column, a wrong kind or an invalid regular expression is a failed result whose
/// `observed` text says what is wrong.
public enum Expectations {
    /// The most failing values listed per result.
    public static let exampleLimit = 5

    /// Evaluates every expectation, in order.
    ///
    /// - Parameters:
    ///   - expectations: the expectations.
    ///   - frame: the data.
    /// - Returns: one ``ExpectationResult`` per expectation.
    public static func evaluate(_ expectations: [Expectation], on frame: Frame) -> [ExpectationResult] {
        expectations.map { evaluate($0, on: frame) }
    }

    /// Evaluates one expectation.
    public static func evaluate(_ expectation: Expectation, on frame: Frame) -> ExpectationResult {
        var result = ExpectationResult(
            expectation: expectation, description: expectation.description, column: expectation.column,
            observed: "", observedValue: nil, failingCount: 0, total: 0, examples: [], success: true, status: .ok)
        func fail(_ observed: String) -> ExpectationResult {
            result.observed = observed
            result.success = false
            result.status = .alert
            return result
        }
        if case .rowCount(let min, let max) = expectation {
            result.total = 1
            result.observedValue = Double(frame.rowCount)
            result.observed = "\(NumberFormat.integer(frame.rowCount)) rows"
            let inside = (min.map { frame.rowCount >= $0 } ?? true) && (max.map { frame.rowCount <= $0 } ?? true)
            if !inside {
                result.failingCount = 1
                return fail(result.observed)
            }
            return result
        }
        guard let name = expectation.column, let column = frame[name] else {
            let name = expectation.column ?? ""
            result.failingCount = 1
            result.total = 1
            return fail("no column named `\(name)`; \(Suggestions.hint(for: name, among: frame.columnNames))")
        }
        switch expectation {
        case .columnExists:
            result.total = 1
            result.observed = "column exists (\(column.kind.rawValue))"
            return result
        case .typeIs(_, let kind):
            result.total = 1
            result.observed = column.kind.rawValue
            if column.kind != kind {
                result.failingCount = 1
                return fail(column.kind.rawValue)
            }
            return result
        case .meanBetween(_, let min, let max), .stdBetween(_, let min, let max):
            guard let numbers = column.numbers else { return fail("column is categorical, not numeric") }
            let isMean = if case .meanBetween = expectation { true } else { false }
            let value =
                isMean ? Statistics.mean(numbers) : Statistics.standardDeviation(numbers, ddof: 1)
            result.total = 1
            guard let value else {
                result.failingCount = 1
                return fail(isMean ? "no present values" : "fewer than 2 present values")
            }
            result.observedValue = value
            result.observed = "\(isMean ? "mean" : "std") \(NumberFormat.decimal(value))"
            let inside = (min.map { value >= $0 } ?? true) && (max.map { value <= $0 } ?? true)
            if !inside {
                result.failingCount = 1
                return fail(result.observed)
            }
            return result
        default:
            break
        }
        // Row-level expectations: a predicate per row, nil when the row is not counted.
        let rowCheck: (Int) -> Bool?
        switch expectation {
        case .notNull:
            rowCheck = { !column.isMissing(at: $0) }
        case .unique:
            switch column.values {
            case .numeric(let numbers), .date(let numbers):
                var counts: [Double: Int] = [:]
                for value in numbers where !value.isNaN { counts[value, default: 0] += 1 }
                rowCheck = { numbers[$0].isNaN ? nil : counts[numbers[$0]] == 1 }
            case .categorical(let strings):
                var counts = [Int](repeating: 0, count: strings.categories.count)
                for code in strings.codes where code >= 0 { counts[Int(code)] += 1 }
                rowCheck = { strings.codes[$0] < 0 ? nil : counts[Int(strings.codes[$0])] == 1 }
            }
        case .between(_, let min, let max, _):
            if column.kind == .date {
                return fail(
                    "column is a date; between compares numbers (derive e.g. year(\(column.name)) to test that)")
            }
            guard let numbers = column.numbers else { return fail("column is categorical, not numeric") }
            let low = min ?? -.infinity, high = max ?? .infinity
            rowCheck = { numbers[$0].isNaN ? nil : numbers[$0] >= low && numbers[$0] <= high }
        case .inSet(_, let values, _):
            switch column.values {
            case .numeric(let numbers):
                let allowed = Set(values.compactMap { Double($0.trimmingCharacters(in: .whitespaces)) })
                rowCheck = { numbers[$0].isNaN ? nil : allowed.contains(numbers[$0]) }
            case .date(let seconds):
                // Values are ISO 8601 texts (`2024-01-31`), compared as instants.
                let allowed = Set(values.compactMap { DateText.parse($0) })
                rowCheck = { seconds[$0].isNaN ? nil : allowed.contains(seconds[$0]) }
            case .categorical(let strings):
                let allowed = Set(values)
                let passes = strings.categories.map { allowed.contains($0) }
                rowCheck = { strings.codes[$0] < 0 ? nil : passes[Int(strings.codes[$0])] }
            }
        case .matches(_, let pattern, _):
            let regex: NSRegularExpression
            do {
                regex = try NSRegularExpression(pattern: pattern)
            } catch {
                return fail("invalid regular expression /\(pattern)/: \(error.localizedDescription)")
            }
            func matches(_ text: String) -> Bool {
                regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
            }
            switch column.values {
            case .numeric(let numbers):
                rowCheck = { numbers[$0].isNaN ? nil : matches(DriftColumnProfile.label(numbers[$0])) }
            case .date(let seconds):
                // The ISO text of the column's form, as the report and a written CSV show it.
                let dateOnly = DateText.isDateOnly(seconds)
                rowCheck = { row in
                    DateText.format(seconds[row], dateOnly: dateOnly).map(matches)
                }
            case .categorical(let strings):
                // Each category is matched once, however many rows hold it.
                let passes = strings.categories.map(matches)
                rowCheck = { strings.codes[$0] < 0 ? nil : passes[Int(strings.codes[$0])] }
            }
        default:
            rowCheck = { _ in true }
        }
        var failing = 0, total = 0
        for row in 0..<frame.rowCount {
            guard let passed = rowCheck(row) else { continue }
            total += 1
            if !passed {
                failing += 1
                if result.examples.count < exampleLimit {
                    result.examples.append(FailingExample(row: row, value: text(column, row)))
                }
            }
        }
        result.failingCount = failing
        result.total = total
        let share = total == 0 ? 1 : Double(total - failing) / Double(total)
        result.observedValue = share
        result.observed =
            "\(NumberFormat.integer(failing)) of \(NumberFormat.integer(total)) \(expectationUnit(expectation)) failed"
        result.success = share >= expectation.mostly
        result.status = !result.success ? .alert : failing > 0 ? .warn : .ok
        return result
    }

    private static func expectationUnit(_ expectation: Expectation) -> String {
        if case .notNull = expectation { return "rows" }
        return "present values"
    }

    private static func text(_ column: Column, _ row: Int) -> String {
        switch column.values {
        case .numeric(let numbers): numbers[row].isNaN ? "null" : DriftColumnProfile.label(numbers[row])
        case .categorical(let strings): strings[row] ?? "null"
        case .date(let seconds): DateText.format(seconds[row], dateOnly: DateText.isDateOnly(seconds)) ?? "null"
        }
    }
}
