/// The outcome of a monitor check, ordered from best to worst.
///
/// `ok < warn < alert`, so the worst status of many checks is their `max()`; a CI gate such as
/// `--fail-on warn` trips when the worst status is at least the chosen one.
public enum MonitorStatus: String, Sendable, Codable, CaseIterable, Comparable {
    /// The check passed.
    case ok
    /// The check passed but is close to its threshold (drift), or tolerated failures (expectations).
    case warn
    /// The check failed: drift detected, or an expectation not met.
    case alert

    private var rank: Int {
        switch self {
        case .ok: 0
        case .warn: 1
        case .alert: 2
        }
    }

    /// Orders from best to worst: `ok < warn < alert`.
    public static func < (lhs: MonitorStatus, rhs: MonitorStatus) -> Bool { lhs.rank < rhs.rank }
}
