import QuireMermaid

/// A diagram's warnings as `check` and `run` print them: each kind once per diagram.
///
/// A mindmap written with bare quoted items (`"Monitoring (Grafana)"`) gets a portability warning
/// per item, often dozens; they say one thing, so one warning says it, at the first item, with the
/// count. Errors are kept as they are.
enum DiagramWarnings {
    /// `diagnostics` with the warnings of each id after the first merged into it.
    static func summarised(_ diagnostics: [MermaidDiagnostic]) -> [MermaidDiagnostic] {
        var counts: [String: Int] = [:]
        for diagnostic in diagnostics where diagnostic.severity == .warning { counts[diagnostic.id, default: 0] += 1 }
        var seen: Set<String> = []
        var result: [MermaidDiagnostic] = []
        for diagnostic in diagnostics {
            guard diagnostic.severity == .warning, let count = counts[diagnostic.id], count > 1 else {
                result.append(diagnostic)
                continue
            }
            guard seen.insert(diagnostic.id).inserted else { continue }
            var summary = diagnostic
            if diagnostic.id == "mermaid.mindmap.bare-quotes" {
                // mermaid.js rejects those holding brackets or parentheses, and shows the others' quotes.
                let rejected = diagnostics.filter { $0.id == diagnostic.id && $0.message.contains("reject") }.count
                let effect =
                    rejected == 0
                    ? "mermaid.js shows their quote marks"
                    : "mermaid.js rejects the diagram (\(rejected) of them hold brackets or parentheses)"
                summary.message =
                    "\(count) mindmap items are written as bare quoted text (\"…\"); \(effect), while Quire draws "
                    + "them without quotes; the first is here"
                summary.hint = "write each as [\"…\"] (square) or (\"…\") (rounded); here: \(diagnostic.hint ?? "")"
            } else {
                summary.message = "\(diagnostic.message) (\(count) times in this diagram; the first is here)"
            }
            result.append(summary)
        }
        return result
    }
}
