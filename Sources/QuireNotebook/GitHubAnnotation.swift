/// Diagnostics as GitHub Actions workflow commands, which annotate the lines of a pull request's diff:
///
/// ```
/// ::error file=notebooks/churn.md,line=14,col=10,endLine=14,endColumn=14,title=step-invalid-id::step id 'Split' is not valid%0Ahint: …
/// ```
///
/// Data (the message) escapes `%`, `\r` and `\n`; properties (the file, the title) also `:` and
/// `,`, as GitHub's runner unescapes them. Columns are 1-based; `endColumn` is the last column of the
/// range (inclusive), as the text format's caret marks it.
public struct GitHubAnnotation: Sendable, Equatable {
    /// `error`, `warning` or `notice`.
    public enum Level: String, Sendable {
        case error, warning, notice
    }

    /// The command: `error`, `warning` or `notice`.
    public var level: Level
    /// The file, relative to the repository root.
    public var file: String?
    /// Where in the file.
    public var range: SourceRange?
    /// A short title (the diagnostic id).
    public var title: String?
    /// The message; it may span lines.
    public var message: String

    /// An annotation at `range` of `file`.
    public init(_ level: Level, file: String?, range: SourceRange?, title: String?, message: String) {
        self.level = level
        self.file = file
        self.range = range
        self.title = title
        self.message = message
    }

    /// The workflow command, one line ending in a newline.
    public var command: String {
        var properties: [String] = []
        if let file { properties.append("file=" + Self.escapeProperty(file)) }
        if let range {
            properties.append("line=\(range.start.line)")
            properties.append("col=\(range.start.column)")
            properties.append("endLine=\(range.end.line)")
            properties.append("endColumn=\(range.end.column)")
        }
        if let title { properties.append("title=" + Self.escapeProperty(title)) }
        let head =
            properties.isEmpty ? "::\(level.rawValue)" : "::\(level.rawValue) " + properties.joined(separator: ",")
        return head + "::" + Self.escapeData(message) + "\n"
    }

    /// A diagnostic and its notes, in the file shown as `file`: the diagnostic's id is the title,
    /// its hint a second line of the message, each note a `notice`.
    public static func annotations(for diagnostic: Diagnostic, file: String) -> [GitHubAnnotation] {
        let level: Level =
            switch diagnostic.severity {
            case .error: .error
            case .warning: .warning
            case .note: .notice
            }
        let message = diagnostic.message + (diagnostic.hint.map { "\nhint: " + $0 } ?? "")
        var annotations = [
            GitHubAnnotation(
                level, file: file, range: diagnostic.range, title: diagnostic.id.rawValue, message: message)
        ]
        for note in diagnostic.notes {
            annotations.append(
                GitHubAnnotation(
                    .notice, file: file, range: note.range, title: diagnostic.id.rawValue, message: note.message))
        }
        return annotations
    }

    /// Diagnostics in file order as workflow commands.
    public static func format(_ diagnostics: [Diagnostic], file: String) -> String {
        diagnostics.sortedByLocation().flatMap { annotations(for: $0, file: file) }.map(\.command).joined()
    }

    /// A message: `%`, `\r` and `\n` percent-encoded.
    public static func escapeData(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "%": out += "%25"
            case "\r": out += "%0D"
            case "\n": out += "%0A"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A property value: as ``escapeData(_:)``, and `:` and `,` too.
    public static func escapeProperty(_ text: String) -> String {
        var out = ""
        for scalar in escapeData(text).unicodeScalars {
            switch scalar {
            case ":": out += "%3A"
            case ",": out += "%2C"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
