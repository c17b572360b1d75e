import QuireSupport

/// Draws a laid-out mindmap as SVG, a colour per branch.
struct MindmapRenderer {
    let map: Mindmap
    let layout: MindmapLayout
    let id: String
    let title: String
    let metrics: TextMetrics

    func render() -> String {
        var svg = SVGWriter()
        let width = n(layout.size.width)
        let height = n(layout.size.height)
        svg.raw("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"\(id)\" class=\"quire-mermaid mindmap\" role=\"img\" ")
        svg.raw("aria-labelledby=\"\(id)-title\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" ")
        svg.raw("style=\"max-width:100%;height:auto\">\n")
        svg.raw("<title id=\"\(id)-title\">")
        svg.text(title)
        svg.raw("</title>\n<style>")
        svg.raw(SVGStyle.css(id: id, fontSize: metrics.fontSize))
        svg.raw("</style>\n")
        guard !map.nodes.isEmpty else {
            svg.raw("</svg>\n")
            return svg.output
        }
        svg.raw("<g class=\"edges\">\n")
        for (index, node) in map.nodes.enumerated() {
            guard let parent = node.parent else { continue }
            let from = layout.rects[parent]
            let to = layout.rects[index]
            let left = layout.onLeft[index]
            let start = Point(x: parent == 0 ? from.center.x : (left ? from.minX : from.maxX), y: from.center.y)
            let end = Point(x: left ? to.maxX : to.minX, y: to.center.y)
            let middle = (start.x + end.x) / 2
            let depth = self.depth(index)
            let strokeWidth = max(2, 8 - 2 * Double(depth))
            let colour = (layout.branch[index] ?? 0) % SVGStyle.branchColors.count
            svg.raw("<path class=\"mm-edge b\(colour)\" style=\"stroke-width:\(n(strokeWidth))px\" ")
            svg.raw(
                "d=\"M\(n(start.x)),\(n(start.y))C\(n(middle)),\(n(start.y)) \(n(middle)),\(n(end.y)) \(n(end.x)),\(n(end.y))\"/>\n"
            )
        }
        svg.raw("</g>\n<g class=\"nodes\">\n")
        for (index, node) in map.nodes.enumerated() {
            let rect = layout.rects[index]
            let className = index == 0 ? "root" : "b\((layout.branch[index] ?? 0) % SVGStyle.branchColors.count)"
            svg.raw("<g class=\"mm-node\">")
            svg.raw(shape(node.shape, rect: rect, className: className))
            let lines = layout.lines[index]
            let firstY = rect.center.y - Double(lines.count - 1) * metrics.lineHeight / 2
            svg.raw(
                "<text class=\"\(index == 0 ? "root-label" : "mm-text")\" text-anchor=\"middle\" dominant-baseline=\"central\">"
            )
            for (number, line) in lines.enumerated() {
                svg.raw("<tspan x=\"\(n(rect.center.x))\" y=\"\(n(firstY + Double(number) * metrics.lineHeight))\">")
                svg.text(line)
                svg.raw("</tspan>")
            }
            svg.raw("</text></g>\n")
        }
        svg.raw("</g>\n</svg>\n")
        return svg.output
    }

    private func depth(_ index: Int) -> Int {
        var depth = 0
        var current = map.nodes[index].parent
        while let value = current {
            depth += 1
            current = map.nodes[value].parent
        }
        return depth
    }

    private func shape(_ shape: Mindmap.Shape, rect: Rect, className: String) -> String {
        let x = rect.x, y = rect.y, w = rect.width, h = rect.height
        let attributes = "class=\"\(className)\""
        switch shape {
        case .plain:
            // Mermaid's default: a soft box with a line underneath.
            return
                "<rect \(attributes) x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(w))\" height=\"\(n(h))\" rx=\"5\" style=\"stroke:none\"/>"
                + "<path \(attributes) d=\"M\(n(x)),\(n(y + h))H\(n(x + w))\" style=\"stroke-width:3px\"/>"
        case .square:
            return "<rect \(attributes) x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(w))\" height=\"\(n(h))\"/>"
        case .rounded:
            return
                "<rect \(attributes) x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(w))\" height=\"\(n(h))\" rx=\"\(n(min(12, h / 2)))\"/>"
        case .circle:
            return "<circle \(attributes) cx=\"\(n(x + w / 2))\" cy=\"\(n(y + h / 2))\" r=\"\(n(w / 2))\"/>"
        case .hexagon:
            let inset = h / 3
            let points = [
                (x + inset, y), (x + w - inset, y), (x + w, y + h / 2), (x + w - inset, y + h), (x + inset, y + h),
                (x, y + h / 2),
            ]
            return "<polygon \(attributes) points=\"" + points.map { "\(n($0.0)),\(n($0.1))" }.joined(separator: " ")
                + "\"/>"
        case .bang:
            // A starburst: points alternate between the outer ellipse and an inner one.
            var d = ""
            let spikes = 16
            for step in 0..<(spikes * 2) {
                let angle = Double(step) * Double.pi / Double(spikes)
                let scale = step % 2 == 0 ? 1.0 : 0.78
                let px = x + w / 2 + w / 2 * scale * cosine(angle)
                let py = y + h / 2 + h / 2 * scale * sine(angle)
                d += (step == 0 ? "M" : "L") + "\(n(px)),\(n(py))"
            }
            return "<path \(attributes) d=\"\(d)Z\"/>"
        case .cloud:
            // Bumps along the outline, each an arc outwards.
            let bumps = 10
            var d = ""
            var previous = (x: 0.0, y: 0.0)
            for step in 0...bumps {
                let angle = Double(step) * 2 * Double.pi / Double(bumps)
                let point = (x: x + w / 2 + w / 2 * 0.86 * cosine(angle), y: y + h / 2 + h / 2 * 0.86 * sine(angle))
                if step == 0 {
                    d = "M\(n(point.x)),\(n(point.y))"
                } else {
                    let chord =
                        ((point.x - previous.x) * (point.x - previous.x) + (point.y - previous.y)
                            * (point.y - previous.y))
                        .squareRoot()
                    d += "A\(n(chord / 1.6)),\(n(chord / 1.6)) 0 0 1 \(n(point.x)),\(n(point.y))"
                }
                previous = point
            }
            return "<path \(attributes) d=\"\(d)Z\"/>"
        }
    }

    private func n(_ value: Double) -> String { SVGWriter.number(value) }
}
