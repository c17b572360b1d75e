/// The type a column is cast to (`cast: {columns: {zip: str}}`).
public enum CastType: String, Sendable, Hashable, CaseIterable, Codable {
    /// A number (numeric column), from text such as `1.5`, `-2`, `1e3` (pandas' `to_numeric`).
    case num
    /// A whole number (numeric column): as `num`, but a value with a fraction does not convert.
    case int
    /// 1 or 0 (numeric column), from `true/false/1/0/yes/no` in any case, or the numbers 1 and 0.
    case bool
    /// Text (categorical column): numbers as the CSV writer prints them (`2.5`, `1.0`), dates in
    /// ISO 8601.
    case str
    /// A date, from ISO 8601 text (docs/engine.md, "Dates"). Numbers do not convert: seconds,
    /// days and `20240131` would all be guesses.
    case date
}

/// What ``Frame/casting(_:errorsToNull:)`` did besides the frame: per cast column, the present
/// values that did not convert and became missing (only with `errorsToNull`).
public struct CastReport: Sendable, Hashable {
    /// Column name and the number of values that became missing, in cast order.
    public var nulled: [(column: String, count: Int)]

    /// The values that became missing, over all columns.
    public var total: Int { nulled.reduce(0) { $0 + $1.count } }

    /// Equal when the same columns lost the same counts.
    public static func == (lhs: CastReport, rhs: CastReport) -> Bool {
        lhs.nulled.map(\.column) == rhs.nulled.map(\.column) && lhs.nulled.map(\.count) == rhs.nulled.map(\.count)
    }

    /// Hashes the columns and counts.
    public func hash(into hasher: inout Hasher) {
        for entry in nulled {
            hasher.combine(entry.column)
            hasher.combine(entry.count)
        }
    }
}

extension Frame {
    /// The frame with the named columns converted to other types, each in its place.
    ///
    /// Missing values stay missing. Text is converted one distinct value at a time. A value that
    /// does not convert fails the cast, naming its 1-based row and the value; with
    /// `errorsToNull` it becomes missing instead and is counted in the report.
    /// - Throws: ``FrameError`` `unknownColumn`; `wrongKind` for a cast that never applies
    ///   (a number or a date to `date`/`num`…); `castFailed` for a value that does not convert.
    public func casting(_ casts: [(name: String, type: CastType)], errorsToNull: Bool = false) throws -> (
        Frame, CastReport
    ) {
        var frame = self
        var report = CastReport(nulled: [])
        for (name, type) in casts {
            let column = try self.column(named: name)
            let (values, failures) = try Self.cast(column, to: type)
            if let first = failures.first {
                if !errorsToNull {
                    let shown = column.displayText(at: first)
                    throw FrameError(
                        .castFailed,
                        "row \(first + 1): `\(shown.prefix(40))` in column `\(name)` is not \(Self.article(type))",
                        hint: Self.hint(type) + "; or set errors: null to make such values missing",
                        argument: "columns")
                }
                report.nulled.append((name, failures.count))
            } else if errorsToNull {
                report.nulled.append((name, 0))
            }
            guard let index = frame.index(of: name) else { continue }
            frame.columns[index] = Column(name: name, values: values)
        }
        return (frame, report)
    }

    private static func article(_ type: CastType) -> String {
        switch type {
        case .num: "a number"
        case .int: "a whole number"
        case .bool: "a boolean (true/false, 1/0, yes/no)"
        case .str: "text"
        case .date: "an ISO 8601 date"
        }
    }

    private static func hint(_ type: CastType) -> String {
        switch type {
        case .num, .int: "fix the value, or filter the row out first"
        case .bool: "use true/false, 1/0 or yes/no"
        case .str: "every value converts to text"
        case .date: "write dates as 2024-01-31 or 2024-01-31T08:30:00, or load the file with dates: {column: format}"
        }
    }

