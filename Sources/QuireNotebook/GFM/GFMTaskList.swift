/// Task list items (`- [ ] to do`, `- [x] done`): the marker becomes a disabled checkbox, written
/// as cmark-gfm writes it.
struct GFMTaskList {
    let source: GFMSource

    /// The checkbox, unchecked or checked, with the space cmark-gfm writes after it.
    static func checkbox(checked: Bool) -> String {
        checked
            ? "<input type=\"checkbox\" checked=\"\" disabled=\"\" /> " : "<input type=\"checkbox\" disabled=\"\" /> "
    }

    /// Marks `item` as a task if its first paragraph, on the item's first line, opens with `[ ]`,
    /// `[x]` or `[X]` and whitespace.
    func mark(_ item: MarkdownNode) {
        guard let paragraph = item.firstChild, paragraph.kind == .paragraph, paragraph.startLine == item.startLine,
            let text = paragraph.firstChild, text.kind == .text
        else { return }
        let line = source.line(paragraph.startLine)
        // cmark-gfm reads the marker on the line as written: only indentation may come before
        // the item's bullet or number, so a task inside a quote (`> - [ ]`) stays text.
        guard line.prefix(max(item.startColumn - 1, 0)).allSatisfy({ $0 == 32 || $0 == 9 }) else { return }
        let start = line.startIndex + max(paragraph.startColumn - 1, 0)
        guard start + 3 <= line.endIndex, line[start] == UInt8(ascii: "["), line[start + 2] == UInt8(ascii: "]")
        else { return }
        let mark = line[start + 1]
        guard mark == 32 || mark == UInt8(ascii: "x") || mark == UInt8(ascii: "X") else { return }
        // Whitespace must follow the marker on its line (an item of just `[ ]` is no task).
        guard start + 3 < line.endIndex, line[start + 3] == 32 || line[start + 3] == 9 else { return }
        let literal = text.literal.unicodeScalars
        guard
            literal.starts(with: "[ ]".unicodeScalars) || literal.starts(with: "[x]".unicodeScalars)
                || literal.starts(with: "[X]".unicodeScalars)
        else { return }
        let rest = String(String.UnicodeScalarView(literal.dropFirst(3).drop { $0 == " " || $0 == "\t" }))
        let tight = item.parent?.isTightList ?? true
        guard let box = MarkdownNode.custom(block: !tight, enter: Self.checkbox(checked: mark != 32), exit: "") else {
            return
        }
        box.setPosition(
            .absolute(
                startLine: paragraph.startLine, startColumn: paragraph.startColumn, endLine: paragraph.startLine,
                endColumn: paragraph.startColumn + 2))
        if rest.isEmpty && text.next == nil {
            text.setLiteral("")
        } else if rest.isEmpty {
            text.remove()
        } else {
            // The text now starts after the marker and its whitespace.
            var column = start + 3
            while column < line.endIndex, line[column] == 32 || line[column] == 9 { column += 1 }
            text.setLiteral(rest)
            if text.startLine == text.endLine {
                text.setPosition(
                    .absolute(
                        startLine: text.startLine, startColumn: column - line.startIndex + 1, endLine: text.endLine,
                        endColumn: text.endColumn))
            }
        }
        if tight {
            if let first = paragraph.firstChild { first.insertBefore(box) } else { paragraph.appendChild(box) }
        } else {
            paragraph.insertBefore(box)
        }
    }
}
