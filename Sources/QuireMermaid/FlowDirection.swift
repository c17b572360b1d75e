/// The direction in which a flowchart's layers advance.
enum FlowDirection: String, Sendable, Hashable {
    case topToBottom = "TB"
    case bottomToTop = "BT"
    case leftToRight = "LR"
    case rightToLeft = "RL"

    /// Mermaid's spellings: `TB`, `TD`, `BT`, `LR`, `RL`, and the arrows `v`, `^`, `>`, `<`.
    init?(mermaid: String) {
        switch mermaid {
        case "TB", "TD", "v": self = .topToBottom
        case "BT", "^": self = .bottomToTop
        case "LR", ">": self = .leftToRight
        case "RL", "<": self = .rightToLeft
        default: return nil
        }
    }

    /// Whether layers advance horizontally.
    var isHorizontal: Bool { self == .leftToRight || self == .rightToLeft }
}
