import QuireEngine

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A forward-only reader of JSON text in a byte buffer: the pieces a prediction request is made
/// of, without building a tree (no `JSONSerialization`, no `Codable`, no per-value allocation for
/// numbers).
///
/// Every method throws ``RequestError`` (400) at the first byte that breaks RFC 8259; nesting is
/// limited to ``maximumDepth`` so a hostile body cannot exhaust the stack.
struct JSONScanner {
    /// The deepest nesting ``skipValue(depth:)`` follows.
    static let maximumDepth = 64

    /// The text.
    let bytes: UnsafeBufferPointer<UInt8>
    /// The next byte to read.
    var index = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// Whether only whitespace is left.
    mutating func atEnd() -> Bool {
        skipSpace()
        return index >= bytes.count
    }

    /// Skips spaces, tabs and line breaks.
    mutating func skipSpace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    /// The next non-space byte, not consumed; nil at the end.
    mutating func peek() -> UInt8? {
        skipSpace()
        return index < bytes.count ? bytes[index] : nil
    }

    /// Consumes `byte` (after spaces) or throws.
    mutating func expect(_ byte: UInt8) throws(RequestError) {
        guard peek() == byte else { throw unexpected("expected '\(Character(Unicode.Scalar(byte)))'") }
        index += 1
    }

    /// Consumes `byte` if it is next (after spaces).
    mutating func take(_ byte: UInt8) -> Bool {
        guard peek() == byte else { return false }
        index += 1
        return true
    }

    /// An error at the current position.
    func unexpected(_ what: String) -> RequestError {
        guard index < bytes.count else { return .badJSON("\(what), found the end", at: index) }
        return .badJSON(what, at: index)
    }

    /// The kind of the next value, from its first byte.
    enum Token {
        case string, number, object, array, literalTrue, literalFalse, literalNull
    }

    /// What the next value is, or throws when no value can start here.
    mutating func nextToken() throws(RequestError) -> Token {
        switch peek() {
        case 0x22: return .string
        case 0x7B: return .object
        case 0x5B: return .array
        case 0x74: return .literalTrue
        case 0x66: return .literalFalse
        case 0x6E: return .literalNull
        case .some(let byte) where byte == 0x2D || (0x30...0x39).contains(byte): return .number
        default: throw unexpected("expected a value")
        }
    }

