#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Fresh buffers of many megabytes (a column read back from the cache).
enum LargeBuffer {
    /// Asks the kernel to back the 2 MiB-aligned part of `buffer` with huge pages (Linux,
    /// transparent huge pages in `madvise` mode): filling 100 MB then takes about 50 page faults
    /// instead of 25,000. Smaller buffers, and systems without it, are left as they are.
    static func preferHugePages(_ buffer: UnsafeMutableRawBufferPointer) {
        #if os(Linux)
            let huge = 2 << 20
            guard buffer.count >= 2 * huge, let base = buffer.baseAddress else { return }
            let start = (Int(bitPattern: base) + huge - 1) & ~(huge - 1)
            let end = (Int(bitPattern: base) + buffer.count) & ~(huge - 1)
            guard end > start, let aligned = UnsafeMutableRawPointer(bitPattern: start) else { return }
            _ = madvise(aligned, end - start, MADV_HUGEPAGE)
        #endif
    }
}

/// Reads a frame in the binary format from a source, verifying the checksums of the header and of
/// every column it keeps.
struct FrameBinaryReader {
    /// Reads exactly `count` bytes into the pointer; false at a premature end.
    private let source: (UnsafeMutableRawPointer, Int) -> Bool
    /// The next `count` bytes where they are (a mapped file), passed over; nil at a premature
    /// end. Without it, bytes passed over are read into a scratch buffer.
    private let inPlace: ((Int) -> UnsafeRawBufferPointer?)?
    /// The hash of the section being read: the header, then each column in turn.
    private var hasher = XXHash64()
    /// The hash of the outline: the header, each column's description and checksum, the end marker.
    private var outline = XXHash64()
    /// Whether what is read is part of the outline too (a column's description).
    private var outlining = true
    /// The size of the whole input: no length field can exceed it, so damage never causes a huge allocation.
    private let sizeLimit: Int

    init(
        sizeLimit: Int, source: @escaping (UnsafeMutableRawPointer, Int) -> Bool,
        inPlace: ((Int) -> UnsafeRawBufferPointer?)? = nil
    ) {
        self.sizeLimit = sizeLimit
        self.source = source
        self.inPlace = inPlace
    }

    private static func truncated() -> FrameError {
        FrameError(
            .badFormat, "the frame file ends too early", hint: "the file is truncated; delete it to re-create it")
    }

    /// Bytes read and hashed at a time: each piece is hashed while it is still in the CPU's cache,
    /// so a column is read from memory once, not once to copy and again to hash.
    private static let piece = 256 << 10

    private mutating func fill(_ target: UnsafeMutableRawPointer, _ count: Int) throws {
        var done = 0
        while done < count {
            let size = min(Self.piece, count - done)
            guard source(target + done, size) else { throw Self.truncated() }
            hasher.update(UnsafeRawBufferPointer(start: target + done, count: size))
            if outlining { outline.update(UnsafeRawBufferPointer(start: target + done, count: size)) }
            done += size
        }
    }

