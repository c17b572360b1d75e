import QuireEngine

/// `train`: fits a model, its preprocessing fitted on the training rows only.
struct TrainOp: Operation {
    static let schema: OpSchema = {
        var schema = OpSchema(
            name: "train", summary: "Fit a model: preprocessing fitted on the training rows only, then the algorithm.",
            parameters: ModelParameters.schema, outputs: [.init("model", .model, "the fitted model")],
            dependentParameters: ModelParameters.dependentParameters,
            examples: [
                .init(
                    "model",
                    """
                    train:
                      data: split.train
                      algorithm: logistic_regression
                      target: churned
                      features: [plan_id, monthly_usage_gb, support_calls]
                      preprocess: [impute, standardize]
                      C: 1.0
                    """
                )
            ])
        schema.dependentCatalog = ModelParameters.dependentCatalog
        return schema
    }()

    /// `train`'s parameters are the model's.
    typealias Parameters = ModelParameters

    /// Checks the target and features; warns about a categorical feature `one_hot` would turn
    /// into hundreds of columns.
    static func outputSchemas(_ parameters: Parameters, in context: SchemaContext) throws -> [String: FrameSchema]? {
        try parameters.checkColumns(in: context)
        return [:]
    }

    static func run(_ parameters: Parameters, in context: OpContext) throws -> [String: StepValue] {
        do {
            let frame = try context.frame(parameters.data)
            return ["model": .model(try ModelTrainer.fit(parameters.spec, on: frame, threads: context.threads))]
        } catch let error as ModelError {
            throw context.failure(error, at: parameters.parameter(of: error))
        } catch let error as FrameError {
            throw context.failure(error, at: "data")
        }
    }
}