    /// Consumes `true`, `false` or `null`.
    mutating func literal(_ text: StaticString) throws(RequestError) {
        skipSpace()
        let count = text.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw unexpected("expected '\(text)'") }
        for offset in 0..<count where bytes[index + offset] != text.utf8Start[offset] {
            throw unexpected("expected '\(text)'")
        }
        index += count
    }

    /// A string's bytes when it has no escapes (the common case: a range of the buffer), else its
    /// decoded text.
    enum StringValue {
        case raw(Range<Int>)
        case decoded(String)
    }

    /// Reads a string.
    mutating func string() throws(RequestError) -> StringValue {
        try expect(0x22)
        let start = index
        var bits: UInt8 = 0  // the bytes or'ed together: below 0x80 when all are ASCII
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x22 {
                index += 1
                let range = start..<(index - 1)
                guard bits < 0x80 || validUTF8(range) else {
                    throw RequestError.badJSON("a string is not valid UTF-8", at: start)
                }
                return .raw(range)
            }
            if byte == 0x5C { return .decoded(try escapedString(from: start)) }
            guard byte >= 0x20 else { throw unexpected("a control character in a string") }
            bits |= byte
            index += 1
        }
        throw unexpected("an unterminated string")
    }

    /// A string as Swift text.
    mutating func text() throws(RequestError) -> String {
        switch try string() {
        case .raw(let range): String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        case .decoded(let text): text
        }
    }

    /// Whether `range` holds well-formed UTF-8.
    private func validUTF8(_ range: Range<Int>) -> Bool {
        var iterator = UnsafeBufferPointer(rebasing: bytes[range]).makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }

    /// The rest of a string holding escapes, from its first byte `start`.
    private mutating func escapedString(from start: Int) throws(RequestError) -> String {
        var out: [UInt8] = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case 0x22:
                guard let text = String(validating: out, as: UTF8.self) else {
                    throw RequestError.badJSON("a string is not valid UTF-8", at: start)
                }
                return text
            case 0x5C:
                guard index < bytes.count else { throw unexpected("an unterminated string") }
                let escape = bytes[index]
                index += 1
                switch escape {
                case 0x22, 0x5C, 0x2F: out.append(escape)
                case 0x62: out.append(0x08)
                case 0x66: out.append(0x0C)
                case 0x6E: out.append(0x0A)
                case 0x72: out.append(0x0D)
                case 0x74: out.append(0x09)
                case 0x75:
                    var scalar = try hex4()
                    if (0xD800..<0xDC00).contains(scalar) {
                        guard index + 1 < bytes.count, bytes[index] == 0x5C, bytes[index + 1] == 0x75 else {
                            throw unexpected("a lone surrogate in a \\u escape")
                        }
                        index += 2
                        let low = try hex4()
                        guard (0xDC00..<0xE000).contains(low) else {
                            throw unexpected("a lone surrogate in a \\u escape")
                        }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let unicode = Unicode.Scalar(scalar) else {
                        throw unexpected("a lone surrogate in a \\u escape")
                    }
                    out.append(contentsOf: String(Character(unicode)).utf8)
                default: throw unexpected("an unknown escape")
                }
            default:
                guard byte >= 0x20 else {
                    index -= 1
                    throw unexpected("a control character in a string")
                }
                out.append(byte)
            }
        }
        throw unexpected("an unterminated string")
    }

    private mutating func hex4() throws(RequestError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw unexpected("a short \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case 0x30...0x39: digit = UInt32(byte - 0x30)
            case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
            default: throw unexpected("a bad \\u escape")
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }

    /// Reads a number: RFC 8259's grammar, converted exactly as `strtod` converts it (correctly
    /// rounded, as the CSV reader's numbers are), so the same text gives the same bits either way.
    /// Up to 19 significant digits go through ``DecimalParser/value(mantissa:exponent:)``; longer
    /// numbers and extreme exponents through `strtod` itself. A number too large for a double
    /// becomes infinity, which the model then refuses by name.
    mutating func number() throws(RequestError) -> Double {
        skipSpace()
        if let value = shortNumber() { return value }
        let start = index
        let end = bytes.count
        let negative = index < end && bytes[index] == 0x2D
        if negative { index += 1 }
        guard index < end, bytes[index] &- 0x30 < 10 else { throw unexpected("expected a digit") }
        var mantissa: UInt64 = 0
        var significant = 0
        var exponent = 0
        /// More than 19 significant digits: the mantissa no longer holds them all.
        var long = false
        if bytes[index] == 0x30 {
            index += 1
        } else {
            while index < end {
                let digit = bytes[index] &- 0x30
                if digit >= 10 { break }
                if significant < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(digit)
                    significant += 1
                } else {
                    long = true
                }
                index += 1
            }
        }
        if index < end, bytes[index] == 0x2E {
            index += 1
            guard index < end, bytes[index] &- 0x30 < 10 else { throw unexpected("expected a digit after '.'") }
            while index < end {
                let digit = bytes[index] &- 0x30
                if digit >= 10 { break }
                if mantissa == 0 && digit == 0 {
                    exponent -= 1  // a leading zero of the fraction is not significant
                } else if significant < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(digit)
                    significant += 1
                    exponent -= 1
                } else {
                    long = true
                }
                index += 1
            }
        }
        if index < end, bytes[index] | 0x20 == 0x65 {
            index += 1
            var exponentNegative = false
            if index < end, bytes[index] == 0x2B || bytes[index] == 0x2D {
                exponentNegative = bytes[index] == 0x2D
                index += 1
            }
            guard index < end, bytes[index] &- 0x30 < 10 else { throw unexpected("expected a digit in the exponent") }
            var value = 0
            while index < end {
                let digit = bytes[index] &- 0x30
                if digit >= 10 { break }
                if value < 100_000 { value = value * 10 + Int(digit) }
                index += 1
            }
            exponent += exponentNegative ? -value : value
        }
        if !long, let value = DecimalParser.value(mantissa: mantissa, exponent: exponent) {
            return negative ? -value : value
        }
        let count = index - start
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: count + 1) { buffer in
            guard let base = buffer.baseAddress, let source = bytes.baseAddress else { return .nan }
            for offset in 0..<count { buffer[offset] = CChar(bitPattern: source[start + offset]) }
            buffer[count] = 0
            return strtod(base, nil)
        }
    }

    /// The common number, read eight digits at a time: up to 7 digits, then optionally a '.' and 1
    /// to 7 digits, no exponent (`17.99`, `-0.07871`, `1001`), with at least 24 bytes after it
    /// (every load stays inside the body). Nil, with nothing consumed, for any other text, which
    /// ``number()`` then reads digit by digit, and refuses if it breaks the grammar.
    /// `10^n` for `n` in `0..<8`, indexed without a branch (a `switch` over the count of digits,
    /// which varies from number to number, costs a mispredicted jump).
    private static var powers: SIMD8<Double> { SIMD8(1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7) }
    private static var integerPowers: SIMD8<UInt64> { SIMD8(1, 10, 100, 1000, 10_000, 100_000, 1_000_000, 10_000_000) }

    private mutating func shortNumber() -> Double? {
        guard index + 24 <= bytes.count, let base = bytes.baseAddress else { return nil }
        var p = base + index
        let negative = p.pointee == 0x2D
        if negative { p += 1 }
        let word = UnsafeRawPointer(p).loadUnaligned(as: UInt64.self)
        let flags = DecimalParser.nonDigitFlags(word)
        let integerDigits = flags.trailingZeroBitCount &>> 3  // 8 when flags == 0
        // JSON allows no leading zero before more digits, and needs a digit before any '.'.
        guard integerDigits > 0, integerDigits < 8, integerDigits == 1 || p.pointee != 0x30 else { return nil }
        var mantissa = DecimalParser.convertDigits(word, count: integerDigits)
        p += integerDigits
        var fractionDigits = 0
        if p.pointee == 0x2E {
            let fraction = UnsafeRawPointer(p + 1).loadUnaligned(as: UInt64.self)
            fractionDigits = DecimalParser.nonDigitFlags(fraction).trailingZeroBitCount &>> 3
            guard fractionDigits > 0, fractionDigits < 8 else { return nil }
            mantissa =
                mantissa &* Self.integerPowers[fractionDigits]
                &+ DecimalParser.convertDigits(fraction, count: fractionDigits)
            p += 1 + fractionDigits
        }
        guard p.pointee | 0x20 != 0x65 else { return nil }  // an exponent: the general path
        // At most 14 digits: the mantissa is below 2^53, and 10^fractionDigits is exact, so
        // one division rounds correctly (Clinger's fast path).
        var value = Double(mantissa)
        if fractionDigits > 0 { value /= Self.powers[fractionDigits] }
        index = p - base
        return negative ? -value : value
    }

    /// Consumes the string `"NAME"` when it comes next (after spaces), `name` being plain UTF-8
    /// text that JSON writes without escapes: a key matched by comparing bytes, without decoding
    /// or validating it (the bytes equal `name`'s, which are valid).
    mutating func take(key name: UnsafeBufferPointer<UInt8>) -> Bool {
        skipSpace()
        let count = name.count
        guard index + count + 2 <= bytes.count, let base = bytes.baseAddress, let nameBase = name.baseAddress,
            base[index] == 0x22, base[index + count + 1] == 0x22
        else { return false }
        // Compared eight bytes at a time (names are short: a call to memcmp costs more).
        let key = UnsafeRawPointer(base + index + 1)
        let expected = UnsafeRawPointer(nameBase)
        var offset = 0
        while offset + 8 <= count {
            guard
                key.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                    == expected.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            else { return false }
            offset += 8
        }
        while offset < count {
            guard
                key.load(fromByteOffset: offset, as: UInt8.self)
                    == expected.load(fromByteOffset: offset, as: UInt8.self)
            else { return false }
            offset += 1
        }
        index += count + 2
        return true
    }

    /// Skips one value of any kind, nested at most ``maximumDepth`` deep.
    mutating func skipValue(depth: Int = 0) throws(RequestError) {
        guard depth < Self.maximumDepth else { throw unexpected("nesting deeper than \(Self.maximumDepth) levels") }
        switch try nextToken() {
        case .string: _ = try string()
        case .number: _ = try number()
        case .literalTrue: try literal("true")
        case .literalFalse: try literal("false")
        case .literalNull: try literal("null")
        case .array:
            try expect(0x5B)
            if take(0x5D) { return }
            repeat { try skipValue(depth: depth + 1) } while take(0x2C)
            try expect(0x5D)
        case .object:
            try expect(0x7B)
            if take(0x7D) { return }
            repeat {
                _ = try string()
                try expect(0x3A)
                try skipValue(depth: depth + 1)
            } while take(0x2C)
            try expect(0x7D)
        }
    }
}
