internal import COpenSSL

/// SHA-256 (FIPS 180-4): the digest of the cache, of data files and of notebooks.
///
/// ```swift
/// SHA256.hex(of: Array("abc".utf8))   // "ba7816bf…"
/// var hasher = SHA256()
/// hasher.update(chunk)                 // as many times as needed
/// let digest = hasher.finalize()       // 32 bytes
/// ```
///
/// The compression is OpenSSL's libcrypto (Debian's libssl-dev), which uses the CPU's SHA
/// instructions where it has them: about 8 times the speed of portable code, which matters
/// because every step output and data file is hashed. The state is a plain C struct, so a
/// hasher is a value: a copy continues independently.
public struct SHA256: @unchecked Sendable {
    // `SHA256_CTX` holds only integers and a byte buffer, no pointers: copying it copies the
    // state, and a copy shares nothing, so sending one to another thread is safe.
    private var context = SHA256_CTX()

    /// A hasher with no input yet.
    public init() {
        SHA256_Init(&context)
    }

    /// The 32-byte digest of `bytes`.
    public static func hash(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// The digest of `bytes` as 64 lowercase hexadecimal digits.
    public static func hex(of bytes: some Sequence<UInt8>) -> String {
        hex(hash(bytes))
    }

    /// `digest` as lowercase hexadecimal digits, two per byte.
    public static func hex(_ digest: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(digest.count * 2)
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Adds bytes to the message.
    public mutating func update(_ bytes: some Sequence<UInt8>) {
        let done: Void? = bytes.withContiguousStorageIfAvailable { update(UnsafeRawBufferPointer($0)) }
        if done == nil {
            Array(bytes).withUnsafeBytes { update($0) }
        }
    }

    /// Adds the bytes in `bytes` to the message.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        SHA256_Update(&context, base, bytes.count)
    }

    /// The digest of everything added so far: 32 bytes. The hasher itself is left as it was, so
    /// more input may follow.
    public func finalize() -> [UInt8] {
        var copy = context
        var digest = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
        SHA256_Final(&digest, &copy)
        return digest
    }
}
