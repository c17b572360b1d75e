#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Text → `Double`, bit-identical to `strtod` (round to nearest, ties to even).
///
/// The fast path (Clinger's): a decimal with at most 19 significant digits whose value is
/// `m × 10^e` with `m ≤ 2^53` and `|e| ≤ 22` is exact as `Double(m) * 10^e` or `Double(m) / 10^-e`,
/// because both operands are exact doubles and IEEE multiplication and division round once.
/// Everything else (long mantissas, large exponents, `inf`, `nan`) goes to `strtod` after this
/// type has checked the grammar itself, so `strtod`'s leniencies (hex floats, leading spaces
/// inside quotes, partial parses) never leak in.
public enum DecimalParser {
    /// The exact double `10^e` for `e` in `0...22` (a switch compiles to a constant table; a global
    /// array would cost a lazy-initialisation check on every call).
    @inlinable @inline(__always)
    public static func powerOfTen(_ e: Int) -> Double {
        switch e {
        case 0: 1e0
        case 1: 1e1
        case 2: 1e2
        case 3: 1e3
        case 4: 1e4
        case 5: 1e5
        case 6: 1e6
        case 7: 1e7
        case 8: 1e8
        case 9: 1e9
        case 10: 1e10
        case 11: 1e11
        case 12: 1e12
        case 13: 1e13
        case 14: 1e14
        case 15: 1e15
        case 16: 1e16
        case 17: 1e17
        case 18: 1e18
        case 19: 1e19
        case 20: 1e20
        case 21: 1e21
        default: 1e22
        }
    }

    /// Scans a plain decimal (`-12.5`, `3`, `.5`, `1e-3`) at `p` and stores its value in `output`.
    ///
    /// - Returns: `true` with `p` moved past the number, or `false` (and `p` unchanged) when the
    ///   text is not a plain decimal or is outside the fast path. The caller checks that the byte
    ///   at `p` ends the field; `output` may have been written either way.
    /// - Precondition: the bytes after `p` contain a byte that is not part of a number and 8
    ///   readable bytes beyond it (the reader pads its buffers).
    @inline(always)
    static func scanFast(_ p: inout UnsafePointer<UInt8>, into output: UnsafeMutablePointer<Double>) -> Bool {
        var q = p
        let first = q.pointee
        let negative = first == 0x2D
        q += negative || first == 0x2B ? 1 : 0
        // Common case: the dot is among the first 8 bytes. Splice the digits after it onto the
        // ones before it (a second load one byte later) and convert up to 8 digits at once.
        // More than 19 digits could overflow the mantissa, so such numbers take the slow path.
        var mantissa: UInt64 = 0
        var exponent = 0
        var digits: Int
        let word = UnsafeRawPointer(q).loadUnaligned(as: UInt64.self)
        let flags = nonDigitFlags(word)
        let stop = flags == 0 ? 8 : flags.trailingZeroBitCount &>> 3
        if stop < 8, (word &>> UInt64(stop &<< 3)) & 0xFF == 0x2E {
            let shifted = UnsafeRawPointer(q + 1).loadUnaligned(as: UInt64.self)
            let low: UInt64 = stop == 0 ? 0 : ~0 &>> UInt64(64 &- (stop &<< 3))
            let merged = (word & low) | (shifted & ~low)
            let mergedFlags = nonDigitFlags(merged)
            digits = mergedFlags == 0 ? 8 : mergedFlags.trailingZeroBitCount &>> 3
            if digits > 0 { mantissa = convertDigits(merged, count: digits) }
            exponent = stop &- digits
            q += digits &+ 1
            if digits == 8, q.pointee &- 0x30 < 10 {
                let more = scanDigits(&q, into: &mantissa)
                digits &+= more
                exponent &-= more
            }
        } else if stop < 8 {
            digits = stop
            if digits > 0 { mantissa = convertDigits(word, count: digits) }
            q += digits
        } else {
            digits = scanDigits(&q, into: &mantissa)
            if q.pointee == 0x2E {
                q += 1
                let fractionDigits = scanDigits(&q, into: &mantissa)
                exponent = -fractionDigits
                digits &+= fractionDigits
            }
        }
        guard digits != 0, digits <= 19 else { return false }
        if q.pointee | 0x20 == 0x65 {  // e or E
            q += 1
            var exponentNegative = false
            if q.pointee == 0x2D {
                exponentNegative = true
                q += 1
            } else if q.pointee == 0x2B {
                q += 1
            }
            var value = 0
            let exponentStart = q
            while true {
                let digit = q.pointee &- 0x30
                if digit >= 10 { break }
                if value < 100_000 { value = value &* 10 &+ Int(digit) }
                q += 1
            }
            if q == exponentStart { return false }
            exponent &+= exponentNegative ? -value : value
        }
        guard let value = value(mantissa: mantissa, exponent: exponent) else { return false }
        output.pointee = negative ? -value : value
        p = q
        return true
    }

