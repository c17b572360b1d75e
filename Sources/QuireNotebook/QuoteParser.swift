import QuireSupport

/// Finds the quoted values in a run of text: `{{ PATH }}`, `{{ PATH | FORMAT }}` and
/// `${params.NAME}`.
///
/// PATH is dotted names of letters, digits, `_` and `-` (`eval.roc_auc`, `split.train.rows`),
/// optionally ending in a row index (`leaderboard.roc_auc[0]`); FORMAT is a ``QuoteFormat``.
/// A `{` marked protected (written `\{` or as an entity in Markdown) never opens a reference, so
/// `\{{` writes `{{`; `$${` writes `${`. A `{{` never closed in its run is an error.
struct QuoteParser {
    /// What was found: the text cut into pieces, and the problems.
    struct Result {
        var pieces: [QuotedText.Piece] = []
        var diagnostics: [Diagnostic] = []
        /// Whether any reference, escape or error was found (otherwise the text is unchanged).
        var changed = false
    }

    /// Cuts `scalars` into text and quotes.
    ///
    /// - Parameters:
    ///   - scalars: the text.
    ///   - protected: per scalar, whether it was escaped and so is never syntax; empty when none is.
    ///   - backslashEscapes: whether `\{{` is read here (plain strings such as the title; in
    ///     Markdown cmark reads backslashes and marks the brace protected).
    ///   - locate: the source location of a scalar offset (one past the end allowed).
    static func parse(
        _ scalars: [Unicode.Scalar], protected: [Bool] = [], backslashEscapes: Bool = false,
        locate: (Int) -> SourceLocation
    ) -> Result {
        var result = Result()
        var literal = String.UnicodeScalarView()
        func isFree(_ index: Int) -> Bool { index < protected.count ? !protected[index] : true }
        func at(_ index: Int, _ character: Unicode.Scalar) -> Bool {
            index < scalars.count && scalars[index] == character && isFree(index)
        }
        func range(_ start: Int, _ end: Int) -> SourceRange {
            SourceRange(start: locate(start), end: locate(max(end - 1, start)))
        }
        func flush() {
            if !literal.isEmpty { result.pieces.append(.text(String(literal))) }
            literal = String.UnicodeScalarView()
        }
        var index = 0
        while index < scalars.count {
            if backslashEscapes, at(index, "\\"), at(index + 1, "{"), at(index + 2, "{") {
                literal.append("{")
                literal.append("{")
                index += 3
                result.changed = true
                continue
            }
            if at(index, "$"), at(index + 1, "$"), at(index + 2, "{") {
                literal.append("$")
                literal.append("{")
                index += 3
                result.changed = true
                continue
            }
            if at(index, "$"), at(index + 1, "{"), let quote = parameter(scalars, from: index, range: range) {
                flush()
                result.pieces.append(.quote(quote.quote))
                result.changed = true
                index = quote.end
                continue
            }
            guard at(index, "{"), at(index + 1, "{") else {
                literal.append(scalars[index])
                index += 1
                continue
            }
            result.changed = true
            // The closing `}}`: the first one after the opening.
            var close = index + 2
            while close + 1 < scalars.count, !(scalars[close] == "}" && scalars[close + 1] == "}") { close += 1 }
            guard close + 1 < scalars.count else {
                result.diagnostics.append(
                    .error(
                        .quoteSyntax, "`{{` is never closed", at: range(index, index + 2),
                        hint: "end the reference with `}}` on the same line, e.g. `{{ eval.roc_auc }}`; "
                            + "write `\\{{` for literal braces"))
                for scalar in scalars[index...] { literal.append(scalar) }
                break
            }
            let end = close + 2
            switch reference(scalars, from: index + 2, to: close, range: range) {
            case .success(var quote):
                quote.range = range(index, end)
                flush()
                result.pieces.append(.quote(quote))
            case .failure(let diagnostic):
                result.diagnostics.append(diagnostic)
                for scalar in scalars[index..<end] { literal.append(scalar) }
            }
            index = end
        }
        flush()
        return result
    }

