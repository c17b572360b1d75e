/// Which of a set of equal rows ``Frame/distinct(on:keep:)`` keeps.
public enum DistinctKeep: String, Sendable, CaseIterable {
    /// The first of each set (pandas' `keep="first"`).
    case first
    /// The last of each set (`keep="last"`).
    case last
    /// None of a set of two or more: only rows that have no duplicate (`keep=False`).
    case none
}

extension Frame {
    /// The rows without duplicates on `columns` (every column when nil), as pandas'
    /// `drop_duplicates(subset, keep)`: of rows equal on those columns, the first, the last, or
    /// none is kept; the rows kept stay in their original order.
    ///
    /// Numbers are equal by value (`-0.0` equals `0.0`); text by its string; a missing value equals
    /// every other missing value of the column (as pandas treats NaN here).
    ///
    /// - Throws: ``FrameError`` for an unknown column (about `columns`).
    public func distinct(on columns: [String]? = nil, keep: DistinctKeep = .first) throws -> Frame {
        let keys: [Column]
        do { keys = try (columns ?? columnNames).map { try column(named: $0) } } catch let error as FrameError {
            throw error.about("columns")
        }
        guard rowCount > 1 else { return self }
        let groups = FactorizedColumn.combined(
            keys.map { FactorizedColumn($0.values, missingIsValue: true) }, rowCount: rowCount)
        var kept: [Int] = []
        kept.reserveCapacity(groups.count)
        switch keep {
        case .first:
            var seen = [Bool](repeating: false, count: groups.count)
            for row in 0..<rowCount {
                let group = Int(groups.codes[row])
                if !seen[group] {
                    seen[group] = true
                    kept.append(row)
                }
            }
        case .last:
            var last = [Int](repeating: -1, count: groups.count)
            for row in 0..<rowCount { last[Int(groups.codes[row])] = row }
            var isLast = [Bool](repeating: false, count: rowCount)
            for row in last where row >= 0 { isLast[row] = true }
            for row in 0..<rowCount where isLast[row] { kept.append(row) }
        case .none:
            var counts = [Int32](repeating: 0, count: groups.count)
            for code in groups.codes { counts[Int(code)] += 1 }
            for row in 0..<rowCount where counts[Int(groups.codes[row])] == 1 { kept.append(row) }
        }
        return rows(kept)
    }
}
