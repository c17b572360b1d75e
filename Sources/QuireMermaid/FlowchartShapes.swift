/// The v11 `A@{ shape: … }` shape names, and the geometry of the shapes they name.
///
/// The names and aliases are mermaid 11's (`shapesDefs` in mermaid's `shapes.ts`): every short
/// name, alias and internal alias maps to one ``Flowchart/Shape``. Shapes with a bracket spelling
/// (`rect`, `rounded`, `stadium`, …) map to the same case as the brackets, so both spellings draw
/// alike; the rest have their own outline here.
enum FlowchartShapes {
    /// Every name mermaid accepts after `shape:`, with the shape it draws.
    static let byName: [String: Flowchart.Shape] = {
        var table: [String: Flowchart.Shape] = [:]
        for (names, shape) in groups { for name in names { table[name] = shape } }
        return table
    }()

    /// Names grouped by shape, short name first (as mermaid's docs list them).
    static let groups: [([String], Flowchart.Shape)] = [
        (["rect", "proc", "process", "rectangle", "squareRect"], .rectangle),
        (["rounded", "event", "roundedRect"], .rounded),
        (["stadium", "terminal", "pill"], .stadium),
        (["fr-rect", "subprocess", "subproc", "framed-rectangle", "subroutine"], .subroutine),
        (["cyl", "db", "database", "cylinder"], .cylinder),
        (["circle", "circ"], .circle),
        (["diam", "decision", "diamond", "question"], .diamond),
        (["hex", "hexagon", "prepare"], .hexagon),
        (["lean-r", "lean-right", "in-out", "lean_right"], .leanRight),
        (["lean-l", "lean-left", "out-in", "lean_left"], .leanLeft),
        (["trap-b", "priority", "trapezoid-bottom", "trapezoid"], .trapezoid),
        (["trap-t", "manual", "trapezoid-top", "inv-trapezoid", "inv_trapezoid"], .invertedTrapezoid),
        (["dbl-circ", "double-circle", "doublecircle"], .doubleCircle),
        (["text"], .text),
        (["notch-rect", "card", "notched-rectangle"], .card),
        (["lin-rect", "lined-rectangle", "lined-process", "lin-proc", "shaded-process"], .linedRect),
        (["sm-circ", "start", "small-circle", "stateStart"], .smallCircle),
        (["fr-circ", "stop", "framed-circle", "stateEnd"], .framedCircle),
        (["fork", "join", "forkJoin"], .fork),
        (["hourglass", "collate"], .hourglass),
        (["brace", "comment", "brace-l"], .braceLeft),
        (["brace-r"], .braceRight),
        (["braces"], .braces),
        (["bolt", "com-link", "lightning-bolt"], .bolt),
        (["doc", "document"], .document),
        (["delay", "half-rounded-rectangle"], .delay),
        (["h-cyl", "das", "horizontal-cylinder"], .horizontalCylinder),
        (["lin-cyl", "disk", "lined-cylinder"], .linedCylinder),
        (["curv-trap", "curved-trapezoid", "display"], .curvedTrapezoid),
        (["div-rect", "div-proc", "divided-rectangle", "divided-process"], .dividedRect),
        (["tri", "extract", "triangle"], .triangle),
        (["win-pane", "internal-storage", "window-pane"], .windowPane),
        (["f-circ", "junction", "filled-circle"], .filledCircle),
        (["notch-pent", "loop-limit", "notched-pentagon"], .notchedPentagon),
        (["flip-tri", "manual-file", "flipped-triangle"], .flippedTriangle),
        (["sl-rect", "manual-input", "sloped-rectangle"], .slopedRect),
        (["docs", "documents", "st-doc", "stacked-document"], .documents),
        (["st-rect", "procs", "processes", "stacked-rectangle"], .stackedRect),
        (["bow-rect", "stored-data", "bow-tie-rectangle"], .bowTieRect),
        (["cross-circ", "summary", "crossed-circle"], .crossedCircle),
        (["tag-doc", "tagged-document"], .taggedDocument),
        (["tag-rect", "tagged-rectangle", "tag-proc", "tagged-process"], .taggedRect),
        (["flag", "paper-tape"], .flag),
        (["odd", "rect_left_inv_arrow"], .asymmetric),
        (["lin-doc", "lined-document"], .linedDocument),
        // Shapes mermaid uses internally for other diagram types; drawn as their nearest kin.
        (["classBox", "class-box", "rectWithTitle", "labelRect", "kanbanItem"], .rectangle),
        (["state"], .rounded),
        (["choice"], .diamond),
        (["note"], .card),
        (["anchor"], .smallCircle),
    ]

