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
        let orders = try keys.map { key in
            try SortOrder(column(named: key.column).values, ascending: key.ascending, nullsFirst: nullsFirst)
        }
        guard !orders.isEmpty, rowCount > 1 else { return self }
        var indices = Array(0..<rowCount)
        indices.sort { a, b in
            for order in orders {
                let comparison = order.compare(a, b)
                if comparison != 0 { return comparison < 0 }
            }
            return a < b
        }
        return rows(indices)
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
            let order = strings.categories.indices.sorted {
                strings.categories[$0].utf8.lexicographicallyPrecedes(strings.categories[$1].utf8)
            }
            var rank = [Int32](repeating: 0, count: strings.categories.count)
            for (position, category) in order.enumerated() { rank[category] = Int32(position) }
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
