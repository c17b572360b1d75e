/// Each row's group for a group-by: dense ids numbered in sorted key order, assigned once and
/// shared by every aggregation.
///
/// A key column becomes ranks first (text through its category codes: only the categories are
/// sorted, never a string per row; numbers through ``Factorization``); several keys are combined
/// one at a time as `id · cardinality + rank`, which keeps the lexicographic order, and made dense
/// again after each step.
struct GroupIndex {
    /// Per row: its group, or -1 for a row in no group (a missing key, dropped).
    var ids: [Int32]
    /// The number of groups.
    var count: Int
    /// Per group: its first row, whose keys stand for the group's.
    var firstRows: [Int]
    /// Per group: its rows (pandas' `size`).
    var sizes: [Int]

    /// Groups by the key columns, in order; a missing key is dropped, or its own group placed
    /// after every value of that key when `keepMissing`. Without keys, every row is in one group
    /// (one group even for no rows).
    init(keys: [ColumnValues], rowCount n: Int, keepMissing: Bool) {
        var ids: [Int32]
        var count: Int
        if let first = keys.first {
            (ids, count) = Self.ranks(first, keepMissing: keepMissing)
            for key in keys.dropFirst() {
                let (ranks, cardinality) = Self.ranks(key, keepMissing: keepMissing)
                var combined = [Int](repeating: -1, count: n)
                for i in 0..<n where ids[i] >= 0 && ranks[i] >= 0 {
                    combined[i] = Int(ids[i]) * cardinality + Int(ranks[i])
                }
                let dense = Factorization(keys: combined, below: count * cardinality)
                (ids, count) = (dense.codes, dense.count)
            }
        } else {
            (ids, count) = ([Int32](repeating: 0, count: n), 1)
        }
        var firstRows = [Int](repeating: -1, count: count)
        var sizes = [Int](repeating: 0, count: count)
        ids.withUnsafeBufferPointer { ids in
            for i in 0..<n {
                let g = Int(ids[i])
                guard g >= 0 else { continue }
                if sizes[g] == 0 { firstRows[g] = i }
                sizes[g] += 1
            }
        }
        self.ids = ids
        self.count = count
        self.firstRows = firstRows
        self.sizes = sizes
    }

    /// One key's dense ranks in value order (text by code point), with the missing rank last or
    /// -1, and how many ranks there are.
    private static func ranks(_ values: ColumnValues, keepMissing: Bool) -> (ranks: [Int32], cardinality: Int) {
        switch values {
        case .numeric(let numbers), .date(let numbers):
            var factors = numbers.withUnsafeBufferPointer { Factorization($0, sorted: true) }
            if keepMissing, factors.hasMissing {
                let missing = Int32(factors.count)
                factors.codes.withUnsafeMutableBufferPointer { codes in
                    for i in codes.indices where codes[i] < 0 { codes[i] = missing }
                }
                return (factors.codes, factors.count + 1)
            }
            return (factors.codes, factors.count)
        case .categorical(let strings):
            return textRanks(strings, keepMissing: keepMissing)
        }
    }

    /// Ranks of the categories that occur, by their UTF-8 bytes (code point order).
    private static func textRanks(_ strings: CategoricalValues, keepMissing: Bool) -> (
        ranks: [Int32], cardinality: Int
    ) {
        let k = strings.categories.count
        // Slot k stands for the missing code, so the per-row lookup has no branch.
        var rank = [Int32](repeating: 0, count: k + 1)
        strings.codes.withUnsafeBufferPointer { codes in
            for code in codes { rank[code < 0 ? k : Int(code)] = 1 }
        }
        let categories = strings.categories
        let present = (0..<k).filter { rank[$0] != 0 }.sorted {
            categories[$0].utf8.lexicographicallyPrecedes(categories[$1].utf8)
        }
        var cardinality = present.count
        let hasMissing = rank[k] != 0
        for c in 0..<k { rank[c] = -1 }
        for (position, c) in present.enumerated() { rank[c] = Int32(position) }
        if keepMissing, hasMissing {
            rank[k] = Int32(cardinality)
            cardinality += 1
        } else {
            rank[k] = -1
        }
        var ranks = [Int32](repeating: -1, count: strings.codes.count)
        rank.withUnsafeBufferPointer { rank in
            strings.codes.withUnsafeBufferPointer { codes in
                ranks.withUnsafeMutableBufferPointer { out in
                    for i in codes.indices {
                        let code = codes[i]
                        out[i] = rank[code < 0 ? k : Int(code)]
                    }
                }
            }
        }
        return (ranks, cardinality)
    }
}
