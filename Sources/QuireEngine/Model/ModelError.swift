/// An error from fitting, applying or loading a model.
///
/// It says what is wrong and, in ``hint``, how to fix it; ``description`` is printable as is.
public struct ModelError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A stable identifier of the kind of problem.
    public enum Code: String, Sendable, Codable {
        case unknownAlgorithm = "unknown-algorithm"
        case unknownHyperparameter = "unknown-hyperparameter"
        case invalidHyperparameter = "invalid-hyperparameter"
        case unsupportedTask = "unsupported-task"
        case missingTarget = "missing-target"
        case singleClass = "single-class"
        case missingTargetValues = "missing-target-values"
        case categoricalTarget = "categorical-target"
        case missingFeatureValues = "missing-feature-values"
        case categoricalFeature = "categorical-feature"
        case noFeatures = "no-features"
        case tooFewRows = "too-few-rows"
        case unknownMetric = "unknown-metric"
        case invalidArgument = "invalid-argument"
        case badFormat = "bad-format"
        case unsupportedVersion = "unsupported-version"
    }

    /// What kind of problem this is.
    public var code: Code
    /// What is wrong.
    public var message: String
    /// How to fix it, when there is something to say.
    public var hint: String?
    /// The column the problem is about, when there is one.
    public var column: String?
    /// The notebook parameter the problem is about, when the engine knows it: a hyperparameter
    /// (`n_neighbors`) or a setting of the spec (`preprocess`). The runner points at it.
    public var parameter: String?

    /// Creates an error.
    public init(
        _ code: Code, _ message: String, hint: String? = nil, column: String? = nil, parameter: String? = nil
    ) {
        self.code = code
        self.message = message
        self.hint = hint
        self.column = column
        self.parameter = parameter
    }

    /// `error: message` and, on a second line, the hint.
    public var description: String {
        var text = "error: \(message)"
        if let hint { text += "\n  hint: \(hint)" }
        return text
    }
}