    /// The converted values and the rows (ascending) whose present value did not convert.
    static func cast(_ column: Column, to type: CastType) throws -> (ColumnValues, [Int]) {
        switch (column.values, type) {
        case (.categorical, .str), (.date, .date):
            return (column.values, [])
        case (.numeric(let numbers), .num):
            return (.numeric(numbers), [])
        case (.numeric(let numbers), .int):
            return convertNumbers(numbers) { $0.isFinite && $0.rounded() == $0 ? $0 : nil }
        case (.numeric(let numbers), .bool):
            return convertNumbers(numbers) { $0 == 0 || $0 == 1 ? $0 : nil }
        case (.numeric(let numbers), .str):
            return (.categorical(CategoricalValues(numbers.map { $0.isNaN ? nil : "\($0)" })), [])
        case (.date(let seconds), .str):
            return (.categorical(CategoricalValues(DateText.strings(seconds))), [])
        case (.categorical(let strings), .num):
            let (numbers, failures) = convertText(strings, number)
            return (.numeric(numbers), failures)
        case (.categorical(let strings), .int):
            let (numbers, failures) = convertText(strings) { text in
                number(text).flatMap { $0.isFinite && $0.rounded() == $0 ? $0 : nil }
            }
            return (.numeric(numbers), failures)
        case (.categorical(let strings), .bool):
            let (numbers, failures) = convertText(strings, boolean)
            return (.numeric(numbers), failures)
        case (.categorical(let strings), .date):
            let (seconds, failures) = convertText(strings, DateText.parse)
            return (.date(seconds), failures)
        case (.numeric, .date):
            throw FrameError(
                .wrongKind, "`\(column.name)` holds numbers, which cast does not turn into dates",
                hint: "seconds, days or 20240131 would all be guesses: write the dates as ISO 8601 text "
                    + "(2024-01-31) and cast that, or load the file with dates: {\(column.name): \"%Y%m%d\"}",
                argument: "columns")
        case (.date, .num), (.date, .int), (.date, .bool):
            throw FrameError(
                .wrongKind, "`\(column.name)` holds dates, which cast does not turn into numbers",
                hint: "derive numbers from them: year(\(column.name)), month(\(column.name)), days_between(…)",
                argument: "columns")
        }
    }

    private static func convertNumbers(_ numbers: [Double], _ convert: (Double) -> Double?) -> (ColumnValues, [Int]) {
        var failures: [Int] = []
        var output = numbers
        for (row, value) in numbers.enumerated() where !value.isNaN {
            if let converted = convert(value) {
                output[row] = converted
            } else {
                failures.append(row)
                output[row] = .nan
            }
        }
        return (.numeric(output), failures)
    }

    /// Converts each distinct text once; missing and unconvertible values become NaN.
    private static func convertText(_ strings: CategoricalValues, _ convert: (String) -> Double?) -> ([Double], [Int]) {
        let converted = strings.categories.map(convert)
        var output = [Double](repeating: .nan, count: strings.count)
        var failures: [Int] = []
        for (row, code) in strings.codes.enumerated() where code >= 0 {
            if let value = converted[Int(code)] { output[row] = value } else { failures.append(row) }
        }
        return (output, failures)
    }

    /// A number as the CSV reader reads one (surrounding spaces allowed), or `nil`.
    static func number(_ text: String) -> Double? {
        var copy = text
        let value = copy.withUTF8 { bytes -> Double? in
            var lower = 0
            var upper = bytes.count
            while lower < upper, bytes[lower] == 0x20 || bytes[lower] == 0x09 { lower += 1 }
            while upper > lower, bytes[upper - 1] == 0x20 || bytes[upper - 1] == 0x09 { upper -= 1 }
            guard upper > lower else { return nil }
            return DecimalParser.parse(UnsafeBufferPointer(rebasing: bytes[lower..<upper]))
        }
        guard let value, !value.isNaN else { return nil }
        return value
    }

    private static func boolean(_ text: String) -> Double? {
        switch text.trimmingSpaces.lowercased() {
        case "true", "1", "yes": 1
        case "false", "0", "no": 0
        default: nil
        }
    }
}

extension String {
    /// The text without spaces and tabs around it.
    fileprivate var trimmingSpaces: Substring {
        var text = self[...]
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return text
    }
}

extension Column {
    /// The value at `row` as text for a message: numbers as the CSV writer prints them, dates in
    /// ISO 8601, `null` when missing.
    func displayText(at row: Int) -> String {
        switch values {
        case .numeric(let numbers): numbers[row].isNaN ? "null" : "\(numbers[row])"
        case .categorical(let strings): strings[row] ?? "null"
        case .date(let seconds): DateText.format(seconds[row], dateOnly: false) ?? "null"
        }
    }
}
