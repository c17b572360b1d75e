import Foundation
import QuireSupport

/// Tick positions at round values, and their labels, for each kind of scale.
public enum Ticks {
    /// A round step near `span / count`: 1, 2 or 5 times a power of ten (d3's rule).
    public static func niceStep(span: Double, count: Int) -> Double {
        guard span > 0, span.isFinite, count > 0 else { return 1 }
        let raw = span / Double(count)
        let power = pow(10, (log10(raw)).rounded(.down))
        let residual = raw / power
        let factor: Double =
            residual >= 50.0.squareRoot()
            ? 10 : residual >= 10.0.squareRoot() ? 5 : residual >= 2.0.squareRoot() ? 2 : 1
        return factor * power
    }

    /// `lower...upper` widened to whole steps of a round step for about `count` ticks; a single
    /// value widens by one on each side (or ±1 around zero).
    public static func niceDomain(_ lower: Double, _ upper: Double, count: Int = 5) -> (Double, Double) {
        var (lower, upper) = (lower, upper)
        if lower == upper {
            let pad = lower == 0 ? 1 : abs(lower) * 0.1
            lower -= pad
            upper += pad
        }
        // Twice: the step of the widened domain can be larger than the first one.
        for _ in 0..<2 {
            let step = niceStep(span: upper - lower, count: count)
            lower = (lower / step).rounded(.down) * step
            upper = (upper / step).rounded(.up) * step
        }
        return (clean(lower), clean(upper))
    }

    /// Ticks at multiples of a round step within `lower...upper`, about `count` of them.
    public static func linear(_ lower: Double, _ upper: Double, count: Int = 5) -> [Double] {
        guard upper > lower, lower.isFinite, upper.isFinite else { return lower.isFinite ? [lower] : [] }
        let step = niceStep(span: upper - lower, count: count)
        let first = (lower / step - 1e-9).rounded(.up)
        let last = (upper / step + 1e-9).rounded(.down)
        guard last >= first, last - first < 1_000 else { return [] }
        return stride(from: first, through: last, by: 1).map { clean($0 * step) }
    }

    /// Decimals needed to tell ticks `step` apart.
    public static func decimals(step: Double) -> Int {
        guard step > 0, step.isFinite else { return 0 }
        return max(0, Int((-log10(step) - 1e-9).rounded(.up)))
    }

    /// Powers of ten within `lower...upper` (both positive); with fewer than three, also 2× and
    /// 5× each power.
    public static func log(_ lower: Double, _ upper: Double) -> [Double] {
        guard lower > 0, upper >= lower else { return [] }
        let first = Int(log10(lower).rounded(.down))
        let last = Int(log10(upper).rounded(.up))
        var powers: [Double] = []
        for exponent in first...last {
            let value = pow(10, Double(exponent))
            if value >= lower * (1 - 1e-9), value <= upper * (1 + 1e-9) { powers.append(value) }
        }
        if powers.count >= 3 {
            // Many decades: thin them to at most about eight.
            let every = max(1, (powers.count + 7) / 8)
            return powers.enumerated().filter { $0.offset % every == 0 }.map(\.element)
        }
        var values: [Double] = []
        for exponent in first...last {
            for factor in [1.0, 2, 5] {
                let value = factor * pow(10, Double(exponent))
                if value >= lower * (1 - 1e-9), value <= upper * (1 + 1e-9) { values.append(value) }
            }
        }
        return values.count >= 2 ? values : linear(lower, upper)
    }

    /// The domain of a log axis: out to the powers of ten around the data when that is at most
    /// one decade more, else the data's range.
    public static func logDomain(_ lower: Double, _ upper: Double) -> (Double, Double) {
        let low = pow(10, log10(lower).rounded(.down))
        let high = pow(10, log10(upper).rounded(.up))
        if low == high { return (low / 10 * 5, high * 2) }
        return (low, high)
    }

    /// A number as a tick shows it: `decimals` after the point, thousands grouped; large values
    /// with k/M/G.
    public static func label(_ value: Double, decimals: Int) -> String {
        if value == 0 { return "0" }
        let magnitude = abs(value)
        if magnitude >= 1e6 || (magnitude >= 1e4 && decimals == 0 && value.truncatingRemainder(dividingBy: 1000) == 0) {
            for (divisor, suffix) in [(1e9, "G"), (1e6, "M"), (1e3, "k")] where magnitude >= divisor {
                return trimmed(NumberFormat.printf("f", precision: 2, value / divisor)) + suffix
            }
        }
        if magnitude < 1e-4 { return NumberFormat.printf("e", precision: 0, value) }
        let text = NumberFormat.printf("f", precision: min(decimals, 10), value)
        return group(text)
    }

    /// A log-axis tick: 1, 10, 100, 1k, …, 0.1, 0.01, 1e-5.
    public static func logLabel(_ value: Double) -> String {
        let decimals = value < 1 ? Int((-log10(value)).rounded()) : 0
        return label(value, decimals: min(decimals, 6))
    }

