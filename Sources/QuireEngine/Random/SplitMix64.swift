/// SplitMix64 (Steele, Lea, Flood 2014): expands one 64-bit seed into a stream of 64-bit words.
///
/// Used only to seed ``Xoshiro256StarStar``, as its authors recommend.
public struct SplitMix64: Sendable {
    /// The generator state; advanced by the golden-ratio increment on every draw.
    public private(set) var state: UInt64

    /// Creates a generator from a seed.
    public init(seed: UInt64) {
        state = seed
    }

    /// The next 64-bit word.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
