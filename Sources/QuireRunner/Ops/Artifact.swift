/// A file an operation produces beside the report (an exported model today; a written CSV or a
/// chart later). The run service writes it in the same all-or-nothing set as the report.
public struct Artifact: Sendable, Equatable {
    /// The path relative to the output directory, `/`-separated (`models/churn.json`).
    public var path: String
    /// The file's contents.
    public var bytes: [UInt8]

    /// An artifact at `path` (relative to the output directory) holding `bytes`.
    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
    }

    /// Whether `path` stays inside the output directory: relative, no empty, `.` or `..` component.
    public var isInsideOutput: Bool {
        !path.hasPrefix("/")
            && path.split(separator: "/", omittingEmptySubsequences: false).allSatisfy {
                !$0.isEmpty && $0 != "." && $0 != ".."
            }
    }
}

/// What an operation gets to declare its artifacts: the step, how it ran, where the notebook is,
/// and its outputs' values.
public struct ArtifactContext: Sendable {
    /// The step whose artifacts these are.
    public let step: PlannedStep
    /// How the step ran (ok or cached): its cache key and input digests.
    public let result: StepResult
    /// The notebook's path relative to its project root (never absolute).
    public let notebookPath: String
    /// SHA-256 of the notebook file's bytes.
    public let notebookDigest: String
    /// The run's parameters.
    public let params: ParamSet
    private let values: @Sendable (String) throws -> StepValue

    /// A context for `step`; `value` gives one of the step's outputs by name.
    public init(
        step: PlannedStep, result: StepResult, notebookPath: String, notebookDigest: String, params: ParamSet,
        value: @escaping @Sendable (String) throws -> StepValue
    ) {
        self.step = step
        self.result = result
        self.notebookPath = notebookPath
        self.notebookDigest = notebookDigest
        self.params = params
        self.values = value
    }

    /// The value of the step's output `name`: from this run, else from the cache (verified),
    /// recomputed only when neither has it.
    public func value(_ name: String) throws -> StepValue {
        try values(name)
    }

    /// The digests of the step's inputs, by reference (`train.model`).
    public var inputDigests: [String: String] { result.components?.inputs ?? [:] }
}

/// An operation whose steps produce files beside the report.
///
/// Conform in a file of the operation's own; the registry and the run service find it.
public protocol ProducesArtifacts: Operation {
    /// Output-directory subfolders this operation writes into (`models`), cleaned up after a
    /// killed run.
    static var artifactDirectories: [String] { get }
    /// The files a step of this operation produces; called for steps that ran or were cached.
    static func declaredArtifacts(_ context: ArtifactContext) throws -> [Artifact]
}

extension Operation {
    /// None: the operation produces no files beside the report.
    public static func artifacts(_ context: ArtifactContext) throws -> [Artifact] { [] }

    /// None: the operation writes into no subfolder of the output directory.
    public static var artifactSubdirectories: [String] { [] }
}

extension ProducesArtifacts {
    /// ``declaredArtifacts(_:)``.
    public static func artifacts(_ context: ArtifactContext) throws -> [Artifact] {
        try declaredArtifacts(context)
    }

    /// ``artifactDirectories``.
    public static var artifactSubdirectories: [String] { artifactDirectories }
}

extension OpRegistry {
    /// Every output-directory subfolder an operation writes artifacts into, sorted.
    public var artifactDirectories: [String] {
        Set(names.compactMap { operation(named: $0)?.artifactSubdirectories }.joined()).sorted()
    }
}
