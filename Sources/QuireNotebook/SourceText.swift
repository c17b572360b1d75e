/// The text of a notebook file, split into lines, with conversions between byte offsets and
/// the scalar columns of ``SourceLocation``.
///
/// Lines end at LF; a CR before the LF is not part of the line. The text is valid UTF-8 (checked
/// by ``SourceText/validate(_:)`` before one is made) and carries no byte-order mark.
public struct SourceText: Sendable {
    /// The file's bytes, without a leading byte-order mark.
    public let bytes: [UInt8]
    /// Byte offset where each line starts; `lineStarts[0] == 0`.
    let lineStarts: [Int]

    /// Splits `bytes` (valid UTF-8, no byte-order mark) into lines.
    public init(bytes: [UInt8]) {
        self.bytes = bytes
        var starts = [0]
        starts.reserveCapacity(bytes.count / 32 + 1)
        bytes.withUnsafeBufferPointer { buffer in
            for index in buffer.indices where buffer[index] == UInt8(ascii: "\n") {
                starts.append(index + 1)
            }
        }
        // A final newline does not open another line.
        if starts.count > 1, starts.last == bytes.count { starts.removeLast() }
        self.lineStarts = starts
    }

    /// The number of lines; a final newline does not open another line, and an empty text has one.
    public var lineCount: Int { lineStarts.count }

    /// Byte range of line `line` (1-based), without its line ending.
    public func byteRange(ofLine line: Int) -> Range<Int> {
        guard line >= 1, line <= lineStarts.count else { return bytes.count..<bytes.count }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] - 1 : bytes.count
        if line == lineStarts.count, end > start, bytes[end - 1] == UInt8(ascii: "\n") { end -= 1 }
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return start..<max(start, end)
    }

    /// Bytes of line `line` (1-based), without its line ending.
    public func lineBytes(_ line: Int) -> ArraySlice<UInt8> {
        bytes[byteRange(ofLine: line)]
    }

    /// The text of line `line` (1-based), without its line ending.
    public func line(_ line: Int) -> String {
        String(decoding: lineBytes(line), as: UTF8.self)
    }

    /// The scalar column (1-based) of the character holding the byte at 1-based byte column
    /// `byteColumn` on `line`; past the end of the line, columns continue one per byte.
    public func column(forByteColumn byteColumn: Int, onLine line: Int) -> Int {
        let lineBytes = lineBytes(line)
        let limit = min(max(byteColumn, 1), lineBytes.count)
        var column = 0
        for byte in lineBytes.prefix(limit) where byte & 0xC0 != 0x80 { column += 1 }
        return max(column, 1) + max(byteColumn - lineBytes.count, 0)
    }

    /// The location of the byte at absolute `offset`.
    public func location(ofByteOffset offset: Int) -> SourceLocation {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        let line = low + 1
        return SourceLocation(
            line: line, column: column(forByteColumn: offset - lineStarts[low] + 1, onLine: line))
    }

    /// Number of scalar columns on `line` (1-based).
    public func columnCount(ofLine line: Int) -> Int {
        lineBytes(line).reduce(0) { $0 + ($1 & 0xC0 != 0x80 ? 1 : 0) }
    }
}

extension SourceText {
    /// Why some bytes cannot be a notebook's text.
    public enum EncodingProblem: Sendable, Equatable {
        /// The byte at `offset` does not continue a valid UTF-8 sequence.
        case invalidUTF8(offset: Int, byte: UInt8)
        /// A NUL byte at `offset`: almost surely a binary file.
        case nulByte(offset: Int)
    }

    /// The UTF-8 byte-order mark.
    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// Checks that `bytes` are text a notebook can hold and returns them without a byte-order mark.
    public static func validate(_ bytes: [UInt8]) -> Result<[UInt8], EncodingProblemError> {
        let body = bytes.starts(with: byteOrderMark) ? Array(bytes.dropFirst(3)) : bytes
        if let problem = firstEncodingProblem(in: body) {
            return .failure(EncodingProblemError(problem: problem, text: body))
        }
        return .success(body)
    }

    static func firstEncodingProblem(in bytes: [UInt8]) -> EncodingProblem? {
        bytes.withUnsafeBufferPointer { buffer -> EncodingProblem? in
            var index = 0
            let count = buffer.count
            while index < count {
                let byte = buffer[index]
                if byte < 0x80 {
                    if byte == 0 { return .nulByte(offset: index) }
                    index += 1
                    continue
                }
                let length: Int
                let minimum: UInt32
                var scalar: UInt32
                switch byte {
                case 0xC2...0xDF: length = 2; minimum = 0x80; scalar = UInt32(byte & 0x1F)
                case 0xE0...0xEF: length = 3; minimum = 0x800; scalar = UInt32(byte & 0x0F)
                case 0xF0...0xF4: length = 4; minimum = 0x10000; scalar = UInt32(byte & 0x07)
                default: return .invalidUTF8(offset: index, byte: byte)
                }
                for next in 1..<length {
                    guard index + next < count, buffer[index + next] & 0xC0 == 0x80 else {
                        return .invalidUTF8(offset: index, byte: byte)
                    }
                    scalar = scalar << 6 | UInt32(buffer[index + next] & 0x3F)
                }
                if scalar < minimum || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) {
                    return .invalidUTF8(offset: index, byte: byte)
                }
                index += length
            }
            return nil
        }
    }
}

/// Bytes that are not UTF-8 text, with where the first bad byte sits.
public struct EncodingProblemError: Error, Sendable {
    /// What is wrong and its byte offset in the file.
    public let problem: SourceText.EncodingProblem
    /// The location of the bad byte, counted over the valid text before it.
    public let location: SourceLocation

    init(problem: SourceText.EncodingProblem, text: [UInt8]) {
        self.problem = problem
        let offset: Int
        switch problem {
        case .invalidUTF8(let at, _), .nulByte(let at): offset = at
        }
        // Count columns over the valid prefix only, so the location is well defined.
        let prefix = SourceText(bytes: Array(text[..<offset]) + [0x20])
        self.location = prefix.location(ofByteOffset: offset)
    }
}