    /// Shape names that only mermaid.js draws: icons and images need an icon pack or a fetch.
    static let iconShapes: Set<String> = ["icon", "iconSquare", "iconCircle", "iconRounded", "imageSquare"]

    /// Shapes that mermaid draws without their label: markers and connectors.
    static func hidesLabel(_ shape: Flowchart.Shape) -> Bool {
        switch shape {
        case .smallCircle, .framedCircle, .filledCircle, .fork, .bolt, .crossedCircle, .hourglass: true
        default: false
        }
    }

    /// Shapes drawn with the `bare`, `brace` or `solid` classes of ``SVGStyle/shapeCSS(id:)``.
    static func needsShapeCSS(_ shape: Flowchart.Shape) -> Bool {
        switch shape {
        case .text, .braceLeft, .braceRight, .braces, .smallCircle, .framedCircle, .filledCircle, .fork: true
        default: false
        }
    }

    /// Shapes whose outline edges should meet as a circle.
    static func isRound(_ shape: Flowchart.Shape) -> Bool {
        switch shape {
        case .circle, .doubleCircle, .smallCircle, .framedCircle, .filledCircle, .crossedCircle: true
        default: false
        }
    }

    /// The outer size of a new-style shape around a label of `text` size.
    static func size(_ shape: Flowchart.Shape, text: (width: Double, height: Double)) -> (width: Double, height: Double)
    {
        let width = text.width + 30
        let height = text.height + 30
        switch shape {
        case .text: return (text.width + 8, text.height + 8)
        case .smallCircle: return (14, 14)
        case .filledCircle: return (12, 12)
        case .framedCircle: return (18, 18)
        case .crossedCircle: return (44, 44)
        case .fork: return (70, 10)
        case .bolt: return (36, 48)
        case .hourglass: return (30, 30)
        case .braceLeft, .braceRight: return (width + 10, height)
        case .braces: return (width + 20, height)
        case .document, .linedDocument, .taggedDocument:
            return (width + (shape == .linedDocument ? 10 : 0), height + 12)
        case .documents: return (width + 10, height + 22)
        case .delay: return (width + height / 2, height)
        case .horizontalCylinder: return (width + 24, height)
        case .linedCylinder: return (width, height + 24)
        case .curvedTrapezoid: return (width + height / 2, height)
        case .dividedRect: return (width, height + 12)
        case .triangle, .flippedTriangle:
            let side = max(text.width * 2 + 40, text.height * 2 + 40)
            return (side, side * 0.8)
        case .windowPane: return (width + 10, height + 10)
        case .notchedPentagon: return (width + 20, height)
        case .slopedRect: return (width, height + 12)
        case .stackedRect: return (width + 8, height + 8)
        case .bowTieRect: return (width + 20, height)
        case .flag: return (width, height + 16)
        case .card, .linedRect, .taggedRect: return (width + (shape == .linedRect ? 10 : 0), height)
        default: return (width, height)
        }
    }

    /// Where the label's centre sits within the shape's rectangle, when it is not the centre.
    static func labelCenter(_ shape: Flowchart.Shape, rect: Rect) -> Point {
        let center = rect.center
        switch shape {
        case .document, .taggedDocument: return Point(x: center.x, y: center.y - 5)
        case .linedDocument: return Point(x: center.x + 5, y: center.y - 5)
        case .documents: return Point(x: center.x - 5, y: center.y)
        case .linedCylinder: return Point(x: center.x, y: center.y + 8)
        case .dividedRect: return Point(x: center.x, y: center.y + 6)
        case .windowPane: return Point(x: center.x + 5, y: center.y + 5)
        case .triangle: return Point(x: center.x, y: rect.y + rect.height * 0.68)
        case .flippedTriangle: return Point(x: center.x, y: rect.y + rect.height * 0.32)
        case .slopedRect: return Point(x: center.x, y: center.y + 5)
        case .stackedRect: return Point(x: center.x - 4, y: center.y + 4)
        case .linedRect: return Point(x: center.x + 5, y: center.y)
        case .horizontalCylinder: return Point(x: center.x - 6, y: center.y)
        default: return center
        }
    }

