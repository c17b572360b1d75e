import Foundation
import QuireSupport

/// The date a reproducible report carries: not when it was rendered (that would change its bytes
/// on every run) but a date fixed by its inputs.
public struct ReportDate: Sendable, Equatable {
    /// Where the date comes from.
    public enum Source: Sendable, Equatable {
        /// `SOURCE_DATE_EPOCH`, the fixed time of reproducible builds.
        case sourceDateEpoch
        /// The committer date of the notebook's last commit (`git log -1 --format=%ct -- FILE`).
        case lastCommit
    }

    /// Whole seconds since 1970-01-01T00:00:00Z.
    public var secondsSince1970: Int64
    /// Where the date comes from.
    public var source: Source

    /// The date `seconds` after the epoch, or nil unless it is a whole number of seconds between
    /// 1970 and the end of year 9999 (what `SOURCE_DATE_EPOCH` may hold).
    public init?(secondsSince1970 seconds: Double, source: Source) {
        guard seconds.isFinite, seconds >= 0, seconds <= 253_402_300_799, seconds == seconds.rounded(.down) else {
            return nil
        }
        self.secondsSince1970 = Int64(seconds)
        self.source = source
    }

    /// ISO 8601 in UTC: `2023-11-14T22:13:20Z`.
    public var iso8601: String {
        CivilDate.iso8601(Double(secondsSince1970))
    }

    /// Where the date comes from, in the report's words.
    public var sourceDescription: String {
        switch source {
        case .sourceDateEpoch: "SOURCE_DATE_EPOCH"
        case .lastCommit: "the notebook's last commit"
        }
    }
}
