import QuireEngine

/// `export`: the model as a versioned JSON file beside the report (the runner writes it).
struct ExportOp: Operation {
    static let schema = OpSchema(
        name: "export",
        summary:
            "Write the model as a versioned JSON file (`OUTPUT/models/NAME.json`) that reproduces its predictions.",
        parameters: [
            .init("model", .input(.model), required: true, "the model"),
            .init("name", .string, required: true, "the file's name, without `.json`"),
        ],
        shorthand: nil,
        outputs: [.init("model", .model, "the exported model (the file is written beside the report)")])

    struct Parameters: Decodable, Sendable {
        var model: StepReference
        var name: String
    }

    static func run(_ parameters: Parameters, in context: OpContext) throws -> [String: StepValue] {
        let name = parameters.name
        guard !name.isEmpty,
            name.unicodeScalars.allSatisfy({
                $0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_.".unicodeScalars.contains($0)
            }),
            !name.hasPrefix(".")
        else {
            throw context.failure(
                .invalidArgument, "'\(name)' is not a file name", hint: "use letters, digits, '-', '_' and '.'",
                at: "name")
        }
        return ["model": .model(try context.model(parameters.model))]
    }
}
