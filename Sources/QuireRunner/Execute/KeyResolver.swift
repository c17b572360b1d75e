import Foundation
import QuireNotebook

/// Computes a step's ``KeyComponents`` from its parameters, its inputs' digests and the
/// digests of the files it reads; refuses files outside the project root.
struct KeyResolver: Sendable {
    let options: RunOptions
    let digests: FileDigests

    /// - Parameter upstream: the digest of an input's value, if known.
    func components(for step: PlannedStep, upstream: (StepReference) -> String?) throws(StepFailure)
        -> KeyComponents
    {
        var inputs: [String: String] = [:]
        for reference in step.inputs {
            guard let digest = upstream(reference) else {
                throw StepFailure(.internalError, "internal error: no value for input \(reference)")
            }
            inputs[reference.description] = digest
        }
        var files: [String: String] = [:]
        for path in step.files {
            files[path] = try digest(ofFile: path, in: step)
        }
        var parameters: [String: String] = [:]
        for (name, value) in step.parameters {
            let named = step.schema.parameter(named: name)?.keyIncludesReferenceNames == true
            parameters[name] =
                value.replacingInputs { (inputs[$0.description] ?? "?") + (named ? " of " + $0.description : "") }
                .canonicalText
        }
        return KeyComponents(op: step.op, parameters: parameters, inputs: inputs, files: files)
    }

    /// The absolute, symlink-resolved path of a file a step reads, checked against the root.
    func resolve(_ path: String, in step: PlannedStep) throws(StepFailure) -> String {
        let absolute = path.hasPrefix("/") ? path : options.baseDirectory + "/" + path
        let resolved = URL(fileURLWithPath: absolute).standardizedFileURL.resolvingSymlinksInPath().path
        let root = options.projectRoot.hasSuffix("/") ? options.projectRoot : options.projectRoot + "/"
        if !options.allowOutsideRoot && !resolved.hasPrefix(root) {
            throw StepFailure(
                .outsideRoot, "'\(path)' is outside the project root",
                hint: "move the file into the project, or run with --allow-outside-root if you trust this notebook",
                range: rangeOfPath(path, in: step))
        }
        return resolved
    }

    private func digest(ofFile path: String, in step: PlannedStep) throws(StepFailure) -> String {
        let resolved = try resolve(path, in: step)
        do {
            return try digests.digest(ofFile: resolved)
        } catch {
            throw StepFailure(
                .unreadableFile, "cannot read '\(path)': \(error)",
                hint: "paths are relative to the notebook's directory (\(notebookDirectory))",
                range: rangeOfPath(path, in: step))
        }
    }

    /// The notebook's directory as reports may show it: relative to the project root.
    private var notebookDirectory: String {
        let directory = options.pathInProject(options.baseDirectory)
        return directory == "." ? "the project root" : directory + "/"
    }

    private func rangeOfPath(_ path: String, in step: PlannedStep) -> SourceRange? {
        for parameter in step.schema.parameters
        where parameter.type == .path && step.parameters[parameter.name]?.string == path {
            if let node = step.source.parameters {
                if let value = node[parameter.name] { return value.range }
                if node.pairs == nil { return node.range }
            }
        }
        return step.source.op?.range
    }
}

extension ParameterValue {
    /// Calls `body` with each input reference in the value, in order.
    func forEachInput(_ body: (StepReference) -> Void) {
        switch self {
        case .input(let reference): body(reference)
        case .list(let values): for value in values { value.forEachInput(body) }
        case .mapping(let pairs): for pair in pairs { pair.value.forEachInput(body) }
        default: break
        }
    }

    /// The value with each input reference replaced by text (the digest of the value it names).
    func replacingInputs(_ text: (StepReference) -> String) -> ParameterValue {
        switch self {
        case .input(let reference): return .string("digest:" + text(reference))
        case .list(let values): return .list(values.map { $0.replacingInputs(text) })
        case .mapping(let pairs): return .mapping(pairs.map { Pair($0.key, $0.value.replacingInputs(text)) })
        default: return self
        }
    }
}
