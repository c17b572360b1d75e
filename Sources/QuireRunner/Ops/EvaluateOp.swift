import QuireEngine

/// `evaluate`: scores a model on a frame.
struct EvaluateOp: Operation {
    static let schema = OpSchema(
        name: "evaluate", summary: "Score a model on a frame: scikit-learn's metrics, confusion matrix and curves.",
        parameters: [
            .init("model", .input(.model), required: true, "the model"),
            .init("data", .input(.frame), required: true, "rows with the target column, unseen in training"),
        ],
        outputs: [.init("metrics", .evaluation, "metrics by scikit-learn's names without `_score`, and curves")],
        examples: [
            .init("quality", "evaluate: {model: model, data: split.test}"),
            .init("tuned_quality", "evaluate: {model: tuned, data: split.test}"),
        ])

    struct Parameters: Decodable, Sendable {
        var model: StepReference
        var data: StepReference
    }

    /// The target column is the model's, which only the model knows.
    static func outputSchemas(_ parameters: Parameters, in context: SchemaContext) throws -> [String: FrameSchema]? {
        [:]
    }

    static func run(_ parameters: Parameters, in context: OpContext) throws -> [String: StepValue] {
        do {
            let evaluation = try Evaluation.evaluate(
                model: try context.model(parameters.model), frame: try context.frame(parameters.data),
                threads: context.threads)
            return ["metrics": .evaluation(evaluation)]
        } catch let error as ModelError {
            throw context.failure(error, at: "data")
        }
    }
}
