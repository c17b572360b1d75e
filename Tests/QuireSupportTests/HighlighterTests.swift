import Foundation
import QuireSupport
import Testing

/// The highlighter never fails and never changes the code: over a corpus and random inputs, the
/// HTML's text content is the input exactly; and its token categories agree with Pygments'.
@Suite struct HighlighterTests {
    static let corpusNames = ["config.yaml", "steps.yaml", "metrics.json", "train.py", "query.sql", "run.sh"]

    static func corpus(_ name: String) throws -> String {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/highlight/\(name)", withExtension: nil))
        return try String(contentsOf: url, encoding: .utf8)
    }

    /// The text content of highlighted HTML: `<span class="tok-…">` and `</span>` removed (and
    /// checked: no other markup, spans never nested), then the five escapes undone.
    static func textContent(_ html: String) -> String? {
        var text = ""
        var rest = Substring(html)
        var open = false
        while let tag = rest.firstIndex(of: "<") {
            text += rest[..<tag]
            rest = rest[tag...]
            if rest.hasPrefix("</span>") {
                guard open else { return nil }
                open = false
                rest = rest.dropFirst(7)
            } else if rest.hasPrefix("<span class=\"tok-"), let close = rest.firstIndex(of: ">") {
                guard !open else { return nil }
                let kind = rest[rest.index(rest.startIndex, offsetBy: 17)..<rest.index(before: close)]
                guard Highlighter.TokenKind(rawValue: String(kind)) != nil else { return nil }
                open = true
                rest = rest[rest.index(after: close)...]
            } else {
                return nil
            }
        }
        guard !open, !rest.contains(">") else { return nil }
        text += rest
        guard !text.contains("<"), !text.contains(">") else { return nil }
        var decoded = ""
        var remaining = Substring(text)
        while let amp = remaining.firstIndex(of: "&") {
            decoded += remaining[..<amp]
            remaining = remaining[amp...]
            let entities = [("&amp;", "&"), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'")]
            guard let (entity, character) = entities.first(where: { remaining.hasPrefix($0.0) }) else { return nil }
            decoded += character
            remaining = remaining.dropFirst(entity.count)
        }
        return decoded + remaining
    }

    static func checkRoundTrip(_ code: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for language in Highlighter.Language.allCases {
            let html = Highlighter.html(code, language: language)
            #expect(
                textContent(html) == code, "\(language) changed \(code.debugDescription)",
                sourceLocation: sourceLocation)
        }
    }

    @Test(arguments: corpusNames)
    func corpusRoundTrips(name: String) throws {
        let code = try Self.corpus(name)
        Self.checkRoundTrip(code)
        // Every prefix and suffix cut at a line: unterminated strings, comments and blocks.
        let lines = code.split(separator: "\n", omittingEmptySubsequences: false)
        for cut in 0...lines.count {
            Self.checkRoundTrip(lines[..<cut].joined(separator: "\n"))
            Self.checkRoundTrip(lines[cut...].joined(separator: "\n"))
        }
        // Cut at every character, so every token is cut open somewhere.
        var prefix = ""
        for character in code.prefix(600) {
            prefix.append(character)
            Self.checkRoundTrip(prefix)
        }
    }

    /// SplitMix64, so the random inputs are the same on every run.
    struct SplitMix {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test func randomInputsRoundTrip() {
        // Pieces every tokenizer reacts to, and characters that must be escaped or never split.
        let pieces = [
            "\"", "'", "'''", "\"\"\"", "`", "\\", "#", "--", "/*", "*/", "//", "$", "${", "}", "{", "[", "]", ":",
            ": ", "- ", "|", ">", "<", "&", "&amp;", "!", "*", "@", "0x", "1e", "-", "+", ".", "42", "3.5", "True",
            "null", "SELECT", "def", "if", "fi", "echo", "key", " ", "  ", "\t", "\n", "\r\n", "\r", "é", "✓", "𝔘",
            "👩‍💻", "\u{0}", "\u{1}", "x=", "r\"", "f'", "...", "---", "%", "$ ", "<span>",
        ]
        var random = SplitMix(state: 16)
        for _ in 0..<3000 {
            var code = ""
            for _ in 0..<Int(random.next() % 24) { code += pieces[Int(random.next() % UInt64(pieces.count))] }
            Self.checkRoundTrip(code)
        }
        // And arbitrary scalars.
        for _ in 0..<500 {
            var code = ""
            for _ in 0..<Int(random.next() % 40) {
                let value = UInt32(random.next() % 0x11_0000)
                code.unicodeScalars.append(Unicode.Scalar(value) ?? "?")
            }
            Self.checkRoundTrip(code)
        }
    }

