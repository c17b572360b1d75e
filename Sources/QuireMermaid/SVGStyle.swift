/// The stylesheet shared by every diagram, with colours from CSS custom properties.
///
/// A report defines `--mermaid-*` variables for its light and dark themes; the fallbacks are the
/// light theme, so an SVG shown on its own still looks right.
enum SVGStyle {
    static let fontFamily = "\"Liberation Sans\",\"DejaVu Sans\",Arial,Helvetica,sans-serif"

    /// Mindmap branch colours, one per child of the root, cycled.
    static let branchColors = ["#dbeafe", "#dcfce7", "#fef3c7", "#fce7f3", "#ede9fe", "#ccfbf1", "#ffedd5", "#e0e7ff"]
    static let branchStrokes = ["#3b82f6", "#16a34a", "#d97706", "#db2777", "#7c3aed", "#0d9488", "#ea580c", "#4f46e5"]

    static func css(id: String, fontSize: Double) -> String {
        let scope = "#\(id)"
        var css = "\(scope){font-family:\(fontFamily);font-size:\(SVGWriter.number(fontSize))px}"
        css +=
            "\(scope) .node{fill:var(--mermaid-node-fill,#eef2ff);stroke:var(--mermaid-node-stroke,#6366f1);stroke-width:1.5px}"
        css += "\(scope) text{fill:var(--mermaid-text,#1f2937);stroke:none}"
        css += "\(scope) .edge{fill:none;stroke:var(--mermaid-edge,#475569);stroke-width:1.5px}"
        css += "\(scope) .edge.thick{stroke-width:3.5px}"
        css += "\(scope) .edge.dotted{stroke-dasharray:3 4}"
        css += "\(scope) .marker{fill:var(--mermaid-edge,#475569);stroke:var(--mermaid-edge,#475569);stroke-width:1px}"
        css += "\(scope) .marker.open{fill:var(--mermaid-background,#ffffff)}"
        css += "\(scope) .edge-label{fill:var(--mermaid-label-fill,#f8fafc);stroke:none;opacity:.92}"
        css +=
            "\(scope) .cluster{fill:var(--mermaid-cluster-fill,#fffbeb);stroke:var(--mermaid-cluster-stroke,#d97706);stroke-width:1px}"
        css += "\(scope) .cluster-title{font-weight:600}"
        css += "\(scope) .mm-edge{fill:none}"
        for index in branchColors.indices {
            css +=
                "\(scope) .b\(index){fill:var(--mermaid-branch-\(index),\(branchColors[index]));stroke:var(--mermaid-branch-stroke-\(index),\(branchStrokes[index]))}"
            css += "\(scope) .mm-edge.b\(index){fill:none}"
        }
        css += "\(scope) .root{fill:var(--mermaid-root-fill,#312e81);stroke:var(--mermaid-root-stroke,#312e81)}"
        css += "\(scope) text.root-label{fill:var(--mermaid-root-text,#ffffff)}"
        return css
    }

    /// Rules for the outlines of the v11 shapes (`text`, braces, filled dots), added only to
    /// diagrams that draw one, so other diagrams' SVG stays as it was.
    static func shapeCSS(id: String) -> String {
        let scope = "#\(id)"
        return "\(scope) .node.bare{fill:none;stroke:none}\(scope) .node.brace{fill:none}"
            + "\(scope) .node.solid{fill:var(--mermaid-edge,#475569);stroke:var(--mermaid-edge,#475569)}"
    }

    /// Keeps only CSS declarations that cannot reach outside the SVG (no `url(`, no `@`, no
    /// escapes), as `fill:#f9f;stroke:#333`, for a `style` attribute.
    static func sanitize(_ pairs: [(String, String)], textOnly: Bool = false) -> String {
        let allowedProperties: Set<String> =
            textOnly
            ? ["color", "font-weight", "font-style"]
            : ["fill", "stroke", "stroke-width", "stroke-dasharray", "opacity", "fill-opacity", "stroke-opacity"]
        var out: [String] = []
        for (property, value) in pairs {
            let name = property.lowercased()
            guard allowedProperties.contains(name) else { continue }
            let lowered = value.lowercased()
            guard !lowered.contains("url"), !lowered.contains("expression"),
                value.unicodeScalars.allSatisfy({ scalar in
                    scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                        || "#%., ()-".unicodeScalars.contains(scalar)
                })
            else { continue }
            out.append(name == "color" ? "fill:\(value)" : "\(name):\(value)")
        }
        return out.joined(separator: ";")
    }
}
