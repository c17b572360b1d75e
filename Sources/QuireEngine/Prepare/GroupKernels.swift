import Foundation

/// The per-group loops of an aggregate: one pass over a column's flat values, accumulating into
/// per-group arrays indexed by ``GroupIndex/ids`` (rows with id -1 are skipped). Missing values
/// (NaN, code -1) are skipped by every function.
///
/// The arithmetic is pandas' own (its Cython `group_sum`, `group_mean`, `group_var`,
/// `group_median`, `group_quantile`), so results agree to the last bit: Kahan-compensated sums,
/// Welford's variance, the median as the mean of the two middle values.
enum GroupKernels {
    /// Per group: the values present.
    static func counts(_ values: UnsafeBufferPointer<Double>, _ ids: UnsafeBufferPointer<Int32>, groups: Int) -> [Int] {
        var counts = [Int](repeating: 0, count: groups)
        counts.withUnsafeMutableBufferPointer { counts in
            for i in values.indices {
                let g = Int(ids[i])
                if g >= 0, !values[i].isNaN { counts[g] += 1 }
            }
        }
        return counts
    }

    /// Per group: Kahan-compensated sums (0 without values) and, when `mean`, divided by the count
    /// (NaN without values). A compensation that becomes NaN (an infinite value) restarts at 0,
    /// so infinities sum to infinity, as in pandas.
    static func sums(
        _ values: UnsafeBufferPointer<Double>, _ ids: UnsafeBufferPointer<Int32>, groups: Int, mean: Bool
    ) -> [Double] {
        var sums = [Double](repeating: 0, count: groups)
        var compensations = [Double](repeating: 0, count: groups)
        var counts = [Int](repeating: 0, count: groups)
        sums.withUnsafeMutableBufferPointer { sums in
            compensations.withUnsafeMutableBufferPointer { compensations in
                counts.withUnsafeMutableBufferPointer { counts in
                    for i in values.indices {
                        let g = Int(ids[i])
                        let v = values[i]
                        guard g >= 0, !v.isNaN else { continue }
                        counts[g] += 1
                        let y = v - compensations[g]
                        let t = sums[g] + y
                        let c = (t - sums[g]) - y
                        compensations[g] = c.isNaN ? 0 : c
                        sums[g] = t
                    }
                }
            }
        }
        guard mean else { return sums }
        return (0..<groups).map { counts[$0] == 0 ? .nan : sums[$0] / Double(counts[$0]) }
    }

    /// Per group: the sample variance (ddof 1) by Welford's method, or its square root; NaN for
    /// fewer than two values.
    static func variances(
        _ values: UnsafeBufferPointer<Double>, _ ids: UnsafeBufferPointer<Int32>, groups: Int, root: Bool
    ) -> [Double] {
        var means = [Double](repeating: 0, count: groups)
        var squares = [Double](repeating: 0, count: groups)
        var counts = [Int](repeating: 0, count: groups)
        means.withUnsafeMutableBufferPointer { means in
            squares.withUnsafeMutableBufferPointer { squares in
                counts.withUnsafeMutableBufferPointer { counts in
                    for i in values.indices {
                        let g = Int(ids[i])
                        let v = values[i]
                        guard g >= 0, !v.isNaN else { continue }
                        counts[g] += 1
                        let old = means[g]
                        means[g] = old + (v - old) / Double(counts[g])
                        squares[g] += (v - means[g]) * (v - old)
                    }
                }
            }
        }
        return (0..<groups).map { g in
            guard counts[g] > 1 else { return .nan }
            let variance = squares[g] / Double(counts[g] - 1)
            return root ? variance.squareRoot() : variance
        }
    }

    /// Per group: the smallest (or largest) value; NaN without values. Of equal values (`-0`
    /// and `0`) the first is kept.
    static func extremes(
        _ values: UnsafeBufferPointer<Double>, _ ids: UnsafeBufferPointer<Int32>, groups: Int, largest: Bool
    ) -> [Double] {
        var out = [Double](repeating: .nan, count: groups)
        out.withUnsafeMutableBufferPointer { out in
            for i in values.indices {
                let g = Int(ids[i])
                let v = values[i]
                guard g >= 0, !v.isNaN else { continue }
                let current = out[g]
                if current.isNaN || (largest ? v > current : v < current) { out[g] = v }
            }
        }
        return out
    }

