import Foundation
import QuireEngine
import QuireSupport

/// A model file read and ready to answer: the model, its card, the file's digest, and the bytes
/// every response reuses (labels, column names, the request log's header), worked out once.
///
/// Immutable; a reload builds a new one and swaps it in whole (``ModelStore``).
public final class LoadedModel: Sendable {
    /// The model.
    public let model: TrainedModel
    /// The columns a request's rows must hold (``TrainedModel/inputs``).
    public let inputs: [ModelInput]
    /// The inputs as the request reader matches them.
    let fields: RequestFields
    /// The SHA-256 of the model file's bytes, in hex.
    public let digest: String
    /// The export's name (its manifest's `name`), or the file's name without `.json`.
    public let name: String
    /// The model card, `GET /v1/model`'s body.
    let card: [UInt8]
    /// Each class label as a JSON string.
    let quotedLabels: [[UInt8]]
    /// `"probability_CLASS":` for each class, for the rows layout.
    let probabilityKeys: [[UInt8]]
    /// Each class label as a CSV field, for the request log.
    let csvLabels: [[UInt8]]
    /// The request log's header line for this model.
    let logHeader: [UInt8]
    /// Which file version this is (device, inode, size, modification time).
    let identity: FileIdentity

    /// Reads and checks the model file at `path`.
    ///
    /// - Throws: ``ServeError/model(path:message:)`` when the file cannot be read or is not a
    ///   model this Quire can load.
    public init(path: String) throws {
        let identity = FileIdentity(path: path)
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ServeError.model(path: path, message: "cannot read the file: \(error.localizedDescription)")
        }
        let model: TrainedModel
        do {
            model = try TrainedModel.decode(data)
        } catch let error as ModelError {
            throw ServeError.model(path: path, message: error.message + (error.hint.map { " (hint: \($0))" } ?? ""))
        }
        self.model = model
        self.identity = identity
        inputs = model.inputs
        fields = RequestFields(inputs)
        digest = SHA256.hex(of: data)
        struct Envelope: Decodable {
            var manifest: JSONValue?
        }
        let manifest = (try? JSONDecoder().decode(Envelope.self, from: data))?.manifest
        var manifestFields: [String: JSONValue] = [:]
        if case .object(let fields)? = manifest { manifestFields = fields }
        if case .string(let exported)? = manifestFields["name"] {
            name = exported
        } else {
            name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        }
        let labels = model.task == .regression ? [] : model.classes
        quotedLabels = labels.map { Array(JSONText.quote($0).utf8) }
        probabilityKeys = model.classes.map { Array((JSONText.quote("probability_\($0)") + ":").utf8) }
        csvLabels = labels.map { Array(RequestLog.csvField($0).utf8) }
        let probabilityColumns = model.task == .classification ? model.classes.map { "probability_\($0)" } : []
        let header = ["time"] + inputs.map(\.name) + ["prediction"] + probabilityColumns + ["latency_ms"]
        logHeader = Array((header.map(RequestLog.csvField).joined(separator: ",") + "\n").utf8)
        card = Array(
            Self.card(model: model, inputs: inputs, name: name, digest: digest, manifest: manifestFields).text.utf8)
    }

    /// `GET /v1/model`: what the model is, what it reads and where it came from.
    static func card(
        model: TrainedModel, inputs: [ModelInput], name: String, digest: String, manifest: [String: JSONValue]
    ) -> JSONValue {
        var card: [String: JSONValue] = [
            "name": .string(name),
            "format": .string(model.format),
            "format_version": .integer(model.version),
            "algorithm": .string(model.algorithm.rawValue),
            "task": .string(model.task.rawValue),
            "target": model.target.map(JSONValue.string) ?? .null,
            "features": .array(
                zip(model.features, model.featureKinds).map {
                    .object(["name": .string($0), "kind": .string($1.rawValue)])
                }),
            "inputs": .array(inputs.map { .object(["name": .string($0.name), "kind": .string($0.kind.rawValue)]) }),
            "classes": .array(model.task == .regression ? [] : model.classes.map(JSONValue.string)),
            "outputs": .array(
                [.string("prediction")]
                    + (model.task == .classification ? model.classes.map { .string("probability_\($0)") } : [])),
            "transforms": .array((model.transforms ?? []).map { .string($0.kind) }),
            "training_rows": .integer(model.trainingRows),
            "file_sha256": .string(digest),
        ]
        var export: [String: JSONValue] = [:]
        for key in ["name", "notebook", "step", "params", "inputs", "quire_version", "cache_key", "version"] {
            if let value = manifest[key] { export[key] = value }
        }
        card["export"] = export.isEmpty ? .null : .object(export)
        return .object(card)
    }
}

/// Which version of a file is on disk: a change to any part means the file changed (replaced by
/// a rename, rewritten in place, or touched).
struct FileIdentity: Equatable, Sendable {
    var device: UInt64 = 0
    var inode: UInt64 = 0
    var size: Int64 = -1
    var modifiedNanoseconds: Int64 = 0

    /// The identity of the file at `path` now (all zero and size -1 when it cannot be seen).
    init(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        size = Int64(info.st_size)
        #if canImport(Darwin)
            modifiedNanoseconds = Int64(info.st_mtimespec.tv_sec) * 1_000_000_000 + Int64(info.st_mtimespec.tv_nsec)
        #else
            modifiedNanoseconds = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        #endif
    }
}
