/// SHA-256 (FIPS 180-4), in portable Swift: the digest of the cache, of data files and of notebooks.
///
/// ```swift
/// SHA256.hex(of: Array("abc".utf8))   // "ba7816bf…"
/// var hasher = SHA256()
/// hasher.update(chunk)                 // as many times as needed
/// let digest = hasher.finalize()       // 32 bytes
/// ```
///
/// One block is compressed at a time with the eight working variables in locals and the message
/// schedule in a 64-word buffer allocated once per ``update(_:)-(UnsafeRawBufferPointer)`` call.
/// Release builds hash at about the speed of a portable C implementation; see CONTRIBUTING.md,
/// "Dependencies", for the measurement against swift-crypto.
public struct SHA256: Sendable {
    /// Bytes in one block.
    static let blockSize = 64

    /// The initial hash value H(0) (FIPS 180-4, 5.3.3).
    private var h0: UInt32 = 0x6a09_e667
    private var h1: UInt32 = 0xbb67_ae85
    private var h2: UInt32 = 0x3c6e_f372
    private var h3: UInt32 = 0xa54f_f53a
    private var h4: UInt32 = 0x510e_527f
    private var h5: UInt32 = 0x9b05_688c
    private var h6: UInt32 = 0x1f83_d9ab
    private var h7: UInt32 = 0x5be0_cd19
    /// A partial block waiting for more input; its first `pendingCount` bytes are used.
    private var pending = [UInt8](repeating: 0, count: 64)
    private var pendingCount = 0
    /// Message length in bytes so far.
    private var length: UInt64 = 0

    /// A hasher with no input yet.
    public init() {}

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
        let done: Void? = bytes.withContiguousStorageIfAvailable { buffer in
            update(UnsafeRawBufferPointer(buffer))
        }
        if done == nil {
            Array(bytes).withUnsafeBytes { update($0) }
        }
    }

    /// Adds the bytes of a buffer to the message.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        length &+= UInt64(bytes.count)
        var offset = 0
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { schedule in
            guard let w = schedule.baseAddress else { return }
            if pendingCount > 0 {
                let take = min(Self.blockSize - pendingCount, bytes.count)
                pending.withUnsafeMutableBytes { block in
                    block.baseAddress?.advanced(by: pendingCount).copyMemory(from: base, byteCount: take)
                }
                pendingCount += take
                offset = take
                guard pendingCount == Self.blockSize else { return }
                let full = pending
                full.withUnsafeBytes { block in
                    if let start = block.baseAddress { compress(start, blocks: 1, schedule: w) }
                }
                pendingCount = 0
            }
            let whole = (bytes.count - offset) / Self.blockSize
            if whole > 0 {
                compress(base.advanced(by: offset), blocks: whole, schedule: w)
                offset += whole * Self.blockSize
            }
        }
        let rest = bytes.count - offset
        if rest > 0 {
            pending.withUnsafeMutableBytes { block in
                block.baseAddress?.advanced(by: pendingCount).copyMemory(
                    from: base.advanced(by: offset), byteCount: rest)
            }
            pendingCount += rest
        }
    }

    /// The digest of everything added so far: 32 bytes. The hasher itself is left as it was, so
    /// more input may follow.
    public func finalize() -> [UInt8] {
        var copy = self
        let bits = length &* 8
        // 0x80, zeros up to 56 bytes into a block, then the length in bits, big-endian.
        var padding = [UInt8](repeating: 0, count: pendingCount < 56 ? 64 - pendingCount : 128 - pendingCount)
        padding[0] = 0x80
        for index in 0..<8 {
            padding[padding.count - 1 - index] = UInt8(truncatingIfNeeded: bits >> (8 * UInt64(index)))
        }
        let lengthBefore = copy.length
        padding.withUnsafeBytes { copy.update($0) }
        copy.length = lengthBefore
        var digest = [UInt8]()
        digest.reserveCapacity(32)
        for word in [copy.h0, copy.h1, copy.h2, copy.h3, copy.h4, copy.h5, copy.h6, copy.h7] {
            digest.append(UInt8(truncatingIfNeeded: word >> 24))
            digest.append(UInt8(truncatingIfNeeded: word >> 16))
            digest.append(UInt8(truncatingIfNeeded: word >> 8))
            digest.append(UInt8(truncatingIfNeeded: word))
        }
        return digest
    }

    /// The SHA-256 compression function (FIPS 180-4, 6.2.2) over `blocks` consecutive 64-byte blocks.
    private mutating func compress(_ data: UnsafeRawPointer, blocks: Int, schedule w: UnsafeMutablePointer<UInt32>) {
        Self.roundConstants.withUnsafeBufferPointer { constants in
            guard let k = constants.baseAddress else { return }
            var block = data
            for _ in 0..<blocks {
                for t in 0..<16 {
                    w[t] = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 4 * t, as: UInt32.self))
                }
                for t in 16..<64 {
                    let x = w[t &- 15]
                    let y = w[t &- 2]
                    let s0 = (x &>> 7 | x &<< 25) ^ (x &>> 18 | x &<< 14) ^ (x &>> 3)
                    let s1 = (y &>> 17 | y &<< 15) ^ (y &>> 19 | y &<< 13) ^ (y &>> 10)
                    w[t] = w[t &- 16] &+ s0 &+ w[t &- 7] &+ s1
                }
                var a = h0
                var b = h1
                var c = h2
                var d = h3
                var e = h4
                var f = h5
                var g = h6
                var h = h7
                for t in 0..<64 {
                    let sum1 = (e &>> 6 | e &<< 26) ^ (e &>> 11 | e &<< 21) ^ (e &>> 25 | e &<< 7)
                    let choose = (e & f) ^ (~e & g)
                    let t1 = h &+ sum1 &+ choose &+ k[t] &+ w[t]
                    let sum0 = (a &>> 2 | a &<< 30) ^ (a &>> 13 | a &<< 19) ^ (a &>> 22 | a &<< 10)
                    let majority = (a & b) ^ (a & c) ^ (b & c)
                    let t2 = sum0 &+ majority
                    h = g
                    g = f
                    f = e
                    e = d &+ t1
                    d = c
                    c = b
                    b = a
                    a = t1 &+ t2
                }
                h0 &+= a
                h1 &+= b
                h2 &+= c
                h3 &+= d
                h4 &+= e
                h5 &+= f
                h6 &+= g
                h7 &+= h
                block = block.advanced(by: Self.blockSize)
            }
        }
    }

    /// The constants K(0)…K(63): the first 32 bits of the fractional parts of the cube roots of the
    /// first 64 primes (FIPS 180-4, 4.2.2).
    private static let roundConstants: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]
}
