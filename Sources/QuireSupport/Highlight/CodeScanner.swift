/// A cursor over code's UTF-8 bytes, shared by the tokenizers: every step moves forward or
/// stops at the end, so a tokenizer ends on any input.
struct CodeScanner {
    let bytes: [UInt8]
    var index = 0
    var tokens: [Highlighter.Token] = []

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    var atEnd: Bool { index >= bytes.count }
    var current: UInt8 { index < bytes.count ? bytes[index] : 0 }

    func peek(_ offset: Int) -> UInt8 {
        let position = index + offset
        return position >= 0 && position < bytes.count ? bytes[position] : 0
    }

    func byte(at position: Int) -> UInt8 {
        position >= 0 && position < bytes.count ? bytes[position] : 0
    }

    /// Whether the bytes at the cursor are `text` (ASCII).
    func matches(_ text: StaticString) -> Bool {
        let count = text.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        return text.withUTF8Buffer { buffer in
            for offset in 0..<count where bytes[index + offset] != buffer[offset] { return false }
            return true
        }
    }

    mutating func add(_ kind: Highlighter.TokenKind, from start: Int) {
        if index > start { tokens.append(Highlighter.Token(kind, start..<index)) }
    }

    /// Moves to the end of the line (before its LF).
    mutating func skipToLineEnd() {
        while index < bytes.count, bytes[index] != 10 { index += 1 }
    }

    /// Moves past a run of bytes that satisfy `predicate`.
    mutating func skip(while predicate: (UInt8) -> Bool) {
        while index < bytes.count, predicate(bytes[index]) { index += 1 }
    }

    /// Skips a `/* … */` comment whose `/*` is at the index, to the end of the text when it is
    /// never closed.
    mutating func skipBlockComment() {
        index += 2
        while !atEnd, !matches("*/") { index += 1 }
        index = min(index + 2, bytes.count)
    }

    /// Skips a decimal number whose first character is at the index: digits, a point, and an
    /// exponent with its sign (`-1.5e+3`).
    mutating func skipNumber() {
        index += 1
        while !atEnd {
            let next = current
            if Self.isDigit(next) || next == UInt8(ascii: ".") || next | 0x20 == UInt8(ascii: "e") {
                index += 1
            } else if (next == UInt8(ascii: "+") || next == UInt8(ascii: "-")) && peek(-1) | 0x20 == UInt8(ascii: "e") {
                index += 1
            } else {
                break
            }
        }
    }

    /// Moves past a quoted string whose opening quote is at the cursor: to the closing quote, or
    /// (unterminated) to the line's end when `multiline` is false, else to the end of the text.
    /// A backslash escapes the next byte when `escapes` is set; a doubled quote is one quote
    /// when `doubling` is set.
    mutating func skipQuoted(escapes: Bool, doubling: Bool = false, multiline: Bool) {
        let quote = current
        index += 1
        while index < bytes.count {
            let byte = bytes[index]
            if escapes, byte == UInt8(ascii: "\\") {
                index += 1
                if index < bytes.count, bytes[index] != 10 || multiline { index += 1 }
                continue
            }
            if byte == 10, !multiline { return }
            index += 1
            if byte == quote {
                if doubling, index < bytes.count, bytes[index] == quote {
                    index += 1
                    continue
                }
                return
            }
        }
    }

    /// The text of a byte range (ASCII identifiers), for word lists.
    func word(_ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }
    static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 97 && (byte | 0x20) <= 122 }
    /// A byte of an identifier: ASCII letters, digits and `_`, and every non-ASCII byte, so a
    /// multi-byte character is never split.
    static func isWordByte(_ byte: UInt8) -> Bool { isLetter(byte) || isDigit(byte) || byte == 95 || byte >= 0x80 }
    static func isSpace(_ byte: UInt8) -> Bool { byte == 32 || byte == 9 || byte == 13 }
}
