import Foundation

extension CivilDate {
    /// ``iso8601(_:)-(Double)`` of a `Date` as Foundation's formatter writes it: the interval since
    /// 2001 the date holds, rounded to the millisecond (halves up), then cut to the second.
    public static func iso8601(_ date: Date) -> String {
        let milliseconds = (date.timeIntervalSinceReferenceDate * 1000 + 0.5).rounded(.down)
        return iso8601((milliseconds / 1000).rounded(.down) + Date.timeIntervalBetween1970AndReferenceDate)
    }
}
