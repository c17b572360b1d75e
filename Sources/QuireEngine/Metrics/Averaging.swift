/// How per-class precision, recall and F1 combine (scikit-learn's `average`).
public enum Averaging: String, Sendable, Hashable, Codable, CaseIterable {
    /// The positive class only.
    case binary
    /// Unweighted mean over the labels present in the truth or the predictions.
    case macro
    /// From total true positives, false positives and false negatives.
    case micro
    /// Mean weighted by each label's support in the truth.
    case weighted
}
