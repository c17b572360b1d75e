import Foundation
import QuireRunner
import QuireSupport

extension RunSummary {
    /// Why a summary could not be read as a lock.
    public struct LockError: Error, Sendable, CustomStringConvertible {
        /// What is wrong with it.
        public var description: String
    }

    /// Reads a summary (`NAME.json`) back as the run it records, for `quire run --frozen`.
    ///
    /// - Throws: ``LockError`` when the bytes are not a summary.
    public static func recordedRun(from bytes: [UInt8]) throws(LockError) -> RecordedRun {
        let file: LockFile
        do {
            file = try JSONDecoder().decode(LockFile.self, from: Data(bytes))
        } catch {
            throw LockError(description: "not a Quire JSON summary (\(error))")
        }
        let steps = file.steps.map { step in
            RecordedRun.Step(
                id: step.id, op: step.op, status: StepStatus(rawValue: step.status) ?? .failed,
                note: step.error?.message ?? step.note, key: step.cacheKey,
                components: step.keyComponents.map {
                    KeyComponents(op: $0.op, parameters: $0.parameters, inputs: $0.inputs, files: $0.files)
                },
                outputs: (step.outputs ?? [:]).mapValues {
                    RecordedRun.Output(
                        digest: $0.digest, scalars: ($0.scalars ?? [:]).compactMapValues { $0 }, flags: $0.flags)
                })
        }
        return RecordedRun(
            notebookDigest: file.notebook.digest, engine: file.engine, format: file.cacheFormat,
            params: (file.params ?? [:]).mapValues(\.text), steps: steps)
    }

    /// Each parameter's value as the summary writes it (JSON text), by name: what
    /// ``RecordedRun/params`` is compared with.
    public static func paramTexts(_ params: ParamSet) -> [String: String] {
        var texts: [String: String] = [:]
        for (name, value) in params.values { texts[name] = json(value).text }
        return texts
    }
}

/// The keys of a summary that make it a lock.
private struct LockFile: Decodable {
    struct Notebook: Decodable {
        var digest: String
    }

    struct Step: Decodable {
        struct Failure: Decodable {
            var message: String
        }

        struct Components: Decodable {
            var op: String
            var parameters: [String: String]
            var inputs: [String: String]
            var files: [String: String]
        }

        struct Output: Decodable {
            var digest: String?
            var scalars: [String: Double?]?
            var flags: [String: Bool]?
        }

        var id: String
        var op: String
        var status: String
        var note: String?
        var error: Failure?
        var cacheKey: String?
        var keyComponents: Components?
        var outputs: [String: Output]?

        enum CodingKeys: String, CodingKey {
            case id, op, status, note, error, outputs
            case cacheKey = "cache_key"
            case keyComponents = "key_components"
        }
    }

    var notebook: Notebook
    var engine: String?
    var cacheFormat: Int?
    var params: [String: JSONValue]?
    var steps: [Step]

    enum CodingKeys: String, CodingKey {
        case notebook, engine, params, steps
        case cacheFormat = "cache_format"
    }
}
