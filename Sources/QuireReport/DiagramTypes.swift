import QuireMermaid
import QuireNotebook
import QuireSupport

extension Diagrams {
    /// The diagram types Quire draws, as sentences print them.
    public static let nativeSummary = "Quire draws flowcharts, sequence diagrams and mindmaps"

    /// A note at the fence of every diagram whose type only mermaid.js draws, naming the type and
    /// the fix (`--mermaid-js`), so `quire check` says before a run which diagrams will be drawn.
    public static func typeNotes(in notebook: Notebook) -> [Diagnostic] {
        var notes: [Diagnostic] = []
        for case .mermaid(let block) in notebook.blocks {
            guard case .unsupported(let type) = Mermaid.validate(block.code) else { continue }
            let fence = block.range.start
            notes.append(
                Diagnostic(
                    .note, .mermaidNotNative,
                    "\(type) diagrams are not drawn natively; the report shows this diagram's source",
                    at: SourceRange(line: fence.line, column: fence.column, length: 3),
                    hint: "\(nativeSummary); run with --mermaid-js PATH (a local mermaid.min.js) to draw it in the "
                        + "reader's browser"))
        }
        return notes
    }
}
