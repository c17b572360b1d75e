/// One key of a sort: a column and its direction.
public struct SortKey: Sendable, Hashable {
    /// The column sorted on.
    public var column: String
    /// Smallest first (numbers by value, text by Unicode code point, as pandas orders it).
    public var ascending: Bool

    /// A key on `column`, ascending unless told otherwise.
    public init(_ column: String, ascending: Bool = true) {
        self.column = column
        self.ascending = ascending
    }
}

extension Frame {
    /// The rows ordered by `keys`, the first key first; rows whose keys are all equal keep their
    /// order (the sort is stable), as pandas' `sort_values(kind="stable")` orders them.
    ///
    /// Numbers compare by value; text compares by Unicode code point (`"Z" < "a" < "é"`). A
    /// missing value (NaN, or missing text) is never compared with a value: missing values come
    /// first or last (`nullsFirst`) whatever the key's direction, as pandas' `na_position` does.
    ///
    /// - Throws: ``FrameError`` for a column that does not exist (about `by`).
    public func sorted(by keys: [SortKey], nullsFirst: Bool = false) throws -> Frame {
        let columns = try keys.map { try column(named: $0.column).values }
        guard !keys.isEmpty, rowCount > 1 else { return self }
        var order = RadixOrder(count: rowCount)
        // Least significant sort first: each pass is stable, so the first key decides last.
        for (key, values) in zip(keys, columns).reversed() {
            order.sort(by: values, ascending: key.ascending, nullsFirst: nullsFirst)
        }
        return rows(order.indices.map(Int.init))
    }
}

/// A stable least-significant-digit radix sort of row indices, key after key: each key's values
/// become order-preserving 64-bit integers (a double's bits with the sign folded in, or a
/// category's rank), sorted 16 bits at a time, skipping the digits every row shares; missing
/// values then move to the front or the back in one stable partition. Linear in the rows, where a
/// comparison sort is `n log n` comparisons through two columns each.
struct RadixOrder {
    /// The rows in their current order.
    private(set) var indices: [Int32]
    private var keys: [UInt64]
    private var spareIndices: [Int32]
    private var spareKeys: [UInt64]

    init(count: Int) {
        indices = (0..<Int32(count)).map { $0 }
        keys = [UInt64](repeating: 0, count: count)
        spareIndices = [Int32](repeating: 0, count: count)
        spareKeys = [UInt64](repeating: 0, count: count)
    }

    /// Orders the rows by `values` (stable: rows that tie keep their current order).
    mutating func sort(by values: ColumnValues, ascending: Bool, nullsFirst: Bool) {
        var hasMissing = false
        switch values {
        case .numeric(let numbers), .date(let numbers):
            for (position, row) in indices.enumerated() {
                let value = numbers[Int(row)]
                if value.isNaN {
                    hasMissing = true
                    keys[position] = 0
                } else {
                    let bits = Self.orderedBits(value)
                    keys[position] = ascending ? bits : ~bits
                }
            }
        case .categorical(let strings):
            let rank = strings.codePointRanks
            for (position, row) in indices.enumerated() {
                let code = strings.codes[Int(row)]
                if code < 0 {
                    hasMissing = true
                    keys[position] = 0
                } else {
                    let r = UInt64(rank[Int(code)])
                    keys[position] = ascending ? r : UInt64(rank.count) - r
                }
            }
        }
        for shift in stride(from: 0, to: 64, by: 16) { pass(shift: UInt64(shift)) }
        if hasMissing { partitionMissing(values, first: nullsFirst) }
    }

    /// A double's bits as an unsigned integer in the double's order (-0.0 as 0.0).
    @inline(__always)
    static func orderedBits(_ value: Double) -> UInt64 {
        let bits = (value == 0 ? 0.0 : value).bitPattern
        return bits & (1 << 63) == 0 ? bits | (1 << 63) : ~bits
    }

    /// One stable counting-sort pass on the 16 bits at `shift`; skipped when every row has the
    /// same digit there.
    private mutating func pass(shift: UInt64) {
        let n = indices.count
        var counts = [Int](repeating: 0, count: 1 << 16)
        keys.withUnsafeBufferPointer { keys in
            counts.withUnsafeMutableBufferPointer { counts in
                for i in 0..<n { counts[Int((keys[i] >> shift) & 0xFFFF)] += 1 }
            }
        }
        if counts.contains(n) { return }
        var total = 0
        for digit in counts.indices {
            let c = counts[digit]
            counts[digit] = total
            total += c
        }
        keys.withUnsafeBufferPointer { keys in
            indices.withUnsafeBufferPointer { indices in
                spareKeys.withUnsafeMutableBufferPointer { outKeys in
                    spareIndices.withUnsafeMutableBufferPointer { outIndices in
                        counts.withUnsafeMutableBufferPointer { next in
                            for i in 0..<n {
                                let digit = Int((keys[i] >> shift) & 0xFFFF)
                                let at = next[digit]
                                next[digit] = at + 1
                                outKeys[at] = keys[i]
                                outIndices[at] = indices[i]
                            }
                        }
                    }
                }
            }
        }
        swap(&keys, &spareKeys)
        swap(&indices, &spareIndices)
    }

    /// Moves the rows whose value is missing to the front (`first`) or the back, both groups
    /// keeping their order.
    private mutating func partitionMissing(_ values: ColumnValues, first: Bool) {
        func missing(_ row: Int32) -> Bool {
            switch values {
            case .numeric(let numbers), .date(let numbers): numbers[Int(row)].isNaN
            case .categorical(let strings): strings.codes[Int(row)] < 0
            }
        }
        let absent = indices.filter(missing)
        let present = indices.filter { !missing($0) }
        indices = first ? absent + present : present + absent
    }
}

/// One key's order over a column's rows, as ranks: a comparison is two array reads.
struct SortOrder {
    /// Each row's value (numbers) or category rank (text); nil marks the missing rows.
    private enum Ranks {
        case numbers([Double])
        case codes([Int32])
    }

    private let ranks: Ranks
    private let ascending: Bool
    private let nullsFirst: Bool

    init(_ values: ColumnValues, ascending: Bool, nullsFirst: Bool) {
        self.ascending = ascending
        self.nullsFirst = nullsFirst
        switch values {
        case .numeric(let numbers), .date(let numbers):
            // Dates order by their instant, as numbers.
            ranks = .numbers(numbers)
        case .categorical(let strings):
            // Categories ranked by their UTF-8 bytes, which is Unicode code point order; a
            // missing value keeps its code, -1.
            let rank = strings.codePointRanks
            ranks = .codes(strings.codes.map { $0 < 0 ? -1 : rank[Int($0)] })
        }
    }

    /// Negative when row `a` comes before row `b`, positive when after, 0 when they tie.
    func compare(_ a: Int, _ b: Int) -> Int {
        let missingA: Bool
        let missingB: Bool
        var comparison: Int
        switch ranks {
        case .numbers(let numbers):
            let x = numbers[a]
            let y = numbers[b]
            missingA = x.isNaN
            missingB = y.isNaN
            comparison = x < y ? -1 : (x > y ? 1 : 0)
        case .codes(let codes):
            let x = codes[a]
            let y = codes[b]
            missingA = x < 0
            missingB = y < 0
            comparison = x < y ? -1 : (x > y ? 1 : 0)
        }
        if missingA || missingB {
            if missingA == missingB { return 0 }
            return missingA == nullsFirst ? -1 : 1
        }
        return ascending ? comparison : -comparison
    }
}
