/// YAML, as step bodies and configuration files are written: keys, quoted strings, block
/// scalars (`|`, `>`), comments, numbers, `true`/`false`/`null`/`~`, anchors and aliases
/// (`&a`, `*a`), tags (`!!str`), document markers, and `${…}` references in plain values.
struct YAMLTokenizer {
    private var scanner: CodeScanner

    init(_ bytes: [UInt8]) {
        scanner = CodeScanner(bytes)
    }

    static let literals: Set<String> = [
        "true", "True", "TRUE", "false", "False", "FALSE", "null", "Null", "NULL", "~", "yes", "Yes", "YES", "no",
        "No", "NO", "on", "On", "ON", "off", "Off", "OFF",
    ]

    mutating func tokens() -> [Highlighter.Token] {
        // The indentation of the key a block scalar belongs to, while its lines are read.
        var blockScalarParent: Int?
        while !scanner.atEnd {
            let lineStart = scanner.index
            scanner.skip { $0 == 32 || $0 == 9 }
            let indent = scanner.index - lineStart
            let blank = scanner.atEnd || scanner.current == 10 || scanner.current == 13
            if let parent = blockScalarParent {
                if blank || indent > parent {
                    let start = scanner.index
                    scanner.skipToLineEnd()
                    if !blank { scanner.add(.string, from: start) }
                    scanner.index += 1
                    continue
                }
                blockScalarParent = nil
            }
            blockScalarParent = line(indent: indent, lineStart: lineStart)
            scanner.skipToLineEnd()
            scanner.index += 1
        }
        return scanner.tokens
    }

