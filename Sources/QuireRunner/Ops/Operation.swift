import QuireEngine
import QuireNotebook

/// An operation steps can run: its schema, its typed parameters, and how to run it on them.
///
/// An op is one file: a `schema` (parameters with types, defaults, ranges and docs; outputs), a
/// `Parameters` struct whose fields are the schema's parameters (decoded by
/// ``OpSchema/decode(_:from:)``, so defaults live only in the schema), and `run`. Operations are
/// pure functions of their parameters, inputs and the files they read: the runner caches their
/// outputs by those, so an operation must not read anything else (clock, environment, unlisted
/// files) and must give the same bytes for the same inputs. The one exception is declared: an op
/// whose schema is ``OpSchema/isVolatile`` measures the run itself (`latency` times predictions),
/// so its steps run every time, are never cached, and their outputs are left out of reproducible
/// summaries.
public protocol Operation: Sendable {
    /// The op's parameters: one field per schema parameter, named in camel case (`test_size` is
    /// `testSize`); optional when the parameter is neither required nor defaulted.
    associatedtype Parameters: Decodable & Sendable

    /// What the op accepts and produces; the planner checks steps against it.
    static var schema: OpSchema { get }

    /// Runs the step on its decoded parameters; returns its outputs by name (optional outputs may
    /// be absent).
    static func run(_ parameters: Parameters, in context: OpContext) throws -> [String: StepValue]

    /// Runs the step: decodes ``Parameters`` from the planned step and calls ``run(_:in:)``.
    static func run(_ context: OpContext) throws -> [String: StepValue]

    /// What `check` knows before anything runs: the schemas of the frames the step outputs, by
    /// output name, after checking the columns its parameters name against its inputs' schemas
    /// (``SchemaContext`` reports each problem at its position).
    ///
    /// Return `nil` (the default) when the op cannot tell: then nothing downstream is checked, so
    /// an op without the hook never causes a false error. Return `[:]` for an op that checks
    /// columns but outputs no frame. ``SchemaContext/frame(_:)`` throws when an input's schema is
    /// unknown; let it propagate. docs/architecture.md has examples.
    static func outputSchemas(_ parameters: Parameters, in context: SchemaContext) throws -> [String: FrameSchema]?

    /// The columns a step reads of those frame inputs it reads only in part (`select` reads the
    /// columns it keeps). A frame that comes from the cache is then decoded with those columns
    /// alone, so the step's outputs must not depend on any other. Inputs not named are read
    /// whole; by default every input is.
    static func columnsRead(_ parameters: Parameters) -> [StepReference: Set<String>]

    /// The files a step of this operation produces beside the report: none, unless the operation
    /// conforms to ``ProducesArtifacts``. (Requirements, so that finding them needs no runtime
    /// conformance lookup, which scans every conformance in the binary.)
    static func artifacts(_ context: ArtifactContext) throws -> [Artifact]

    /// The output-directory subfolders this operation writes artifacts into (none, unless the
    /// operation conforms to ``ProducesArtifacts``).
    static var artifactSubdirectories: [String] { get }
}

extension Operation {
    /// Parameters decoded from `values` by the schema; absent ones take the schema's defaults.
    public static func parameters(from values: [String: ParameterValue]) throws -> Parameters {
        try schema.decode(Parameters.self, from: values)
    }

    /// The planned step's parameters, decoded by the schema.
    ///
    /// - Throws: ``StepFailure`` `internal` when they do not decode: the planner checked them, so
    ///   that is a mismatch between ``Parameters`` and the schema.
    public static func parameters(of step: PlannedStep) throws -> Parameters {
        do {
            return try step.schema.decode(Parameters.self, from: step.parameters)
        } catch {
            throw StepFailure(
                .internalError, "internal error: the parameters of '\(step.op)' do not decode: \(error)",
                range: step.source.op?.range)
        }
    }

    /// Unknown: an op that does not implement the hook stops the checks downstream of it.
    public static func outputSchemas(_ parameters: Parameters, in context: SchemaContext) throws -> [String:
        FrameSchema]?
    {
        nil
    }

    /// Decodes `values` and calls ``outputSchemas(_:in:)``; nil when they do not decode or an
    /// input's schema is unknown.
    static func outputSchemas(of values: [String: ParameterValue], in context: SchemaContext) -> [String: FrameSchema]?
    {
        guard let parameters = try? parameters(from: values) else { return nil }
        return try? outputSchemas(parameters, in: context)
    }

    /// Every input read whole.
    public static func columnsRead(_ parameters: Parameters) -> [StepReference: Set<String>] { [:] }

    /// ``columnsRead(_:)`` of a planned step; every input whole when its parameters do not decode.
    static func columnsRead(of step: PlannedStep) -> [StepReference: Set<String>] {
        (try? step.schema.decode(Parameters.self, from: step.parameters)).map(columnsRead) ?? [:]
    }

    /// Decodes the step's parameters and runs the op on them.
    public static func run(_ context: OpContext) throws -> [String: StepValue] {
        try run(parameters(of: context.step), in: context)
    }
}

/// What an operation gets to run besides its parameters: the step (for positions), its inputs'
/// values, where relative paths start, and the threads it may use.
public struct OpContext: Sendable {
    /// The planned step being run.
    public let step: PlannedStep
    /// The values of ``PlannedStep/inputs``.
    public let inputs: [StepReference: StepValue]
    /// The directory relative paths are resolved against (the notebook's).
    public let baseDirectory: String
    /// Threads an operation may use; results must not depend on it.
    public let threads: Int
    /// The content digest of each input value the executor knows (those in the step's cache key):
    /// equal digests, equal values. For figures derived from an input that other steps of the
    /// run may derive again (``DriftMemo``).
    public let inputDigests: [StepReference: String]

    /// A context for running `step` on `inputs`.
    public init(
        step: PlannedStep, inputs: [StepReference: StepValue], baseDirectory: String, threads: Int,
        inputDigests: [StepReference: String] = [:]
    ) {
        self.step = step
        self.inputs = inputs
        self.baseDirectory = baseDirectory
        self.threads = threads
        self.inputDigests = inputDigests
    }

    /// The frame a `.input(.frame)` parameter refers to.
    public func frame(_ reference: StepReference) throws -> Frame {
        guard let frame = inputs[reference]?.frame else {
            throw StepFailure(.internalError, "internal error: input '\(reference)' is not a frame")
        }
        return frame
    }

    /// The model a `.input(.model)` parameter refers to.
    public func model(_ reference: StepReference) throws -> TrainedModel {
        guard let model = inputs[reference]?.model else {
            throw StepFailure(.internalError, "internal error: input '\(reference)' is not a model")
        }
        return model
    }

    /// The evaluation a `.input(.evaluation)` parameter refers to, if it is one.
    public func evaluation(_ reference: StepReference) -> Evaluation? {
        if let evaluation = inputs[reference]?.evaluation { return evaluation }
        return nil
    }

    /// The absolute path of a `.path` parameter's value (relative to the notebook).
    public func path(_ path: String) -> String {
        path.hasPrefix("/") ? path : baseDirectory + "/" + path
    }

    /// Where the parameter `name` is written in the notebook (the op key when not written).
    public func range(of name: String) -> SourceRange? {
        if let node = step.source.parameters {
            if let value = node[name] { return value.range }
            if node.pairs == nil, step.schema.shorthand == name { return node.range }
        }
        return step.source.op?.range
    }
}
