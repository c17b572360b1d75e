/// A mermaid block whose fence is never closed, ended where the diagram cannot go on.
///
/// cmark runs an unclosed fence to the end of the document, so a forgotten closing ```` ``` ````
/// after a diagram swallows every heading and paragraph after it. For a top-level ```` ```mermaid ````
/// block that runs to the end of the file, the diagram ends instead before the first line, after
/// its first line of source, that cannot continue a mermaid diagram:
///
/// - a Markdown ATX heading at the start of the line (`#` to `######`, then a space or the line's
///   end): mermaid reads no line starting with `#` (a flowchart rejects it, a mindmap takes it for
///   a second root);
/// - a code fence with an info string (```` ```step ````, ```` ```python ````): it cannot close
///   the block, and no diagram holds one.
///
/// (A sequence diagram reads a `#` line as a comment, but a Markdown heading is never meant as
/// one.) Blank lines before that line end the diagram too. A block that a later block's closing
/// fence closed (```` ```mermaid ````, no closing fence, then ```` ```step … ```` ) is cut the
/// same way at that block's opening fence, so the step is a step again. The diagram is drawn, the
/// rest is parsed again as Markdown with its lines (and so every position) unchanged, and a
/// warning at the fence gives the line to add.
struct UnclosedMermaid {
    /// Most diagrams cut in one notebook (each cut parses the text again).
    static let maximumCuts = 20

    /// The diagram, with `isClosed` false.
    var block: CodeBlock
    /// The line the rest of the notebook starts on.
    var resumeLine: Int
    /// The warning at the fence, with the fix.
    var warning: Diagnostic

    /// The first top-level mermaid block of `document` that is not closed where its author meant,
    /// cut as described above; nil when there is none.
    ///
    /// Two cases: the block runs to the end of the file, and is cut at the first heading or
    /// info-string fence; or a later block's closing fence closed it, and it is cut at that
    /// block's opening fence (an info-string fence inside a diagram), the closing fence left to
    /// the block it belongs to.
    static func find(in document: MarkdownNode, source: SourceText) -> UnclosedMermaid? {
        var node = document.firstChild
        while let current = node {
            node = current.next
            if current.kind == .codeBlock, let found = cut(current, source: source) { return found }
        }
        return nil
    }

