/// Streams a frame in the binary format to a sink, hashing each section as it goes.
struct FrameBinaryWriter {
    private let sink: (UnsafeRawBufferPointer) throws -> Void
    /// The hash of the section being written: the header, then each column in turn.
    private var hasher = XXHash64()
    /// The hash of the outline: the header, each column's description and checksum, the end marker.
    private var outline = XXHash64()
    /// Whether what is emitted is part of the outline too (a column's description).
    private var outlining = true
    private var small: [UInt8] = []

    init(sink: @escaping (UnsafeRawBufferPointer) throws -> Void) {
        self.sink = sink
    }

    private mutating func flush() throws {
        guard !small.isEmpty else { return }
        let pending = small
        small.removeAll(keepingCapacity: true)
        try pending.withUnsafeBytes { try emit($0) }
    }

    private mutating func emit(_ bytes: UnsafeRawBufferPointer) throws {
        hasher.update(bytes)
        if outlining { outline.update(bytes) }
        try sink(bytes)
    }

    private mutating func put(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { small.append(contentsOf: $0) }
    }

    private mutating func put(_ bytes: [UInt8]) {
        small.append(contentsOf: bytes)
    }

    private mutating func pad(_ length: Int) {
        let extra = (8 - length % 8) % 8
        small.append(contentsOf: repeatElement(0, count: extra))
    }

    /// Writes the small fields so far (a column's description), then a column's data directly.
    private mutating func bulk(_ bytes: UnsafeRawBufferPointer) throws {
        try flush()
        outlining = false
        if bytes.count > 0 { try emit(bytes) }
    }

    /// Writes 8 bytes as they are, outside every section's hash.
    private func raw(_ value: UInt64) throws {
        try withUnsafeBytes(of: value.littleEndian) { try sink($0) }
    }

    mutating func write(_ frame: Frame) throws {
        put(FrameBinaryFormat.magic)
        withUnsafeBytes(of: FrameBinaryFormat.version.littleEndian) { small.append(contentsOf: $0) }
        withUnsafeBytes(of: UInt32(0)) { small.append(contentsOf: $0) }
        put(UInt64(frame.rowCount))
        put(UInt64(frame.columnCount))
        try flush()
        for column in frame.columns {
            hasher = XXHash64()
            outlining = true
            put(FrameBinaryFormat.tag(of: column.kind))
            let name = Array(column.name.utf8)
            put(UInt64(name.count))
            put(name)
            pad(name.count)
            switch column.values {
            case .numeric(let numbers), .date(let numbers):
                #if _endian(little)
                    try numbers.withUnsafeBytes { try bulk($0) }
                #else
                    try numbers.map { $0.bitPattern.littleEndian }.withUnsafeBytes { try bulk($0) }
                #endif
            case .categorical(let strings):
                put(UInt64(strings.categories.count))
                var length = 0
                for category in strings.categories {
                    let bytes = Array(category.utf8)
                    put(UInt64(bytes.count))
                    put(bytes)
                    length += bytes.count
                }
                pad(length)
                #if _endian(little)
                    try strings.codes.withUnsafeBytes { try bulk($0) }
                #else
                    try strings.codes.map { $0.littleEndian }.withUnsafeBytes { try bulk($0) }
                #endif
                pad(strings.codes.count * 4)
            }
            try flush()
            let checksum = hasher.finalize()
            try raw(checksum)
            withUnsafeBytes(of: checksum.littleEndian) { outline.update($0) }
        }
        try FrameBinaryFormat.endMarker.withUnsafeBytes { marker in
            try sink(marker)
            outline.update(marker)
        }
        try raw(outline.finalize())
    }
}
