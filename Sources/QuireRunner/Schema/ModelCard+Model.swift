import QuireEngine

extension ModelCard {
    public init(_ model: TrainedModel) {
        algorithm = model.algorithm.rawValue
        task = model.task.rawValue
        target = model.target
        features = model.features
        classes = model.classes
        hyperparameters = Dictionary(
            model.hyperparameters.values.map { ($0.key, $0.value.description) }, uniquingKeysWith: { first, _ in first }
        )
        preprocessing = model.preprocessing.map(\.kind)
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
