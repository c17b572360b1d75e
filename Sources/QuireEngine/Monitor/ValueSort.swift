/// Sorting of finite doubles (or of elements by a finite double key: the tree builder's pairs) by
/// distributing them over buckets of equal value width.
///
/// Drift tests sort a million values per column, so this is most of their time. The values are
/// spread over about `n / 8` buckets by their position in the range (one counting pass, one
/// scatter), and each bucket, a few values long and in cache, is then sorted by insertion; a
/// crowded bucket is distributed again over its own range, and after a few levels (values
/// spread over many orders of magnitude) or when the range overflows, compared-sorted instead.
/// The bucket index `⌊(x − low) · scale⌋` never decreases as `x` grows, so bucket order is
/// value order. About 2× faster than an 11-bit least-significant-digit radix sort and 4× faster
/// than the standard library's sort on a million normal values (`scripts/bench_drift.sh`).
enum ValueSort {
    /// The finite values of `values` in their order, their range, and the counts of NaN and
    /// infinities. A column without NaN or infinities is shared, not copied.
    static func finite(_ values: [Double])
        -> (values: [Double], range: ClosedRange<Double>?, missing: Int, infinite: Int)
    {
        var low = Double.infinity, high = -Double.infinity
        var nonFinite = 0
        values.withUnsafeBufferPointer { values in
            for value in values {
                // NaN fails both comparisons; ±∞ become the range's ends and are counted below.
                low = Swift.min(low, value)
                high = Swift.max(high, value)
                nonFinite &+= value.isFinite ? 0 : 1
            }
        }
        if nonFinite == 0 { return (values, values.isEmpty ? nil : low...high, 0, 0) }
        var result = [Double]()
        result.reserveCapacity(values.count - nonFinite)
        var missing = 0
        low = .infinity
        high = -.infinity
        for value in values {
            if value.isFinite {
                result.append(value)
                low = Swift.min(low, value)
                high = Swift.max(high, value)
            } else if value.isNaN {
                missing += 1
            }
        }
        return (result, result.isEmpty ? nil : low...high, missing, nonFinite - missing)
    }

    /// Finite `values` in ascending order.
    static func sorted(_ values: [Double]) -> [Double] {
        var result = values
        guard values.count > 1 else { return result }
        var scratch = [Double](repeating: 0, count: values.count)
        result.withUnsafeMutableBufferPointer { values in
            scratch.withUnsafeMutableBufferPointer { scratch in
                sort(values, scratch: scratch, depth: 0) { $0 }
            }
        }
        return result
    }

    /// Sorts `values` by their finite `key` in place, `scratch` as long and free to overwrite:
    /// the tree builder's (value, row) pairs. Not stable.
    static func sort<Element>(
        _ values: UnsafeMutableBufferPointer<Element>, scratch: UnsafeMutableBufferPointer<Element>,
        by key: (Element) -> Double
    ) {
        sort(values, scratch: UnsafeMutableBufferPointer(rebasing: scratch[0..<values.count]), depth: 0, key: key)
    }

    /// Buckets at most this full are sorted by insertion.
    private static let insertionLimit = 48
    /// Levels of redistribution before a crowded bucket is compare-sorted.
    private static let depthLimit = 4

    /// Sorts `values` in place by `key`; `scratch` is as long and free to overwrite.
    private static func sort<Element>(
        _ values: UnsafeMutableBufferPointer<Element>, scratch: UnsafeMutableBufferPointer<Element>, depth: Int,
        key: (Element) -> Double
    ) {
        let n = values.count
        if n <= insertionLimit {
            insertionSort(values, key: key)
            return
        }
        var low = key(values[0]), high = low
        // Keys that are NaN or infinite, which the buckets cannot take (an integer count, which
        // vectorises with the minimum and maximum; a floating-point one would not).
        var nonFinite = 0
        for element in values {
            let x = key(element)
            low = Swift.min(low, x)
            high = Swift.max(high, x)
            nonFinite &+= x.isFinite ? 0 : 1
        }
        if low == high && nonFinite == 0 { return }
        let buckets = Swift.max(2, n / 8)
        let scale = Double(buckets) / (high - low)
        guard depth < depthLimit, scale.isFinite, scale > 0, nonFinite == 0 else {
            var values = values
            values.sort { key($0) < key($1) }
            return
        }
        @inline(__always) func bucket(_ x: Double) -> Int { Swift.min(Int((x - low) * scale), buckets - 1) }
        // starts[b] = first position of bucket b (after the prefix sum); starts[buckets] = n.
        var starts = [Int](repeating: 0, count: buckets + 1)
        starts.withUnsafeMutableBufferPointer { starts in
            for element in values { starts[bucket(key(element)) &+ 1] &+= 1 }
            for b in 0..<buckets { starts[b + 1] &+= starts[b] }
            var next = Array(starts)
            next.withUnsafeMutableBufferPointer { next in
                for element in values {
                    let b = bucket(key(element))
                    scratch[next[b]] = element
                    next[b] &+= 1
                }
            }
            for b in 0..<buckets where starts[b + 1] - starts[b] > 1 {
                let range = starts[b]..<starts[b + 1]
                sort(
                    UnsafeMutableBufferPointer(rebasing: scratch[range]),
                    scratch: UnsafeMutableBufferPointer(rebasing: values[range]), depth: depth + 1, key: key)
            }
        }
        _ = values.update(fromContentsOf: scratch)
    }

    private static func insertionSort<Element>(_ values: UnsafeMutableBufferPointer<Element>, key: (Element) -> Double)
    {
        guard values.count > 1 else { return }
        for i in 1..<values.count {
            let element = values[i]
            let x = key(element)
            var j = i
            while j > 0 && key(values[j - 1]) > x {
                values[j] = values[j - 1]
                j -= 1
            }
            values[j] = element
        }
    }
}