    /// `mantissa × 10^exponent` rounded as `strtod` rounds it, or nil when that needs `strtod`
    /// (an exponent outside `-22...22`, or outside `-19...19` for a mantissa above 2^53).
    ///
    /// For readers with a grammar of their own (the JSON request reader): they collect at most 19
    /// significant digits and hand the rest to `strtod`.
    @inline(__always)
    public static func value(mantissa: UInt64, exponent: Int) -> Double? {
        if mantissa == 0 { return 0 }
        if mantissa <= 1 << 53, exponent >= -22, exponent <= 22 {
            let value = Double(mantissa)
            if exponent < 0 { return value / powerOfTen(-exponent) }
            return exponent > 0 ? value * powerOfTen(exponent) : value
        }
        if exponent >= -19, exponent <= 19 {
            // 17–19 significant digits, as full-precision writers (pandas' default, repr) produce.
            return scaledExactly(mantissa, exponent)
        }
        return nil
    }

    /// `m × 10^e` rounded to nearest even, for `-19 ≤ e ≤ 19`, with 128-bit integer arithmetic.
    ///
    /// For `e ≥ 0` the product is exact in 128 bits and is rounded once. For `e < 0` the quotient
    /// `m · 2^s / 10^-e` is computed to 63–64 bits with `s` chosen so that it fits, and the
    /// remainder decides ties (sticky bit). Both give what `strtod` gives, without its cost.
    static func scaledExactly(_ m: UInt64, _ e: Int) -> Double {
        if e >= 0 {
            let product = m.multipliedFullWidth(by: integerPowerOfTenWide(e))
            if product.high == 0 { return Double(product.low) }  // Swift rounds UInt64 → Double to nearest even
            let shift = UInt64(product.high.leadingZeroBitCount)
            let top = shift == 0 ? product.high : (product.high << shift) | (product.low >> (64 - shift))
            let rest = product.low << shift
            return roundToDouble(top, sticky: rest != 0, scale: 64 - Int(shift))
        }
        let divisor = integerPowerOfTenWide(-e)
        let divisorBits = 64 - divisor.leadingZeroBitCount
        let mantissaBits = 64 - m.leadingZeroBitCount
        let s = 63 + divisorBits - mantissaBits  // quotient has 63 or 64 bits; 3 ≤ s ≤ 126
        let high: UInt64 = s >= 64 ? m << UInt64(s - 64) : m >> UInt64(64 - s)
        let low: UInt64 = s >= 64 ? 0 : m << UInt64(s)
        let (quotient, remainder) = divisor.dividingFullWidth((high: high, low: low))
        return roundToDouble(quotient, sticky: remainder != 0, scale: -s)
    }

    /// `bits × 2^scale` rounded to a double (nearest even); `sticky` says whether non-zero bits
    /// were cut off below `bits`. `bits` must have its top bit among the highest two.
    static func roundToDouble(_ bits: UInt64, sticky: Bool, scale: Int) -> Double {
        let length = 64 - bits.leadingZeroBitCount
        let extra = length - 53
        var significand = bits >> UInt64(extra)
        let half: UInt64 = 1 << UInt64(extra - 1)
        let below = bits & ((1 << UInt64(extra)) - 1)
        if below > half || (below == half && (sticky || significand & 1 == 1)) {
            significand += 1  // 2^53 after a carry is still exact as a double
        }
        return Double(sign: .plus, exponent: extra + scale, significand: Double(significand))
    }

    /// `10^e` for `e` in `0...19` as an integer.
    static func integerPowerOfTenWide(_ e: Int) -> UInt64 {
        var value: UInt64 = 1
        for _ in 0..<e { value &*= 10 }
        return value
    }

    /// Non-zero in each byte of `word` that is not an ASCII digit, zero in each digit byte.
    ///
    /// A byte is a digit when its high nibble is 3 and adding 6 keeps it so; a carry out of a
    /// non-digit byte (≥ 0xFA) only reaches later bytes, which callers never use.
    @inlinable @inline(__always)
    public static func nonDigitFlags(_ word: UInt64) -> UInt64 {
        let high: UInt64 = 0xF0F0_F0F0_F0F0_F0F0
        let zeros: UInt64 = 0x3030_3030_3030_3030
        return ((word & high) ^ zeros) | (((word &+ 0x0606_0606_0606_0606) & high) ^ zeros)
    }

