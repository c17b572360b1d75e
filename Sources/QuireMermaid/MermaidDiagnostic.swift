/// A problem found in a mermaid source, positioned within that source.
///
/// Lines and columns are 1-based and count Unicode scalars, so the notebook layer can map a
/// diagnostic into the notebook file by adding the line on which the mermaid block starts.
public struct MermaidDiagnostic: Sendable, Hashable, CustomStringConvertible {
    /// How serious a diagnostic is.
    public enum Severity: String, Sendable, Hashable {
        /// The diagram cannot be drawn.
        case error
        /// The diagram is drawn, but the source is not portable or something was ignored.
        case warning
    }

    /// Whether the diagram could be drawn.
    public var severity: Severity
    /// A stable identifier, such as `mermaid.flowchart.unclosed-shape`.
    public var id: String
    /// What is wrong, in one sentence.
    public var message: String
    /// How to fix it, where a fix can be suggested.
    public var hint: String?
    /// The 1-based line within the mermaid source.
    public var line: Int
    /// The 1-based column, in Unicode scalars, within ``line``.
    public var column: Int
    /// How many scalars the problem spans (at least 1).
    public var length: Int

    /// Creates a diagnostic.
    public init(
        severity: Severity, id: String, message: String, hint: String? = nil, line: Int, column: Int,
        length: Int = 1
    ) {
        self.severity = severity
        self.id = id
        self.message = message
        self.hint = hint
        self.line = line
        self.column = column
        self.length = max(1, length)
    }

    /// `line:column: severity: message`, compiler style.
    public var description: String {
        "\(line):\(column): \(severity.rawValue): \(message)" + (hint.map { " (\($0))" } ?? "")
    }
}
