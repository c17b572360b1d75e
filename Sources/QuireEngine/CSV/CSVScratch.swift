/// A growable byte buffer for unescaping quoted fields.
final class CSVScratch {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int

    init() {
        capacity = 256
        base = .allocate(capacity: capacity)
    }

    deinit { base.deallocate() }

    /// Copies a quoted field's content, turning each `""` into `"`.
    func unescape(_ start: UnsafePointer<UInt8>, count: Int) -> UnsafeBufferPointer<UInt8> {
        if count > capacity {
            base.deallocate()
            capacity = count
            base = .allocate(capacity: capacity)
        }
        var out = 0
        var i = 0
        while i < count {
            let byte = start[i]
            base[out] = byte
            out += 1
            i += byte == CSVByteScan.quote ? 2 : 1
        }
        return UnsafeBufferPointer(start: base, count: out)
    }
}
