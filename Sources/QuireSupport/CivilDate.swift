/// Calendar arithmetic for date columns: seconds since 1970-01-01T00:00:00Z in the proleptic
/// Gregorian calendar, always UTC.
///
/// The day arithmetic is Howard Hinnant's `days_from_civil` / `civil_from_days`
/// (<https://howardhinnant.github.io/date_algorithms.html>): exact integer formulas that need no
/// calendar, locale or time-zone database, so every machine prints and parses the same.
public enum CivilDate {
    /// Seconds in a day.
    public static let secondsPerDay: Double = 86_400

    /// The day number (days since 1970-01-01) of a calendar date; `month` 1…12, `day` 1…31.
    public static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The calendar date of a day number (days since 1970-01-01).
    public static func civil(days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Whether the year is a Gregorian leap year.
    public static func isLeap(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    /// The number of days in a month of a year.
    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Whether year, month and day name a real calendar day.
    public static func isValid(year: Int, month: Int, day: Int) -> Bool {
        month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year: year, month: month)
    }

    /// The broken-down parts of a date value.
    public struct Parts: Sendable, Equatable {
        /// The proleptic Gregorian year.
        public var year: Int
        /// 1…12.
        public var month: Int
        /// 1…31.
        public var day: Int
        /// 0…23.
        public var hour: Int
        /// 0…59.
        public var minute: Int
        /// 0…59.
        public var second: Int
        /// The fraction of the second, in [0, 1).
        public var fraction: Double
        /// The day number (days since 1970-01-01).
        public var dayNumber: Int
        /// The whole seconds since 1970-01-01T00:00:00Z (`floor` of the value).
        public var wholeSeconds: Int
    }

    /// The parts of a finite date value (seconds since the epoch), or `nil` for a missing or
    /// infinite one, or one too far from 1970 to have whole seconds in an `Int`.
    public static func parts(_ seconds: Double) -> Parts? {
        guard seconds.isFinite, abs(seconds) < 9e15 else { return nil }
        let whole = seconds.rounded(.down)
        let total = Int(whole)
        let dayNumber = total >= 0 ? total / 86_400 : -((-total + 86_399) / 86_400)
        let ofDay = total - dayNumber * 86_400
        let (year, month, day) = civil(days: dayNumber)
        return Parts(
            year: year, month: month, day: day, hour: ofDay / 3600, minute: ofDay % 3600 / 60, second: ofDay % 60,
            fraction: seconds - whole, dayNumber: dayNumber, wholeSeconds: total)
    }

    /// `2026-12-07T05:03:12Z`: ISO 8601 in UTC to the whole second (the fraction dropped, as
    /// Foundation's `ISO8601DateFormatter` writes by default, without building one); "" for a
    /// value ``parts(_:)`` refuses.
    public static func iso8601(_ seconds: Double) -> String {
        guard let parts = parts(seconds) else { return "" }
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
        let year = String(parts.year)
        let paddedYear = parts.year >= 0 && year.count < 4 ? String(repeating: "0", count: 4 - year.count) + year : year
        return "\(paddedYear)-\(two(parts.month))-\(two(parts.day))T\(two(parts.hour)):\(two(parts.minute)):"
            + "\(two(parts.second))Z"
    }

    /// The day of the week, Monday = 0 … Sunday = 6 (pandas' `dayofweek`).
    public static func weekday(days: Int) -> Int {
        // 1970-01-01 was a Thursday (3).
        ((days % 7) + 7 + 3) % 7
    }

    /// The value of a date written with whole seconds and a decimal fraction of a second.
    ///
    /// The writer and every reader compose a value with this one function, so a printed date
    /// reads back to the same bits.
    @inline(__always)
    public static func compose(wholeSeconds: Int, fractionDigits: UInt64, digitCount: Int) -> Double {
        guard digitCount > 0 else { return Double(wholeSeconds) }
        return Double(wholeSeconds) + Double(fractionDigits) / powersOfTen[digitCount]
    }

    /// 10^0 … 10^18, all exact.
    public static let powersOfTen: [Double] = (0...18).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }
}
