/// Finds the values quoted in prose (`{{ eval.roc_auc | .3f }}`, `${params.seed}`) on cmark's
/// tree, and replaces each by a placeholder the report fills in (``QuotePlaceholder``).
///
/// Only text nodes are read: code spans, code blocks, raw HTML, link destinations, images (their
/// alt text is an attribute) are never substituted, and a quoted value is never parsed as Markdown. cmark cuts
/// text into several nodes (at `_`, `*`, `[`, `!`, backslash escapes and entities), so each run
/// of sibling text nodes is read as one text; a brace written `\{` or as an entity is marked
/// protected, so `\{{` writes `{{`. A run never crosses a line break, so neither does a reference.
struct ProseQuotes {
    let source: SourceText
    /// The quotes found, in document order, across every prose run of the notebook.
    var quotes: [Quote] = []
    var diagnostics: [Diagnostic] = []

    init(source: SourceText) {
        self.source = source
    }

    /// The runs of sibling text nodes under `node`, in document order.
    static func textRuns(in node: MarkdownNode) -> [[MarkdownNode]] {
        var runs: [[MarkdownNode]] = []
        for text in node.descendants(ofKinds: [.text]) {
            if let last = runs.last?.last, last.next == text {
                runs[runs.count - 1].append(text)
            } else {
                runs.append([text])
            }
        }
        return runs
    }

    /// The run's text, each scalar's protection, and a function locating scalar offsets.
    ///
    /// cmark joins adjacent text into one node and gives a node's literal after reading
    /// backslash escapes and entities, so the literal is walked beside its line: a scalar written
    /// as itself is free, one written `\{` or as an entity is protected. cmark counts columns
    /// after stripped quote markers and list indentation on continuation lines, so the node's
    /// start is found on the line, nearest where cmark puts it.
    private func read(_ run: [MarkdownNode]) -> (
        scalars: [Unicode.Scalar], protected: [Bool], locate: (Int) -> SourceLocation
    ) {
        var scalars: [Unicode.Scalar] = []
        var protected: [Bool] = []
        // Per scalar: its 1-based byte column on the line.
        var byteColumns: [Int] = []
        let line = max(run.first?.startLine ?? 1, 1)
        let bytes = Array(source.lineBytes(line))
        var end = 1
        for node in run {
            let literal = Array(node.literal.unicodeScalars)
            var index = Self.start(of: literal, in: bytes, near: node.startColumn) ?? max(node.startColumn - 1, 0)
            for scalar in literal {
                let encoded = Array(String(scalar).utf8)
                let column = index + 1
                if index + encoded.count <= bytes.count, bytes[index..<(index + encoded.count)].elementsEqual(encoded) {
                    protected.append(false)
                    index += encoded.count
                } else if index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), encoded == [bytes[index + 1]] {
                    protected.append(true)
                    index += 2
                } else if index < bytes.count, bytes[index] == UInt8(ascii: "&"),
                    let semicolon = bytes[index..<min(index + 40, bytes.count)].firstIndex(of: UInt8(ascii: ";"))
                {
                    protected.append(true)
                    index = semicolon + 1
                } else {
                    protected.append(true)
                }
                scalars.append(scalar)
                byteColumns.append(column)
            }
            end = index + 1
        }
        let source = self.source
        let locate = { (offset: Int) -> SourceLocation in
            let byteColumn = offset < byteColumns.count ? byteColumns[offset] : end
            return SourceLocation(line: line, column: source.column(forByteColumn: max(byteColumn, 1), onLine: line))
        }
        return (scalars, protected, locate)
    }

    /// The 0-based byte offset on the line where a node's literal starts: its longest leading
    /// piece found there (16, 8, 4 or 1 bytes), nearest cmark's column.
    private static func start(of literal: [Unicode.Scalar], in line: [UInt8], near column: Int) -> Int? {
        let bytes = Array(String(String.UnicodeScalarView(literal)).utf8)
        for length in [16, 8, 4, 1] where length <= bytes.count || length == 1 {
            let needle = Array(bytes.prefix(length))
            if let found = offset(of: needle, in: line, near: column) { return column - 1 + found }
        }
        return nil
    }

    /// The difference between cmark's column and the nearest column where `needle` is on the line.
    private static func offset(of needle: [UInt8], in line: [UInt8], near column: Int) -> Int? {
        guard !needle.isEmpty, needle.count <= line.count else { return nil }
        var best: Int?
        var position = 0
        while position + needle.count <= line.count {
            if line[position] == needle[0], line[position..<(position + needle.count)].elementsEqual(needle) {
                let candidate = position + 1 - column
                if best.map({ abs(candidate) < abs($0) }) ?? true { best = candidate }
            }
            position += 1
        }
        return best
    }

    /// Whether the text is an image's alt text, which cmark writes into an attribute: left as written.
    private static func isInImage(_ node: MarkdownNode) -> Bool {
        var current = node.parent
        while let ancestor = current, !ancestor.isBlock {
            if ancestor.kind == .image { return true }
            current = ancestor.parent
        }
        return false
    }

    /// Replaces the quotes under `node` by placeholders numbered from ``quotes``' count, or only
    /// checks them when `replacing` is false.
    mutating func substitute(in node: MarkdownNode, replacing: Bool) {
        for run in Self.textRuns(in: node) {
            guard run.contains(where: { $0.literal.holds("{") || $0.literal.holds("$") }),
                let first = run.first, let last = run.last, !Self.isInImage(first)
            else { continue }
            let (scalars, protected, locate) = read(run)
            let found = QuoteParser.parse(scalars, protected: protected, locate: locate)
            diagnostics += found.diagnostics
            guard found.changed else { continue }
            var pieces: [(isHTML: Bool, text: String)] = []
            for piece in found.pieces {
                switch piece {
                case .text(let text):
                    pieces.append((false, text))
                case .quote(let quote):
                    pieces.append((true, QuotePlaceholder.html(quotes.count)))
                    quotes.append(quote)
                }
            }
            if replacing { first.replaceRun(through: last, with: pieces) }
        }
    }

    /// A heading's text with its quotes, as the table of contents and the title show it: text
    /// and code spans, breaks as spaces, without surrounding spaces.
    func quotedText(ofHeading node: MarkdownNode) -> QuotedText {
        var pieces: [QuotedText.Piece] = []
        var runStart: MarkdownNode?
        var run: [MarkdownNode] = []
        func flush() {
            guard !run.isEmpty else { return }
            let (scalars, protected, locate) = read(run)
            pieces += QuoteParser.parse(scalars, protected: protected, locate: locate).pieces
            run.removeAll()
            runStart = nil
        }
        for child in node.descendants(ofKinds: [.text, .code, .softBreak, .lineBreak]) {
            if child.kind == .text {
                if let last = run.last, last.next != child { flush() }
                if runStart == nil { runStart = child }
                run.append(child)
                continue
            }
            flush()
            pieces.append(.text(child.kind == .code ? child.literal : " "))
        }
        flush()
        // Trim spaces at both ends, as the heading's plain text is.
        if case .text(let text) = pieces.first { pieces[0] = .text(String(text.drop { $0 == " " })) }
        if case .text(let text) = pieces.last {
            pieces[pieces.count - 1] = .text(String(text.reversed().drop { $0 == " " }.reversed()))
        }
        return QuotedText(pieces: pieces.filter { $0 != .text("") })
    }
}
