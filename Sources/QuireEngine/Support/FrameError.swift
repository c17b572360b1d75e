/// An error from a frame operation (select, split, transforms, binary format, …).
///
/// It says what is wrong and, in ``hint``, how to fix it.
public struct FrameError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A stable identifier of the kind of problem.
    public enum Code: String, Sendable, Codable {
        case unknownColumn = "unknown-column"
        case duplicateColumn = "duplicate-column"
        case lengthMismatch = "length-mismatch"
        case wrongKind = "wrong-kind"
        case invalidArgument = "invalid-argument"
        case missingValues = "missing-values"
        case notFitted = "not-fitted"
        case badFormat = "bad-format"
        case checksumMismatch = "checksum-mismatch"
        case io = "io"
        /// A key found twice where a join's `validate` wants it once.
        case duplicateKey = "duplicate-key"
        case castFailed = "cast-failed"
    }

    /// What kind of problem this is.
    public var code: Code
    /// What is wrong.
    public var message: String
    /// How to fix it, when there is something to say.
    public var hint: String?
    /// The argument of the operation the problem is about, by its notebook name (`stratify`,
    /// `include`), when the operation knows it: the runner points at that parameter.
    public var argument: String?

    /// Creates an error.
    public init(_ code: Code, _ message: String, hint: String? = nil, argument: String? = nil) {
        self.code = code
        self.message = message
        self.hint = hint
        self.argument = argument
    }

    /// The same error, about `argument`.
    public func about(_ argument: String) -> FrameError {
        var error = self
        error.argument = argument
        return error
    }

    /// `error: message` and, on a second line, the hint.
    public var description: String {
        var text = "error: \(message)"
        if let hint { text += "\n  hint: \(hint)" }
        return text
    }

    static func unknownColumn(_ name: String, in names: [String]) -> FrameError {
        FrameError(.unknownColumn, "no column named `\(name)`", hint: Suggestions.hint(for: name, among: names))
    }
}
