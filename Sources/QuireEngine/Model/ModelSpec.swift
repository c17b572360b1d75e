/// What to train: the algorithm, the task, the columns, preprocessing, hyperparameters and seed.
///
/// This is the `train` op's body as a value. `features: nil` means every column except the
/// target; `task: nil` is inferred (a categorical target, or an algorithm that only classifies,
/// gives classification; a numeric target gives regression unless the algorithm only classifies;
/// no target gives clustering).
public struct ModelSpec: Sendable, Hashable, Codable {
    /// The learning algorithm.
    public var algorithm: Algorithm
    /// The task, or `nil` to infer it.
    public var task: ModelTask?
    /// The target column; `nil` only for clustering.
    public var target: String?
    /// The feature columns in order; `nil` for all columns but the target.
    public var features: [String]?
    /// Preprocessing, fitted on the training rows and stored in the model.
    public var preprocess: [PreprocessStep]
    /// Hyperparameters by scikit-learn name; missing ones take the algorithm's defaults.
    public var hyperparameters: [String: HyperValue]
    /// Seed of every random choice (bootstrap, feature subsets, k-means++, validation split).
    public var seed: UInt64

    /// Creates a spec.
    public init(
        algorithm: Algorithm, task: ModelTask? = nil, target: String? = nil, features: [String]? = nil,
        preprocess: [PreprocessStep] = [], hyperparameters: [String: HyperValue] = [:], seed: UInt64 = 0
    ) {
        self.algorithm = algorithm
        self.task = task
        self.target = target
        self.features = features
        self.preprocess = preprocess
        self.hyperparameters = hyperparameters
        self.seed = seed
    }
}
