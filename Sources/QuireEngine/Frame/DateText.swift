import QuireSupport

/// The text form of dates: ISO 8601 reading and writing, independent of locale and time zone.
///
/// Writing: a column whose present values all fall on midnight prints `YYYY-MM-DD`; otherwise
/// every value prints `YYYY-MM-DDTHH:MM:SS`, with a fraction of a second only when the value has
/// one, in the fewest digits that read back to the same value. Reading accepts `YYYY-MM-DD`,
/// `YYYY-MM-DDTHH:MM`, `…:SS` and `…:SS.fff…` (any number of fraction digits), a space instead
/// of `T`, and after a time an optional `Z` or `±HH:MM` offset, which is converted to UTC.
public enum DateText {
    /// Whether every present, finite value of a date column falls on midnight.
    public static func isDateOnly(_ values: [Double]) -> Bool {
        for value in values where value.isFinite {
            if value.truncatingRemainder(dividingBy: CivilDate.secondsPerDay) != 0 { return false }
        }
        return true
    }

    /// The text of each value in the column's form; `nil` for a missing (NaN) or infinite value.
    public static func strings(_ values: [Double]) -> [String?] {
        let dateOnly = isDateOnly(values)
        return values.map { format($0, dateOnly: dateOnly) }
    }

    /// The text of one value: `YYYY-MM-DD` when `dateOnly`, else with the time of day; `nil`
    /// when the value is missing or not finite.
    public static func format(_ seconds: Double, dateOnly: Bool) -> String? {
        guard let parts = CivilDate.parts(seconds) else { return nil }
        var text = year(parts.year) + "-" + two(parts.month) + "-" + two(parts.day)
        if dateOnly && parts.wholeSeconds % 86_400 == 0 && parts.fraction == 0 { return text }
        text += "T" + two(parts.hour) + ":" + two(parts.minute) + ":" + two(parts.second)
        if parts.fraction != 0 { text += "." + fractionDigits(seconds, wholeSeconds: parts.wholeSeconds) }
        return text
    }

    /// The fewest fraction digits (at most 15) that compose back to `seconds`.
    static func fractionDigits(_ seconds: Double, wholeSeconds: Int) -> String {
        let fraction = seconds - Double(wholeSeconds)
        var best: (UInt64, Int) = (0, 15)
        for count in 1...15 {
            let scale = CivilDate.powersOfTen[count]
            let scaled = (fraction * scale).rounded()
            guard scaled < scale, scaled >= 0 else { continue }
            let digits = UInt64(scaled)
            best = (digits, count)
            if CivilDate.compose(wholeSeconds: wholeSeconds, fractionDigits: digits, digitCount: count) == seconds {
                break
            }
        }
        var text = String(best.0)
        if text.count < best.1 { text = String(repeating: "0", count: best.1 - text.count) + text }
        while text.count > 1, text.last == "0" { text.removeLast() }
        return text
    }

    private static func two(_ value: Int) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }

    private static func year(_ value: Int) -> String {
        let digits = String(abs(value))
        let padded = digits.count < 4 ? String(repeating: "0", count: 4 - digits.count) + digits : digits
        return value < 0 ? "-" + padded : padded
    }

    // MARK: Reading

    /// The value of an ISO 8601 date text (see the type's documentation), or `nil` when the text
    /// is not one or names no real day or time (2023-02-30, 24:00).
    public static func parse(_ text: String) -> Double? {
        var copy = text
        return copy.withUTF8 { parse($0) }
    }

    /// The value of an ISO 8601 date text given as UTF-8 bytes; spaces and tabs around it are
    /// ignored.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        var lower = 0
        var upper = bytes.count
        while lower < upper, bytes[lower] == 0x20 || bytes[lower] == 0x09 { lower += 1 }
        while upper > lower, bytes[upper - 1] == 0x20 || bytes[upper - 1] == 0x09 { upper -= 1 }
        var reader = Reader(bytes: bytes, index: lower, end: upper)
        guard let year = reader.digits(4), reader.take(0x2D), let month = reader.digits(2), reader.take(0x2D),
            let day = reader.digits(2), CivilDate.isValid(year: year, month: month, day: day)
        else { return nil }
        var whole = CivilDate.days(year: year, month: month, day: day) * 86_400
        if reader.atEnd { return Double(whole) }
        guard reader.take(0x54) || reader.take(0x20) else { return nil }  // T or space
        guard let hour = reader.digits(2), hour < 24, reader.take(0x3A), let minute = reader.digits(2), minute < 60
        else { return nil }
        whole += hour * 3600 + minute * 60
        var fraction: UInt64 = 0
        var fractionCount = 0
        if reader.take(0x3A) {
            guard let second = reader.digits(2), second < 60 else { return nil }
            whole += second
            if reader.take(0x2E) {
                var any = false
                while let digit = reader.digit() {
                    any = true
                    if fractionCount < 15 {
                        fraction = fraction * 10 + UInt64(digit)
                        fractionCount += 1
                    }
                }
                guard any else { return nil }
            }
        }
        if reader.take(0x5A) {  // Z
        } else if let sign = reader.sign() {
            guard let offsetHours = reader.digits(2), offsetHours < 24, reader.take(0x3A),
                let offsetMinutes = reader.digits(2), offsetMinutes < 60
            else { return nil }
            // Local time = UTC + offset, so UTC = local − offset.
            whole -= sign * (offsetHours * 3600 + offsetMinutes * 60)
        }
        guard reader.atEnd else { return nil }
        return CivilDate.compose(wholeSeconds: whole, fractionDigits: fraction, digitCount: fractionCount)
    }

    /// A cursor over ASCII bytes.
    struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var index: Int
        let end: Int

        var atEnd: Bool { index >= end }

        mutating func take(_ byte: UInt8) -> Bool {
            guard index < end, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        mutating func digit() -> Int? {
            guard index < end, bytes[index] >= 0x30, bytes[index] <= 0x39 else { return nil }
            index += 1
            return Int(bytes[index - 1] - 0x30)
        }

        /// Exactly `count` digits.
        mutating func digits(_ count: Int) -> Int? {
            var value = 0
            for _ in 0..<count {
                guard let digit = digit() else { return nil }
                value = value * 10 + digit
            }
            return value
        }

        /// One or two digits, as strptime reads `%m`, `%d`, `%H`.
        mutating func upToTwoDigits() -> Int? {
            guard let first = digit() else { return nil }
            guard let second = digit() else { return first }
            return first * 10 + second
        }

        /// `+1` for `+`, `-1` for `-`, else `nil` without moving.
        mutating func sign() -> Int? {
            if take(0x2B) { return 1 }
            if take(0x2D) { return -1 }
            return nil
        }
    }
}
