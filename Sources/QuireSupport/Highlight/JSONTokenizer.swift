/// JSON (and JSON with `//` and `/* */` comments): keys, strings, numbers, `true`/`false`/`null`.
struct JSONTokenizer {
    private var scanner: CodeScanner

    init(_ bytes: [UInt8]) {
        scanner = CodeScanner(bytes)
    }

    mutating func tokens() -> [Highlighter.Token] {
        while !scanner.atEnd {
            let start = scanner.index
            let byte = scanner.current
            if byte == UInt8(ascii: "\"") {
                scanner.skipQuoted(escapes: true, multiline: false)
                // A string followed by `:` is a key.
                var after = scanner.index
                while CodeScanner.isSpace(scanner.byte(at: after)) || scanner.byte(at: after) == 10 { after += 1 }
                scanner.add(scanner.byte(at: after) == UInt8(ascii: ":") ? .key : .string, from: start)
            } else if byte == UInt8(ascii: "/"), scanner.peek(1) == UInt8(ascii: "/") {
                scanner.skipToLineEnd()
                scanner.add(.comment, from: start)
            } else if byte == UInt8(ascii: "/"), scanner.peek(1) == UInt8(ascii: "*") {
                scanner.skipBlockComment()
                scanner.add(.comment, from: start)
            } else if CodeScanner.isDigit(byte) || (byte == UInt8(ascii: "-") && CodeScanner.isDigit(scanner.peek(1))) {
                scanner.skipNumber()
                scanner.add(.number, from: start)
            } else if CodeScanner.isWordByte(byte) {
                scanner.skip(while: CodeScanner.isWordByte)
                switch scanner.word(start..<scanner.index) {
                case "true", "false", "null": scanner.add(.literal, from: start)
                default: break
                }
            } else {
                scanner.index += 1
            }
        }
        return scanner.tokens
    }
}
