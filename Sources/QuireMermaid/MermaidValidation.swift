/// What ``Mermaid/validate(_:)`` found: the diagnostics ``Mermaid/render(_:options:)`` would
/// report for the same source, without the layout and the SVG.
public enum MermaidValidation: Sendable, Hashable {
    /// The diagram would be drawn, with these warnings about the source.
    case drawable(warnings: [MermaidDiagnostic])
    /// The source has errors (and possibly warnings); it would not be drawn.
    case failure([MermaidDiagnostic])
    /// A diagram type Quire does not draw natively, named as mermaid names it.
    case unsupported(type: String)

    /// All diagnostics: warnings of a drawable diagram, or the errors and warnings of a failure.
    public var diagnostics: [MermaidDiagnostic] {
        switch self {
        case .drawable(let warnings): warnings
        case .failure(let diagnostics): diagnostics
        case .unsupported: []
        }
    }

    /// The error diagnostics only.
    public var errors: [MermaidDiagnostic] { diagnostics.filter { $0.severity == .error } }
}

extension MermaidResult {
    /// What ``Mermaid/validate(_:)`` reports for the source this result was drawn from: the same
    /// case and diagnostics, without the SVG.
    public var validation: MermaidValidation {
        switch self {
        case .svg(_, let warnings): .drawable(warnings: warnings)
        case .failure(let diagnostics): .failure(diagnostics)
        case .unsupported(let type): .unsupported(type: type)
        }
    }
}
