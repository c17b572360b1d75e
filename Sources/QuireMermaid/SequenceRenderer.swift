import QuireSupport

/// Draws a laid-out sequence diagram as SVG, with the stylesheet and classes the other diagrams
/// use, so the report's light and dark themes apply.
struct SequenceRenderer {
    let diagram: SequenceDiagram
    let layout: SequenceLayout
    let id: String
    let title: String
    let metrics: TextMetrics

    func render() -> String {
        var svg = SVGWriter()
        let bounds = layout.bounds
        let width = n(bounds.width)
        let height = n(bounds.height)
        svg.raw(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"\(id)\" class=\"quire-mermaid sequence\" role=\"img\" ")
        svg.raw("aria-labelledby=\"\(id)-title\" viewBox=\"\(n(bounds.x)) \(n(bounds.y)) \(width) \(height)\" ")
        svg.raw("width=\"\(width)\" style=\"max-width:100%;height:auto\">\n")
        svg.raw("<title id=\"\(id)-title\">")
        svg.text(title)
        svg.raw("</title>\n<style>")
        svg.raw(SVGStyle.css(id: id, fontSize: metrics.fontSize))
        svg.raw(Self.css(id: id))
        svg.raw("</style>\n")
        renderMarkers(&svg)
        renderBoxes(&svg)
        renderHighlights(&svg)
        if let position = layout.titlePosition, let text = diagram.title {
            svg.raw("<text class=\"seq-title\" text-anchor=\"middle\" dominant-baseline=\"central\" ")
            svg.raw("x=\"\(n(position.x))\" y=\"\(n(position.y))\">")
            svg.text(text)
            svg.raw("</text>\n")
        }
        renderLifelines(&svg)
        renderActivations(&svg)
        renderFrames(&svg)
        renderMessages(&svg)
        renderNotes(&svg)
        renderActors(&svg)
        svg.raw("</svg>\n")
        return svg.output
    }

    /// Rules for the parts only sequence diagrams have, from the same CSS variables.
    static func css(id: String) -> String {
        let scope = "#\(id)"
        var css = "\(scope) .lifeline{stroke:var(--mermaid-edge,#475569);stroke-width:1px;opacity:.6}"
        css += "\(scope) .note{fill:var(--mermaid-cluster-fill,#fffbeb);stroke:var(--mermaid-cluster-stroke,#d97706);"
        css += "stroke-width:1px}"
        css += "\(scope) .activation{fill:var(--mermaid-label-fill,#f8fafc);stroke:var(--mermaid-edge,#475569);"
        css += "stroke-width:1px}"
        css += "\(scope) .frame{fill:none;stroke:var(--mermaid-node-stroke,#6366f1);stroke-width:1.5px;"
        css += "stroke-dasharray:3 3}"
        css += "\(scope) .frame-label{font-weight:600}"
        css += "\(scope) .highlight{fill:var(--mermaid-label-fill,#f8fafc)}"
        css += "\(scope) .seq-box{fill:none;stroke:var(--mermaid-edge,#475569);stroke-width:.5px}"
        css += "\(scope) .seq-number{fill:var(--mermaid-edge,#475569);stroke:none}"
        css += "\(scope) text.seq-number-text{fill:var(--mermaid-background,#ffffff);font-size:11px}"
        css += "\(scope) .seq-title{font-weight:600}"
        css += "\(scope) .destroy{stroke:var(--mermaid-edge,#475569);stroke-width:2px}"
        css += "\(scope) .actor-figure{fill:none;stroke:var(--mermaid-node-stroke,#6366f1);stroke-width:1.5px}"
        css += "\(scope) circle.actor-figure{fill:var(--mermaid-node-fill,#eef2ff)}"
        // Author colours (`rect rgb(…)`, `box Aqua`) are light; dim them under a dark theme.
        css += "@media (prefers-color-scheme:dark){\(scope) .highlight,\(scope) .seq-box.tinted{opacity:.3}}"
        return css
    }

    // MARK: - Parts

    private func renderMarkers(_ svg: inout SVGWriter) {
        svg.raw("<defs>")
        svg.raw(
            "<marker id=\"\(id)-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerUnits=\"userSpaceOnUse\" ")
        svg.raw("markerWidth=\"12\" markerHeight=\"12\" orient=\"auto-start-reverse\">")
        svg.raw("<path class=\"marker\" d=\"M0,0L10,5L0,10z\"/></marker>")
        svg.raw("<marker id=\"\(id)-open\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerUnits=\"userSpaceOnUse\" ")
        svg.raw("markerWidth=\"12\" markerHeight=\"12\" orient=\"auto-start-reverse\">")
        svg.raw("<path class=\"marker\" style=\"fill:none;stroke-width:1.5px\" d=\"M1,1L9,5L1,9\"/></marker>")
        svg.raw(
            "<marker id=\"\(id)-cross\" viewBox=\"0 0 11 11\" refX=\"5.5\" refY=\"5.5\" markerUnits=\"userSpaceOnUse\" "
        )
        svg.raw("markerWidth=\"11\" markerHeight=\"11\" orient=\"auto-start-reverse\">")
        svg.raw("<path class=\"marker\" style=\"stroke-width:2px\" d=\"M1,1L10,10M10,1L1,10\"/></marker>")
        svg.raw("</defs>\n")
    }

