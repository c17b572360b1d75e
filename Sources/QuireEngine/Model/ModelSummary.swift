/// What a trained model learned, for reports: coefficients or importances and fit facts.
///
/// Every array is aligned with ``inputs`` (the columns after preprocessing, e.g. one-hot
/// indicator columns).
public struct ModelSummary: Sendable, Hashable, Codable {
    /// The model's input columns after preprocessing, in order.
    public var inputs: [String]
    /// Linear models: one row of coefficients (regression, binary logistic: class 1's log-odds)
    /// or one row per class (multinomial logistic).
    public var coefficients: [[Double]]?
    /// Linear models: the intercept of each coefficient row.
    public var intercepts: [Double]?
    /// Trees, forests and boosting: normalised impurity (or gain) decrease per input, summing to 1.
    public var featureImportances: [Double]?
    /// Iterations used (logistic L-BFGS, boosting rounds, k-means Lloyd steps).
    public var iterations: Int?
    /// Number of trees (forest; boosting: per class).
    public var trees: Int?
    /// Tree depth (decision tree) or the deepest tree (forest).
    public var depth: Int?
    /// Leaves (decision tree) or total leaves (forest).
    public var leaves: Int?
    /// k-means: the sum of squared distances of training rows to their centres.
    public var inertia: Double?
    /// k-means: the mean silhouette of the training rows (on a seeded sample of 4,000 above that).
    public var silhouette: Double?
    /// k-means: the centres (clusters × inputs).
    public var centers: [[Double]]?
    /// Linear regression: the rank of the centred design matrix.
    public var rank: Int?

    /// An empty summary for the given inputs.
    public init(inputs: [String]) {
        self.inputs = inputs
    }
}
