/// Bytes already in memory.
struct CSVMemorySource: CSVByteSource {
    let bytes: [UInt8]
    var size: Int { bytes.count }

    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws(CSVFailureBox) -> Int {
        let n = max(0, min(buffer.count, bytes.count - offset))
        if n > 0 {
            bytes.withUnsafeBytes { source in
                buffer.baseAddress!.copyMemory(from: source.baseAddress! + offset, byteCount: n)
            }
        }
        return n
    }
}