    /// Per group: the first (or last) value present in row order; NaN without values.
    static func ends(
        _ values: UnsafeBufferPointer<Double>, _ ids: UnsafeBufferPointer<Int32>, groups: Int, last: Bool
    ) -> [Double] {
        var out = [Double](repeating: .nan, count: groups)
        out.withUnsafeMutableBufferPointer { out in
            for i in values.indices {
                let g = Int(ids[i])
                let v = values[i]
                guard g >= 0, !v.isNaN else { continue }
                if last || out[g].isNaN { out[g] = v }
            }
        }
        return out
    }

    /// Per group: the number of distinct codes present (codes in `0..<codeCount`, -1 missing).
    static func distinctCounts(
        _ codes: UnsafeBufferPointer<Int32>, codeCount: Int, _ ids: UnsafeBufferPointer<Int32>, groups: Int
    ) -> [Double] {
        var counts = [Int](repeating: 0, count: groups)
        let (pairs, overflow) = groups.multipliedReportingOverflow(by: codeCount)
        if !overflow, pairs <= Swift.max(8 * codes.count, 1 << 20) {
            // Few enough (group, value) pairs for a bit each.
            var seen = [UInt64](repeating: 0, count: (pairs + 63) / 64)
            seen.withUnsafeMutableBufferPointer { seen in
                counts.withUnsafeMutableBufferPointer { counts in
                    for i in codes.indices {
                        let g = Int(ids[i])
                        let code = Int(codes[i])
                        guard g >= 0, code >= 0 else { continue }
                        let bit = g * codeCount + code
                        let mask = UInt64(1) << UInt64(bit & 63)
                        if seen[bit >> 6] & mask == 0 {
                            seen[bit >> 6] |= mask
                            counts[g] += 1
                        }
                    }
                }
            }
        } else {
            let table = CodeTable()
            for i in codes.indices {
                let g = Int(ids[i])
                let code = codes[i]
                guard g >= 0, code >= 0 else { continue }
                if table.insert(UInt64(g) << 32 | UInt64(UInt32(code))) { counts[g] += 1 }
            }
        }
        return counts.map(Double.init)
    }

    /// Per group: the value at fraction `q` of its sorted values, interpolated linearly (pandas'
    /// `quantile`), or the median (the mean of the two middle values for an even count, as
    /// pandas' `median`); NaN without values.
    ///
    /// The values are gathered group by group (a counting sort by group id), then each group's
    /// order statistics are selected in place, without sorting the group.
    static func quantiles(
        _ values: UnsafeBufferPointer<Double>, _ ids: UnsafeBufferPointer<Int32>, groups: Int, q: Double?
    ) -> [Double] {
        var starts = [Int](repeating: 0, count: groups + 1)
        for i in values.indices {
            let g = Int(ids[i])
            if g >= 0, !values[i].isNaN { starts[g + 1] += 1 }
        }
        for g in 0..<groups { starts[g + 1] += starts[g] }
        var gathered = [Double](repeating: 0, count: starts[groups])
        var out = [Double](repeating: .nan, count: groups)
        gathered.withUnsafeMutableBufferPointer { gathered in
            var next = Array(starts.dropLast())
            for i in values.indices {
                let g = Int(ids[i])
                let v = values[i]
                guard g >= 0, !v.isNaN else { continue }
                gathered[next[g]] = v
                next[g] += 1
            }
            for g in 0..<groups where starts[g + 1] > starts[g] {
                let group = UnsafeMutableBufferPointer(rebasing: gathered[starts[g]..<starts[g + 1]])
                out[g] = statistic(group, q: q)
            }
        }
        return out
    }

