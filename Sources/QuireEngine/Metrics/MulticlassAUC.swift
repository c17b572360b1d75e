/// How ROC AUC extends to more than two classes (scikit-learn's `multi_class`).
public enum MulticlassAUC: String, Sendable, Hashable, Codable, CaseIterable {
    /// Each class against the rest.
    case ovr
    /// Every pair of classes (Hand & Till).
    case ovo
}
