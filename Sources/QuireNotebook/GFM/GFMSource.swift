/// The lines of a document cmark parsed, as bytes, for the GitHub extensions, which need the
/// text as written (cmark's tree has backslash escapes and entities already decoded).
struct GFMSource {
    let bytes: [UInt8]
    /// Byte offset where each line starts; line n (1-based) starts at `lineStarts[n - 1]`.
    let lineStarts: [Int]

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        var starts = [0]
        for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") { starts.append(index + 1) }
        lineStarts = starts
    }

    var lineCount: Int { lineStarts.count }

    /// Line `line` (1-based) without its line ending; empty past the end.
    func line(_ line: Int) -> ArraySlice<UInt8> {
        guard line >= 1, line <= lineStarts.count else { return [] }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] - 1 : bytes.count
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return bytes[start..<max(start, end)]
    }

    /// The text of a text node as written, if it can be found on its line: cmark's columns are
    /// right except on lazy continuation lines, where the node is looked for near them.
    func raw(of node: MarkdownNode) -> [UInt8]? {
        rawRange(of: node)?.bytes
    }

    /// Where a text node's written text is on its line (its 0-based byte offset there) and the
    /// text, if it can be found: see ``raw(of:)``. The text is matched from its start (cmark's
    /// end column of a text it joined from pieces is not always right).
    func rawRange(of node: MarkdownNode) -> (line: Int, offset: Int, bytes: [UInt8])? {
        let literal = Array(node.literal.utf8)
        guard node.startLine >= 1, node.startLine <= lineCount, !literal.isEmpty else { return nil }
        let bytes = line(node.startLine)
        let reported = node.startColumn - 1
        func found(_ start: Int) -> (line: Int, offset: Int, bytes: [UInt8])? {
            guard start >= 0, start < bytes.count,
                let length = Self.writtenLength(of: literal, in: bytes[(bytes.startIndex + start)...])
            else { return nil }
            return (node.startLine, start, Array(bytes[(bytes.startIndex + start)...].prefix(length)))
        }
        if let exact = found(reported) { return exact }
        // Container markers and indentation are a few bytes (and a table cell's first text
        // starts at the no-break space cmark parsed it after): look that far, no further.
        for distance in 1...32 {
            if let near = found(reported + distance) ?? found(reported - distance) { return near }
            if reported - distance < 0, reported + distance >= bytes.count { break }
        }
        return nil
    }

    /// How many bytes at the start of `written` cmark reads as `literal` (backslash escapes and
    /// entities decoded), or nil.
    static func writtenLength(of literal: [UInt8], in written: ArraySlice<UInt8>) -> Int? {
        var index = written.startIndex
        var matched = 0
        while matched < literal.count {
            guard index < written.endIndex else { return nil }
            let byte = written[index]
            if byte == UInt8(ascii: "\\"), index + 1 < written.endIndex, isASCIIPunctuation(written[index + 1]) {
                guard written[index + 1] == literal[matched] else { return nil }
                index += 2
                matched += 1
                continue
            }
            if byte == UInt8(ascii: "&"),
                let semicolon = written[index...].prefix(40).firstIndex(of: UInt8(ascii: ";")),
                semicolon > index + 1, let decoded = decode(written[index...semicolon]),
                decoded != Array(written[index...semicolon])
            {
                guard literal[matched...].starts(with: decoded) else { return nil }
                index = semicolon + 1
                matched += decoded.count
                continue
            }
            guard byte == literal[matched] else { return nil }
            index += 1
            matched += 1
        }
        return index - written.startIndex
    }

    /// Text as cmark reads it: backslash escapes and the common entities decoded; nil when it
    /// holds an entity this does not know.
    static func decode(_ raw: ArraySlice<UInt8>) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var index = raw.startIndex
        while index < raw.endIndex {
            let byte = raw[index]
            if byte == UInt8(ascii: "\\"), index + 1 < raw.endIndex, isASCIIPunctuation(raw[index + 1]) {
                out.append(raw[index + 1])
                index += 2
                continue
            }
            if byte == UInt8(ascii: "&"), let semicolon = raw[index...].prefix(40).firstIndex(of: UInt8(ascii: ";")) {
                let name = String(decoding: raw[(index + 1)..<semicolon], as: UTF8.self)
                if let decoded = entity(name) {
                    out += decoded
                    index = semicolon + 1
                    continue
                }
                if name.first == "#", name.count > 1 { return nil }
                // Any other name is decoded by cmark itself (text when it is no entity).
                if (2...32).contains(name.utf8.count), name.utf8.allSatisfy({ isAlphanumeric($0) }) {
                    let document = CommonMarkConverter.parse(Array("&\(name);".utf8), extended: false)
                    out += Array(
                        (withExtendedLifetime(document) { document.root.firstChild?.firstChild?.literal } ?? "").utf8)
                    index = semicolon + 1
                    continue
                }
            }
            out.append(byte)
            index += 1
        }
        return out
    }

    private static func entity(_ name: String) -> [UInt8]? {
        switch name {
        case "amp": return Array("&".utf8)
        case "lt": return Array("<".utf8)
        case "gt": return Array(">".utf8)
        case "quot": return Array("\"".utf8)
        case "nbsp": return Array("\u{A0}".utf8)
        default: break
        }
        var digits = name.dropFirst()
        guard name.first == "#", !digits.isEmpty else { return nil }
        var radix = 10
        if digits.first == "x" || digits.first == "X" {
            radix = 16
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty, digits.count <= (radix == 10 ? 7 : 6), let value = UInt32(digits, radix: radix) else {
            return nil
        }
        let scalar = value == 0 ? Unicode.Scalar(0xFFFD) : Unicode.Scalar(value) ?? Unicode.Scalar(0xFFFD)
        return scalar.map { Array(String($0).utf8) }
    }

    static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (48...57).contains(byte) || (65...90).contains(byte) || (97...122).contains(byte)
    }

    static func isASCIIPunctuation(_ byte: UInt8) -> Bool {
        (33...47).contains(byte) || (58...64).contains(byte) || (91...96).contains(byte) || (123...126).contains(byte)
    }

    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 32 || byte == 9 || byte == 10 || byte == 11 || byte == 12 || byte == 13
    }
}