    /// Reads one line from the cursor (after its indentation); returns the indentation of the
    /// key whose block scalar starts on the next line, if the line opens one.
    private mutating func line(indent: Int, lineStart: Int) -> Int? {
        let start = scanner.index
        // Document markers.
        if start == lineStart, scanner.matches("---") || scanner.matches("..."),
            [0, 32, 9, 10, 13].contains(scanner.peek(3))
        {
            scanner.index += 3
            scanner.add(.meta, from: start)
        }
        var keyIndent = indent
        var flowDepth = 0
        while !scanner.atEnd, scanner.current != 10 {
            let position = scanner.index
            let byte = scanner.current
            let afterSpace = position == lineStart || CodeScanner.isSpace(scanner.peek(-1))
            switch byte {
            case 32, 9, 13:
                scanner.index += 1
            case UInt8(ascii: "#") where afterSpace:
                scanner.skipToLineEnd()
                scanner.add(.comment, from: position)
            case UInt8(ascii: "-") where CodeScanner.isSpace(scanner.peek(1)) || [0, 10].contains(scanner.peek(1)):
                // A sequence entry: its mapping's keys are indented past the dash.
                scanner.index += 1
                keyIndent = scanner.index - lineStart
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                flowDepth += 1
                scanner.index += 1
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                flowDepth = max(flowDepth - 1, 0)
                scanner.index += 1
            case UInt8(ascii: ","), UInt8(ascii: ":"), UInt8(ascii: "?"):
                scanner.index += 1
            case UInt8(ascii: "&"), UInt8(ascii: "*"), UInt8(ascii: "!"):
                scanner.index += 1
                scanner.skip { !CodeScanner.isSpace($0) && $0 != 10 && !(flowDepth > 0 && ",]}".utf8.contains($0)) }
                scanner.add(byte == UInt8(ascii: "!") ? .meta : .variable, from: position)
            case UInt8(ascii: "|"), UInt8(ascii: ">"):
                // A block scalar's header: the indicator, then chomping and indentation digits.
                scanner.index += 1
                scanner.skip { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") || CodeScanner.isDigit($0) }
                var rest = scanner.index
                while CodeScanner.isSpace(scanner.byte(at: rest)) { rest += 1 }
                let next = scanner.byte(at: rest)
                if next == 0 || next == 10 || (next == UInt8(ascii: "#") && rest > scanner.index) {
                    scanner.add(.meta, from: position)
                    scanner.index = rest
                    if next == UInt8(ascii: "#") {
                        let comment = scanner.index
                        scanner.skipToLineEnd()
                        scanner.add(.comment, from: comment)
                    }
                    return keyIndent
                }
                plainScalar(from: position, flow: flowDepth > 0)
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                scanner.skipQuoted(
                    escapes: byte == UInt8(ascii: "\""), doubling: byte == UInt8(ascii: "'"), multiline: true)
                scanner.add(isKeyEnd(at: scanner.index) ? .key : .string, from: position)
            default:
                plainScalar(from: position, flow: flowDepth > 0)
            }
        }
        return nil
    }

    /// Whether a `:` that ends a key (followed by a space or the line's end) comes at `position`,
    /// after spaces.
    private func isKeyEnd(at position: Int) -> Bool {
        var index = position
        while scanner.byte(at: index) == 32 || scanner.byte(at: index) == 9 { index += 1 }
        return scanner.byte(at: index) == UInt8(ascii: ":") && [0, 32, 9, 10, 13].contains(scanner.byte(at: index + 1))
    }

    /// A plain (unquoted) scalar from `start`: a key when `: ` ends it, else a value up to a
    /// ` #` comment or the line's end (or, in a flow collection, `,`, `]` or `}`).
    private mutating func plainScalar(from start: Int, flow: Bool) {
        var end = start
        while true {
            let byte = scanner.byte(at: end)
            if byte == 0 || byte == 10 { break }
            let after = scanner.byte(at: end + 1)
            if byte == UInt8(ascii: ":"), [0, 32, 9, 10, 13].contains(after) || (flow && ",]}".utf8.contains(after)) {
                break
            }
            if byte == UInt8(ascii: "#"), end > start, CodeScanner.isSpace(scanner.byte(at: end - 1)) { break }
            if flow, ",[]{}".utf8.contains(byte) { break }
            end += 1
        }
        // The scalar without trailing spaces.
        var trimmed = end
        while trimmed > start, CodeScanner.isSpace(scanner.byte(at: trimmed - 1)) { trimmed -= 1 }
        if trimmed == start {
            scanner.index = max(end, start + 1)
            return
        }
        scanner.index = trimmed
        if scanner.byte(at: end) == UInt8(ascii: ":") && end == trimmed {
            scanner.add(.key, from: start)
            return
        }
        let word = scanner.word(start..<trimmed)
        if Self.literals.contains(word) {
            scanner.add(.literal, from: start)
        } else if Self.isNumber(word) {
            scanner.add(.number, from: start)
        } else {
            references(in: start..<trimmed)
        }
    }

    /// Marks `${…}` references inside a plain value.
    private mutating func references(in range: Range<Int>) {
        var index = range.lowerBound
        while index + 1 < range.upperBound {
            if scanner.byte(at: index) == UInt8(ascii: "$"), scanner.byte(at: index + 1) == UInt8(ascii: "{") {
                var end = index + 2
                while end < range.upperBound, scanner.byte(at: end) != UInt8(ascii: "}") { end += 1 }
                if end < range.upperBound {
                    scanner.tokens.append(Highlighter.Token(.variable, index..<(end + 1)))
                    index = end + 1
                    continue
                }
            }
            index += 1
        }
    }

    /// YAML 1.2 core numbers, and YAML 1.1's `1_000`: `12`, `-3.5`, `1e-3`, `0x1F`, `0o17`,
    /// `.inf`, `-.Inf`, `.nan`.
    static func isNumber(_ word: String) -> Bool {
        var text = Substring(word)
        if [".inf", ".Inf", ".INF", ".nan", ".NaN", ".NAN"].contains(text.drop { $0 == "+" || $0 == "-" }) {
            return true
        }
        if text.hasPrefix("0x") { return text.count > 2 && text.dropFirst(2).allSatisfy(\.isHexDigit) }
        if text.hasPrefix("0o") { return text.count > 2 && text.dropFirst(2).allSatisfy { ("0"..."7").contains($0) } }
        if text.first == "+" || text.first == "-" { text = text.dropFirst() }
        var digits = 0
        var dots = 0
        var exponent = false
        var previous: Character = " "
        for character in text {
            let isExponent = character == "e" || character == "E"
            if character.isASCII, character.isNumber {
                digits += 1
            } else if character == ".", dots == 0, !exponent {
                dots += 1
            } else if isExponent, digits > 0, !exponent {
                exponent = true
            } else {
                let separator = character == "_" && digits > 0 && !exponent
                let sign = (character == "+" || character == "-") && (previous == "e" || previous == "E")
                guard separator || sign else { return false }
            }
            previous = character
        }
        return digits > 0 && previous != "e" && previous != "E" && previous != "+" && previous != "-"
            && previous != "_"
    }
}