    /// The value of the first `count` (1…8) digit bytes of `word` (first character lowest).
    @inlinable @inline(__always)
    public static func convertDigits(_ word: UInt64, count: Int) -> UInt64 {
        // Keep the digit bytes as the last `count` digits of eight, then combine pairs, quads, octets.
        var value = (word &- 0x3030_3030_3030_3030) &<< UInt64(8 &* (8 &- count))
        value = value &* 10 &+ (value &>> 8)
        let mask: UInt64 = 0x0000_00FF_0000_00FF
        return (((value & mask) &* 0x000F_4240_0000_0064) &+ (((value &>> 16) & mask) &* 0x0000_2710_0000_0001)) &>> 32
    }

    /// Reads up to eight digits at a time (SWAR) into `mantissa`, advancing `p`; returns how many.
    ///
    /// Reads 8 bytes at `p` even when fewer are digits, so the buffer must have 8 readable bytes
    /// past the last field (the reader pads its buffers). The mantissa wraps when more than 19
    /// digits are read; callers reject that case.
    @inline(always)
    static func scanDigits(_ p: inout UnsafePointer<UInt8>, into mantissa: inout UInt64) -> Int {
        var total = 0
        while true {
            let word = UnsafeRawPointer(p).loadUnaligned(as: UInt64.self)
            let flags = nonDigitFlags(word)
            let count = flags == 0 ? 8 : flags.trailingZeroBitCount &>> 3
            if count == 0 { return total }
            mantissa = mantissa &* integerPowerOfTen(count) &+ convertDigits(word, count: count)
            p += count
            total &+= count
            if count < 8 { return total }
        }
    }

    @inline(__always)
    static func integerPowerOfTen(_ e: Int) -> UInt64 {
        switch e {
        case 1: 10
        case 2: 100
        case 3: 1000
        case 4: 10000
        case 5: 100_000
        case 6: 1_000_000
        case 7: 10_000_000
        default: 100_000_000
        }
    }

    /// Parses a whole field as a number, or returns `nil` when it is not one.
    ///
    /// Accepts, after trimming ASCII spaces and tabs: an optional sign, then digits with an optional
    /// fraction and exponent (`1`, `-2.5`, `.5`, `5.`, `1e400`), or `inf`, `infinity`, `nan` in any
    /// case. Out-of-range values follow `strtod`: `1e400` is infinity, `1e-400` is zero.
    static func parse(_ field: UnsafeBufferPointer<UInt8>) -> Double? {
        guard var lower = field.baseAddress, field.count > 0 else { return nil }
        var upper = lower + field.count
        while lower < upper, lower.pointee == 0x20 || lower.pointee == 0x09 { lower += 1 }
        while upper > lower, upper[-1] == 0x20 || upper[-1] == 0x09 { upper -= 1 }
        let count = upper - lower
        guard count > 0, isNumberSyntax(UnsafeBufferPointer(start: lower, count: count)) else { return nil }
        // A NUL-terminated copy for strtod; fields are short, so the stack buffer nearly always fits.
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: count + 1) { buffer in
            // The capacity is at least 2 (`count > 0`), so the allocation has an address.
            guard let base = buffer.baseAddress else { return nil }
            UnsafeMutableRawPointer(base).copyMemory(from: lower, byteCount: count)
            base[count] = 0
            var end: UnsafeMutablePointer<CChar>?
            let value = strtod(base, &end)
            return end == base + count ? value : nil
        }
    }

    /// Whether bytes (already trimmed) match the number grammar of ``parse(_:)``.
    static func isNumberSyntax(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        let n = bytes.count
        if i < n, bytes[i] == 0x2B || bytes[i] == 0x2D { i += 1 }
        let rest = n - i
        if rest == 3 || rest == 8 {
            var word: [UInt8] = []
            for k in i..<n { word.append(bytes[k] | 0x20) }
            if word == Array("inf".utf8) || word == Array("nan".utf8) || word == Array("infinity".utf8) { return true }
        }
        var digits = 0
        while i < n, bytes[i] &- 0x30 < 10 { i += 1; digits += 1 }
        if i < n, bytes[i] == 0x2E {
            i += 1
            while i < n, bytes[i] &- 0x30 < 10 { i += 1; digits += 1 }
        }
        guard digits > 0 else { return false }
        if i < n, bytes[i] | 0x20 == 0x65 {
            i += 1
            if i < n, bytes[i] == 0x2B || bytes[i] == 0x2D { i += 1 }
            var exponentDigits = 0
            while i < n, bytes[i] &- 0x30 < 10 { i += 1; exponentDigits += 1 }
            guard exponentDigits > 0 else { return false }
        }
        return i == n
    }
}
