#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file read with `pread(2)`, so blocks can be re-read without a shared position.
///
/// `@unchecked Sendable`: its state (descriptor, size) is immutable after `init`, and `pread`
/// keeps no shared file position, so threads read distinct ranges at once safely.
final class CSVFileSource: CSVByteSource, @unchecked Sendable {
    let descriptor: Int32
    let size: Int

    init(path: String) throws(CSVFailureBox) {
        // Non-blocking, so a FIFO is refused below instead of blocking `open` until a writer comes.
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            let reason = String(cString: strerror(errno))
            throw CSVFailureBox(
                failure: CSVFailure(
                    code: .io, message: "cannot open the file: \(reason)", hint: "check the path and its permissions",
                    offset: 0))
        }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            throw CSVFailureBox(
                failure: CSVFailure(
                    code: .io, message: "not a regular file (a directory, FIFO or device)",
                    hint: "give the path of a CSV file", offset: 0))
        }
        descriptor = fd
        size = Int(info.st_size)
    }

    deinit { close(descriptor) }

    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws(CSVFailureBox) -> Int {
        // Only an empty buffer has no address, and there is nothing to read into it.
        guard let base = buffer.baseAddress else { return 0 }
        var total = 0
        while total < buffer.count {
            let n = pread(descriptor, base + total, buffer.count - total, off_t(offset + total))
            if n < 0 {
                if errno == EINTR { continue }
                let reason = String(cString: strerror(errno))
                throw CSVFailureBox(
                    failure: CSVFailure(code: .io, message: "read failed: \(reason)", hint: nil, offset: offset + total)
                )
            }
            if n == 0 { break }
            total += n
        }
        return total
    }
}
