/// Python: keywords, strings (prefixed, triple-quoted), comments, numbers, `True`/`False`/`None`,
/// built-ins, decorators and the names `def` and `class` define.
struct PythonTokenizer {
    private var scanner: CodeScanner

    init(_ bytes: [UInt8]) {
        scanner = CodeScanner(bytes)
    }

    static let keywords: Set<String> = [
        "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del", "elif", "else",
        "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or",
        "pass", "raise", "return", "try", "while", "with", "yield",
    ]
    static let literals: Set<String> = ["True", "False", "None"]
    static let builtins: Set<String> = [
        "abs", "all", "any", "bool", "bytes", "callable", "dict", "dir", "divmod", "enumerate", "filter", "float",
        "format", "frozenset", "getattr", "hasattr", "hash", "id", "input", "int", "isinstance", "issubclass",
        "iter", "len", "list", "map", "max", "min", "next", "object", "open", "pow", "print", "range", "repr",
        "reversed", "round", "set", "setattr", "slice", "sorted", "str", "sum", "super", "tuple", "type", "vars",
        "zip",
    ]
    /// Letters that may prefix a string (`r`, `b`, `f`, `u`, `rb`, `fr`, …).
    private static func isPrefix(_ word: String) -> Bool {
        word.count <= 2 && word.lowercased().allSatisfy { "rbfu".contains($0) }
    }

    mutating func tokens() -> [Highlighter.Token] {
        var defining = false
        var lineStart = true
        while !scanner.atEnd {
            let start = scanner.index
            let byte = scanner.current
            if byte == 10 {
                lineStart = true
                scanner.index += 1
                continue
            }
            if CodeScanner.isSpace(byte) {
                scanner.index += 1
                continue
            }
            let atLineStart = lineStart
            lineStart = false
            if byte == UInt8(ascii: "#") {
                scanner.skipToLineEnd()
                scanner.add(.comment, from: start)
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                string(from: start)
            } else if CodeScanner.isDigit(byte) || (byte == UInt8(ascii: ".") && CodeScanner.isDigit(scanner.peek(1))) {
                number(from: start)
            } else if byte == UInt8(ascii: "@"), atLineStart {
                scanner.index += 1
                scanner.skip { CodeScanner.isWordByte($0) || $0 == UInt8(ascii: ".") }
                scanner.add(.meta, from: start)
            } else if CodeScanner.isWordByte(byte) {
                scanner.skip(while: CodeScanner.isWordByte)
                let word = scanner.word(start..<scanner.index)
                let next = scanner.current
                if (next == UInt8(ascii: "\"") || next == UInt8(ascii: "'")) && Self.isPrefix(word) {
                    string(from: start)
                    continue
                }
                if defining {
                    scanner.add(.function, from: start)
                } else if Self.keywords.contains(word) {
                    scanner.add(.keyword, from: start)
                } else if Self.literals.contains(word) {
                    scanner.add(.literal, from: start)
                } else if Self.builtins.contains(word), scanner.byte(at: start - 1) != UInt8(ascii: ".") {
                    scanner.add(.builtin, from: start)
                }
                defining = word == "def" || word == "class"
                continue
            } else {
                scanner.index += 1
            }
            defining = false
        }
        return scanner.tokens
    }

    /// A string whose opening quote is at the cursor (its prefix from `start`). A backslash
    /// keeps the next character inside the string, in raw strings too (as Python reads them).
    private mutating func string(from start: Int) {
        let quote = scanner.current
        if scanner.peek(1) == quote, scanner.peek(2) == quote {
            // Triple-quoted: to the closing triple, or the end of the text.
            scanner.index += 3
            while !scanner.atEnd {
                if scanner.current == UInt8(ascii: "\\") {
                    scanner.index += 2
                    continue
                }
                if scanner.current == quote, scanner.peek(1) == quote, scanner.peek(2) == quote {
                    scanner.index += 3
                    break
                }
                scanner.index += 1
            }
            scanner.index = min(scanner.index, scanner.bytes.count)
        } else {
            scanner.skipQuoted(escapes: true, multiline: false)
        }
        scanner.add(.string, from: start)
    }

    private mutating func number(from start: Int) {
        scanner.index += 1
        while !scanner.atEnd {
            let byte = scanner.current
            if CodeScanner.isDigit(byte) || CodeScanner.isLetter(byte) || byte == UInt8(ascii: "_")
                || byte == UInt8(ascii: ".")
            {
                // `1.` then a name (`1..real`) is rare; a method call on a float literal needs no care.
                scanner.index += 1
            } else if (byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-"))
                && scanner.peek(-1) | 0x20 == UInt8(ascii: "e") && !isHex(from: start)
            {
                scanner.index += 1
            } else {
                break
            }
        }
        scanner.add(.number, from: start)
    }

    private func isHex(from start: Int) -> Bool {
        scanner.byte(at: start) == UInt8(ascii: "0") && scanner.byte(at: start + 1) | 0x20 == UInt8(ascii: "x")
    }
}