    @Test func languagesByNameAndUnknownStayPlain() {
        #expect(Highlighter.Language(name: "yml") == .yaml)
        #expect(Highlighter.Language(name: "PY") == .python)
        #expect(Highlighter.Language(name: "sh") == .bash)
        #expect(Highlighter.Language(name: "shell") == .bash)
        #expect(Highlighter.Language(name: "console") == .console)
        #expect(Highlighter.Language(name: "cobol") == nil)
        #expect(Highlighter.html("<b> & 'x'", language: "cobol") == "&lt;b&gt; &amp; &#39;x&#39;")
        #expect(Highlighter.html("", language: "python") == "")
        #expect(HTML.codeBlock("a<b", language: "").markup == "<pre><code>a&lt;b</code></pre>")
        #expect(
            HTML.codeBlock("x: 1", language: "yaml").markup
                == "<pre><code class=\"language-yaml\"><span class=\"tok-key\">x</span>: <span class=\"tok-number\">1</span></code></pre>"
        )
    }

    /// Kinds of `code`'s spans by their text, for readable expectations.
    static func spans(_ code: String, _ language: Highlighter.Language) -> [String: Highlighter.TokenKind] {
        let bytes = Array(code.utf8)
        var found: [String: Highlighter.TokenKind] = [:]
        for token in Highlighter.tokens(code, language: language) {
            found[String(decoding: bytes[token.range], as: UTF8.self)] = token.kind
        }
        return found
    }

    @Test func stepBodiesReadAsYAML() {
        let spans = Self.spans(
            "train:\n  model: gbm  # fast\n  seed: ${params.seed}\n  rate: 0.05\n  fit: true\n  name: \"a: b\"\n  x: -1e3\n",
            .yaml)
        #expect(spans["train"] == .key)
        #expect(spans["model"] == .key)
        #expect(spans["gbm"] == nil)
        #expect(spans["# fast"] == .comment)
        #expect(spans["${params.seed}"] == .variable)
        #expect(spans["0.05"] == .number)
        #expect(spans["-1e3"] == .number)
        #expect(spans["true"] == .literal)
        #expect(spans["\"a: b\""] == .string)
        let block = Self.spans("notes: |\n  # not a comment\n  two\nnext: 1\n", .yaml)
        #expect(block["  # not a comment"] == nil && block["# not a comment"] == .string)
        #expect(block["next"] == .key)
    }

    @Test func otherLanguagesKeySpans() {
        let python = Self.spans("def fit(x):\n    return f\"{x}\"  # done\n@cache\nclass A: pass\n", .python)
        #expect(python["def"] == .keyword)
        #expect(python["fit"] == .function)
        #expect(python["f\"{x}\""] == .string)
        #expect(python["# done"] == .comment)
        #expect(python["@cache"] == .meta)
        #expect(python["A"] == .function)
        let sql = Self.spans("select a, 'it''s' from t -- c\nwhere x is NULL and y > 2.5", .sql)
        #expect(sql["select"] == .keyword)
        #expect(sql["'it''s'"] == .string)
        #expect(sql["-- c"] == .comment)
        #expect(sql["NULL"] == .literal)
        #expect(sql["2.5"] == .number)
        let shell = Self.spans("for f in *.md; do echo \"$f ok\" # x\ndone\nN=3 a#b", .bash)
        #expect(shell["for"] == .keyword)
        #expect(shell["echo"] == .builtin)
        #expect(shell["$f"] == .variable)
        #expect(shell["\""] == .string)
        #expect(shell["# x"] == .comment)
        #expect(shell["N"] == .variable)
        #expect(shell["#b"] == nil, "a # inside a word is no comment")
        let json = Self.spans("{\"a\": [1, -2.5e3, true, \"s\"]}", .json)
        #expect(json["\"a\""] == .key)
        #expect(json["-2.5e3"] == .number)
        #expect(json["\"s\""] == .string)
        let session = Self.spans("$ quire check nb.md\nnb.md:3:1: warning\n", .console)
        #expect(session["$"] == .meta)
        #expect(session["warning"] == nil)
    }

    // MARK: Pygments

    /// The categories compared with Pygments. Names differ, meaning does not: keywords take in
    /// constants and built-ins (Pygments calls SQL's NULL and COUNT keywords, Python's None a
    /// constant and `print` a built-in).
    enum Category: String, CaseIterable {
        case keyword, string, comment, number, key
    }

    static func category(of kind: Highlighter.TokenKind) -> Category? {
        switch kind {
        case .keyword, .literal, .builtin: .keyword
        case .string: .string
        case .comment: .comment
        case .number: .number
        case .key: .key
        default: nil
        }
    }

    struct Oracle: Decodable {
        struct File: Decodable {
            var language: String
            var spans: [[JSONScalar]]
        }
        enum JSONScalar: Decodable {
            case int(Int)
            case string(String)
            init(from decoder: any Decoder) throws {
                let container = try decoder.singleValueContainer()
                if let value = try? container.decode(Int.self) {
                    self = .int(value)
                } else {
                    self = .string(try container.decode(String.self))
                }
            }
        }
        var pygments: String
        var files: [String: File]
    }

