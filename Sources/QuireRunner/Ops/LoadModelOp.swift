import Foundation
import QuireEngine

/// `load_model`: reads a model file written by `export`.
struct LoadModelOp: Operation {
    static let schema = OpSchema(
        name: "load_model",
        summary: "Read a model file written by `export`; it predicts exactly as the model that was exported.",
        parameters: [.init("path", .path, required: true, "the model file (`.json`), relative to the notebook")],
        shorthand: "path", outputs: [.init("model", .model, "the model, as trained")],
        examples: [
            .init("baseline", "load_model: models/churn-baseline.json")
        ])

    struct Parameters: Decodable, Sendable {
        var path: String
    }

    static func run(_ parameters: Parameters, in context: OpContext) throws -> [String: StepValue] {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: context.path(parameters.path)))
        } catch {
            throw context.failure(
                .unreadableFile, "cannot read the model file \(parameters.path)",
                hint: "export a model with `export: {model: …, name: …}` (it writes OUTPUT/models/NAME.json)",
                at: "path", cause: error)
        }
        do {
            return ["model": .model(try TrainedModel.decode(data))]
        } catch let error as ModelError {
            throw context.failure(error, at: "path")
        }
    }
}
