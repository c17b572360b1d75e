/// The kinds of values steps produce and consume.
public enum ValueKind: String, Sendable, Hashable, CaseIterable, Codable {
    /// A table of typed columns.
    case frame
    /// Per-column summary statistics of a frame.
    case profile
    /// A trained model with its preprocessing.
    case model
    /// Metrics and curves of a model on a frame.
    case evaluation
    /// Rows of named cells: tuning results, importances, leaderboards.
    case table
    /// Monitoring results: drift, expectations, latency, with ok/warn/alert statuses.
    case monitor

    /// The word used in messages: "a frame", "a profile".
    public var article: String {
        switch self {
        case .frame: "a frame"
        case .profile: "a profile"
        case .model: "a model"
        case .evaluation: "an evaluation"
        case .table: "a table"
        case .monitor: "a monitor"
        }
    }
}