    private static func cut(_ node: MarkdownNode, source: SourceText) -> UnclosedMermaid? {
        let fenceLine = node.startLine
        let lineBytes = Array(source.lineBytes(fenceLine))
        var start = 0
        while start < lineBytes.count, lineBytes[start] == 32 { start += 1 }
        guard start <= 3, let (character, length, info) = fence(lineBytes[start...]),
            info.split(whereSeparator: { $0 == " " || $0 == "\t" }).first == "mermaid"
        else { return nil }
        let endLine = node.endLine
        let cut: Int
        let closingLine: Int?
        if endLine > fenceLine, isClosing(source.lineBytes(endLine), character: character, length: length) {
            // Closed: by its own fence, unless an info-string fence inside it opened another block.
            // The block's closing fence must close that one once cut: the same character, as long.
            let closingRun = source.lineBytes(endLine).drop { $0 == 32 }.prefix { $0 == character }.count
            func opensBlock(_ line: Int) -> Bool {
                guard let (opener, openerLength, openerInfo) = fence(source.lineBytes(line)) else { return false }
                return opener == character && openerLength <= closingRun && !openerInfo.isEmpty
            }
            guard fenceLine + 2 < endLine, let opening = ((fenceLine + 2)..<endLine).first(where: opensBlock) else {
                return nil
            }
            cut = opening
            closingLine = endLine
        } else {
            // Ended by its container: not the unclosed block this is about.
            var lastLine = source.lineCount
            while lastLine > endLine, isBlank(source.lineBytes(lastLine)) { lastLine -= 1 }
            guard endLine >= lastLine, fenceLine + 2 <= lastLine,
                let first = ((fenceLine + 2)...lastLine).first(where: { cannotContinue(source.lineBytes($0)) })
            else { return nil }
            cut = first
            closingLine = nil
        }
        var lastCodeLine = cut - 1
        while lastCodeLine > fenceLine, isBlank(source.lineBytes(lastCodeLine)) { lastCodeLine -= 1 }
        guard lastCodeLine > fenceLine else { return nil }
        // cmark removes up to the fence's indentation from each line of code.
        var code = ""
        for line in (fenceLine + 1)...lastCodeLine {
            var bytes = source.lineBytes(line)
            var removed = 0
            while removed < start, bytes.first == 32 {
                bytes = bytes.dropFirst()
                removed += 1
            }
            code += String(decoding: bytes, as: UTF8.self) + "\n"
        }
        let fenceStart = SourceLocation(line: fenceLine, column: start + 1)
        let range = SourceRange(
            start: fenceStart,
            end: SourceLocation(line: lastCodeLine, column: max(source.columnCount(ofLine: lastCodeLine), 1)))
        let fenceText = String(repeating: Character(Unicode.Scalar(character)), count: length)
        let cutText = String(decoding: source.lineBytes(cut), as: UTF8.self)
        let closedBy = closingLine.map { " (the fence on line \($0) closes that block, not this one)" } ?? ""
        let warning = Diagnostic.warning(
            .unclosedFence,
            "mermaid block opened here is never closed; the diagram is taken to end at line \(lastCodeLine), "
                + "before '\(cutText)' on line \(cut)\(closedBy)",
            at: SourceRange(start: fenceStart, end: SourceLocation(line: fenceLine, column: start + length)),
            hint: "add a line holding only \(fenceText) after line \(lastCodeLine)")
        let block = CodeBlock(
            language: "mermaid", info: info, code: code, range: range, firstCodeLine: fenceLine + 1, isClosed: false)
        return UnclosedMermaid(block: block, resumeLine: cut, warning: warning)
    }

    /// Whether a line cannot continue a mermaid diagram: an ATX heading or a fence with an info
    /// string, at the start of the line.
    static func cannotContinue(_ line: ArraySlice<UInt8>) -> Bool {
        let hashes = line.prefix { $0 == UInt8(ascii: "#") }.count
        if hashes >= 1, hashes <= 6 {
            let next = line.dropFirst(hashes).first
            return next == nil || next == 32 || next == 9 || next == 13
        }
        if let (_, _, info) = fence(line) { return !info.isEmpty }
        return false
    }

    /// The fence that opens `line`'s text: its character, its length and its trimmed info string.
    static func fence(_ line: ArraySlice<UInt8>) -> (UInt8, Int, String)? {
        guard let character = line.first, character == UInt8(ascii: "`") || character == UInt8(ascii: "~") else {
            return nil
        }
        let length = line.prefix { $0 == character }.count
        guard length >= 3 else { return nil }
        let info = String(decoding: line.dropFirst(length), as: UTF8.self)
            .trimmingCharacters(in: [" ", "\t", "\r"])
        // A backtick fence's info string may hold no backtick.
        if character == UInt8(ascii: "`"), info.contains("`") { return nil }
        return (character, length, info)
    }

    static func isClosing(_ line: ArraySlice<UInt8>, character: UInt8, length: Int) -> Bool {
        let bytes = line.drop { $0 == 32 }
        let run = bytes.prefix { $0 == character }.count
        return run >= length && bytes.dropFirst(run).allSatisfy { $0 == 32 || $0 == 9 || $0 == 13 }
    }

    static func isBlank(_ line: ArraySlice<UInt8>) -> Bool {
        line.allSatisfy { $0 == 32 || $0 == 9 || $0 == 13 }
    }
}

extension String {
    /// The string without leading and trailing characters of `set`.
    fileprivate func trimmingCharacters(in set: Set<Character>) -> String {
        String(drop { set.contains($0) }.reversed().drop { set.contains($0) }.reversed())
    }
}
