/// Settings for ``Mermaid/render(_:options:)``.
public struct MermaidOptions: Sendable, Hashable {
    /// Text for the SVG's `<title>`; when `nil`, the diagram's own title (front matter or
    /// `accTitle`) or its kind ("Flowchart", "Mindmap") is used.
    public var title: String?
    /// Prefix of every `id` in the SVG, so several diagrams can share one HTML page. When `nil`,
    /// a prefix derived from a hash of the source is used, which keeps output deterministic.
    public var idPrefix: String?
    /// Font size of labels in pixels. Default 16, as in the report and in mermaid.
    public var fontSize: Double
    /// Labels wider than this (in pixels) wrap onto further lines. Default 200, as in mermaid.
    public var wrappingWidth: Double

    /// Creates options; every parameter has the documented default.
    public init(title: String? = nil, idPrefix: String? = nil, fontSize: Double = 16, wrappingWidth: Double = 200) {
        self.title = title
        self.idPrefix = idPrefix
        self.fontSize = fontSize
        self.wrappingWidth = wrappingWidth
    }
}
