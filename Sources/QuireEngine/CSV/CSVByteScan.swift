#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Byte scans that find record boundaries without parsing: the quote-parity rule.
///
/// A line feed ends a record exactly when an even number of `"` precede it since the last
/// record boundary: RFC 4180 allows quotes only around a field and doubled inside it, so every
/// quoted field contributes an even count (the reader rejects a quote in an unquoted field).
enum CSVByteScan {
    static let lineFeed: UInt8 = 0x0A
    static let carriageReturn: UInt8 = 0x0D
    static let quote: UInt8 = 0x22

    /// The number of `byte` in `[from, to)`.
    static func count(_ byte: UInt8, in base: UnsafePointer<UInt8>, from: Int, to: Int) -> Int {
        var total = 0
        var position = from
        while position < to {
            guard let hit = memchr(base + position, Int32(byte), to - position) else { break }
            total += 1
            position = UnsafeRawPointer(hit).assumingMemoryBound(to: UInt8.self) - base + 1
        }
        return total
    }

    /// The position just after the last line feed that ends a record, or `nil` when `[0, count)`
    /// holds no complete record. `base` must be at a record boundary.
    static func endOfLastRecord(_ base: UnsafePointer<UInt8>, count: Int) -> Int? {
        var quotes = self.count(quote, in: base, from: 0, to: count)
        if quotes == 0 {
            // No quotes (the common case for numeric data): every line feed ends a record.
            var position = count - 1
            while position >= 0, base[position] != lineFeed { position -= 1 }
            return position < 0 ? nil : position + 1
        }
        var limit = count
        while limit > 0 {
            var position = limit - 1
            while position >= 0, base[position] != lineFeed { position -= 1 }
            if position < 0 { return nil }
            quotes -= self.count(quote, in: base, from: position + 1, to: limit)
            if quotes & 1 == 0 { return position + 1 }
            limit = position
        }
        return nil
    }

    /// The first record boundary at or after `target`, given the quote count in `[0, target)`.
    static func nextRecordBoundary(
        _ base: UnsafePointer<UInt8>, count: Int, from target: Int, quotesBefore: Int
    ) -> Int {
        var quotes = quotesBefore
        var position = target
        while position < count {
            guard let hit = memchr(base + position, Int32(lineFeed), count - position) else { return count }
            let lineEnd = UnsafeRawPointer(hit).assumingMemoryBound(to: UInt8.self) - base
            quotes += self.count(quote, in: base, from: position, to: lineEnd)
            if quotes & 1 == 0 { return lineEnd + 1 }
            position = lineEnd + 1
        }
        return count
    }

    /// Splits `[0, count)`, which starts at a record boundary and ends with one, into up to `parts`
    /// ranges of whole records of about equal size.
    static func split(_ base: UnsafePointer<UInt8>, count: Int, parts: Int) -> [Range<Int>] {
        guard parts > 1, count > 4096 else { return [0..<count] }
        let quoteFree = memchr(base, Int32(quote), count) == nil
        var ranges: [Range<Int>] = []
        var start = 0
        for part in 1..<parts {
            let target = count / parts * part
            guard target > start else { continue }
            // Parity is even at a record boundary, so count from the last one.
            let quotes = quoteFree ? 0 : self.count(quote, in: base, from: start, to: target)
            let boundary = nextRecordBoundary(base, count: count, from: target, quotesBefore: quotes)
            guard boundary < count else { break }
            ranges.append(start..<boundary)
            start = boundary
        }
        ranges.append(start..<count)
        return ranges
    }
}
