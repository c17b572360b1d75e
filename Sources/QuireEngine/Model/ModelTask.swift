/// What a model learns: a class, a number, or a cluster.
public enum ModelTask: String, Sendable, Hashable, Codable, CaseIterable {
    /// Predicts one of a finite set of classes (the target's distinct values).
    case classification
    /// Predicts a number.
    case regression
    /// Groups rows without a target.
    case clustering
}
