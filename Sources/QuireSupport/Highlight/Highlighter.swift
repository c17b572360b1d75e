/// Syntax highlighting of code in reports: step bodies (YAML) and fenced code in prose.
///
/// One small tokenizer per language (``Language``), each a single pass over the UTF-8 bytes that
/// never fails: any text, including invalid or unterminated strings, gives tokens, and
/// ``html(_:language:)`` writes the text escaped with each token in a
/// `<span class="tok-KIND">`, so the HTML's text content is exactly the code. Text no token
/// covers, and code in a language Quire does not know, is written escaped and plain. The
/// colours are the report stylesheet's (`--tok-…` variables, for the light and the dark theme).
public enum Highlighter {
    /// The languages highlighted, by the info-string names (and aliases) that select them.
    public enum Language: String, Sendable, CaseIterable {
        case yaml, json, python, sql, bash, console

        /// The language an info string's first word names (`yml`, `py`, `sh`, `shell`, `zsh`,
        /// `jsonc`, `postgresql`, …; case-insensitive), or nil.
        public init?(name: String) {
            switch name.lowercased() {
            case "yaml", "yml": self = .yaml
            case "json", "jsonc", "json5", "geojson": self = .json
            case "python", "py", "python3", "py3": self = .python
            case "sql", "postgresql", "postgres", "psql", "mysql", "sqlite", "duckdb": self = .sql
            case "bash", "sh", "shell", "zsh", "ksh": self = .bash
            case "console", "shell-session", "shellsession", "terminal": self = .console
            default: return nil
            }
        }
    }

    /// What a token is; its CSS class is `tok-` and the raw value.
    public enum TokenKind: String, Sendable, CaseIterable {
        /// Language keywords (`def`, `SELECT`, `if`).
        case keyword
        /// String literals, quotes included (and YAML block scalars).
        case string
        /// Comments.
        case comment
        /// Numbers.
        case number
        /// Constants: `true`, `false`, `null`, `None`, `~`.
        case literal
        /// Mapping keys (YAML and JSON).
        case key
        /// Variables (`$HOME`, `${params.seed}`) and YAML anchors and aliases.
        case variable
        /// Names being defined (`def name`, `class Name`).
        case function
        /// Built-in functions and types (`print`, `echo`, `VARCHAR`).
        case builtin
        /// Everything else worth setting apart: decorators, YAML tags and document markers,
        /// shell prompts.
        case meta

        /// The CSS class of the token's `<span>`.
        public var cssClass: String { "tok-" + rawValue }
    }

    /// A token: a kind over a range of byte offsets into the code's UTF-8 bytes.
    public struct Token: Sendable, Equatable {
        /// What the token is.
        public var kind: TokenKind
        /// Byte offsets in the code's UTF-8.
        public var range: Range<Int>

        /// A token of `kind` over `range`.
        public init(_ kind: TokenKind, _ range: Range<Int>) {
            self.kind = kind
            self.range = range
        }
    }

    /// The tokens of `code` in `language`, in order, never overlapping, each starting and ending
    /// on a character boundary.
    public static func tokens(_ code: String, language: Language) -> [Token] {
        let bytes = Array(code.utf8)
        let raw: [Token]
        switch language {
        case .yaml:
            var tokenizer = YAMLTokenizer(bytes)
            raw = tokenizer.tokens()
        case .json:
            var tokenizer = JSONTokenizer(bytes)
            raw = tokenizer.tokens()
        case .python:
            var tokenizer = PythonTokenizer(bytes)
            raw = tokenizer.tokens()
        case .sql:
            var tokenizer = SQLTokenizer(bytes)
            raw = tokenizer.tokens()
        case .bash:
            var tokenizer = ShellTokenizer(bytes)
            raw = tokenizer.tokens()
        case .console: raw = ShellTokenizer.session(bytes)
        }
        return wellFormed(raw, in: bytes)
    }

    /// The code as HTML for a `<code>` element: escaped, with `<span class="tok-…">` around each
    /// token when `language` is one Quire highlights (see ``Language/init(name:)``), else plain.
    public static func html(_ code: String, language: String) -> String {
        guard let known = Language(name: language) else { return HTML.escape(code) }
        return html(code, language: known)
    }

    /// The code as HTML for a `<code>` element, highlighted as `language`.
    public static func html(_ code: String, language: Language) -> String {
        let bytes = Array(code.utf8)
        var out = ""
        out.reserveCapacity(bytes.count + bytes.count / 2)
        var position = 0
        func text(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
        for token in tokens(code, language: language) {
            if token.range.lowerBound > position { out += HTML.escape(text(position..<token.range.lowerBound)) }
            out += "<span class=\"\(token.kind.cssClass)\">" + HTML.escape(text(token.range)) + "</span>"
            position = token.range.upperBound
        }
        if position < bytes.count { out += HTML.escape(text(position..<bytes.count)) }
        return out
    }

    /// The tokens that are non-empty, in bounds, in order, apart and on character boundaries; a
    /// tokenizer's slip drops a token, it never breaks the text.
    static func wellFormed(_ tokens: [Token], in bytes: [UInt8]) -> [Token] {
        var kept: [Token] = []
        kept.reserveCapacity(tokens.count)
        var position = 0
        func isBoundary(_ offset: Int) -> Bool { offset == bytes.count || bytes[offset] & 0xC0 != 0x80 }
        for token in tokens {
            let range = token.range
            guard range.lowerBound >= position, range.upperBound <= bytes.count, !range.isEmpty,
                isBoundary(range.lowerBound), isBoundary(range.upperBound)
            else { continue }
            // Adjacent tokens of one kind become one span.
            if let last = kept.last, last.kind == token.kind, last.range.upperBound == range.lowerBound {
                kept[kept.count - 1].range = last.range.lowerBound..<range.upperBound
            } else {
                kept.append(token)
            }
            position = range.upperBound
        }
        return kept
    }
}

extension HTML {
    /// A `<pre><code>` block of `code`, highlighted when `language` is one ``Highlighter`` knows,
    /// the `<code>` element classed `language-NAME` (as cmark writes it) when a language is given.
    public static func codeBlock(_ code: String, language: String) -> HTML {
        let body = HTML.raw(Highlighter.html(code, language: language))
        let attributes: KeyValuePairs<String, String> = language.isEmpty ? [:] : ["class": "language-\(language)"]
        return .element("pre", [:], .element("code", attributes, body))
    }
}