    private func renderBoxes(_ svg: inout SVGWriter) {
        for (index, box) in layout.boxRects.enumerated() {
            let color = diagram.boxes.filter { !$0.members.isEmpty }[index].color
            let fill = color.map { SVGStyle.sanitize([("fill", $0)]) } ?? ""
            svg.raw("<rect class=\"seq-box\(fill.isEmpty ? "" : " tinted")\" ")
            if !fill.isEmpty { svg.raw("style=\"\(SVGWriter.escape(fill))\" ") }
            svg.raw(rectAttributes(box.rect) + "/>\n")
            text(
                &svg, box.lines, x: box.rect.center.x, firstY: box.rect.y + Self.half(metrics) + 4,
                className: "seq-box-title")
        }
    }

    private func renderHighlights(_ svg: inout SVGWriter) {
        for highlight in layout.highlights {
            let fill = highlight.color.map { SVGStyle.sanitize([("fill", $0)]) } ?? ""
            svg.raw("<rect class=\"highlight\" ")
            if !fill.isEmpty { svg.raw("style=\"\(SVGWriter.escape(fill))\" ") }
            svg.raw(rectAttributes(highlight.rect) + "/>\n")
        }
    }

    private func renderLifelines(_ svg: inout SVGWriter) {
        svg.raw("<g class=\"lifelines\">")
        for line in layout.lifelines {
            svg.raw("<path class=\"lifeline\" d=\"M\(n(line.x)),\(n(line.top))V\(n(line.bottom))\"/>")
        }
        for cross in layout.crosses {
            let size = 9.0
            svg.raw(
                "<path class=\"destroy\" d=\"M\(n(cross.x - size)),\(n(cross.y - size))L\(n(cross.x + size)),\(n(cross.y + size))"
                    + "M\(n(cross.x + size)),\(n(cross.y - size))L\(n(cross.x - size)),\(n(cross.y + size))\"/>")
        }
        svg.raw("</g>\n")
    }

    private func renderActivations(_ svg: inout SVGWriter) {
        for rect in layout.activations { svg.raw("<rect class=\"activation\" \(rectAttributes(rect))/>\n") }
    }

    private func renderFrames(_ svg: inout SVGWriter) {
        for frame in layout.frames {
            let rect = frame.rect
            svg.raw("<g class=\"block\" data-kind=\"\(frame.kind.rawValue)\">")
            svg.raw("<rect class=\"frame\" \(rectAttributes(rect))/>")
            // The kind in a tab with a cut corner, as mermaid draws it.
            let labelWidth = metrics.width(of: frame.kind.rawValue) + 2 * SequenceLayout.padding
            let tabHeight = metrics.lineHeight
            let x = rect.x
            let y = rect.y
            svg.raw(
                "<polygon class=\"node\" points=\"\(n(x)),\(n(y)) \(n(x + labelWidth + 6)),\(n(y)) "
                    + "\(n(x + labelWidth + 6)),\(n(y + tabHeight - 7)) \(n(x + labelWidth - 1)),\(n(y + tabHeight)) "
                    + "\(n(x)),\(n(y + tabHeight))\"/>")
            svg.raw("<text class=\"frame-label\" text-anchor=\"middle\" dominant-baseline=\"central\" ")
            svg.raw("x=\"\(n(x + (labelWidth + 6) / 2))\" y=\"\(n(y + tabHeight / 2))\">")
            svg.text(frame.kind.rawValue)
            svg.raw("</text>")
            let textCenter = x + labelWidth + 6 + (rect.width - labelWidth - 6) / 2
            text(&svg, frame.label, x: textCenter, firstY: y + tabHeight / 2, className: "frame-text")
            for section in frame.sections {
                svg.raw("<path class=\"frame\" d=\"M\(n(rect.minX)),\(n(section.y))H\(n(rect.maxX))\"/>")
                text(&svg, section.label, x: rect.center.x, firstY: section.y + tabHeight / 2, className: "frame-text")
            }
            svg.raw("</g>\n")
        }
    }

