/// Turns a byte offset into a 1-based line and column by re-reading the bytes before it.
///
/// Only errors need this, so the parser never counts lines on the fast path.
enum CSVLocator {
    static func locate(_ offset: Int, in source: any CSVByteSource) -> (line: Int, column: Int) {
        let blockSize = 1 << 20
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: blockSize, alignment: 8)
        defer { buffer.deallocate() }
        var line = 1
        var lineStart = 0
        var position = 0
        let target = min(offset, source.size)
        while position < target {
            let want = min(blockSize, target - position)
            guard
                let n = try? source.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<want]), at: position),
                n > 0
            else { break }
            for i in 0..<n where buffer[i] == CSVByteScan.lineFeed {
                line += 1
                lineStart = position + i + 1
            }
            position += n
        }
        // Column: characters from the line start, counting UTF-8 lead bytes; a BOM is not a character.
        var column = 1
        var cursor = lineStart
        while cursor < target {
            let want = min(blockSize, target - cursor)
            guard let n = try? source.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<want]), at: cursor),
                n > 0
            else { break }
            for i in 0..<n where buffer[i] & 0xC0 != 0x80 {
                let isBOM = cursor + i == 0 && n >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF
                if !isBOM { column += 1 }
            }
            cursor += n
        }
        return (line, column)
    }
}