    private static func trimmed(_ text: String) -> String {
        guard text.contains(".") else { return text }
        var text = text
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    private static func group(_ text: String) -> String {
        var sign = ""
        var body = Substring(text)
        if body.hasPrefix("-") {
            sign = "−"
            body = body.dropFirst()
        }
        let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        var whole = String(parts[0])
        if whole.count > 4 {
            var grouped = ""
            for (index, character) in whole.enumerated() {
                if index > 0, (whole.count - index) % 3 == 0 { grouped += "," }
                grouped.append(character)
            }
            whole = grouped
        }
        return sign + whole + (parts.count > 1 ? "." + parts[1] : "")
    }

    /// Removes floating-point noise from a multiple of a step (0.30000000000000004 → 0.3).
    static func clean(_ value: Double) -> Double {
        guard value != 0, value.isFinite else { return value }
        let digits = 12 - Int(log10(abs(value)).rounded(.up))
        guard digits > 0, digits < 300 else { return value }
        let scale = pow(10, Double(min(digits, 15)))
        return (value * scale).rounded() / scale
    }
}

/// Dates in UTC for time axes: civil dates from seconds and back, and ticks at round days,
/// months and years.
public enum TimeTicks {
    static let day = 86_400.0
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// The interval between ticks: a number of seconds, or of months.
    public enum Interval: Sendable, Hashable {
        /// Every so many seconds (hours, days, weeks), aligned to UTC midnight (weeks: Mondays).
        case seconds(Double)
        /// Every so many months, aligned to January (years are 12 months and more).
        case months(Int)
    }

    /// The candidate intervals, shortest first.
    static let intervals: [Interval] = [
        .seconds(3_600), .seconds(3 * 3_600), .seconds(6 * 3_600), .seconds(12 * 3_600), .seconds(day),
        .seconds(2 * day), .seconds(7 * day), .months(1), .months(2), .months(3), .months(6), .months(12),
        .months(24), .months(60), .months(120), .months(240), .months(600), .months(1200),
    ]

    /// Ticks at the shortest round interval that gives at most `count` ticks within
    /// `lower...upper` (seconds), with that interval.
    public static func ticks(_ lower: Double, _ upper: Double, count: Int = 6) -> (values: [Double], interval: Interval)
    {
        guard lower.isFinite, upper.isFinite, upper >= lower else { return ([], .seconds(day)) }
        for interval in intervals {
            let values = ticks(lower, upper, every: interval)
            if values.count <= count && values.count >= 2 || interval == intervals.last {
                return (values, interval)
            }
        }
        return ([], .seconds(day))
    }

    /// Every tick of `interval` within `lower...upper`.
    public static func ticks(_ lower: Double, _ upper: Double, every interval: Interval) -> [Double] {
        var values: [Double] = []
        switch interval {
        case .seconds(let step):
            // Weeks start on Mondays: 1970-01-05 was one.
            let origin = step == 7 * day ? 4 * day : 0
            // Too many to be a candidate (the caller wants a handful): none.
            guard (upper - lower) / step < 400 else { return [] }
            var value = ((lower - origin) / step).rounded(.up) * step + origin
            while value <= upper {
                values.append(value)
                value += step
            }
        case .months(let step):
            let start = CivilDate.civil(days: Int((lower / day).rounded(.down)))
            var month = (start.year * 12 + start.month - 1)
            month = Int((Double(month) / Double(step)).rounded(.down)) * step
            while true {
                let value = Double(CivilDate.days(year: month / 12, month: month % 12 + 1, day: 1)) * day
                if value > upper { break }
                if value >= lower { values.append(value) }
                month += step
                if values.count > 400 { break }
            }
        }
        return values
    }

    /// A tick's label for `interval`: `14:00`, `Mar 4`, `Mar 2024` (January and the first tick
    /// of month ticks name the year), `2024`.
    public static func label(_ seconds: Double, interval: Interval, first: Bool) -> String {
        let dayNumber = Int((seconds / day).rounded(.down))
        let date = CivilDate.civil(days: dayNumber)
        switch interval {
        case .seconds(let step) where step < day:
            let secondOfDay = Int(seconds - Double(dayNumber) * day)
            let time = String(format: "%02d:%02d", secondOfDay / 3600, secondOfDay % 3600 / 60)
            return secondOfDay == 0 || first ? "\(months[date.month - 1]) \(date.day) \(time)" : time
        case .seconds:
            return "\(months[date.month - 1]) \(date.day)" + (first ? ", \(date.year)" : "")
        case .months(let step) where step < 12:
            return date.month == 1 || first ? "\(months[date.month - 1]) \(date.year)" : months[date.month - 1]
        case .months:
            return String(date.year)
        }
    }

    /// A date as text for categories and labels: `2024-03-04`, with the time when not midnight.
    public static func text(_ seconds: Double) -> String {
        let dayNumber = Int((seconds / day).rounded(.down))
        let date = CivilDate.civil(days: dayNumber)
        let secondOfDay = Int(seconds - Double(dayNumber) * day)
        let text = String(format: "%04d-%02d-%02d", date.year, date.month, date.day)
        if secondOfDay == 0 { return text }
        let time = String(format: " %02d:%02d", secondOfDay / 3600, secondOfDay % 3600 / 60)
        return secondOfDay % 60 == 0 ? text + time : text + time + String(format: ":%02d", secondOfDay % 60)
    }
}
