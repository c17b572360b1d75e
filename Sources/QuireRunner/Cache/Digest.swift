import Crypto
import Foundation

/// SHA-256 digests as lowercase hex, the currency of the cache.
public enum Digest {
    public static func sha256(_ bytes: some Sequence<UInt8>) -> String {
        hex(SHA256.hash(data: Array(bytes)))
    }

    public static func sha256(_ text: String) -> String {
        sha256(Array(text.utf8))
    }

    /// SHA-256 in base64, as Content-Security-Policy hashes are written.
    public static func sha256Base64(_ text: String) -> String {
        Data(SHA256.hash(data: Array(text.utf8))).base64EncodedString()
    }

    static func hex(_ digest: SHA256.Digest) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// Incremental SHA-256 over chunks.
struct SHA256Stream {
    private var hasher = SHA256()

    mutating func update(_ data: some DataProtocol) {
        hasher.update(data: data)
    }

    mutating func finish() -> String {
        Digest.hex(hasher.finalize())
    }
}
