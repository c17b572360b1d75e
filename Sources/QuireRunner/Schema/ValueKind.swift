/// The kinds of values steps produce and consume.
public enum ValueKind: String, Sendable, Hashable, CaseIterable, Codable {
    /// A table of typed columns.
    case frame
    /// Per-column summary statistics of a frame.
    case profile

    /// The word used in messages: "a frame", "a profile".
    public var article: String {
        switch self {
        case .frame: "a frame"
        case .profile: "a profile"
        }
    }
}
