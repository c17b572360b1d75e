import QuireEngine

/// What a report shows of a model: its algorithm, settings and what it learnt.
public struct ModelCard: Sendable, Hashable, Codable {
    /// The algorithm's name (`logistic_regression`).
    public var algorithm: String
    /// `classification`, `regression` or `clustering`.
    public var task: String
    /// The column predicted, if any.
    public var target: String?
    /// The feature columns, in order.
    public var features: [String]
    /// The classes, for classifiers.
    public var classes: [String]
    /// Hyperparameters as text, by name.
    public var hyperparameters: [String: String]
    /// The preprocessing steps' kinds, in order.
    public var preprocessing: [String]
    /// Rows the model was trained on.
    public var trainingRows: Int
    /// Wall time of the fit: volatile, shown only outside reproducible mode.
    public var trainingSeconds: Double
    /// The inputs the weights belong to (after preprocessing: one-hot columns appear here).
    public var inputs: [String]
    /// Coefficients (the first class's, for multinomial models) or feature importances.
    public var weights: [Double]
    /// What the weights are: "coefficients" or "feature importances" (nil: none).
    public var weightKind: String?
    /// Warnings raised while training.
    public var warnings: [String]

    /// The card of `model`.
    public init(_ model: TrainedModel) {
        algorithm = model.algorithm.rawValue
        task = model.task.rawValue
        target = model.target
        features = model.features
        classes = model.classes
        hyperparameters = Dictionary(
            model.hyperparameters.values.map { ($0.key, $0.value.description) }, uniquingKeysWith: { first, _ in first }
        )
        // Transforms an export put in front of the model come first: they see the raw rows.
        preprocessing = (model.transforms ?? []).map { "\($0.kind) (raw rows)" } + model.preprocessing.map(\.kind)
        trainingRows = model.trainingRows
        trainingSeconds = model.trainingSeconds
        inputs = model.summary.inputs
        if let coefficients = model.summary.coefficients?.first {
            weights = coefficients
            weightKind = "coefficients"
        } else if let importances = model.summary.featureImportances {
            weights = importances
            weightKind = "feature importances"
        } else {
            weights = []
            weightKind = nil
        }
        warnings = model.warnings
    }
}
