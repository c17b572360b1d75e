#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The engine's binary frame format, for the cache: versioned, checksummed column by column, and
/// read back with one bulk copy per column (or only the columns a step reads).
///
/// Layout (all integers little-endian; every section starts at a multiple of 8 bytes):
///
/// | bytes | content |
/// |---|---|
/// | 8 | magic `QUIREFRM` |
/// | 4 | format version (`2`) |
/// | 4 | flags (`0`) |
/// | 8 | row count |
/// | 8 | column count |
/// | … | per column: kind (`UInt64`: 0 numeric, 1 categorical, 2 date), name length (`UInt64`) and UTF-8 name padded to 8; for a categorical column the category count (`UInt64`), then per category its length (`UInt64`) and UTF-8 bytes, padded to 8 after the last; then the data: rows × IEEE-754 binary64 (numeric; date: seconds since 1970-01-01T00:00:00Z), or rows × `Int32` codes (-1 missing) padded to 8; then the column's checksum: xxHash64 (seed 0) of its bytes from the kind on |
/// | 8 | end marker `QUIREEND` |
/// | 8 | xxHash64 (seed 0) of the outline: the 32 header bytes, every column's description (its bytes from the kind to the data) and checksum as stored, and the end marker |
///
/// Version 1 had one xxHash64 of every byte at the end; a reader of version 2 refuses it (a cache
/// treats that as a miss). Checksums by column let a reader that keeps a few columns check those
/// without reading the others.
///
/// A reader rejects a wrong magic, an unknown version, a truncated file, a checksum mismatch and
/// out-of-range category codes or an unknown kind with a ``FrameError``; a cache treats that as a miss.
public enum FrameBinaryFormat {
    /// The first 8 bytes of every file.
    public static let magic: [UInt8] = Array("QUIREFRM".utf8)
    /// The 8 bytes before the checksum.
    public static let endMarker: [UInt8] = Array("QUIREEND".utf8)
    /// The version this build writes and reads.
    public static let version: UInt32 = 2

    /// The kind tag of a column. Tag 2 (date) was added without a version change: frames without
    /// dates have the same bytes as before, and an older reader rejects tag 2 as damaged, which a
    /// cache treats as a miss.
    static func tag(of kind: ColumnKind) -> UInt64 {
        switch kind {
        case .numeric: 0
        case .categorical: 1
        case .date: 2
        }
    }

    /// The frame as bytes.
    public static func encode(_ frame: Frame) -> [UInt8] {
        var bytes: [UInt8] = []
        var writer = FrameBinaryWriter { chunk in bytes.append(contentsOf: chunk) }
        do {
            try writer.write(frame)
        } catch {
            preconditionFailure("appending to an array cannot fail: \(error)")
        }
        return bytes
    }

    /// Hands the bytes of ``encode(_:)`` to `sink` in pieces: the header fields in small runs,
    /// each column straight from its buffer, so the whole encoding is never held in memory.
    ///
    /// - Throws: What `sink` throws.
    public static func write(_ frame: Frame, into sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        try withoutActuallyEscaping(sink) { sink in
            var writer = FrameBinaryWriter(sink: sink)
            try writer.write(frame)
        }
    }

    /// Decodes bytes written by ``encode(_:)`` or ``write(_:to:)``.
    ///
    /// - Throws: ``FrameError`` `badFormat` or `checksumMismatch`.
    public static func decode(_ bytes: [UInt8]) throws -> Frame {
        try bytes.withUnsafeBytes { try decode($0) }
    }

    /// Decodes a frame from memory (a cache object mapped from its file): each column is one copy
    /// out of `bytes`, checked against the checksum as it is copied. With `columns`, only those
    /// columns are copied (in the file's order); the others are checked where they lie, so a step
    /// that reads a few columns of a large frame pays for those alone.
    ///
    /// - Throws: ``FrameError`` `badFormat` or `checksumMismatch`.
    public static func decode(_ bytes: UnsafeRawBufferPointer, columns: Set<String>? = nil) throws -> Frame {
        var offset = 0
        var reader = FrameBinaryReader(
            sizeLimit: bytes.count,
            source: { target, count in
                guard offset + count <= bytes.count, let base = bytes.baseAddress else { return false }
                target.copyMemory(from: base + offset, byteCount: count)
                offset += count
                return true
            },
            inPlace: { count in
                guard offset + count <= bytes.count, let base = bytes.baseAddress else { return nil }
                defer { offset += count }
                return UnsafeRawBufferPointer(start: base + offset, count: count)
            })
        let frame = try reader.read(keeping: columns.map { wanted in { wanted.contains($0) } })
        guard offset == bytes.count else {
            throw FrameError(.badFormat, "extra bytes after the frame", hint: "the file was not written by Quire")
        }
        return frame
    }

    /// Writes a frame to a file (created or truncated); column buffers are written without copies.
    ///
    /// The cache should write to a temporary path and rename it into place.
    /// - Throws: ``FrameError`` `io`.
    public static func write(_ frame: Frame, to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw ioError("cannot create \(path)") }
        defer { close(fd) }
        var writer = FrameBinaryWriter { chunk in
            var done = 0
            while done < chunk.count {
                guard let base = chunk.baseAddress else { return }
                let n = Glibc.write(fd, base + done, chunk.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw ioError("cannot write \(path)")
                }
                done += n
            }
        }
        try writer.write(frame)
    }

    /// Reads a frame from a file written by ``write(_:to:)``.
    ///
    /// - Throws: ``FrameError`` `io`, `badFormat` or `checksumMismatch`.
    public static func read(from path: String) throws -> Frame {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ioError("cannot open \(path)") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw ioError("cannot stat \(path)") }
        var failure: FrameError?
        var reader = FrameBinaryReader(sizeLimit: Int(info.st_size)) { target, count in
            var done = 0
            while done < count {
                let n = Glibc.read(fd, target + done, count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = ioError("cannot read \(path)")
                    return false
                }
                if n == 0 { return false }
                done += n
            }
            return true
        }
        do {
            let frame = try reader.read()
            var probe: UInt8 = 0
            guard Glibc.read(fd, &probe, 1) == 0 else {
                throw FrameError(
                    .badFormat, "extra bytes after the frame in \(path)", hint: "the file was not written by Quire")
            }
            return frame
        } catch {
            throw failure ?? error
        }
    }

    static func ioError(_ message: String) -> FrameError {
        FrameError(
            .io, "\(message): \(String(cString: strerror(errno)))", hint: "check the path, free space and permissions")
    }
}
