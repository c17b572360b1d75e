// Schema parameters several ops declare the same way.

extension OpSchema.Parameter {
    /// `from`: the frame an op reads (select, drop, filter, derive, split, profile).
    static let from = OpSchema.Parameter("from", .input(.frame), required: true, "the frame to read")

    /// `seed`: an op's random seed; the same seed gives the same bytes.
    static func seed(_ doc: String) -> OpSchema.Parameter {
        .init("seed", .integer, default: .integer(0), range: .finite, doc)
    }
}

extension Int {
    /// A notebook's seed (any integer) as the engine's 64-bit seed, bit for bit.
    var seedBits: UInt64 { UInt64(bitPattern: Int64(self)) }
}