    /// The median (`q` nil) or quantile `q` of a non-empty group; reorders the group.
    ///
    /// Order statistics are those of the values sorted with `-0` before `0`, so that the sign of a
    /// zero result does not depend on the row order (pandas' depends on its sort algorithm).
    private static func statistic(_ group: UnsafeMutableBufferPointer<Double>, q: Double?) -> Double {
        let n = group.count
        guard let q else {
            let upper = signedZero(Selection.select(group, n / 2), rank: n / 2, in: group)
            if n % 2 == 1 { return upper }
            // The largest value below the upper middle one is the lower middle one.
            var lower = group[0]
            for i in 1..<(n / 2) where group[i] > lower { lower = group[i] }
            return (upper + signedZero(lower, rank: n / 2 - 1, in: group)) / 2
        }
        let position = q * Double(n - 1)
        let index = Int(position)
        let fraction = position.truncatingRemainder(dividingBy: 1)
        let value = signedZero(Selection.select(group, index), rank: index, in: group)
        guard fraction != 0, index + 1 < n else { return value }
        var next = group[index + 1]
        for i in (index + 2)..<n where group[i] < next { next = group[i] }
        return value + (signedZero(next, rank: index + 1, in: group) - value) * fraction
    }

    /// A zero of rank `rank` as `-0` or `0`: the negative zeros rank before the positive ones.
    private static func signedZero(_ value: Double, rank: Int, in group: UnsafeMutableBufferPointer<Double>)
        -> Double
    {
        guard value == 0 else { return value }
        var below = 0
        var negativeZeros = 0
        for v in group {
            if v < 0 { below += 1 } else if v == 0, v.sign == .minus { negativeZeros += 1 }
        }
        return rank < below + negativeZeros ? -0.0 : 0.0
    }
}

extension GroupKernels {
    /// Per group: the number of codes present.
    static func counts(_ codes: UnsafeBufferPointer<Int32>, _ ids: UnsafeBufferPointer<Int32>, groups: Int) -> [Int] {
        var counts = [Int](repeating: 0, count: groups)
        counts.withUnsafeMutableBufferPointer { counts in
            for i in codes.indices {
                let g = Int(ids[i])
                if g >= 0, codes[i] >= 0 { counts[g] += 1 }
            }
        }
        return counts
    }

    /// Per group: the first (or last) code present in row order; -1 without values.
    static func ends(_ codes: UnsafeBufferPointer<Int32>, _ ids: UnsafeBufferPointer<Int32>, groups: Int, last: Bool)
        -> [Int32]
    {
        var out = [Int32](repeating: -1, count: groups)
        out.withUnsafeMutableBufferPointer { out in
            for i in codes.indices {
                let g = Int(ids[i])
                let code = codes[i]
                guard g >= 0, code >= 0 else { continue }
                if last || out[g] < 0 { out[g] = code }
            }
        }
        return out
    }

    /// Per group: the code of the first (or last) text in code point order; -1 without values.
    static func extremes(
        _ strings: CategoricalValues, _ ids: UnsafeBufferPointer<Int32>, groups: Int, largest: Bool
    ) -> [Int32] {
        let rank = strings.codePointRanks
        var order = [Int](repeating: 0, count: rank.count)
        for (category, position) in rank.enumerated() { order[Int(position)] = category }
        var best = [Int32](repeating: -1, count: groups)
        rank.withUnsafeBufferPointer { rank in
            strings.codes.withUnsafeBufferPointer { codes in
                best.withUnsafeMutableBufferPointer { best in
                    for i in codes.indices {
                        let g = Int(ids[i])
                        let code = Int(codes[i])
                        guard g >= 0, code >= 0 else { continue }
                        let r = rank[code]
                        let current = best[g]
                        if current < 0 || (largest ? r > current : r < current) { best[g] = r }
                    }
                }
            }
        }
        return best.map { $0 < 0 ? -1 : Int32(order[Int($0)]) }
    }
}

