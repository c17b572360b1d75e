import QuireSupport

/// Draws a laid-out flowchart as SVG.
struct FlowchartRenderer {
    let chart: Flowchart
    let layout: FlowchartLayout
    let id: String
    let title: String
    let metrics: TextMetrics

    func render() -> String {
        var svg = SVGWriter()
        let width = SVGWriter.number(layout.size.width)
        let height = SVGWriter.number(layout.size.height)
        svg.raw(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"\(id)\" class=\"quire-mermaid flowchart\" role=\"img\" ")
        svg.raw("aria-labelledby=\"\(id)-title\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" ")
        svg.raw("style=\"max-width:100%;height:auto\">\n")
        svg.raw("<title id=\"\(id)-title\">")
        svg.text(title)
        svg.raw("</title>\n<style>")
        svg.raw(SVGStyle.css(id: id, fontSize: metrics.fontSize))
        if chart.nodes.contains(where: { FlowchartShapes.needsShapeCSS($0.shape) }) {
            svg.raw(SVGStyle.shapeCSS(id: id))
        }
        svg.raw("</style>\n")
        renderMarkers(&svg)
        renderClusters(&svg)
        renderEdges(&svg)
        renderNodes(&svg)
        svg.raw("</svg>\n")
        return svg.output
    }

    // MARK: - Markers

    private func renderMarkers(_ svg: inout SVGWriter) {
        var heads = Set<Flowchart.Head>()
        for edge in chart.edges where edge.stroke != .invisible {
            heads.insert(edge.head)
            heads.insert(edge.tail)
        }
        guard heads.contains(where: { $0 != .none }) else { return }
        svg.raw("<defs>")
        if heads.contains(.arrow) {
            svg.raw(
                "<marker id=\"\(id)-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerUnits=\"userSpaceOnUse\" "
            )
            svg.raw("markerWidth=\"12\" markerHeight=\"12\" orient=\"auto-start-reverse\">")
            svg.raw("<path class=\"marker\" d=\"M0,0L10,5L0,10z\"/></marker>")
        }
        if heads.contains(.circle) {
            svg.raw(
                "<marker id=\"\(id)-circle\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerUnits=\"userSpaceOnUse\" "
            )
            svg.raw("markerWidth=\"11\" markerHeight=\"11\" orient=\"auto-start-reverse\">")
            svg.raw("<circle class=\"marker\" cx=\"5\" cy=\"5\" r=\"4\"/></marker>")
        }
        if heads.contains(.cross) {
            svg.raw(
                "<marker id=\"\(id)-cross\" viewBox=\"0 0 11 11\" refX=\"10\" refY=\"5.5\" markerUnits=\"userSpaceOnUse\" "
            )
            svg.raw("markerWidth=\"11\" markerHeight=\"11\" orient=\"auto-start-reverse\">")
            svg.raw("<path class=\"marker\" style=\"stroke-width:2px\" d=\"M1,1L10,10M10,1L1,10\"/></marker>")
        }
        svg.raw("</defs>\n")
    }

    // MARK: - Subgraphs

    private func renderClusters(_ svg: inout SVGWriter) {
        guard !chart.subgraphs.isEmpty else { return }
        svg.raw("<g class=\"clusters\">\n")
        // Outer frames first, so nested ones sit on top.
        let order = chart.subgraphs.indices.sorted { depth($0) < depth($1) || (depth($0) == depth($1) && $0 < $1) }
        for index in order {
            let subgraph = chart.subgraphs[index]
            let frame = layout.frames[index]
            guard frame.width > 0 else { continue }
            var style = classStyles(subgraph.classes) + subgraph.style
            if style.isEmpty { style = [] }
            let css = SVGStyle.sanitize(style)
            svg.raw("<g class=\"cluster-group\" data-id=\"")
            svg.text(subgraph.id)
            svg.raw(
                "\"><rect class=\"cluster\" x=\"\(n(frame.x))\" y=\"\(n(frame.y))\" width=\"\(n(frame.width))\" height=\"\(n(frame.height))\" rx=\"4\""
            )
            if !css.isEmpty { svg.raw(" style=\"\(SVGWriter.escape(css))\"") }
            svg.raw("/>")
            if !subgraph.title.isEmpty {
                let lines = metrics.wrap(subgraph.title, maxWidth: 300)
                let top = frame.y + FlowchartLayout.clusterPadding / 2 + metrics.lineHeight / 2 + 2
                text(
                    &svg, lines: lines, centerX: frame.center.x, firstLineY: top, className: "cluster-title", style: "")
            }
            svg.raw("</g>\n")
        }
        svg.raw("</g>\n")
    }

    private func depth(_ index: Int) -> Int {
        var depth = 0
        var current = chart.subgraphs[index].parent
        while let value = current {
            depth += 1
            current = chart.subgraphs[value].parent
        }
        return depth
    }

    // MARK: - Edges

    private func renderEdges(_ svg: inout SVGWriter) {
        guard !chart.edges.isEmpty else { return }
        svg.raw("<g class=\"edges\">\n")
        for (index, edge) in chart.edges.enumerated() where edge.stroke != .invisible {
            let d: String
            if edge.from == edge.to, let node = chart.nodeIndex[edge.from] {
                let rect = layout.nodeRects[node]
                let top = Point(x: rect.maxX, y: rect.center.y - rect.height / 4)
                let bottom = Point(x: rect.maxX, y: rect.center.y + rect.height / 4)
                d =
                    "M\(n(top.x)),\(n(top.y))C\(n(top.x + 40)),\(n(top.y - 20)) \(n(bottom.x + 40)),\(n(bottom.y + 20)) \(n(bottom.x)),\(n(bottom.y))"
            } else {
                let points = layout.edgePaths[index]
                guard points.count >= 2 else { continue }
                d = Self.basisPath(points)
            }
            var classes = "edge"
            if edge.stroke == .thick { classes += " thick" }
            if edge.stroke == .dotted { classes += " dotted" }
            svg.raw("<path class=\"\(classes)\" d=\"\(d)\"")
            let css = SVGStyle.sanitize(chart.defaultLinkStyle + edge.style)
            if !css.isEmpty { svg.raw(" style=\"\(SVGWriter.escape(css))\"") }
            if let marker = markerName(edge.head) { svg.raw(" marker-end=\"url(#\(id)-\(marker))\"") }
            if let marker = markerName(edge.tail) { svg.raw(" marker-start=\"url(#\(id)-\(marker))\"") }
            svg.raw(" data-from=\"")
            svg.text(edge.from)
            svg.raw("\" data-to=\"")
            svg.text(edge.to)
            svg.raw("\"/>\n")
        }
        for (index, edge) in chart.edges.enumerated() where edge.stroke != .invisible {
            let lines = layout.edgeLines[index]
            guard !lines.isEmpty else { continue }
            var rect: Rect
            if let placed = layout.labelRects[index] {
                rect = placed
            } else {
                let textSize = metrics.size(of: lines)
                let points = layout.edgePaths[index]
                let center: Point
                if edge.from == edge.to, let node = chart.nodeIndex[edge.from] {
                    let nodeRect = layout.nodeRects[node]
                    center = Point(x: nodeRect.maxX + 34 + textSize.width / 2, y: nodeRect.center.y)
                } else if points.count >= 2 {
                    let a = points[points.count / 2 - (points.count % 2 == 0 ? 1 : 0)]
                    let b = points[points.count / 2]
                    center = Point(x: (a.x + b.x) / 2, y: (a.y + b.y) / 2)
                } else {
                    continue
                }
                rect = Rect(center: center, width: textSize.width + 8, height: textSize.height + 4)
            }
            svg.raw(
                "<g class=\"edge-label-group\"><rect class=\"edge-label\" x=\"\(n(rect.x))\" y=\"\(n(rect.y))\" width=\"\(n(rect.width))\" height=\"\(n(rect.height))\"/>"
            )
            let firstY = rect.center.y - Double(lines.count - 1) * metrics.lineHeight / 2
            text(&svg, lines: lines, centerX: rect.center.x, firstLineY: firstY, className: "edge-text", style: "")
            svg.raw("</g>\n")
        }
        svg.raw("</g>\n")
    }

    private func markerName(_ head: Flowchart.Head) -> String? {
        switch head {
        case .none: return nil
        case .arrow: return "arrow"
        case .circle: return "circle"
        case .cross: return "cross"
        }
    }

    /// A uniform cubic B-spline through the points' hull, as d3's `curveBasis` (mermaid's default).
    static func basisPath(_ points: [Point]) -> String {
        func p(_ point: Point) -> String { "\(SVGWriter.number(point.x)),\(SVGWriter.number(point.y))" }
        guard points.count > 2 else { return "M\(p(points[0]))L\(p(points[points.count - 1]))" }
        var d = "M\(p(points[0]))"
        let first = points[0]
        let second = points[1]
        d += "L\(p(Point(x: (5 * first.x + second.x) / 6, y: (5 * first.y + second.y) / 6)))"
        var x0 = first
        var x1 = second
        func curve(_ to: Point) {
            let c1 = Point(x: (2 * x0.x + x1.x) / 3, y: (2 * x0.y + x1.y) / 3)
            let c2 = Point(x: (x0.x + 2 * x1.x) / 3, y: (x0.y + 2 * x1.y) / 3)
            let end = Point(x: (x0.x + 4 * x1.x + to.x) / 6, y: (x0.y + 4 * x1.y + to.y) / 6)
            d += "C\(p(c1)) \(p(c2)) \(p(end))"
        }
        for point in points.dropFirst(2) {
            curve(point)
            x0 = x1
            x1 = point
        }
        curve(x1)
        d += "L\(p(x1))"
        return d
    }

    // MARK: - Nodes

    private func classStyles(_ classes: [String]) -> [(String, String)] {
        var style = chart.classDefs["default"] ?? []
        for name in classes { style += chart.classDefs[name] ?? [] }
        return style
    }

    private func renderNodes(_ svg: inout SVGWriter) {
        svg.raw("<g class=\"nodes\">\n")
        for (index, node) in chart.nodes.enumerated() {
            let rect = layout.nodeRects[index]
            let style = classStyles(node.classes) + node.style
            let shapeCSS = SVGStyle.sanitize(style)
            let textCSS = SVGStyle.sanitize(style, textOnly: true)
            let styleAttribute = shapeCSS.isEmpty ? "" : " style=\"\(SVGWriter.escape(shapeCSS))\""
            svg.raw("<g class=\"node-group\" data-id=\"")
            svg.text(node.id)
            svg.raw("\">")
            svg.raw(Self.shape(node.shape, rect: rect, attributes: "class=\"node\"" + styleAttribute))
            let lines = FlowchartShapes.hidesLabel(node.shape) ? [] : layout.nodeLines[index]
            var center = FlowchartShapes.labelCenter(node.shape, rect: rect)
            if node.shape == .cylinder { center.y += 6 }
            if node.shape == .asymmetric { center.x += rect.height / 8 }
            let firstY = center.y - Double(lines.count - 1) * metrics.lineHeight / 2
            if !lines.isEmpty {
                text(&svg, lines: lines, centerX: center.x, firstLineY: firstY, className: "node-text", style: textCSS)
            }
            svg.raw("</g>\n")
        }
        svg.raw("</g>\n")
    }

    static func shape(_ shape: Flowchart.Shape, rect: Rect, attributes: String) -> String {
        func n(_ value: Double) -> String { SVGWriter.number(value) }
        let x = rect.x, y = rect.y, w = rect.width, h = rect.height
        func polygon(_ points: [(Double, Double)]) -> String {
            "<polygon \(attributes) points=\"" + points.map { "\(n($0.0)),\(n($0.1))" }.joined(separator: " ") + "\"/>"
        }
        switch shape {
        case .rectangle:
            return "<rect \(attributes) x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(w))\" height=\"\(n(h))\"/>"
        case .rounded:
            return "<rect \(attributes) x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(w))\" height=\"\(n(h))\" rx=\"8\"/>"
        case .stadium:
            return
                "<rect \(attributes) x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(w))\" height=\"\(n(h))\" rx=\"\(n(h / 2))\"/>"
        case .subroutine:
            return "<rect \(attributes) x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(w))\" height=\"\(n(h))\"/>"
                + "<path \(attributes) d=\"M\(n(x + 8)),\(n(y))V\(n(y + h))M\(n(x + w - 8)),\(n(y))V\(n(y + h))\"/>"
        case .cylinder:
            let ry = 8.0
            return "<path \(attributes) d=\"M\(n(x)),\(n(y + ry))A\(n(w / 2)),\(n(ry)) 0 0 1 \(n(x + w)),\(n(y + ry))"
                + "V\(n(y + h - ry))A\(n(w / 2)),\(n(ry)) 0 0 1 \(n(x)),\(n(y + h - ry))Z"
                + "M\(n(x)),\(n(y + ry))A\(n(w / 2)),\(n(ry)) 0 0 0 \(n(x + w)),\(n(y + ry))\"/>"
        case .circle:
            return "<circle \(attributes) cx=\"\(n(x + w / 2))\" cy=\"\(n(y + h / 2))\" r=\"\(n(w / 2))\"/>"
        case .doubleCircle:
            return "<circle \(attributes) cx=\"\(n(x + w / 2))\" cy=\"\(n(y + h / 2))\" r=\"\(n(w / 2))\"/>"
                + "<circle \(attributes) cx=\"\(n(x + w / 2))\" cy=\"\(n(y + h / 2))\" r=\"\(n(w / 2 - 5))\"/>"
        case .diamond:
            return polygon([(x + w / 2, y), (x + w, y + h / 2), (x + w / 2, y + h), (x, y + h / 2)])
        case .hexagon:
            let inset = h / 4
            return polygon([
                (x + inset, y), (x + w - inset, y), (x + w, y + h / 2), (x + w - inset, y + h), (x + inset, y + h),
                (x, y + h / 2),
            ])
        case .asymmetric:
            let notch = h / 4
            return polygon([(x, y), (x + w, y), (x + w, y + h), (x, y + h), (x + notch, y + h / 2)])
        case .leanRight:
            let slant = h / 4
            return polygon([(x + slant, y), (x + w, y), (x + w - slant, y + h), (x, y + h)])
        case .leanLeft:
            let slant = h / 4
            return polygon([(x, y), (x + w - slant, y), (x + w, y + h), (x + slant, y + h)])
        case .trapezoid:
            let slant = h / 4
            return polygon([(x + slant, y), (x + w - slant, y), (x + w, y + h), (x, y + h)])
        case .invertedTrapezoid:
            let slant = h / 4
            return polygon([(x, y), (x + w, y), (x + w - slant, y + h), (x + slant, y + h)])
        default:
            return FlowchartShapes.markup(shape, rect: rect, attributes: attributes)
        }
    }

    // MARK: - Text

    private func text(
        _ svg: inout SVGWriter, lines: [String], centerX: Double, firstLineY: Double, className: String, style: String
    ) {
        svg.raw("<text class=\"\(className)\" text-anchor=\"middle\" dominant-baseline=\"central\"")
        if !style.isEmpty { svg.raw(" style=\"\(SVGWriter.escape(style))\"") }
        svg.raw(">")
        for (index, line) in lines.enumerated() {
            svg.raw("<tspan x=\"\(n(centerX))\" y=\"\(n(firstLineY + Double(index) * metrics.lineHeight))\">")
            svg.text(line)
            svg.raw("</tspan>")
        }
        svg.raw("</text>")
    }

    private func n(_ value: Double) -> String { SVGWriter.number(value) }
}
