/// Bytes already in memory.
struct CSVMemorySource: CSVByteSource {
    let bytes: [UInt8]
    var size: Int { bytes.count }

    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws(CSVFailureBox) -> Int {
        let n = max(0, min(buffer.count, bytes.count - offset))
        // `n > 0` means neither buffer is empty, so both have an address.
        if n > 0, let target = buffer.baseAddress {
            bytes.withUnsafeBytes { source in
                if let start = source.baseAddress { target.copyMemory(from: start + offset, byteCount: n) }
            }
        }
        return n
    }
}