/// Quickselect: the k-th smallest value of a buffer, which it partly reorders so that every value
/// before index k is at most that value and every value after it at least that value.
enum Selection {
    /// The value of rank `k` (0-based) in `values`, which must hold more than `k` values, none NaN.
    static func select(_ values: UnsafeMutableBufferPointer<Double>, _ k: Int) -> Double {
        var low = 0
        var high = values.count - 1
        // Past this many rounds the pivots are poor (adversarial input): sort what is left.
        var rounds = 2 * (Int.bitWidth - values.count.leadingZeroBitCount) + 8
        while high > low {
            if high - low < 16 || rounds == 0 {
                var rest = UnsafeMutableBufferPointer(rebasing: values[low...high])
                rest.sort()
                return values[k]
            }
            rounds -= 1
            // Median of three as the pivot; Hoare partition.
            let middle = low + (high - low) / 2
            if values[middle] < values[low] { values.swapAt(middle, low) }
            if values[high] < values[low] { values.swapAt(high, low) }
            if values[high] < values[middle] { values.swapAt(high, middle) }
            let pivot = values[middle]
            var i = low
            var j = high
            while i <= j {
                while values[i] < pivot { i += 1 }
                while values[j] > pivot { j -= 1 }
                if i <= j {
                    values.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            // Now values[low...j] ≤ pivot ≤ values[i...high], and values strictly between equal it.
            if k <= j {
                high = j
            } else if k >= i {
                low = i
            } else {
                return values[k]
            }
        }
        return values[k]
    }

    /// The values of `ranks` (0-based, ascending, each below `values.count`) by rank, selected
    /// one after another in the parts the earlier selections left (the middle rank first, then each
    /// half's ranks in its half): about log₂(ranks) passes over the values instead of a sort.
    static func select(_ values: UnsafeMutableBufferPointer<Double>, ranks: [Int]) -> [Int: Double] {
        var selected: [Int: Double] = [:]
        func select(_ low: Int, _ high: Int, _ ranks: ArraySlice<Int>) {
            guard !ranks.isEmpty else { return }
            let middle = ranks.startIndex + ranks.count / 2
            let rank = ranks[middle]
            let part = UnsafeMutableBufferPointer(rebasing: values[low..<high])
            selected[rank] = Selection.select(part, rank - low)
            select(low, rank, ranks[..<middle])
            select(rank + 1, high, ranks[(middle + 1)...])
        }
        select(0, values.count, ranks[...])
        return selected
    }

    /// Buckets over the range for ``select(_:ranks:range:)``.
    static let bucketCount = 4096

    /// The values of `ranks` (0-based, ascending, each below `values.count`) among `values`, all
    /// finite and within `range`, as if sorted, without reordering or copying them: a pass counts
    /// the values into equal-width buckets over the range (a bucket's values are all at most the
    /// next bucket's: the bucket grows with the value), a second gathers the values of the buckets
    /// that hold a wanted rank, and the ranks are selected among those alone.
    static func select(_ values: UnsafeBufferPointer<Double>, ranks: [Int], range: ClosedRange<Double>) -> [Int: Double]
    {
        let buckets = bucketCount
        let low = range.lowerBound
        let scale = Double(buckets) / (range.upperBound - low)
        // A zero or overflowing width puts every value in the first bucket: a plain selection.
        let usable = scale.isFinite && scale > 0
        @inline(__always) func bucket(_ value: Double) -> Int {
            usable ? Swift.max(0, Swift.min(Int((value - low) * scale), buckets - 1)) : 0
        }
        var starts = [Int](repeating: 0, count: buckets + 1)
        for value in values { starts[bucket(value) + 1] += 1 }
        for index in 0..<buckets { starts[index + 1] += starts[index] }
        // The buckets that hold a wanted rank, each with a place in one gathered buffer.
        var place = [Int](repeating: -1, count: buckets)
        var gatheredBuckets: [Int] = []
        var total = 0
        var wanted: [(rank: Int, bucket: Int)] = []
        var searchFrom = 0
        for rank in ranks {
            while starts[searchFrom + 1] <= rank { searchFrom += 1 }
            wanted.append((rank, searchFrom))
            if place[searchFrom] < 0 {
                place[searchFrom] = total
                gatheredBuckets.append(searchFrom)
                total += starts[searchFrom + 1] - starts[searchFrom]
            }
        }
        var gathered = [Double](repeating: 0, count: total)
        var selected: [Int: Double] = [:]
        gathered.withUnsafeMutableBufferPointer { gathered in
            var next = place
            for value in values {
                let b = bucket(value)
                if next[b] >= 0 {
                    gathered[next[b]] = value
                    next[b] += 1
                }
            }
            for b in gatheredBuckets {
                let part = UnsafeMutableBufferPointer(
                    rebasing: gathered[place[b]..<(place[b] + starts[b + 1] - starts[b])])
                let inside = wanted.filter { $0.bucket == b }.map { $0.rank - starts[b] }
                for (rank, value) in select(part, ranks: inside) { selected[rank + starts[b]] = value }
            }
        }
        return selected
    }
}
