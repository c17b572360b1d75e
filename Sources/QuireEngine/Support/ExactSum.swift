/// The exact sum of doubles, rounded once at the end (half to even): Python's `math.fsum`, and
/// the same bits for any order of the values.
///
/// A long accumulator (Neal's "small superaccumulator"): a finite double is its 53-bit significand
/// times a power of two, so it is added, whole, to the 64-bit bin of its exponent: one add per
/// value. A bin holds 2^10 significands before it could overflow, so every ``chunk`` values the
/// bins are carried: each keeps its low 53 bits and passes the rest to the bin 53 places up. The
/// sum is read from the bins as one long two's-complement integer and rounded to the nearest
/// double. Values go alternately to two rows of bins, so that neighbours of one exponent do not
/// wait on each other's add, and a carry visits only the bins the chunk's values reached.
/// Infinities and NaN are counted apart, as fsum treats them: NaN or both infinities give NaN,
/// one infinity gives it; a finite sum beyond the largest double gives an infinity (where fsum
/// raises).
struct ExactSum {
    /// Significand bits of a double, with the implicit one.
    private static let significandBits = 53
    /// Bins: one per biased exponent of finite doubles (subnormals share the smallest normal
    /// exponent's), and two rows of carries above them. Bin `b` weighs 2^(b - 1074).
    private static let binCount = 2046 + 2 * significandBits
    /// Values added between carries: 2^63 / 2^53 = 1024 significands fit in a bin.
    private static let chunk = 1023

    /// Two rows of ``binCount`` bins: even values go to the first, odd ones to the second.
    private var bins = [Int64](repeating: 0, count: 2 * binCount)
    private var sinceCarry = 0
    /// The lowest and highest bin a value reached since the last carry (empty when `low > high`).
    private var low = Int.max, high = -1
    private var nan = false
    private var positiveInfinity = false
    private var negativeInfinity = false

    /// An empty sum (zero).
    init() {}

    /// The exact sum of `term` of every value, rounded once.
    @inline(__always)
    static func of(_ values: [Double], _ term: (Double) -> Double = { $0 }) -> Double {
        var sum = ExactSum()
        sum.add(values, term)
        return sum.rounded
    }

    /// Adds `term` of every value.
    @inline(__always)
    mutating func add(_ values: [Double], _ term: (Double) -> Double = { $0 }) {
        var (nan, positiveInfinity, negativeInfinity) = (self.nan, self.positiveInfinity, self.negativeInfinity)
        var (sinceCarry, low, high) = (self.sinceCarry, self.low, self.high)
        bins.withUnsafeMutableBufferPointer { bins in
            /// Adds one value to the row starting at `row`.
            @inline(__always) func add(_ value: Double, row: Int) {
                let bits = term(value).bitPattern
                let exponent = Int(truncatingIfNeeded: bits >> 52) & 0x7ff
                guard exponent != 0x7ff else {
                    let value = Double(bitPattern: bits)
                    if value.isNaN {
                        nan = true
                    } else if value > 0 {
                        positiveInfinity = true
                    } else {
                        negativeInfinity = true
                    }
                    return
                }
                var significand = Int64(bitPattern: bits & 0x000f_ffff_ffff_ffff)
                if exponent != 0 { significand |= 1 << 52 }
                let bin = max(exponent, 1) - 1
                low = min(low, bin)
                high = max(high, bin)
                bins[row + bin] &+= bits >> 63 == 0 ? significand : -significand
            }
            var index = values.startIndex
            while index < values.endIndex {
                let end = min(index + Self.chunk - sinceCarry, values.endIndex)
                var next = index
                while next + 1 < end {
                    add(values[next], row: 0)
                    add(values[next + 1], row: Self.binCount)
                    next += 2
                }
                if next < end { add(values[next], row: 0) }
                sinceCarry += end - index
                index = end
                if sinceCarry == Self.chunk {
                    Self.carry(bins, from: low, through: high)
                    (sinceCarry, low, high) = (0, .max, -1)
                }
            }
        }
        (self.nan, self.positiveInfinity, self.negativeInfinity) = (nan, positiveInfinity, negativeInfinity)
        (self.sinceCarry, self.low, self.high) = (sinceCarry, low, high)
    }

