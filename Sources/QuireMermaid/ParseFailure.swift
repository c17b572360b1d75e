/// Thrown inside the parsers to stop at the first error, as mermaid does.
struct ParseFailure: Error {
    var diagnostic: MermaidDiagnostic
}
