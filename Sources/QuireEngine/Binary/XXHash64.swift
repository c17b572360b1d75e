/// xxHash64 (Yann Collet), streaming: the checksum of the binary frame format.
///
/// Implemented from the reference specification (XXH64, seed 0 by default); tests compare it
/// with the reference implementation's outputs.
public struct XXHash64: Sendable {
    static let prime1: UInt64 = 11_400_714_785_074_694_791
    static let prime2: UInt64 = 14_029_467_366_897_019_727
    static let prime3: UInt64 = 1_609_587_929_392_839_161
    static let prime4: UInt64 = 9_650_029_242_287_828_579
    static let prime5: UInt64 = 2_870_177_450_012_600_261

    private let seed: UInt64
    private var v1: UInt64
    private var v2: UInt64
    private var v3: UInt64
    private var v4: UInt64
    private var total: UInt64 = 0
    /// Bytes not yet consumed by a 32-byte stripe.
    private var pending: [UInt8] = []

    /// Creates a hasher.
    public init(seed: UInt64 = 0) {
        self.seed = seed
        v1 = seed &+ Self.prime1 &+ Self.prime2
        v2 = seed &+ Self.prime2
        v3 = seed
        v4 = seed &- Self.prime1
        pending.reserveCapacity(32)
    }

    /// The hash of bytes in one call.
    public static func hash(_ bytes: UnsafeRawBufferPointer, seed: UInt64 = 0) -> UInt64 {
        var hasher = XXHash64(seed: seed)
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// The hash of a byte array in one call.
    public static func hash(_ bytes: [UInt8], seed: UInt64 = 0) -> UInt64 {
        bytes.withUnsafeBytes { hash($0, seed: seed) }
    }

    @inline(__always)
    private static func rotate(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    @inline(__always)
    private static func round(_ accumulator: UInt64, _ input: UInt64) -> UInt64 {
        rotate(accumulator &+ input &* prime2, 31) &* prime1
    }

    @inline(__always)
    private static func merge(_ accumulator: UInt64, _ value: UInt64) -> UInt64 {
        (accumulator ^ round(0, value)) &* prime1 &+ prime4
    }

    /// Adds bytes.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard var base = bytes.baseAddress, bytes.count > 0 else { return }
        var count = bytes.count
        total &+= UInt64(count)
        if !pending.isEmpty {
            let take = Swift.min(32 - pending.count, count)
            pending.append(contentsOf: UnsafeRawBufferPointer(start: base, count: take))
            base += take
            count -= take
            guard pending.count == 32 else { return }
            pending.withUnsafeBytes { stripe in
                if let start = stripe.baseAddress { consume(start, stripes: 1) }
            }
            pending.removeAll(keepingCapacity: true)
        }
        let stripes = count / 32
        if stripes > 0 {
            consume(base, stripes: stripes)
            base += stripes * 32
            count -= stripes * 32
        }
        if count > 0 { pending.append(contentsOf: UnsafeRawBufferPointer(start: base, count: count)) }
    }

    private mutating func consume(_ base: UnsafeRawPointer, stripes: Int) {
        var a = v1, b = v2, c = v3, d = v4
        var p = base
        for _ in 0..<stripes {
            a = Self.round(a, UInt64(littleEndian: p.loadUnaligned(as: UInt64.self)))
            b = Self.round(b, UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 8, as: UInt64.self)))
            c = Self.round(c, UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 16, as: UInt64.self)))
            d = Self.round(d, UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 24, as: UInt64.self)))
            p += 32
        }
        v1 = a; v2 = b; v3 = c; v4 = d
    }

    /// The hash of everything added.
    public func finalize() -> UInt64 {
        var h: UInt64
        if total >= 32 {
            h = Self.rotate(v1, 1) &+ Self.rotate(v2, 7) &+ Self.rotate(v3, 12) &+ Self.rotate(v4, 18)
            h = Self.merge(h, v1)
            h = Self.merge(h, v2)
            h = Self.merge(h, v3)
            h = Self.merge(h, v4)
        } else {
            h = seed &+ Self.prime5
        }
        h &+= total
        pending.withUnsafeBytes { rest in
            var i = 0
            let n = rest.count
            while i + 8 <= n {
                h ^= Self.round(0, UInt64(littleEndian: rest.loadUnaligned(fromByteOffset: i, as: UInt64.self)))
                h = Self.rotate(h, 27) &* Self.prime1 &+ Self.prime4
                i += 8
            }
            if i + 4 <= n {
                h ^= UInt64(UInt32(littleEndian: rest.loadUnaligned(fromByteOffset: i, as: UInt32.self))) &* Self.prime1
                h = Self.rotate(h, 23) &* Self.prime2 &+ Self.prime3
                i += 4
            }
            while i < n {
                h ^= UInt64(rest[i]) &* Self.prime5
                h = Self.rotate(h, 11) &* Self.prime1
                i += 1
            }
        }
        h ^= h >> 33
        h &*= Self.prime2
        h ^= h >> 29
        h &*= Self.prime3
        h ^= h >> 32
        return h
    }
}
