/// Values replaced by dense integer codes, as pandas' `factorize` does: equal values get one code,
/// so grouping and counting distinct values work on integers, never on strings or doubles.
///
/// Codes are either in order of first appearance or, when asked, in ascending value order (the
/// order of groups). A missing value has code -1.
struct Factorization {
    /// One code per row, in `0..<count`, or -1 for a missing value.
    var codes: [Int32]
    /// The number of distinct values present.
    var count: Int
    /// Whether some value is missing.
    var hasMissing: Bool

    /// Codes of numbers by value: NaN is missing and `-0` is `0` (pandas groups and counts them
    /// as one). Whole numbers in a short range are indexed directly; other values are hashed by
    /// their bit patterns.
    init(_ values: UnsafeBufferPointer<Double>, sorted: Bool) {
        let n = values.count
        var codes = [Int32](repeating: -1, count: n)
        var hasMissing = false
        var count = 0
        codes.withUnsafeMutableBufferPointer { out in
            // A short range of whole numbers (ids, counts, 0/1 flags): a table indexed by value,
            // whose order is the values' order.
            var low = Double.infinity
            var high = -Double.infinity
            var whole = true
            for v in values where !v.isNaN {
                if v < low { low = v }
                if v > high { high = v }
                if whole, v.rounded(.towardZero) != v { whole = false }
            }
            let span = high - low
            if whole, low.isFinite, high.isFinite, span < Double(Swift.max(2 * n, 1 << 16)) {
                var slot = [Int32](repeating: -1, count: Int(span) + 1)
                for v in values where !v.isNaN { slot[Int(v - low)] = 0 }
                if sorted {
                    for s in slot.indices where slot[s] == 0 {
                        slot[s] = Int32(count)
                        count += 1
                    }
                }
                for i in 0..<n {
                    let v = values[i]
                    if v.isNaN {
                        hasMissing = true
                        continue
                    }
                    let s = Int(v - low)
                    if !sorted, slot[s] == 0 {
                        // Codes in order of first appearance: 0 marks "seen, not yet coded".
                        slot[s] = Int32(count) + 1
                        count += 1
                    }
                    out[i] = sorted ? slot[s] : slot[s] - 1
                }
                return
            }
            let table = CodeTable()
            for i in 0..<n {
                let v = values[i]
                if v.isNaN {
                    hasMissing = true
                    continue
                }
                out[i] = table.code(for: (v == 0 ? 0.0 : v).bitPattern)
            }
            count = table.count
            if sorted {
                let keys = table.keysByCode
                let order = (0..<count).sorted { Double(bitPattern: keys[$0]) < Double(bitPattern: keys[$1]) }
                Self.renumber(out, by: order)
            }
        }
        self.codes = codes
        self.count = count
        self.hasMissing = hasMissing
    }

    /// Codes of non-negative integer keys below `limit` (combined group keys), in ascending
    /// order; -1 stays missing.
    init(keys: [Int], below limit: Int) {
        let n = keys.count
        var codes = [Int32](repeating: -1, count: n)
        var hasMissing = false
        var count = 0
        keys.withUnsafeBufferPointer { values in
            codes.withUnsafeMutableBufferPointer { out in
                if limit <= Swift.max(2 * n, 1 << 16) {
                    var slot = [Int32](repeating: -1, count: limit)
                    for v in values where v >= 0 { slot[v] = 0 }
                    for s in slot.indices where slot[s] == 0 {
                        slot[s] = Int32(count)
                        count += 1
                    }
                    for i in 0..<n {
                        let v = values[i]
                        if v < 0 { hasMissing = true } else { out[i] = slot[v] }
                    }
                    return
                }
                let table = CodeTable()
                for i in 0..<n {
                    let v = values[i]
                    if v < 0 { hasMissing = true } else { out[i] = table.code(for: UInt64(v)) }
                }
                count = table.count
                let keys = table.keysByCode
                Self.renumber(out, by: (0..<count).sorted { keys[$0] < keys[$1] })
            }
        }
        self.codes = codes
        self.count = count
        self.hasMissing = hasMissing
    }

    /// Replaces first-appearance codes by their positions in `order` (the codes sorted by value).
    private static func renumber(_ codes: UnsafeMutableBufferPointer<Int32>, by order: [Int]) {
        var rank = [Int32](repeating: 0, count: order.count)
        for (position, code) in order.enumerated() { rank[code] = Int32(position) }
        for i in codes.indices where codes[i] >= 0 { codes[i] = rank[Int(codes[i])] }
    }
}
