/// POSIX shell and bash: `#` comments, `'…'` and `"…"` strings (variables inside double quotes
/// set apart), `$NAME`, `${…}`, `$1`, `NAME=` assignments, keywords, common built-ins and
/// numbers; and terminal sessions, whose `$ ` prompt lines are shell and other lines output.
struct ShellTokenizer {
    private var scanner: CodeScanner

    init(_ bytes: [UInt8]) {
        scanner = CodeScanner(bytes)
    }

    static let keywords: Set<String> = [
        "if", "then", "else", "elif", "fi", "for", "while", "until", "do", "done", "case", "esac", "in",
        "function", "select", "return", "break", "continue",
    ]
    static let builtins: Set<String> = [
        "alias", "bg", "cd", "command", "declare", "echo", "eval", "exec", "exit", "export", "fg", "getopts",
        "hash", "kill", "let", "local", "printf", "pwd", "read", "readonly", "set", "shift", "source", "test",
        "trap", "type", "ulimit", "umask", "unalias", "unset", "wait",
    ]

    /// A terminal session (`console`): on each line that starts with a `$ ` or `% ` prompt, the
    /// prompt then the command as shell; other lines are output, left plain.
    static func session(_ bytes: [UInt8]) -> [Highlighter.Token] {
        var tokens: [Highlighter.Token] = []
        var lineStart = 0
        while lineStart < bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count, bytes[lineEnd] != 10 { lineEnd += 1 }
            let first = bytes[lineStart]
            if first == UInt8(ascii: "$") || first == UInt8(ascii: "%"), lineStart + 1 < lineEnd,
                bytes[lineStart + 1] == 32
            {
                tokens.append(Highlighter.Token(.meta, lineStart..<(lineStart + 1)))
                let command = Array(bytes[(lineStart + 1)..<lineEnd])
                var tokenizer = ShellTokenizer(command)
                for token in tokenizer.tokens() {
                    let offset = lineStart + 1
                    tokens.append(
                        Highlighter.Token(
                            token.kind, (token.range.lowerBound + offset)..<(token.range.upperBound + offset)))
                }
            }
            lineStart = lineEnd + 1
        }
        return tokens
    }

    /// Whether a byte ends a word (and so may come before a comment or a keyword).
    private static func separates(_ byte: UInt8) -> Bool {
        byte == 0 || byte == 32 || byte == 9 || byte == 10 || byte == 13 || byte == UInt8(ascii: ";")
            || byte == UInt8(ascii: "&") || byte == UInt8(ascii: "|") || byte == UInt8(ascii: "(")
            || byte == UInt8(ascii: ")") || byte == UInt8(ascii: "`")
    }

    mutating func tokens() -> [Highlighter.Token] {
        while !scanner.atEnd {
            let start = scanner.index
            let byte = scanner.current
            let wordStart = start == 0 || Self.separates(scanner.peek(-1))
            if byte == UInt8(ascii: "#"), wordStart {
                scanner.skipToLineEnd()
                scanner.add(.comment, from: start)
            } else if byte == UInt8(ascii: "\\") {
                scanner.index = min(scanner.index + 2, scanner.bytes.count)
                // Never split a multi-byte character.
                while scanner.index < scanner.bytes.count, scanner.current & 0xC0 == 0x80 { scanner.index += 1 }
            } else if byte == UInt8(ascii: "'") {
                // Nothing escapes inside single quotes.
                scanner.index += 1
                while !scanner.atEnd, scanner.current != UInt8(ascii: "'") { scanner.index += 1 }
                scanner.index = min(scanner.index + 1, scanner.bytes.count)
                scanner.add(.string, from: start)
            } else if byte == UInt8(ascii: "\"") {
                doubleQuoted()
            } else if byte == UInt8(ascii: "$") {
                variable()
            } else if CodeScanner.isWordByte(byte) {
                scanner.skip { CodeScanner.isWordByte($0) || $0 == UInt8(ascii: "-") }
                let word = scanner.word(start..<scanner.index)
                if wordStart, scanner.current == UInt8(ascii: "="), !word.contains("-"),
                    !CodeScanner.isDigit(scanner.byte(at: start))
                {
                    scanner.add(.variable, from: start)
                } else if wordStart || scanner.byte(at: start - 1) == UInt8(ascii: "="),
                    Self.separates(scanner.current),
                    word.utf8.allSatisfy(CodeScanner.isDigit)
                {
                    // `3`, and a number assigned (`count=0`).
                    scanner.add(.number, from: start)
                } else if wordStart, Self.separates(scanner.current) {
                    if Self.keywords.contains(word) {
                        scanner.add(.keyword, from: start)
                    } else if Self.builtins.contains(word) {
                        scanner.add(.builtin, from: start)
                    }
                }
                // The rest of a word that holds other characters (`file.txt`, `a/b`) stays plain.
                if !Self.separates(scanner.current), scanner.current != UInt8(ascii: "\""),
                    scanner.current != UInt8(ascii: "'"), scanner.current != UInt8(ascii: "$"),
                    scanner.current != UInt8(ascii: "=")
                {
                    scanner.skip {
                        !Self.separates($0) && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "'")
                            && $0 != UInt8(ascii: "$") && $0 != UInt8(ascii: "\\")
                    }
                }
            } else {
                scanner.index += 1
            }
        }
        return scanner.tokens
    }

    /// `$NAME`, `${…}`, `$1`, `$@`, `$?`… at the cursor; `$(` and a lone `$` stay plain.
    private mutating func variable() {
        let start = scanner.index
        scanner.index += 1
        let next = scanner.current
        if next == UInt8(ascii: "{") {
            while !scanner.atEnd, scanner.current != UInt8(ascii: "}"), scanner.current != 10 { scanner.index += 1 }
            if scanner.current == UInt8(ascii: "}") { scanner.index += 1 }
            scanner.add(.variable, from: start)
        } else if CodeScanner.isLetter(next) || next == UInt8(ascii: "_") {
            scanner.skip { CodeScanner.isLetter($0) || CodeScanner.isDigit($0) || $0 == UInt8(ascii: "_") }
            scanner.add(.variable, from: start)
        } else if CodeScanner.isDigit(next) || "@?#*!$-".utf8.contains(next) {
            scanner.index += 1
            scanner.add(.variable, from: start)
        }
    }

    /// A double-quoted string at the cursor: string parts, and its variables apart.
    private mutating func doubleQuoted() {
        var start = scanner.index
        scanner.index += 1
        while !scanner.atEnd {
            let byte = scanner.current
            if byte == UInt8(ascii: "\\") {
                scanner.index = min(scanner.index + 2, scanner.bytes.count)
                while scanner.index < scanner.bytes.count, scanner.current & 0xC0 == 0x80 { scanner.index += 1 }
                continue
            }
            if byte == UInt8(ascii: "\"") {
                scanner.index += 1
                scanner.add(.string, from: start)
                return
            }
            let next = scanner.peek(1)
            if byte == UInt8(ascii: "$"),
                next == UInt8(ascii: "{") || CodeScanner.isLetter(next) || next == UInt8(ascii: "_")
                    || CodeScanner.isDigit(next)
            {
                scanner.add(.string, from: start)
                variable()
                start = scanner.index
                continue
            }
            scanner.index += 1
        }
        scanner.add(.string, from: start)
    }
}
