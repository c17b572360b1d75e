import Foundation
import QuireSupport
import Testing

/// SHA-256 against FIPS 180-4's examples, the padding edges, and digests from Python's hashlib
/// (scripts/sha256_vectors.py); chunked input gives the same digest as one buffer.
@Suite struct SHA256Tests {
    @Test func fipsExamples() {
        #expect(
            SHA256.hex(of: Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            SHA256.hex(of: Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(
            SHA256.hex(of: [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        #expect(SHA256.hex(of: []) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    /// Lengths around the 56-byte boundary where the length field stops fitting in the last block.
    @Test func paddingEdges() {
        let expected = [
            55: "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318",
            56: "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a",
            63: "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34",
            64: "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb",
            65: "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0",
        ]
        for (length, digest) in expected {
            #expect(SHA256.hex(of: [UInt8](repeating: UInt8(ascii: "a"), count: length)) == digest, "length \(length)")
        }
    }

    static func message(length: Int, seed: Int) -> [UInt8] {
        (0..<length).map { UInt8((seed + 31 * $0 + $0 * $0 / 7) % 256) }
    }

    @Test func matchesHashlib() throws {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/sha256-vectors", withExtension: "txt"))
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(lines.count > 250)
        for line in lines {
            let fields = line.split(separator: " ")
            let length = try #require(Int(fields[0]))
            let seed = try #require(Int(fields[1]))
            #expect(SHA256.hex(of: Self.message(length: length, seed: seed)) == fields[2], "length \(length)")
        }
    }

    @Test func chunksGiveTheSameDigest() {
        let bytes = Self.message(length: 10_000, seed: 3)
        let whole = SHA256.hash(bytes)
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<50 {
            var hasher = SHA256()
            var start = 0
            while start < bytes.count {
                let end = min(bytes.count, start + Int.random(in: 0...200, using: &generator))
                hasher.update(bytes[start..<end])
                start = end
            }
            #expect(hasher.finalize() == whole)
        }
        // finalize leaves the hasher usable.
        var hasher = SHA256()
        hasher.update(bytes[0..<5000])
        _ = hasher.finalize()
        hasher.update(bytes[5000...])
        #expect(hasher.finalize() == whole)
    }
}