    private func renderMessages(_ svg: inout SVGWriter) {
        svg.raw("<g class=\"messages\">\n")
        for geometry in layout.messages {
            guard case .message(let message) = diagram.events[geometry.event] else { continue }
            let dotted = message.line == .dotted ? " dotted" : ""
            var markers = ""
            switch message.head {
            case .none: break
            case .arrow: markers = " marker-end=\"url(#\(id)-arrow)\""
            case .open: markers = " marker-end=\"url(#\(id)-open)\""
            case .cross: markers = " marker-end=\"url(#\(id)-cross)\""
            }
            if message.bidirectional { markers += " marker-start=\"url(#\(id)-arrow)\"" }
            svg.raw("<g class=\"message\">")
            let y = geometry.y
            if geometry.isSelf {
                let x = geometry.fromX
                let loop = SequenceLayout.selfLoopWidth
                svg.raw(
                    "<path class=\"edge\(dotted)\"\(markers) d=\"M\(n(x)),\(n(y))C\(n(x + loop)),\(n(y - 10)) "
                        + "\(n(x + loop)),\(n(y + 30)) \(n(x)),\(n(y + 20))\"/>")
            } else {
                svg.raw(
                    "<path class=\"edge\(dotted)\"\(markers) d=\"M\(n(geometry.fromX)),\(n(y))H\(n(geometry.toX))\"/>")
            }
            if let number = message.number {
                svg.raw("<circle class=\"seq-number\" cx=\"\(n(geometry.fromX))\" cy=\"\(n(y))\" r=\"8\"/>")
                svg.raw("<text class=\"seq-number-text\" text-anchor=\"middle\" dominant-baseline=\"central\" ")
                svg.raw("x=\"\(n(geometry.fromX))\" y=\"\(n(y))\">\(number)</text>")
            }
            text(
                &svg, geometry.lines, x: geometry.textCenterX, firstY: geometry.textTopY + metrics.lineHeight / 2,
                className: "message-text")
            svg.raw("</g>\n")
        }
        svg.raw("</g>\n")
    }

    private func renderNotes(_ svg: inout SVGWriter) {
        for note in layout.notes {
            svg.raw("<g class=\"note-group\"><rect class=\"note\" \(rectAttributes(note.rect))/>")
            text(
                &svg, note.lines, x: note.rect.center.x,
                firstY: note.rect.y + SequenceLayout.padding + metrics.lineHeight / 2,
                className: "note-text")
            svg.raw("</g>\n")
        }
    }

    private func renderActors(_ svg: inout SVGWriter) {
        svg.raw("<g class=\"actors\">\n")
        for (index, participant) in diagram.participants.enumerated() {
            var rects = [layout.topRects[index]]
            if let bottom = layout.bottomRects[index] { rects.append(bottom) }
            for rect in rects {
                svg.raw("<g class=\"actor\" data-id=\"")
                svg.text(participant.id)
                svg.raw("\">")
                let lines = layout.actorLines[index]
                switch participant.kind {
                case .participant:
                    svg.raw("<rect class=\"node\" \(rectAttributes(rect)) rx=\"3\"/>")
                    let firstY = rect.center.y - Double(lines.count - 1) * metrics.lineHeight / 2
                    text(&svg, lines, x: rect.center.x, firstY: firstY, className: "actor-text")
                case .actor:
                    let cx = rect.center.x
                    let y = rect.y
                    svg.raw("<circle class=\"actor-figure\" cx=\"\(n(cx))\" cy=\"\(n(y + 8))\" r=\"7\"/>")
                    svg.raw(
                        "<path class=\"actor-figure\" d=\"M\(n(cx)),\(n(y + 15))V\(n(y + 32))M\(n(cx - 12)),\(n(y + 21))"
                            + "H\(n(cx + 12))M\(n(cx - 10)),\(n(y + 44))L\(n(cx)),\(n(y + 32))L\(n(cx + 10)),\(n(y + 44))\"/>"
                    )
                    let firstY = y + 44 + metrics.lineHeight / 2 + 2
                    text(&svg, lines, x: cx, firstY: firstY, className: "actor-text")
                }
                svg.raw("</g>\n")
            }
        }
        svg.raw("</g>\n")
    }

    // MARK: - Helpers

    private static func half(_ metrics: TextMetrics) -> Double { metrics.lineHeight / 2 }

    private func rectAttributes(_ rect: Rect) -> String {
        "x=\"\(n(rect.x))\" y=\"\(n(rect.y))\" width=\"\(n(rect.width))\" height=\"\(n(rect.height))\""
    }

    private func text(_ svg: inout SVGWriter, _ lines: [String], x: Double, firstY: Double, className: String) {
        guard !lines.isEmpty else { return }
        svg.raw("<text class=\"\(className)\" text-anchor=\"middle\" dominant-baseline=\"central\">")
        for (index, line) in lines.enumerated() {
            svg.raw("<tspan x=\"\(n(x))\" y=\"\(n(firstY + Double(index) * metrics.lineHeight))\">")
            svg.text(line)
            svg.raw("</tspan>")
        }
        svg.raw("</text>")
    }

    private func n(_ value: Double) -> String { SVGWriter.number(value) }
}
