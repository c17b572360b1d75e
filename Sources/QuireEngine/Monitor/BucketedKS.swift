/// The Kolmogorov–Smirnov statistic of two samples without sorting them.
///
/// Both samples are counted into the same equal-width buckets of their joint range. The largest
/// ECDF difference `|i·n₂ − j·n₁|` is reached at some value; after each bucket it is known from
/// the counts, and inside a bucket it can exceed the values at the bucket's ends only when both
/// samples have values there. Such a bucket is sorted and walked value by value only when the
/// counts bound its inside above the best difference found so far — typically a handful of
/// buckets. The result is the integer the sorted merge walk computes, exactly (tested against
/// it), in two passes over each sample instead of two sorts.
enum BucketedKS {
    /// The largest `|i·n₂ − j·n₁|` over the merged samples (`D = that / (n₁n₂)`), where `i` and
    /// `j` count the values of `a` and `b` at most each value. `range` spans both samples.
    static func largestDifference(_ a: [Double], _ b: [Double], range: ClosedRange<Double>) -> Int {
        let n1 = a.count, n2 = b.count
        guard n1 > 0, n2 > 0, range.lowerBound < range.upperBound else { return 0 }
        let low = range.lowerBound
        let buckets = Swift.max(1, Swift.min((n1 + n2) / 4, 1 << 16))
        let scale = Double(buckets) / (range.upperBound - low)
        guard scale.isFinite, scale > 0 else {
            return walk(ValueSort.sorted(a)[...], ValueSort.sorted(b)[...], from: (0, 0), sizes: (n1, n2))
        }
        @inline(__always) func bucket(_ x: Double) -> Int { Swift.min(Int((x - low) * scale), buckets - 1) }
        func counts(_ values: [Double]) -> [Int] {
            var counts = [Int](repeating: 0, count: buckets)
            counts.withUnsafeMutableBufferPointer { counts in
                values.withUnsafeBufferPointer { values in
                    for x in values { counts[bucket(x)] &+= 1 }
                }
            }
            return counts
        }
        let counts1 = counts(a), counts2 = counts(b)

        // After each bucket the difference is exact; buckets holding both samples may hide a
        // larger one inside, bounded by taking one sample's values before the other's.
        var best = 0
        var inside: [(bucket: Int, before: (Int, Int), bound: Int)] = []
        var cum1 = 0, cum2 = 0
        for k in 0..<buckets {
            let next1 = cum1 + counts1[k], next2 = cum2 + counts2[k]
            best = Swift.max(best, abs(next1 * n2 - next2 * n1))
            if counts1[k] > 0 && counts2[k] > 0 {
                let bound = Swift.max(abs(next1 * n2 - cum2 * n1), abs(cum1 * n2 - next2 * n1))
                inside.append((k, (cum1, cum2), bound))
            }
            (cum1, cum2) = (next1, next2)
        }
        let refine = inside.filter { $0.bound > best }
        guard !refine.isEmpty else { return best }

        // Gather the values of the buckets to refine, in one pass per sample.
        var slot = [Int32](repeating: -1, count: buckets)
        for (index, entry) in refine.enumerated() { slot[entry.bucket] = Int32(index) }
        func gather(_ values: [Double], _ counts: [Int]) -> (values: [Double], starts: [Int]) {
            var starts = [0]
            var total = 0
            for entry in refine {
                total += counts[entry.bucket]
                starts.append(total)
            }
            var out = [Double](repeating: 0, count: total)
            var next = Array(starts.dropLast())
            slot.withUnsafeBufferPointer { slot in
                for x in values {
                    let s = Int(slot[bucket(x)])
                    if s >= 0 {
                        out[next[s]] = x
                        next[s] += 1
                    }
                }
            }
            return (out, starts)
        }
        let (gathered1, starts1) = gather(a, counts1), (gathered2, starts2) = gather(b, counts2)
        var values1 = gathered1, values2 = gathered2
        for (index, entry) in refine.enumerated() where entry.bound > best {
            let range1 = starts1[index]..<starts1[index + 1], range2 = starts2[index]..<starts2[index + 1]
            values1[range1].sort()
            values2[range2].sort()
            best = Swift.max(best, walk(values1[range1], values2[range2], from: entry.before, sizes: (n1, n2)))
        }
        return best
    }

    /// The merge walk over two ascending slices, starting from the counts of smaller values.
    static func walk(_ a: ArraySlice<Double>, _ b: ArraySlice<Double>, from start: (Int, Int), sizes: (Int, Int))
        -> Int
    {
        let (n1, n2) = sizes
        var i = a.startIndex, j = b.startIndex
        var best = 0
        while i < a.endIndex || j < b.endIndex {
            let value = i < a.endIndex && (j >= b.endIndex || a[i] <= b[j]) ? a[i] : b[j]
            while i < a.endIndex && a[i] <= value { i += 1 }
            while j < b.endIndex && b[j] <= value { j += 1 }
            let below1 = start.0 + (i - a.startIndex), below2 = start.1 + (j - b.startIndex)
            best = Swift.max(best, abs(below1 * n2 - below2 * n1))
        }
        return best
    }
}
