/// Random-access bytes that the CSV reader streams in blocks: a file or a buffer in memory.
protocol CSVByteSource: Sendable {
    /// Total size in bytes.
    var size: Int { get }
    /// Reads up to `buffer.count` bytes at `offset`; returns how many were read (0 at the end).
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws(CSVFailureBox) -> Int
}