    /// The SVG elements of a new-style shape filling `rect`; `attributes` go on every element.
    static func markup(_ shape: Flowchart.Shape, rect: Rect, attributes: String) -> String {
        let x = rect.x
        let y = rect.y
        let w = rect.width
        let h = rect.height
        func n(_ value: Double) -> String { SVGWriter.number(value) }
        func p(_ px: Double, _ py: Double) -> String { "\(n(px)),\(n(py))" }
        func path(_ d: String, extra: String = "") -> String { "<path \(attributes)\(extra) d=\"\(d)\"/>" }
        func polygon(_ points: [(Double, Double)]) -> String {
            "<polygon \(attributes) points=\"" + points.map { p($0.0, $0.1) }.joined(separator: " ") + "\"/>"
        }
        func rectangle(_ rx: Double, _ ry: Double, _ rw: Double, _ rh: Double) -> String {
            "<rect \(attributes) x=\"\(n(rx))\" y=\"\(n(ry))\" width=\"\(n(rw))\" height=\"\(n(rh))\"/>"
        }
        func circle(_ r: Double) -> String {
            "<circle \(attributes) cx=\"\(n(x + w / 2))\" cy=\"\(n(y + h / 2))\" r=\"\(n(r))\"/>"
        }
        /// A document outline: flat top, a wave along the bottom.
        func wave(_ dx: Double, _ dy: Double, _ dw: Double, _ dh: Double) -> String {
            let amplitude = 6.0
            let bottom = dy + dh - amplitude
            return "M\(p(dx, dy))H\(n(dx + dw))V\(n(bottom))"
                + "C\(p(dx + dw * 0.75, bottom - 2 * amplitude)) \(p(dx + dw * 0.5, bottom + 2 * amplitude)) "
                + "\(p(dx + dw * 0.25, bottom))"
                + "S\(p(dx + dw * 0.1, bottom - amplitude)) \(p(dx, bottom))Z"
        }
        switch shape {
        case .text:
            return "<rect class=\"node bare\" x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(w))\" height=\"\(n(h))\"/>"
        case .card:
            let notch = 12.0
            return polygon([(x + notch, y), (x + w, y), (x + w, y + h), (x, y + h), (x, y + notch)])
        case .linedRect:
            return rectangle(x, y, w, h) + path("M\(p(x + 8, y))V\(n(y + h))")
        case .smallCircle, .filledCircle:
            return circle(w / 2).replacingOccurrences(of: "class=\"node\"", with: "class=\"node solid\"")
        case .framedCircle:
            return circle(w / 2)
                + circle(w / 2 - 4).replacingOccurrences(of: "class=\"node\"", with: "class=\"node solid\"")
        case .crossedCircle:
            let r = w / 2
            let d = r / 2.squareRoot()
            let cx = x + w / 2
            let cy = y + h / 2
            return circle(r)
                + path("M\(p(cx - d, cy - d))L\(p(cx + d, cy + d))M\(p(cx + d, cy - d))L\(p(cx - d, cy + d))")
        case .fork:
            return "<rect class=\"node solid\" x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(w))\" height=\"\(n(h))\"/>"
        case .hourglass:
            return polygon([(x, y), (x + w, y), (x, y + h), (x + w, y + h)])
        case .braceLeft, .braceRight, .braces:
            let depth = 8.0
            func brace(_ bx: Double, _ dir: Double) -> String {
                let mid = y + h / 2
                return "M\(p(bx + dir * depth, y))Q\(p(bx, y)) \(p(bx, y + depth))V\(n(mid - depth))"
                    + "Q\(p(bx, mid)) \(p(bx - dir * depth, mid))Q\(p(bx, mid)) \(p(bx, mid + depth))"
                    + "V\(n(y + h - depth))Q\(p(bx, y + h)) \(p(bx + dir * depth, y + h))"
            }
            let hit = "<rect class=\"node bare\" x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(w))\" height=\"\(n(h))\"/>"
            var d = ""
            if shape != .braceRight { d += brace(x + depth, 1) }
            if shape != .braceLeft { d += brace(x + w - depth, -1) }
            return hit + "<path class=\"node brace\" d=\"\(d)\"/>"
        case .bolt:
            return polygon([
                (x + w * 0.55, y), (x + w * 0.1, y + h * 0.55), (x + w * 0.45, y + h * 0.55), (x + w * 0.3, y + h),
                (x + w * 0.9, y + h * 0.4), (x + w * 0.55, y + h * 0.4), (x + w * 0.8, y),
            ])
        case .document:
            return path(wave(x, y, w, h))
        case .linedDocument:
            return path(wave(x, y, w, h)) + path("M\(p(x + 10, y))V\(n(y + h - 8))")
        case .taggedDocument:
            let tag = min(16, h / 3)
            return path(wave(x, y, w, h)) + path("M\(p(x + w - tag, y + h - 6))L\(p(x + w, y + h - 6 - tag))")
        case .documents:
            return path(wave(x + 10, y, w - 10, h - 20)) + path(wave(x + 5, y + 5, w - 10, h - 15))
                + path(wave(x, y + 10, w - 10, h - 10))
        case .delay:
            let r = h / 2
            return path("M\(p(x, y))H\(n(x + w - r))A\(n(r)),\(n(r)) 0 0 1 \(p(x + w - r, y + h))H\(n(x))Z")
        case .horizontalCylinder:
            let rx = 10.0
            let ry = h / 2
            return path(
                "M\(p(x + rx, y))H\(n(x + w - rx))A\(n(rx)),\(n(ry)) 0 0 1 \(p(x + w - rx, y + h))H\(n(x + rx))"
                    + "A\(n(rx)),\(n(ry)) 0 0 1 \(p(x + rx, y))Z"
                    + "M\(p(x + w - rx, y))A\(n(rx)),\(n(ry)) 0 0 0 \(p(x + w - rx, y + h))")
        case .linedCylinder:
            let ry = 8.0
            return path(
                "M\(p(x, y + ry))A\(n(w / 2)),\(n(ry)) 0 0 1 \(p(x + w, y + ry))V\(n(y + h - ry))"
                    + "A\(n(w / 2)),\(n(ry)) 0 0 1 \(p(x, y + h - ry))Z"
                    + "M\(p(x, y + ry))A\(n(w / 2)),\(n(ry)) 0 0 0 \(p(x + w, y + ry))"
                    + "M\(p(x, y + 3 * ry))A\(n(w / 2)),\(n(ry)) 0 0 0 \(p(x + w, y + 3 * ry))")
        case .curvedTrapezoid:
            let r = h / 2
            let slant = h / 3
            return path(
                "M\(p(x, y + h / 2))L\(p(x + slant, y))H\(n(x + w - r))A\(n(r)),\(n(r)) 0 0 1 \(p(x + w - r, y + h))"
                    + "H\(n(x + slant))Z")
        case .dividedRect:
            return rectangle(x, y, w, h) + path("M\(p(x, y + 12))H\(n(x + w))")
        case .triangle:
            return polygon([(x, y + h), (x + w / 2, y), (x + w, y + h)])
        case .flippedTriangle:
            return polygon([(x, y), (x + w, y), (x + w / 2, y + h)])
        case .windowPane:
            return rectangle(x, y, w, h) + path("M\(p(x + 10, y))V\(n(y + h))M\(p(x, y + 10))H\(n(x + w))")
        case .notchedPentagon:
            let cut = min(12, h / 3)
            return polygon([(x + cut, y), (x + w - cut, y), (x + w, y + cut), (x + w, y + h), (x, y + h), (x, y + cut)])
        case .slopedRect:
            return polygon([(x, y + 12), (x + w, y), (x + w, y + h), (x, y + h)])
        case .stackedRect:
            return rectangle(x + 8, y, w - 8, h - 8) + rectangle(x + 4, y + 4, w - 8, h - 8)
                + rectangle(x, y + 8, w - 8, h - 8)
        case .bowTieRect:
            let rx = 10.0
            let ry = h / 2
            return path(
                "M\(p(x + rx, y))H\(n(x + w - rx))A\(n(rx)),\(n(ry)) 0 0 0 \(p(x + w - rx, y + h))H\(n(x + rx))"
                    + "A\(n(rx)),\(n(ry)) 0 0 1 \(p(x + rx, y))Z")
        case .taggedRect:
            let tag = min(14, h / 3)
            return rectangle(x, y, w, h) + polygon([(x + w - tag, y + h), (x + w, y + h), (x + w, y + h - tag)])
        case .flag:
            let amplitude = 8.0
            return path(
                "M\(p(x, y + amplitude))C\(p(x + w / 3, y - amplitude)) \(p(x + 2 * w / 3, y + 3 * amplitude)) "
                    + "\(p(x + w, y + amplitude))V\(n(y + h - amplitude))"
                    + "C\(p(x + 2 * w / 3, y + h + amplitude)) \(p(x + w / 3, y + h - 3 * amplitude)) "
                    + "\(p(x, y + h - amplitude))Z")
        default:
            return rectangle(x, y, w, h)
        }
    }
}
