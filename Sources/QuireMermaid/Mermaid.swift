import QuireSupport

/// Renders mermaid diagram sources to standalone SVG, natively and offline.
///
/// Flowcharts (`flowchart`, `graph`), sequence diagrams (`sequenceDiagram`) and mindmaps
/// (`mindmap`) are drawn; other diagram types are
/// reported as ``MermaidResult/unsupported(type:)``. Output is deterministic: the same source and
/// options give the same bytes.
public enum Mermaid {
    /// Diagram keywords that Quire draws natively.
    public static let nativeTypes: [String] = ["flowchart", "graph", "sequenceDiagram", "mindmap"]

    /// Diagram keywords that mermaid knows and Quire does not draw: rendered as
    /// ``MermaidResult/unsupported(type:)``.
    public static let otherTypes: Set<String> = [
        "classDiagram", "classDiagram-v2", "stateDiagram", "stateDiagram-v2", "erDiagram",
        "journey", "gantt", "pie", "quadrantChart", "requirementDiagram", "gitGraph", "C4Context", "C4Container",
        "C4Component", "C4Dynamic", "C4Deployment", "timeline", "zenuml", "sankey-beta", "sankey", "xychart-beta",
        "xychart", "block-beta", "block", "packet-beta", "packet", "kanban", "architecture-beta", "architecture",
        "radar-beta", "treemap-beta", "treemap", "info",
    ]

    /// Most links one flowchart may draw: `a & b --> c & d` links every pair, so a short source
    /// can ask for millions. Past this the diagram is not drawn and its source is shown.
    public static let maxEdges = 10_000
    /// Most levels subgraphs or mindmap branches may nest: the layouts recurse once per level.
    public static let maxDepth = 64

    /// Parses and draws a mermaid diagram.
    ///
    /// - Parameters:
    ///   - source: The text of one diagram, as inside a ```` ```mermaid ```` block.
    ///   - options: Title, id prefix, font size and wrapping width.
    /// - Returns: The SVG with any warnings, the diagnostics of a source that cannot be drawn, or
    ///   the name of an unsupported diagram type.
    public static func render(_ source: String, options: MermaidOptions = .init()) -> MermaidResult {
        let metrics = TextMetrics(fontSize: options.fontSize)
        switch parse(source) {
        case .flowchart(let chart, let headerTitle, let warnings):
            let layout = FlowchartLayout(chart: chart, metrics: metrics, wrappingWidth: options.wrappingWidth)
            layout.run()
            let title = options.title ?? headerTitle ?? chart.title ?? "Flowchart"
            let svg = FlowchartRenderer(
                chart: chart, layout: layout, id: id(source, options), title: title, metrics: metrics
            )
            .render()
            return .svg(svg, warnings: warnings)
        case .mindmap(let map, let headerTitle, let warnings):
            let layout = MindmapLayout(map: map, metrics: metrics, wrappingWidth: options.wrappingWidth)
            layout.run()
            let title = options.title ?? headerTitle ?? "Mindmap"
            let svg = MindmapRenderer(map: map, layout: layout, id: id(source, options), title: title, metrics: metrics)
                .render()
            return .svg(svg, warnings: warnings)
        case .sequence(let diagram, let headerTitle, let warnings):
            let layout = SequenceLayout(diagram: diagram, metrics: metrics)
            layout.run()
            let title = options.title ?? headerTitle ?? diagram.title ?? "Sequence diagram"
            let svg = SequenceRenderer(
                diagram: diagram, layout: layout, id: id(source, options), title: title, metrics: metrics
            )
            .render()
            return .svg(svg, warnings: warnings)
        case .failure(let diagnostics):
            return .failure(diagnostics)
        case .unsupported(let type):
            return .unsupported(type: type)
        }
    }

    /// Checks a mermaid diagram as ``render(_:options:)`` would, without laying it out or drawing it.
    ///
    /// Parsing and the limits (``maxEdges``, ``maxDepth``) are the same code as in
    /// ``render(_:options:)``, so the diagnostics are the same: same ids, messages, hints and
    /// positions. Layout and drawing report nothing, which is why they can be skipped.
    ///
    /// - Parameter source: The text of one diagram, as inside a ```` ```mermaid ```` block.
    /// - Returns: Whether the diagram would be drawn, with its warnings; its errors; or the name of
    ///   an unsupported diagram type.
    public static func validate(_ source: String) -> MermaidValidation {
        switch parse(source) {
        case .flowchart(_, _, let warnings), .mindmap(_, _, let warnings), .sequence(_, _, let warnings):
            .drawable(warnings: warnings)
        case .failure(let diagnostics): .failure(diagnostics)
        case .unsupported(let type): .unsupported(type: type)
        }
    }

