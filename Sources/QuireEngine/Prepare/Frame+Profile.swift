extension Frame {
    /// Summarises every column: type, count, missing, distinct, and for numeric columns mean,
    /// standard deviation (ddof 1), min, 25/50/75 % quantiles (numpy linear) and max; for
    /// categorical columns the `topCount` most frequent values; for date columns min and max
    /// (seconds since 1970-01-01T00:00:00Z, shown as ISO dates).
    ///
    /// Infinite values are present values and enter every statistic as they do in pandas.
    public func profile(topCount: Int = 5) -> FrameProfile {
        FrameProfile(rowCount: rowCount, columns: columns.map { Self.profile(of: $0, topCount: topCount) })
    }

    static func profile(of column: Column, topCount: Int) -> ColumnProfile {
        switch column.values {
        case .numeric(let numbers):
            let present = Statistics.present(numbers)  // file order, so sums round as pandas' do
            let sorted = Statistics.sortedPresent(numbers)
            var distinct = 0
            for i in sorted.indices where i == 0 || sorted[i] != sorted[i - 1] { distinct += 1 }
            let empty = sorted.isEmpty
            return ColumnProfile(
                name: column.name, kind: .numeric, count: sorted.count, missing: numbers.count - sorted.count,
                distinct: distinct,
                mean: Statistics.mean(present), std: Statistics.standardDeviation(present, ddof: 1),
                min: sorted.first, q25: empty ? nil : Statistics.quantile(sorted: sorted, 0.25),
                q50: empty ? nil : Statistics.quantile(sorted: sorted, 0.5),
                q75: empty ? nil : Statistics.quantile(sorted: sorted, 0.75),
                max: sorted.last, top: [])
        case .date(let seconds):
            // Dates: the earliest and latest instants (seconds since 1970); no mean or quantiles.
            let present = Statistics.present(seconds)
            var distinct = Set<Double>()
            for value in present { distinct.insert(value) }
            return ColumnProfile(
                name: column.name, kind: .date, count: present.count, missing: seconds.count - present.count,
                distinct: distinct.count, mean: nil, std: nil, min: present.min(), q25: nil, q50: nil, q75: nil,
                max: present.max(), top: [])
        case .categorical(let strings):
            var counts = [Int](repeating: 0, count: strings.categories.count)
            var missing = 0
            for code in strings.codes {
                if code < 0 { missing += 1 } else { counts[Int(code)] += 1 }
            }
            // Equal strings could sit under two codes after a merge; count by string.
            var byValue: [String: Int] = [:]
            for (i, category) in strings.categories.enumerated() where counts[i] > 0 {
                byValue[category, default: 0] += counts[i]
            }
            let top = byValue.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
                .prefix(topCount).map { ColumnProfile.TopValue(value: $0.key, count: $0.value) }
            return ColumnProfile(
                name: column.name, kind: .categorical, count: strings.count - missing, missing: missing,
                distinct: byValue.count,
                mean: nil, std: nil, min: nil, q25: nil, q50: nil, q75: nil, max: nil, top: Array(top))
        }
    }
}
