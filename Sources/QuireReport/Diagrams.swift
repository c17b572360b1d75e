import Foundation
import QuireMermaid
import QuireNotebook
import QuireSupport

/// Mermaid diagrams: drawn natively to inline SVG, their problems reported at notebook positions.
public enum Diagrams {
    /// What a mermaid block becomes in the report.
    static func render(_ block: CodeBlock, clientSide: Bool = false) -> HTML {
        let result = Mermaid.render(block.code)
        if clientSide, case .unsupported = result {
            // mermaid.js reads the element's text, so escaping keeps the source intact.
            return .element("figure", ["class": "diagram"], .element("pre", ["class": "mermaid"], .text(block.code)))
        }
        switch result {
        case .svg(let svg, _):
            // Portability warnings are for the author: `check` and `run` print them
            // (``diagnostics(in:)``); the reader sees the diagram.
            return .element("figure", ["class": "diagram"], .raw(svg))
        case .failure(let errors):
            var caption = HTML.element("strong", [:], .text("This diagram could not be drawn. "))
            for error in errors {
                caption += .text(
                    "Line \(block.firstCodeLine + error.line - 1), column \(error.column): \(error.message)")
                if let hint = error.hint { caption += .text(" (\(hint))") }
                caption += .text(" ")
            }
            return .element(
                "figure", ["class": "diagram broken"],
                .element("pre", ["class": "mermaid-source"], .element("code", [:], .text(block.code))),
                .element("figcaption", ["class": "error"], caption))
        case .unsupported(let type):
            return .element(
                "figure", ["class": "diagram"],
                .element("pre", ["class": "mermaid-source"], .element("code", [:], .text(block.code))),
                .element(
                    "figcaption", ["class": "note"],
                    .text("A \(type) diagram, shown as source: \(nativeSummary).")))
        }
    }

    /// Whether some diagram of the notebook is of a type only mermaid.js draws.
    static func needsClientSide(_ notebook: Notebook) -> Bool {
        // The type alone decides; no need to lay the diagram out again.
        notebook.blocks.contains { block in
            guard case .mermaid(let code) = block, let type = Mermaid.diagramType(of: code.code) else { return false }
            return Mermaid.otherTypes.contains(type)
        }
    }

    /// A script's text made safe inside `<script>…</script>`: `</script` cannot end it early.
    static func inlineSafe(_ script: String) -> String {
        script.replacingOccurrences(of: "</script", with: "<\\/script", options: .caseInsensitive)
    }

    /// The diagram of a mermaid text (the pipeline graph), or nil if it cannot be drawn.
    static func svg(_ source: String, title: String) -> String? {
        Mermaid.render(source, options: MermaidOptions(title: title)).svg
    }

    /// Every problem of the notebook's mermaid blocks, as warnings at their notebook positions: a
    /// broken diagram does not stop a run, the report shows its source and the error instead.
    ///
    /// Validation only (``Mermaid/validate(_:)``): the diagrams are laid out and drawn once, by
    /// the report.
    ///
    /// Warnings of one kind in one diagram are given once, summarised (``DiagramWarnings``).
    public static func diagnostics(in notebook: Notebook) -> [Diagnostic] {
        var found: [Diagnostic] = []
        for case .mermaid(let block) in notebook.blocks {
            for problem in DiagramWarnings.summarised(Mermaid.validate(block.code).diagnostics) {
                let range = SourceRange(
                    line: block.firstCodeLine + problem.line - 1, column: problem.column, length: problem.length)
                let isLimit = problem.id == "mermaid.flowchart.too-many-links" || problem.id == "mermaid.too-deep"
                found.append(
                    .warning(
                        isLimit
                            ? .mermaidTooLarge
                            : problem.severity == .error ? .mermaidSyntax : .mermaidPortability,
                        problem.severity == .error ? "diagram cannot be drawn: \(problem.message)" : problem.message,
                        at: range, hint: problem.hint))
            }
        }
        return found
    }
}