    /// A source read as far as its diagram, before layout: what ``render(_:options:)`` and
    /// ``validate(_:)`` share.
    enum Parsed {
        /// A flowchart, the title of the source's front matter, and the warnings.
        case flowchart(Flowchart, headerTitle: String?, warnings: [MermaidDiagnostic])
        /// A mindmap, the title of the source's front matter, and the warnings.
        case mindmap(Mindmap, headerTitle: String?, warnings: [MermaidDiagnostic])
        /// A sequence diagram, the title of the source's front matter, and the warnings.
        case sequence(SequenceDiagram, headerTitle: String?, warnings: [MermaidDiagnostic])
        /// The source cannot be drawn.
        case failure([MermaidDiagnostic])
        /// A diagram type only mermaid.js draws.
        case unsupported(type: String)
    }

    /// Finds the diagram type and parses the diagram, checking the limits; no layout.
    static func parse(_ source: String) -> Parsed {
        let text = SourceText(source)
        guard let header = findHeader(text) else {
            return .failure([
                MermaidDiagnostic(
                    severity: .error, id: "mermaid.no-diagram", message: "no diagram type found",
                    hint: "start the diagram with a line such as 'flowchart TD' or 'mindmap'", line: 1, column: 1)
            ])
        }
        switch header.keyword {
        case "flowchart", "graph", "flowchart-elk":
            var parser = FlowchartParser(source: text, start: text.lineStarts[header.line])
            do {
                let (chart, warnings) = try parser.parse()
                return .flowchart(chart, headerTitle: header.title, warnings: warnings)
            } catch {
                return .failure([error.diagnostic])
            }
        case "mindmap":
            var parser = MindmapParser(source: text, headerLine: header.line)
            do {
                let (map, warnings) = try parser.parse()
                return .mindmap(map, headerTitle: header.title, warnings: warnings)
            } catch {
                return .failure([error.diagnostic])
            }
        case "sequenceDiagram":
            var parser = SequenceParser(source: text, headerLine: header.line)
            do {
                let (diagram, warnings) = try parser.parse()
                return .sequence(diagram, headerTitle: header.title, warnings: warnings)
            } catch {
                return .failure([error.diagnostic])
            }
        default:
            if otherTypes.contains(header.keyword) { return .unsupported(type: header.keyword) }
            return .failure([
                MermaidDiagnostic(
                    severity: .error, id: "mermaid.unknown-type",
                    message: "'\(header.keyword)' is not a mermaid diagram type",
                    hint: Suggestion.didYouMean(header.keyword, among: nativeTypes + otherTypes)
                        ?? "start with 'flowchart TD', 'graph LR', 'sequenceDiagram' or 'mindmap'",
                    line: header.line + 1,
                    column: header.column - header.keyword.unicodeScalars.count + 1,
                    length: header.keyword.unicodeScalars.count)
            ])
        }
    }

    /// The prefix of every id in the SVG: the options' own, else one derived from the source.
    private static func id(_ source: String, _ options: MermaidOptions) -> String {
        options.idPrefix ?? "qm-" + hash(source)
    }

    /// The diagram keyword (`flowchart`, `mindmap`, `sequenceDiagram`, …) of a source, or nil.
    public static func diagramType(of source: String) -> String? {
        findHeader(SourceText(source))?.keyword
    }

    /// Finds the first line that is not blank, a comment, a directive or front matter.
    /// `column` is the scalar offset just past the keyword.
    static func findHeader(_ text: SourceText) -> (keyword: String, line: Int, column: Int, title: String?)? {
        var line = 0
        var title: String?
        let lineCount = text.lineStarts.count
        func content(_ line: Int) -> String {
            let start = text.lineStarts[line]
            return text.string(start..<text.lineEnd(from: start))
        }
        // Front matter: `---` … `---`, from which only `title:` is used.
        while line < lineCount && content(line).trimmingSpaces().isEmpty { line += 1 }
        if line < lineCount && content(line).trimmingSpaces() == "---" {
            var end = line + 1
            while end < lineCount && content(end).trimmingSpaces() != "---" {
                let entry = content(end).trimmingSpaces()
                if entry.hasPrefix("title:") {
                    var value = String(entry.dropFirst(6)).trimmingSpaces()
                    if value.count >= 2 && (value.hasPrefix("\"") && value.hasSuffix("\"")) {
                        value = String(value.dropFirst().dropLast())
                    }
                    title = value
                }
                end += 1
            }
            line = end + 1
        }
        while line < lineCount {
            let trimmed = content(line).trimmingSpaces()
            if trimmed.isEmpty || trimmed.hasPrefix("%%") {
                line += 1
                continue
            }
            let start = text.lineStarts[line]
            var index = start
            while let scalar = text[index], scalar == " " || scalar == "\t" { index += 1 }
            let keywordStart = index
            while let scalar = text[index], scalar != " ", scalar != "\t", scalar != "\n", scalar != ";" { index += 1 }
            return (text.string(keywordStart..<index), line, index - start, title)
        }
        return nil
    }

    /// FNV-1a over the UTF-8 bytes, as eight hex digits: a stable id prefix per source.
    static func hash(_ source: String) -> String {
        var value: UInt32 = 0x811C_9DC5
        for byte in source.utf8 {
            value ^= UInt32(byte)
            value = value &* 0x0100_0193
        }
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }
}