    /// Per category: of the spans Pygments puts in it, the share whose first character Quire
    /// puts there too (recall), and of Quire's tokens in it, the share whose first character
    /// Pygments puts there (precision), at least 85%; and for strings and comments, whose extent
    /// must agree too, the same over every character other than white space, at least 90%.
    /// Counting by token starts tolerates where a token ends (Pygments' SQL lexer reads `1.0` as
    /// `1`, `.`, `0`; `$((` is a keyword to its shell lexer); what the thresholds tolerate besides
    /// are Pygments' quirks (SQL's alias `c` is a keyword to it). A tokenizer that loses
    /// strings, comments, keywords or numbers falls far below them.
    @Test(arguments: corpusNames)
    func agreesWithPygments(name: String) throws {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/highlight/pygments", withExtension: "json"))
        let oracle = try JSONDecoder().decode(Oracle.self, from: Data(contentsOf: url))
        let file = try #require(oracle.files[name])
        let language = try #require(Highlighter.Language(name: file.language))
        let code = try Self.corpus(name)
        let scalars = Array(code.unicodeScalars)
        var theirs = [Category?](repeating: nil, count: scalars.count)
        for span in file.spans {
            guard case .int(let start) = span[0], case .int(let end) = span[1], case .string(let name) = span[2]
            else { continue }
            let category: Category? = name == "literal" || name == "builtin" ? .keyword : Category(rawValue: name)
            for index in start..<min(end, scalars.count) { theirs[index] = category }
        }
        // Quire's tokens are byte ranges: map them to scalar offsets.
        var scalarAtByte: [Int] = []
        for (index, scalar) in scalars.enumerated() {
            scalarAtByte += Array(repeating: index, count: String(scalar).utf8.count)
        }
        scalarAtByte.append(scalars.count)
        var ours = [Category?](repeating: nil, count: scalars.count)
        var ourStarts: [(Int, Category)] = []
        for token in Highlighter.tokens(code, language: language) {
            let range = scalarAtByte[token.range.lowerBound]..<scalarAtByte[token.range.upperBound]
            guard let category = Self.category(of: token.kind) else { continue }
            for index in range { ours[index] = category }
            if let first = range.first(where: { !scalars[$0].properties.isWhitespace }) {
                ourStarts.append((first, category))
            }
        }
        var theirStarts: [(Int, Category)] = []
        for (index, category) in theirs.enumerated() where !scalars[index].properties.isWhitespace {
            guard let category else { continue }
            // The first non-space character of each of Pygments' spans.
            var previous = index - 1
            while previous >= 0, scalars[previous].properties.isWhitespace, theirs[previous] == category {
                previous -= 1
            }
            if previous < 0 || theirs[previous] != category { theirStarts.append((index, category)) }
        }
        // Pygments' YAML lexer reads every plain scalar as one kind (`Literal.Scalar.Plain`): it
        // has no numbers or constants to compare.
        let compared =
            language == .yaml ? Category.allCases.filter { $0 != .number && $0 != .keyword } : Category.allCases
        for category in compared {
            let theirCategoryStarts = theirStarts.filter { $0.1 == category }
            let ourCategoryStarts = ourStarts.filter { $0.1 == category }
            let found = theirCategoryStarts.filter { ours[$0.0] == category }
            let confirmed = ourCategoryStarts.filter { theirs[$0.0] == category }
            let recall = theirCategoryStarts.isEmpty ? 1 : Double(found.count) / Double(theirCategoryStarts.count)
            let precision = ourCategoryStarts.isEmpty ? 1 : Double(confirmed.count) / Double(ourCategoryStarts.count)
            func words(_ starts: [(Int, Category)]) -> String {
                starts.prefix(12).map {
                    String(String.UnicodeScalarView(scalars[$0.0..<min($0.0 + 12, scalars.count)]))
                }
                .joined(separator: " | ")
            }
            let missed = words(theirCategoryStarts.filter { ours[$0.0] != category })
            let extra = words(ourCategoryStarts.filter { theirs[$0.0] != category })
            #expect(recall >= 0.85, "\(name) \(category) tokens: \(recall) of Pygments' found; missed \(missed)")
            #expect(
                precision >= 0.85, "\(name) \(category) tokens: \(precision) of ours confirmed; not theirs: \(extra)")
            guard category == .string || category == .comment else { continue }
            var both = 0
            var theirCount = 0
            var ourCount = 0
            for index in scalars.indices where !scalars[index].properties.isWhitespace {
                if theirs[index] == category { theirCount += 1 }
                if ours[index] == category { ourCount += 1 }
                if theirs[index] == category && ours[index] == category { both += 1 }
            }
            let characterRecall = theirCount == 0 ? 1 : Double(both) / Double(theirCount)
            let characterPrecision = ourCount == 0 ? 1 : Double(both) / Double(ourCount)
            #expect(characterRecall >= 0.9, "\(name) \(category) characters: \(characterRecall) of Pygments'")
            #expect(characterPrecision >= 0.9, "\(name) \(category) characters: \(characterPrecision) of ours")
        }
    }
}
