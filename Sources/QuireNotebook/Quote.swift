import QuireSupport

/// A value quoted in prose, a heading or the title: `{{ eval.roc_auc | .3f }}`, or
/// `${params.seed}`.
///
/// Parsed with the notebook (``QuoteParser``), resolved against the steps by the planner, and
/// filled in from the run's results when the report is rendered.
public struct Quote: Hashable, Sendable {
    /// The dotted path: `["params", "seed"]`, `["eval", "roc_auc"]`, `["split", "train", "rows"]`.
    public var path: [String]
    /// A table cell's row, from `[0]` after the column (`leaderboard.roc_auc[0]`).
    public var index: Int?
    /// The format after `|`, if any.
    public var format: QuoteFormat?
    /// Where the whole reference is written, `{{` to `}}`.
    public var range: SourceRange
    /// Where the path is written (the start of the reference's name).
    public var pathRange: SourceRange

    /// Creates a quote.
    public init(
        path: [String], index: Int? = nil, format: QuoteFormat? = nil, range: SourceRange, pathRange: SourceRange
    ) {
        self.path = path
        self.index = index
        self.format = format
        self.range = range
        self.pathRange = pathRange
    }

    /// The reference as a name: `eval.roc_auc`, `leaderboard.roc_auc[0]`.
    public var name: String {
        path.joined(separator: ".") + (index.map { "[\($0)]" } ?? "")
    }
}

/// Text that may quote values: the title, or a heading's text for the table of contents.
public struct QuotedText: Hashable, Sendable {
    /// A run of text or a quoted value.
    public enum Piece: Hashable, Sendable {
        /// Text shown as it is.
        case text(String)
        /// A value filled in from the run.
        case quote(Quote)
    }

    /// The pieces, in order.
    public var pieces: [Piece]

    /// Text made of `pieces`.
    public init(pieces: [Piece]) {
        self.pieces = pieces
    }

    /// The quotes, in order.
    public var quotes: [Quote] {
        pieces.compactMap { if case .quote(let quote) = $0 { quote } else { nil } }
    }

    /// The text with each quote written by `value`.
    public func text(_ value: (Quote) -> String) -> String {
        pieces.map {
            switch $0 {
            case .text(let text): text
            case .quote(let quote): value(quote)
            }
        }.joined()
    }
}

/// The placeholder a quote leaves in a prose run's HTML: `<quire-quote:INDEX>`, which no text,
/// code or sanitized HTML can write (cmark escapes `<` in text, and the sanitizer keeps only known
/// elements), replaced by the report with the value's HTML.
public enum QuotePlaceholder {
    /// The placeholder of ``Prose/quotes``[index].
    public static func html(_ index: Int) -> String { "<quire-quote:\(index)>" }

    /// `html` with each placeholder replaced by `fill(index)`.
    public static func fill(_ html: String, _ fill: (Int) -> String) -> String {
        guard html.holds("<quire-quote:") else { return html }
        var result = ""
        var rest = Substring(html)
        while let start = rest.range(of: "<quire-quote:") {
            result += rest[..<start.lowerBound]
            let after = rest[start.upperBound...]
            guard let close = after.firstIndex(of: ">"), let index = Int(after[..<close]) else {
                result += rest[start]
                rest = after
                continue
            }
            result += fill(index)
            rest = after[after.index(after: close)...]
        }
        return result + rest
    }
}
