import Foundation
import QuireSupport

/// SHA-256 digests as lowercase hex, the currency of the cache.
public enum Digest {
    /// The digest of `bytes` as 64 lowercase hexadecimal digits.
    public static func sha256(_ bytes: some Sequence<UInt8>) -> String {
        SHA256.hex(of: bytes)
    }

    /// The digest of the bytes in memory at `bytes` (a mapped file) as 64 hexadecimal digits.
    public static func sha256(_ bytes: UnsafeRawBufferPointer) -> String {
        var hasher = SHA256()
        hasher.update(bytes)
        return SHA256.hex(hasher.finalize())
    }

    /// The digest and size of the bytes `write` hands over in pieces.
    public static func sha256(
        writing write: ((UnsafeRawBufferPointer) throws -> Void) throws -> Void
    ) rethrows -> (digest: String, byteCount: Int) {
        var hasher = SHA256()
        var byteCount = 0
        try write { piece in
            hasher.update(piece)
            byteCount += piece.count
        }
        return (SHA256.hex(hasher.finalize()), byteCount)
    }

    /// The digest of the UTF-8 bytes of `text` as 64 lowercase hexadecimal digits.
    public static func sha256(_ text: String) -> String {
        sha256(Array(text.utf8))
    }

    /// SHA-256 in base64, as Content-Security-Policy hashes are written.
    public static func sha256Base64(_ text: String) -> String {
        Data(SHA256.hash(Array(text.utf8))).base64EncodedString()
    }
}

/// Incremental SHA-256 over chunks.
struct SHA256Stream {
    private var hasher = SHA256()

    mutating func update(_ data: some DataProtocol) {
        for region in data.regions {
            region.withUnsafeBytes { hasher.update($0) }
        }
    }

    mutating func finish() -> String {
        SHA256.hex(hasher.finalize())
    }
}
