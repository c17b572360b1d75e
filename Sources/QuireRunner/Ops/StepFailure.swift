import Foundation
import QuireEngine
import QuireNotebook

/// Why a step failed: a stable code, what went wrong, how to fix it, where in the notebook, and
/// the error that caused it.
public struct StepFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// A stable, kebab-case identifier of the kind of failure, for tools that read the JSON
    /// summary: the engine's own codes (`csv-ragged-row`, `unknown-column`, `too-few-rows`), or the
    /// runner's (`timed-out`, `invalid-argument`, `internal`…). docs/json-summary.md lists them; a
    /// code, once published, keeps its meaning.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        /// The code as written in the JSON summary and the report.
        public var rawValue: String

        /// A code by its text.
        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        /// The code as written.
        public var description: String { rawValue }

        /// A bug in Quire, not in the notebook (an input of the wrong kind, an unknown op).
        public static let internalError = Self(rawValue: "internal")
        /// The step ran longer than its `timeout:`.
        public static let timedOut = Self(rawValue: "timed-out")
        /// A parameter value the op refuses once it runs (a delimiter of two characters, a grid too
        /// large, an export name that is not a file name).
        public static let invalidArgument = Self(rawValue: "invalid-argument")
        /// A `when:` condition could not be evaluated (a name without a value).
        public static let conditionError = Self(rawValue: "condition-error")
        /// A file the step reads is outside the project root.
        public static let outsideRoot = Self(rawValue: "outside-root")
        /// A file the step reads cannot be read.
        public static let unreadableFile = Self(rawValue: "unreadable-file")
        /// A file the step reads is not what it should be (a reference profile that is not one).
        public static let badFormat = Self(rawValue: "bad-format")
        /// An upstream step did not produce the output a step reads.
        public static let missingOutput = Self(rawValue: "missing-output")
        /// `--only`: a step the one to run depends on is not in the cache.
        public static let notCached = Self(rawValue: "not-cached")

        /// The code of an engine error (``FrameError``, ``CSVError``, ``ModelError``,
        /// ``ExpressionError``), `unreadable-file` for a file-system error, else `internal`.
        public init(of error: any Error) {
            switch error {
            case let failure as StepFailure: self = failure.code
            case let error as FrameError: self.init(rawValue: error.code.rawValue)
            case let error as CSVError: self.init(rawValue: error.code.rawValue)
            case let error as ModelError: self.init(rawValue: error.code.rawValue)
            case let error as ExpressionError: self.init(rawValue: error.code.rawValue)
            case is CocoaError: self = .unreadableFile
            default: self = .internalError
            }
        }
    }

    /// What kind of failure this is.
    public var code: Code
    /// What went wrong.
    public var message: String
    /// How to fix it, when there is something to say.
    public var hint: String?
    /// A position in the notebook (a parameter, a token of an expression), if one applies.
    public var range: SourceRange?
    /// The error this failure reports (an engine error), if there is one.
    public var cause: (any Error)?

    /// A failure with its code.
    public init(
        _ code: Code, _ message: String, hint: String? = nil, range: SourceRange? = nil,
        cause: (any Error)? = nil
    ) {
        self.code = code
        self.message = message
        self.hint = hint
        self.range = range
        self.cause = cause
    }

    /// The message.
    public var description: String { message }

    /// Equal code, message, hint, position and cause (compared by their text).
    public static func == (a: StepFailure, b: StepFailure) -> Bool {
        a.code == b.code && a.message == b.message && a.hint == b.hint && a.range == b.range
            && a.cause.map { "\($0)" } == b.cause.map { "\($0)" }
    }
}
