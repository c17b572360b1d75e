/// Thrown inside the parsers to stop at the first error, as mermaid does.
struct ParseFailure: Error {
    var diagnostic: MermaidDiagnostic

    /// The error `id` at the scalar `index` of `source`, `length` scalars long.
    init(_ id: String, _ message: String, hint: String? = nil, at index: Int, length: Int = 1, in source: SourceText) {
        let location = source.location(of: index)
        diagnostic = MermaidDiagnostic(
            severity: .error, id: id, message: message, hint: hint, line: location.line, column: location.column,
            length: length)
    }
}
