/// The lines of an embedded text (a step body), found in one pass over its UTF-8 bytes.
struct TextLines {
    /// The text's bytes.
    let bytes: [UInt8]
    /// Byte range of each line, without its LF. A final LF does not open another line.
    let ranges: [Range<Int>]
    /// Unicode scalars on each line.
    let scalarCounts: [Int]

    var count: Int { ranges.count }

    init(_ text: String) {
        bytes = Array(text.utf8)
        var ranges: [Range<Int>] = []
        var counts: [Int] = []
        var start = 0
        var scalars = 0
        for (index, byte) in bytes.enumerated() {
            if byte == UInt8(ascii: "\n") {
                ranges.append(start..<index)
                counts.append(scalars)
                start = index + 1
                scalars = 0
            } else if byte & 0xC0 != 0x80 {
                scalars += 1
            }
        }
        if start < bytes.count || ranges.isEmpty {
            ranges.append(start..<bytes.count)
            counts.append(scalars)
        }
        self.ranges = ranges
        self.scalarCounts = counts
    }
}
