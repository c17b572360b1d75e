import QuireEngine

/// `predict`: adds the model's predictions (and class probabilities) as columns.
struct PredictOp: Operation {
    static let schema = OpSchema(
        name: "predict", summary: "Add the model's predictions (and class probabilities) as columns.",
        parameters: [
            .init("model", .input(.model), required: true, "the model"),
            .init("data", .input(.frame), required: true, "the rows to predict"),
            .init("column", .string, default: .string("prediction"), "the name of the prediction column"),
        ],
        outputs: [
            .init("frame", .frame, "the rows with `prediction` and, for classifiers, `probability_CLASS` columns")
        ],
        examples: [
            .init("scored", "predict: {model: model, data: split.test}")
        ])

    struct Parameters: Decodable, Sendable {
        var model: StepReference
        var data: StepReference
        var column: String
    }

    /// The prediction column is text for a classifier and numbers for a regressor, and a
    /// classifier adds a probability column per class: only the model knows, so the prediction's
    /// kind is unknown and the frame is open.
    static func outputSchemas(_ parameters: Parameters, in context: SchemaContext) throws -> [String: FrameSchema]? {
        var frame = try context.frame(parameters.data).setting(.init(parameters.column, nil))
        frame.isOpen = true
        return ["frame": frame]
    }

    static func run(_ parameters: Parameters, in context: OpContext) throws -> [String: StepValue] {
        let model = try context.model(parameters.model)
        var frame = try context.frame(parameters.data)
        let name = parameters.column
        do {
            if model.task == .classification {
                frame = try frame.setting(
                    Column(name: name, strings: try model.predictLabels(frame, threads: context.threads)))
                let probabilities = try model.predictProbabilities(frame, threads: context.threads)
                for (index, label) in model.classes.enumerated() {
                    frame = try frame.setting(
                        Column(name: "probability_\(label)", numbers: probabilities.map { $0[index] }))
                }
            } else {
                frame = try frame.setting(
                    Column(name: name, numbers: try model.predict(frame, threads: context.threads)))
            }
        } catch let error as ModelError {
            throw context.failure(error, at: "data")
        } catch let error as FrameError {
            throw context.failure(error, at: "column")
        }
        return ["frame": .frame(frame)]
    }
}