    /// The sum, rounded to the nearest double (ties to even).
    var rounded: Double {
        if nan || (positiveInfinity && negativeInfinity) { return .nan }
        if positiveInfinity { return .infinity }
        if negativeInfinity { return -.infinity }
        // The bins as one integer in units of 2^-1074, two's complement, 64 bits a word, least
        // significant first; wide enough that its top bit is its sign.
        var words = [UInt64](repeating: 0, count: Self.binCount / 64 + 3)
        for (index, value) in bins.enumerated() where value != 0 {
            let bin = index % Self.binCount
            // `value` times 2^(bin % 64) spans two words; above them, a negative value is all ones.
            let shift = UInt64(bin % 64)
            var word = bin / 64
            var (sum, carry) = words[word].addingReportingOverflow(UInt64(bitPattern: value) << shift)
            words[word] = sum
            var part = UInt64(bitPattern: shift == 0 ? value >> 63 : value >> (64 - shift))
            let signFill: UInt64 = value < 0 ? .max : 0
            word += 1
            while word < words.count && (part != 0 || carry) {
                let (partial, overflow) = words[word].addingReportingOverflow(part)
                (words[word], carry) = partial.addingReportingOverflow(carry ? 1 : 0)
                carry = carry || overflow
                part = signFill
                word += 1
            }
        }
        let negative = words[words.count - 1] >> 63 == 1
        if negative {
            var carry = true
            for index in words.indices {
                (words[index], carry) = (~words[index]).addingReportingOverflow(carry ? 1 : 0)
            }
        }
        let magnitude = Self.rounded(words)
        return negative ? -magnitude : magnitude
    }

    /// Leaves the bins `low...high` of both rows in 0 ..< 2^53, passing the rest up (a negative
    /// bin borrows: the shift rounds down). Only those bins took values since the last carry; a
    /// bin above them takes at most 2^10 from each carry, so it could overflow only after 2^53
    /// carries.
    private static func carry(_ bins: UnsafeMutableBufferPointer<Int64>, from low: Int, through high: Int) {
        let top = min(high, binCount - significandBits - 1)
        guard low <= top else { return }
        for row in [0, binCount] {
            for index in (row + low)...(row + top) where bins[index] >> significandBits != 0 {
                let carried = bins[index] >> significandBits
                bins[index] -= carried << significandBits
                bins[index + significandBits] &+= carried
            }
        }
    }

    /// A non-negative integer in units of 2^-1074 (`words`, least significant first), rounded to
    /// the nearest double, ties to even.
    private static func rounded(_ words: [UInt64]) -> Double {
        guard let topWord = words.lastIndex(where: { $0 != 0 }) else { return 0 }
        let highest = topWord * 64 + 63 - words[topWord].leadingZeroBitCount
        // Below 2^53 units the integer is one word, exact as a double.
        if highest < significandBits { return Double(words[0]) * 0x1p-1074 }
        func bit(_ index: Int) -> UInt64 { words[index / 64] >> UInt64(index % 64) & 1 }
        // The 53 bits from the highest; the half below them; whether anything is below the half.
        let lowest = highest - (significandBits - 1)
        var significand: UInt64 = 0
        for index in stride(from: highest, through: lowest, by: -1) {
            significand = significand << 1 | bit(index)
        }
        let half = bit(lowest - 1) == 1
        let sticky = (0..<(lowest - 1)).contains { bit($0) == 1 }
        var exponent = lowest - 1074
        if half && (sticky || significand & 1 == 1) {
            significand += 1
            if significand == 1 << significandBits {
                significand >>= 1
                exponent += 1
            }
        }
        return Double(sign: .plus, exponent: exponent, significand: Double(significand))
    }
}