    private static func isNameScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_" || scalar == "-"
    }

    /// `${params.NAME}` starting at `start`, or nil when the braces hold anything else (left as text).
    private static func parameter(
        _ scalars: [Unicode.Scalar], from start: Int, range: (Int, Int) -> SourceRange
    ) -> (quote: Quote, end: Int)? {
        let prefix = Array("${params.".unicodeScalars)
        guard start + prefix.count <= scalars.count, Array(scalars[start..<(start + prefix.count)]) == prefix else {
            return nil
        }
        var end = start + prefix.count
        while end < scalars.count, isNameScalar(scalars[end]) { end += 1 }
        guard end < scalars.count, scalars[end] == "}", end > start + prefix.count else { return nil }
        let name = String(String.UnicodeScalarView(scalars[(start + prefix.count)..<end]))
        return (
            Quote(path: ["params", name], range: range(start, end + 1), pathRange: range(start + 2, end)), end + 1
        )
    }

    /// The inside of `{{ … }}`, from `start` to `end` (exclusive).
    private static func reference(
        _ scalars: [Unicode.Scalar], from start: Int, to end: Int, range: (Int, Int) -> SourceRange
    ) -> Swift.Result<Quote, Diagnostic> {
        var low = start
        var high = end
        while low < high, scalars[low] == " " || scalars[low] == "\t" { low += 1 }
        let bar = scalars[low..<high].firstIndex(of: "|")
        var pathEnd = bar ?? high
        while pathEnd > low, scalars[pathEnd - 1] == " " || scalars[pathEnd - 1] == "\t" { pathEnd -= 1 }
        let hint = "write `{{ STEP.FIELD }}`, `{{ STEP.OUTPUT.FIELD }}` or `{{ params.NAME }}`, optionally `| FORMAT`"
        guard pathEnd > low else {
            return .failure(.error(.quoteSyntax, "empty reference", at: range(start - 2, end + 2), hint: hint))
        }
        // Path: names separated by dots, then an optional [row].
        var path: [String] = []
        var current = String.UnicodeScalarView()
        var index = low
        var row: Int?
        func bad(_ at: Int, _ message: String) -> Swift.Result<Quote, Diagnostic> {
            .failure(.error(.quoteSyntax, message, at: range(at, at + 1), hint: hint))
        }
        while index < pathEnd {
            let scalar = scalars[index]
            if isNameScalar(scalar) {
                current.append(scalar)
            } else if scalar == "." {
                guard !current.isEmpty else { return bad(index, "a name is missing before `.`") }
                path.append(String(current))
                current = String.UnicodeScalarView()
            } else if scalar == "[" {
                guard !current.isEmpty else { return bad(index, "a name is missing before `[`") }
                var close = index + 1
                var digits = ""
                while close < pathEnd, ("0"..."9").contains(scalars[close]) {
                    digits.unicodeScalars.append(scalars[close])
                    close += 1
                }
                guard close < pathEnd, scalars[close] == "]", close + 1 == pathEnd, let value = Int(digits),
                    digits.count <= 9
                else { return bad(index, "a row index is a number in brackets at the end, e.g. `[0]`") }
                row = value
                index = close
            } else if scalar == " " || scalar == "\t" {
                var next = index
                while next < pathEnd, scalars[next] == " " || scalars[next] == "\t" { next += 1 }
                return isNameScalar(scalars[next])
                    ? bad(index, "a reference has no spaces")
                    : bad(next, "'\(Character(scalars[next]))' cannot be part of a reference")
            } else {
                return bad(index, "'\(Character(scalar))' cannot be part of a reference")
            }
            index += 1
        }
        guard !current.isEmpty else { return bad(max(pathEnd - 1, low), "a name is missing after `.`") }
        path.append(String(current))
        var format: QuoteFormat?
        if let bar {
            high = end
            var specStart = bar + 1
            while specStart < high, scalars[specStart] == " " || scalars[specStart] == "\t" { specStart += 1 }
            while high > specStart, scalars[high - 1] == " " || scalars[high - 1] == "\t" { high -= 1 }
            let spec = String(String.UnicodeScalarView(scalars[specStart..<high]))
            guard !spec.isEmpty else {
                return .failure(
                    .error(
                        .quoteFormat, "`|` must be followed by a format", at: range(bar, bar + 1),
                        hint: "e.g. `| .3f`, `| %`, `| .1%`, `| ,d`; or leave out `|`"))
            }
            do {
                format = try QuoteFormat(spec)
            } catch {
                let offset = specStart + min(error.offset, max(spec.unicodeScalars.count - 1, 0))
                return .failure(
                    .error(
                        .quoteFormat, "format `\(spec)`: \(error.message)", at: range(offset, offset + 1),
                        hint: "formats are Python's: [sign][,][.precision][type] with type f, e, g, %, d or n, "
                            + "e.g. `.3f`, `.1%`, `,d` (docs/notebook-format.md)"))
            }
        }
        return .success(
            Quote(path: path, index: row, format: format, range: range(start, end), pathRange: range(low, pathEnd)))
    }
}
