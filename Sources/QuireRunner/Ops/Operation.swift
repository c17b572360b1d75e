import QuireEngine
import QuireNotebook

/// An operation steps can run: its schema, and how to run it on resolved inputs.
///
/// Operations are pure functions of their parameters, inputs and the files they read: the
/// runner caches their outputs by those, so an operation must not read anything else (clock,
/// environment, unlisted files) and must give the same bytes for the same inputs.
public protocol Operation: Sendable {
    static var schema: OpSchema { get }
    /// Runs the step; returns its outputs by name (optional outputs may be absent).
    static func run(_ context: OpContext) throws -> [String: StepValue]
}

/// What an operation gets to run: its typed parameters and its inputs' values.
public struct OpContext: Sendable {
    public let step: PlannedStep
    /// The values of ``PlannedStep/inputs``.
    public let inputs: [StepReference: StepValue]
    /// The directory relative paths are resolved against (the notebook's).
    public let baseDirectory: String
    /// Threads an operation may use; results must not depend on it.
    public let threads: Int

    public init(step: PlannedStep, inputs: [StepReference: StepValue], baseDirectory: String, threads: Int) {
        self.step = step
        self.inputs = inputs
        self.baseDirectory = baseDirectory
        self.threads = threads
    }

    public subscript(name: String) -> ParameterValue? { step.parameters[name] }

    public func string(_ name: String) -> String? { self[name]?.string }
    public func integer(_ name: String) -> Int? { self[name]?.integer }
    public func number(_ name: String) -> Double? { self[name]?.number }
    public func bool(_ name: String) -> Bool? { self[name]?.bool }
    public func strings(_ name: String) -> [String] { self[name]?.list?.compactMap(\.string) ?? [] }

    /// The frame a `.input(.frame)` parameter refers to.
    public func frame(_ name: String) throws -> Frame {
        guard case .input(let reference) = self[name], let frame = inputs[reference]?.frame else {
            throw StepFailure("internal error: input '\(name)' is not a frame")
        }
        return frame
    }

    /// The absolute path of a `.path` parameter.
    public func path(_ name: String) -> String {
        let path = string(name) ?? ""
        return path.hasPrefix("/") ? path : baseDirectory + "/" + path
    }

    /// Where the parameter `name` is written in the notebook (the op key when not written).
    public func range(of name: String) -> SourceRange? {
        if let node = step.source.parameters {
            if let value = node[name] { return value.range }
            if node.pairs == nil, step.schema.shorthand == name { return node.range }
        }
        return step.source.op?.range
    }

    /// A failure that points at the parameter `name`.
    public func failure(_ message: String, hint: String? = nil, at name: String) -> StepFailure {
        StepFailure(message, hint: hint, range: range(of: name))
    }

    /// A frame error at the parameter it is about (``FrameError/argument``), or at `name`. An
    /// unknown column is named with its parameter, since the data, not the notebook, is at fault.
    public func failure(_ error: FrameError, otherwiseAt name: String) -> StepFailure {
        let parameter = error.argument ?? name
        var message = error.message
        if error.argument != nil, error.code == .unknownColumn, !message.contains("`\(parameter)`") {
            message = "`\(parameter)`: " + message
        }
        return failure(message, hint: error.hint, at: parameter)
    }
}

/// Why a step failed: what went wrong, how to fix it, and where in the notebook.
public struct StepFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var hint: String?
    /// A position in the notebook (a parameter, a token of an expression), if one applies.
    public var range: SourceRange?

    public init(_ message: String, hint: String? = nil, range: SourceRange? = nil) {
        self.message = message
        self.hint = hint
        self.range = range
    }

    public var description: String { message }
}
