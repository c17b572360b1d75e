#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file's bytes mapped read-only into memory, for reading large cache objects without copying
/// them into a buffer first: the pages come straight from the kernel's page cache.
///
/// ```swift
/// let sum = try MappedFile.read("/tmp/data") { bytes in bytes.reduce(0) { $0 &+ Int($1) } }
/// ```
///
/// The mapping is private and read-only, and ends when `body` returns: nothing may keep a pointer
/// into it. A file that is truncated while mapped makes reading past its new end fault, so map
/// only files that are never rewritten in place (cache objects are written to a temporary file and
/// renamed).
public enum MappedFile {
    /// Why a file could not be mapped, in the OS's words.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        /// The `errno` of the failing call.
        public let code: Int32
        /// What failed, with the path.
        public let message: String

        /// The message and the OS's reason.
        public var description: String { "\(message): \(String(cString: strerror(code)))" }
    }

    /// Calls `body` with the bytes of the file at `path` (an empty buffer for an empty file).
    /// With `populate` (Linux), every page is mapped at once, one pass over the page tables instead
    /// of a fault per page: for a reader of every byte. Without, only the pages `body` touches are.
    ///
    /// - Throws: ``Failure`` when the file cannot be opened, examined or mapped; whatever `body`
    ///   throws.
    public static func read<Result>(
        _ path: String, populate: Bool = true, _ body: (UnsafeRawBufferPointer) throws -> Result
    ) throws -> Result {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Failure(code: errno, message: "cannot open \(path)") }
        defer { close(descriptor) }
        var information = stat()
        guard fstat(descriptor, &information) == 0 else {
            throw Failure(code: errno, message: "cannot examine \(path)")
        }
        let size = Int(information.st_size)
        guard size > 0 else { return try body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        #if os(Linux)
            let flags = populate ? MAP_PRIVATE | MAP_POPULATE : MAP_PRIVATE
        #else
            let flags = MAP_PRIVATE
        #endif
        guard let base = mmap(nil, size, PROT_READ, flags, descriptor, 0), base != MAP_FAILED else {
            throw Failure(code: errno, message: "cannot map \(path)")
        }
        defer { munmap(base, size) }
        return try body(UnsafeRawBufferPointer(start: base, count: size))
    }
}
