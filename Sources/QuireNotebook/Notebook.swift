/// A parsed notebook: front matter, then its blocks in document order.
///
/// Produced by ``NotebookParser``; holds only Quire's own value types, never cmark's.
public struct Notebook: Hashable, Sendable {
    /// One top-level piece of the notebook.
    public enum Block: Hashable, Sendable {
        /// Markdown between steps and diagrams.
        case prose(Prose)
        /// A ```` ```step id ```` block.
        case step(Step)
        /// A ```` ```mermaid ```` block.
        case mermaid(CodeBlock)
        /// Any other code block, shown as code.
        case code(CodeBlock)
    }

    /// The path the notebook was read from, as given.
    public var path: String
    /// The YAML between the opening `---` lines, if the file starts with one.
    public var frontMatter: FrontMatter?
    /// The top-level blocks, in document order.
    public var blocks: [Block]
    /// The top-level headings, in order, with their anchors.
    public var headings: [Heading]
    /// Number of lines in the file.
    public var lineCount: Int
    /// The front matter's `title` cut into text and quoted values, when it quotes any.
    public var frontMatterTitleQuotes: QuotedText?

    /// Creates a notebook from its parts.
    public init(path: String, frontMatter: FrontMatter?, blocks: [Block], headings: [Heading], lineCount: Int) {
        self.path = path
        self.frontMatter = frontMatter
        self.blocks = blocks
        self.headings = headings
        self.lineCount = lineCount
    }

    /// The text of the first level-1 heading, if any.
    public var firstHeading: String? {
        headings.first { $0.level == 1 }?.text
    }

    /// The steps, in document order.
    public var steps: [Step] {
        blocks.compactMap { if case .step(let step) = $0 { step } else { nil } }
    }

    /// ``title`` with its quoted values (`{{ eval.roc_auc }}`, `${params.x}`), from the front
    /// matter or the first level-1 heading.
    public var quotedTitle: QuotedText {
        if frontMatter?.title != nil { return frontMatterTitleQuotes ?? QuotedText(pieces: [.text(title)]) }
        if let heading = headings.first(where: { $0.level == 1 }), let quoted = heading.quotedText { return quoted }
        return QuotedText(pieces: [.text(title)])
    }

    /// Every value quoted in the notebook, in document order: the front matter's title, then the
    /// prose's (headings included).
    public var quotes: [Quote] {
        var quotes = frontMatterTitleQuotes?.quotes ?? []
        for case .prose(let prose) in blocks { quotes += prose.quotes }
        return quotes
    }

    /// The title: front matter `title`, else the first level-1 heading, else the file's name.
    public var title: String {
        if let title = frontMatter?.title?.value { return title }
        if let firstHeading { return firstHeading }
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return name.hasSuffix(".md") ? String(name.dropLast(3)) : name
    }
}

/// A top-level heading: its level, plain text and the anchor its HTML carries (`id`).
public struct Heading: Hashable, Sendable {
    /// 1 to 6.
    public var level: Int
    /// The heading's text and code spans, concatenated, without surrounding spaces.
    public var text: String
    /// Stable and unique in the notebook: lowercase words joined by `-` (`#the-data`).
    public var anchor: String
    /// Where the heading is written.
    public var range: SourceRange
    /// The heading's text with its quoted values, when it quotes any (``text`` then holds the
    /// references as written, and ``anchor`` is made of their names, so it does not change with
    /// the values).
    public var quotedText: QuotedText?

    /// Creates a heading.
    public init(level: Int, text: String, anchor: String, range: SourceRange) {
        self.level = level
        self.text = text
        self.anchor = anchor
        self.range = range
    }

    /// The anchor for `text`: lowercase letters and digits, other runs of characters as one `-`.
    public static func slug(_ text: String) -> String {
        var out = ""
        var pendingDash = false
        for character in text.lowercased() {
            if character.isLetter || character.isNumber || character == "_" {
                if pendingDash && !out.isEmpty { out += "-" }
                pendingDash = false
                out.append(character)
            } else {
                pendingDash = true
            }
        }
        return out.isEmpty ? "section" : out
    }
}

/// A run of Markdown blocks between steps and diagrams.
public struct Prose: Hashable, Sendable {
    /// From the run's first block to its last.
    public var range: SourceRange
    /// The Markdown source of the run.
    public var markdown: String
    /// The run rendered by cmark, when the parser was asked to (``NotebookParser/Options/renderProse``).
    /// Each quoted value is a placeholder (``QuotePlaceholder``) for ``quotes``[index].
    public var html: String?
    /// The values the run quotes, in order (``QuotePlaceholder`` numbers them from 0).
    public var quotes: [Quote] = []
    /// The run's first block, when it is a heading of plain text (no emphasis, code, links or
    /// breaks) and the run was rendered: the report leaves it out when it repeats the title.
    public private(set) var leadingHeading: Heading?
    /// UTF-8 length of ``leadingHeading``'s HTML at the start of ``html``.
    private var leadingHeadingHTMLLength = 0

    /// Creates a prose run.
    public init(range: SourceRange, markdown: String, html: String?) {
        self.range = range
        self.markdown = markdown
        self.html = html
    }

    /// ``html`` without the HTML of ``leadingHeading`` (all of it when there is none).
    public var htmlWithoutLeadingHeading: String? {
        guard let html, leadingHeading != nil else { return html }
        return String(decoding: html.utf8.dropFirst(leadingHeadingHTMLLength), as: UTF8.self)
    }

    /// Records that ``html`` starts with the `length` UTF-8 bytes of `heading`'s HTML.
    mutating func recordLeadingHeading(_ heading: Heading, htmlLength length: Int) {
        leadingHeading = heading
        leadingHeadingHTMLLength = length
    }
}

/// A code block that is not a step: a mermaid diagram or code shown as it is.
public struct CodeBlock: Hashable, Sendable {
    /// The first word of the info string (`mermaid`, `python`, …); empty for indented code.
    public var language: String
    /// The whole info string.
    public var info: String
    /// The block's text, line endings normalised to LF.
    public var code: String
    /// The whole block, opening fence to closing fence.
    public var range: SourceRange
    /// File line of the first line of ``code``.
    public var firstCodeLine: Int
    /// Whether a closing fence ends the block (else it runs to the end of its container).
    public var isClosed: Bool

    /// Creates a code block.
    public init(language: String, info: String, code: String, range: SourceRange, firstCodeLine: Int, isClosed: Bool) {
        self.language = language
        self.info = info
        self.code = code
        self.range = range
        self.firstCodeLine = firstCodeLine
        self.isClosed = isClosed
    }
}