    /// Passes over `count` bytes of a column that is not kept, neither copying nor hashing them
    /// where they lie (a mapped file's pages are not even touched).
    private mutating func skip(_ count: Int) throws {
        if let inPlace {
            guard inPlace(count) != nil else { throw Self.truncated() }
            return
        }
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, min(Self.piece, count)), alignment: 8)
        defer { scratch.deallocate() }
        var done = 0
        while done < count, let base = scratch.baseAddress {
            let size = min(scratch.count, count - done)
            guard source(base, size) else { throw Self.truncated() }
            done += size
        }
    }

    /// The next 8 bytes as they are, outside every section's hash (a stored checksum).
    private mutating func raw() throws -> UInt64 {
        var value: UInt64 = 0
        try withUnsafeMutableBytes(of: &value) { pointer in
            guard let base = pointer.baseAddress, source(base, 8) else { throw Self.truncated() }
        }
        return UInt64(littleEndian: value)
    }

    private static func damaged() -> FrameError {
        FrameError(
            .checksumMismatch, "the frame file's checksum does not match its contents",
            hint: "the file is damaged; delete it to re-create it")
    }

    /// Fills the first `count` bytes of `buffer` (an empty buffer may have no address).
    private mutating func fill(_ buffer: UnsafeMutableRawBufferPointer, _ count: Int) throws {
        guard count > 0 else { return }
        guard let base = buffer.baseAddress, buffer.count >= count else { throw Self.truncated() }
        try fill(base, count)
    }

    private mutating func bytes(_ count: Int) throws -> [UInt8] {
        guard count >= 0, count <= sizeLimit else {
            throw FrameError(
                .badFormat, "a length field is out of range", hint: "the file is damaged; delete it to re-create it")
        }
        var result = [UInt8](repeating: 0, count: count)
        try result.withUnsafeMutableBytes { try fill($0, count) }
        return result
    }

    private mutating func uint64() throws -> UInt64 {
        var value: UInt64 = 0
        try withUnsafeMutableBytes(of: &value) { try fill($0, 8) }
        return UInt64(littleEndian: value)
    }

    private mutating func length() throws -> Int {
        let value = try uint64()
        guard value <= UInt64(sizeLimit) else {
            throw FrameError(
                .badFormat, "a length field is out of range", hint: "the file is damaged; delete it to re-create it")
        }
        return Int(value)
    }

    private mutating func skipPadding(_ length: Int) throws {
        let extra = (8 - length % 8) % 8
        _ = try bytes(extra)
    }

    private mutating func string() throws -> String {
        let raw = try bytes(try length())
        guard let text = String(validating: raw, as: UTF8.self) else {
            throw FrameError(
                .badFormat, "a name is not valid UTF-8", hint: "the file is damaged; delete it to re-create it")
        }
        return text
    }

    /// Reads the frame; with `keeping`, only the columns it accepts by name are kept, in their
    /// order in the file. Each kept column is checked against its checksum, and the outline (the
    /// header, every column's description — kind, name, categories — and checksum, the end marker)
    /// against the last one. The data of a column passed over is not read, so damage inside it
    /// goes unnoticed, and harms nothing.
    mutating func read(keeping: ((String) -> Bool)? = nil) throws -> Frame {
        let magic = try bytes(8)
        guard magic == FrameBinaryFormat.magic else {
            throw FrameError(
                .badFormat, "not a Quire frame file (wrong magic bytes)",
                hint: "the file was not written by Quire's frame writer")
        }
        let header = try bytes(8)
        let version = UInt32(header[0]) | UInt32(header[1]) << 8 | UInt32(header[2]) << 16 | UInt32(header[3]) << 24
        guard version == FrameBinaryFormat.version else {
            throw FrameError(
                .badFormat,
                "frame format version \(version) is not supported (this build reads \(FrameBinaryFormat.version))",
                hint: "re-create the file with this version of Quire")
        }
        let rowCount = try length()
        let columnCount = try length()
        guard columnCount == 0 || rowCount <= sizeLimit / 4 else {
            throw FrameError(
                .badFormat, "the row count is larger than the file can hold",
                hint: "the file is damaged; delete it to re-create it")
        }
        var columns: [Column] = []
        for _ in 0..<columnCount {
            hasher = XXHash64()
            outlining = true
            let column = try readColumn(rowCount: rowCount, keeping: keeping)
            let checksum = try raw()
            withUnsafeBytes(of: checksum.littleEndian) { outline.update($0) }
            if let column {
                guard checksum == hasher.finalize() else { throw Self.damaged() }
                columns.append(column)
            }
        }
        outlining = true
        guard try bytes(8) == FrameBinaryFormat.endMarker else {
            throw FrameError(
                .badFormat, "the end marker is missing", hint: "the file is damaged; delete it to re-create it")
        }
        guard try raw() == outline.finalize() else { throw Self.damaged() }
        return try Frame(columns: columns, rowCount: rowCount)
    }

    /// One column's section up to its checksum: the column, or nil when `keeping` passes it over.
    private mutating func readColumn(rowCount: Int, keeping: ((String) -> Bool)?) throws -> Column? {
        let kind = try uint64()
        let nameBytes = try bytes(try length())
        try skipPadding(nameBytes.count)
        guard let name = String(validating: nameBytes, as: UTF8.self) else {
            throw FrameError(
                .badFormat, "a column name is not valid UTF-8",
                hint: "the file is damaged; delete it to re-create it")
        }
        let kept = keeping?(name) ?? true
        switch kind {
        case 0, 2:
            outlining = false
            guard kept else {
                try skip(rowCount * 8)
                return nil
            }
            var failure: Error?
            let numbers = [Double](unsafeUninitializedCapacity: rowCount) { buffer, initialized in
                do {
                    LargeBuffer.preferHugePages(UnsafeMutableRawBufferPointer(buffer))
                    try fill(UnsafeMutableRawBufferPointer(buffer), rowCount * 8)
                    #if !_endian(little)
                        for i in 0..<rowCount {
                            buffer[i] = Double(bitPattern: UInt64(littleEndian: buffer[i].bitPattern))
                        }
                    #endif
                } catch {
                    failure = error
                    buffer.initialize(repeating: 0)
                }
                initialized = rowCount
            }
            if let failure { throw failure }
            return Column(name: name, values: kind == 2 ? .date(numbers) : .numeric(numbers))
        case 1:
            let categoryCount = try length()
            var categories: [String] = []
            categories.reserveCapacity(categoryCount)
            var total = 0
            for _ in 0..<categoryCount {
                let category = try string()
                total += category.utf8.count
                categories.append(category)
            }
            try skipPadding(total)
            outlining = false
            guard kept else {
                try skip(rowCount * 4)
                try skipPadding(rowCount * 4)
                return nil
            }
            var codes = [Int32](repeating: 0, count: rowCount)
            try codes.withUnsafeMutableBytes {
                try fill($0, rowCount * 4)
            }
            try skipPadding(rowCount * 4)
            let limit = Int32(clamping: categoryCount)
            for i in codes.indices {
                let code = Int32(littleEndian: codes[i])
                guard code >= -1, code < limit else {
                    throw FrameError(
                        .badFormat, "a category code is out of range",
                        hint: "the file is damaged; delete it to re-create it")
                }
                codes[i] = code
            }
            return Column(name: name, values: .categorical(CategoricalValues(codes: codes, categories: categories)))
        default:
            throw FrameError(
                .badFormat, "unknown column kind \(kind)", hint: "the file is damaged or from a newer Quire")
        }
    }
}
