/// xoshiro256** 1.0 (Blackman and Vigna 2018), the engine's portable random number generator.
///
/// Every draw uses only 64-bit integer operations and IEEE-754 `+ - * /` and `sqrt`, which give
/// the same bits on every machine, so a seed fixes the output exactly. Foundation's and the
/// standard library's random sources are never used. See docs/engine.md, "Random numbers".
public struct Xoshiro256StarStar: RandomNumberGenerator, Sendable {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    /// Creates a generator whose four state words are the first four outputs of
    /// ``SplitMix64`` seeded with `seed`.
    public init(seed: UInt64) {
        var seeder = SplitMix64(seed: seed)
        s0 = seeder.next()
        s1 = seeder.next()
        s2 = seeder.next()
        s3 = seeder.next()
    }

    /// The next 64-bit word.
    public mutating func next() -> UInt64 {
        let result = rotateLeft(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotateLeft(s3, 45)
        return result
    }

    @inline(__always)
    private func rotateLeft(_ x: UInt64, _ k: UInt64) -> UInt64 {
        (x << k) | (x >> (64 - k))
    }
}
