/// Splits expression text into tokens.
struct ExpressionLexer {
    static let keywords: Set<String> = ["and", "or", "not", "in", "true", "false"]

    /// Operators of other languages that would otherwise read as two valid tokens, with what to
    /// write instead (`a ** 2` would fail later with a less helpful message; `a <> b` likewise).
    static let notOperators: [String: String] = [
        "**": "for a power write `pow(x, y)`",
        "//": "divide with `/`; `round(x / y)` rounds, `%` gives the remainder",
        "<>": "write `!=` for “not equal”",
        "=>": "compare with `>=`",
        "=<": "compare with `<=`",
        "&&": "write `and`", "||": "write `or`",
    ]

    static func tokens(of source: String, pathNames: Bool = false) throws(ExpressionError) -> [ExpressionToken] {
        let characters = Array(source)
        var tokens: [ExpressionToken] = []
        var i = 0
        func fail(_ message: String, _ hint: String?, at column: Int, length: Int = 1) -> ExpressionError {
            ExpressionError(
                code: .syntax, message: message, hint: hint, expression: source, column: column, length: length)
        }
        while i < characters.count {
            let c = characters[i]
            let start = i
            if c.isWhitespace {
                i += 1
                continue
            }
            if c.isASCII
                && (c.isNumber
                    || (c == "." && i + 1 < characters.count && characters[i + 1].isASCII && characters[i + 1].isNumber))
            {
                while i < characters.count, characters[i].isASCII, characters[i].isNumber || characters[i] == "." {
                    i += 1
                }
                if i < characters.count, characters[i] == "e" || characters[i] == "E" {
                    var j = i + 1
                    if j < characters.count, characters[j] == "+" || characters[j] == "-" { j += 1 }
                    if j < characters.count, characters[j].isASCII, characters[j].isNumber {
                        i = j
                        while i < characters.count, characters[i].isASCII, characters[i].isNumber { i += 1 }
                    }
                }
                let text = String(characters[start..<i])
                guard let value = Double(text) else {
                    throw fail(
                        "`\(text)` is not a number", "write numbers like `3`, `0.5` or `1e-3`", at: start + 1,
                        length: i - start)
                }
                tokens.append(ExpressionToken(kind: .number(value), column: start + 1, length: i - start))
                continue
            }
            if c.isLetter || c == "_" {
                while i < characters.count,
                    characters[i].isLetter || characters[i].isNumber || characters[i] == "_"
                        || (pathNames && (characters[i] == "-" || characters[i] == "."))
                {
                    i += 1
                }
                let word = String(characters[start..<i])
                let kind: ExpressionToken.Kind = keywords.contains(word) ? .keyword(word) : .name(word)
                tokens.append(ExpressionToken(kind: kind, column: start + 1, length: i - start))
                continue
            }
            if c == "`" {
                i += 1
                while i < characters.count, characters[i] != "`" { i += 1 }
                guard i < characters.count else {
                    throw fail(
                        "a backticked column name is not closed", "end the name with a backtick: `mean radius`",
                        at: start + 1)
                }
                i += 1
                let name = String(characters[(start + 1)..<(i - 1)])
                guard !name.isEmpty else {
                    throw fail(
                        "an empty column name", "put the column name between the backticks", at: start + 1, length: 2)
                }
                tokens.append(ExpressionToken(kind: .quotedName(name), column: start + 1, length: i - start))
                continue
            }
            if c == "\"" || c == "'" {
                i += 1
                var text = ""
                var closed = false
                while i < characters.count {
                    let d = characters[i]
                    if d == c {
                        closed = true
                        i += 1
                        break
                    }
                    if d == "\\", i + 1 < characters.count {
                        let e = characters[i + 1]
                        switch e {
                        case "n": text.append("\n")
                        case "t": text.append("\t")
                        case "\\", "\"", "'": text.append(e)
                        // As in Python, another escape keeps its backslash: `"\d+"` is a regular
                        // expression's `\d+`, not `d+`.
                        default: text += "\\\(e)"
                        }
                        i += 2
                        continue
                    }
                    text.append(d)
                    i += 1
                }
                guard closed else { throw fail("a string is not closed", "end the string with \(c)", at: start + 1) }
                tokens.append(ExpressionToken(kind: .string(text), column: start + 1, length: i - start))
                continue
            }
            let two = i + 1 < characters.count ? String(characters[i...(i + 1)]) : ""
            if let hint = Self.notOperators[two] {
                throw fail("`\(two)` is not an operator", hint, at: start + 1, length: 2)
            }
            if ["==", "!=", "<=", ">="].contains(two) {
                tokens.append(ExpressionToken(kind: .symbol(two), column: start + 1, length: 2))
                i += 2
                continue
            }
            if "+-*/%<>()[],".contains(c) {
                tokens.append(ExpressionToken(kind: .symbol(String(c)), column: start + 1, length: 1))
                i += 1
                continue
            }
            let hint: String?
            switch c {
            case "=": hint = "compare with `==`"
            case "&": hint = "write `and`"
            case "|": hint = "write `or`"
            case "!": hint = "write `not`, or `!=` for “not equal”"
            case "^": hint = "for a power write `pow(x, y)`"
            default: hint = "put column names with spaces or symbols in backticks, e.g. `mean radius`"
            }
            throw fail("unexpected character `\(c)`", hint, at: start + 1)
        }
        tokens.append(ExpressionToken(kind: .end, column: characters.count + 1, length: 1))
        return tokens
    }
}
