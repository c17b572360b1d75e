import QuireSupport

/// Fenced code inside prose (in a list or a quote; top-level code blocks are blocks of their own,
/// highlighted by the report) written highlighted, through the tree.
enum ProseCode {
    /// Replaces each fenced code block under `node` (or `node` itself) whose language
    /// ``Highlighter`` knows by a node holding the same `<pre><code class="language-…">` cmark
    /// writes, its text in `<span class="tok-…">` tokens; other code blocks are left to cmark.
    /// - Returns: `node`, or what replaced it when it was itself such a code block.
    static func highlight(in node: MarkdownNode) -> MarkdownNode {
        var result = node
        for block in node.descendants(ofKinds: [.codeBlock]) {
            // cmark's class is the info string's first word.
            let info = block.fenceInfo
            let language = info.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).first.map(String.init)
            guard let language, Highlighter.Language(name: language) != nil else { continue }
            let html = HTML.codeBlock(block.literal, language: language).markup + "\n"
            guard let custom = block.replaceWithHTML(html) else { continue }
            if block == node { result = custom }
        }
        return result
    }
}
