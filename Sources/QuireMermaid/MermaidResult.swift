/// What ``Mermaid/render(_:options:)`` produced.
public enum MermaidResult: Sendable, Hashable {
    /// The diagram as a standalone `<svg>` element, with any warnings about the source.
    case svg(String, warnings: [MermaidDiagnostic])
    /// The source has errors (and possibly warnings); nothing was drawn.
    case failure([MermaidDiagnostic])
    /// A diagram type Quire does not draw natively (sequence, class, gantt, …), named as mermaid
    /// names it; show the source with a note.
    case unsupported(type: String)

    /// The SVG, when the diagram was drawn.
    public var svg: String? {
        if case .svg(let svg, _) = self { return svg }
        return nil
    }

    /// All diagnostics: warnings of a drawn diagram, or the errors and warnings of a failure.
    public var diagnostics: [MermaidDiagnostic] {
        switch self {
        case .svg(_, let warnings): return warnings
        case .failure(let diagnostics): return diagnostics
        case .unsupported: return []
        }
    }

    /// The error diagnostics only.
    public var errors: [MermaidDiagnostic] { diagnostics.filter { $0.severity == .error } }
}
