#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The machine's name, as `hostname` prints it.
public enum HostName {
    /// From `gethostname(2)`: no lookup. (Foundation's `ProcessInfo.hostName` resolves the
    /// machine's addresses to find a name, which took 50 ms per call on a machine without DNS.)
    public static let current: String = {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }()
}
