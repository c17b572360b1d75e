import Foundation

/// How a tree measures node impurity: scikit-learn's `gini`, `entropy` (`log_loss`) and
/// `squared_error`.
enum TreeCriterion: String, Sendable, Hashable, Codable {
    case gini, entropy
    case squaredError = "squared_error"

    /// Impurity of a node from weighted class counts (classification) or from
    /// `[sum w·y, sum w·y²]` (regression), with total weight `w`.
    func impurity(_ stats: UnsafeMutablePointer<Double>, count: Int, weight w: Double) -> Double {
        switch self {
        case .gini:
            var sq = 0.0
            for k in 0..<count { sq += stats[k] * stats[k] }
            return 1 - sq / (w * w)
        case .entropy:
            var h = 0.0
            for k in 0..<count where stats[k] > 0 {
                let q = stats[k] / w
                h -= q * log2(q)
            }
            return h
        case .squaredError:
            let mean = stats[0] / w
            return stats[1] / w - mean * mean
        }
    }
}
