import QuireEngine
import QuireNotebook
import QuireSupport

/// `export`: the model as a versioned JSON file beside the report (declared below as an
/// artifact, which the run service writes), optionally behind fitted transforms and `derive`
/// expressions so that it takes raw rows.
struct ExportOp: Operation {
    static let schema = OpSchema(
        name: "export",
        summary:
            "Write the model as a versioned JSON file (`OUTPUT/models/NAME.json`) that reproduces its predictions.",
        parameters: [
            .init("model", .input(.model), required: true, "the model"),
            .init("name", .string, required: true, "the file's name, without `.json`"),
            .init(
                "transforms", .list(.input(.transform)),
                "fitted transforms (`imp.transform`, from `impute`, `encode`, `scale`) and `derive` steps' expressions "
                    + "(`features.transform`, without window functions) applied in order to raw rows before the model, "
                    + "so that the exported model takes raw rows (none by default)"),
        ],
        shorthand: nil,
        outputs: [.init("model", .model, "the exported model (the file is written beside the report)")],
        examples: [
            .init("release", "export: {model: model, name: churn-example}")
        ])

    struct Parameters: Decodable, Sendable {
        var model: StepReference
        var name: String
        var transforms: [StepReference]?
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
        var transforms: [FittedTransform] = []
        for (index, reference) in (parameters.transforms ?? []).enumerated() {
            guard let transform = context.inputs[reference]?.transform else {
                throw StepFailure(.internalError, "internal error: input '\(reference)' is not a transform")
            }
            if case .derive(let derived) = transform, let window = derived.windowFunction {
                // A window's value depends on the rows around it: a model scores each row alone.
                let elements = context.step.source.parameters?["transforms"]?.elements ?? []
                let range = index < elements.count ? elements[index].range : context.range(of: "transforms")
                throw StepFailure(
                    .invalidArgument,
                    "`\(reference.step)` computes `\(window.column)` with the window function `\(window.function)`, "
                        + "whose value depends on other rows; an exported model scores each row on its own",
                    hint: "move the window columns into a `derive` step of their own and export only the row-wise one "
                        + "(rows given to the model then hold the window columns), or leave `\(reference)` out",
                    range: range)
            }
            transforms.append(transform)
        }
        return ["model": .model(try context.model(parameters.model).taking(rawRowsThrough: transforms))]
    }
}

extension ExportOp: ProducesArtifacts {
    static let artifactDirectories = ["models"]

    /// `models/NAME.json`: the model, which reproduces its predictions, with a manifest saying
    /// where it came from (notebook, step, cache key, inputs, parameters).
    static func declaredArtifacts(_ context: ArtifactContext) throws -> [Artifact] {
        guard let name = context.step.parameters["name"]?.string,
            var model = try context.value("model").model
        else { return [] }
        model.trainingSeconds = 0
        var params: [String: JSONValue] = [:]
        for (key, value) in context.params.values { params[key] = .string(value.displayText) }
        let manifest: JSONValue = .object([
            "format": "quire-export", "version": 1, "name": .string(name),
            "quire_version": .string(QuireVersion.string),
            "notebook": .object(["path": .string(context.notebookPath), "digest": .string(context.notebookDigest)]),
            "step": .string(context.step.id), "cache_key": context.result.key.map(JSONValue.string) ?? .null,
            "inputs": .object(context.inputDigests.mapValues(JSONValue.string)), "params": .object(params),
        ])
        let file = ExportFile(manifest: manifest, model: Array(try model.encoded(prettyPrinted: false)))
        return [Artifact(path: "models/\(name).json", bytes: file.bytes)]
    }
}

/// The layout of an exported model file: `{"manifest": …, "model": …}`, the manifest first as
/// ``JSONValue`` writes it, then the model exactly as the engine encodes it (compact), so a
/// reader can hash the model's bytes and tools that diff manifests see one key per line.
struct ExportFile {
    /// Where the model came from.
    var manifest: JSONValue
    /// The engine's encoding of the model, kept byte for byte.
    var model: [UInt8]

    /// The file's bytes.
    var bytes: [UInt8] {
        // The envelope has two fixed keys; every value in it is written by JSONValue or the engine.
        var text = manifest.text
        text.removeLast()  // JSONValue ends a document with a newline; here a comma follows.
        return Array("{\n\"manifest\": \(text),\n\"model\": ".utf8) + model + Array("\n}\n".utf8)
    }
}
