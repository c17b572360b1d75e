/// In-place sorting of (key, row) pairs by key, for the tree builder's per-node feature sorts.
///
/// Quicksort with a median-of-three pivot, insertion sort below 16 elements and a heapsort
/// fallback when partitions degenerate (introsort): no allocation, unlike the standard
/// library's stable sort, which the builder does not need — rows with equal keys are never
/// split apart, so their order cannot change a split.
///
/// Buffers of ``bucketThreshold`` pairs or more are bucket sorted when the caller lends a scratch
/// buffer as large (``ValueSort``: one pass spreads the pairs over buckets by key, each then
/// sorted in cache). The introsort had been 62 % of a random forest's fit; with buckets, tree and
/// forest fits are 1.6–1.8× faster (BENCHMARKS.md, Models). Keys are finite (the builder's
/// features are checked).
enum KeyedSort {
    /// The fewest pairs that are bucket sorted.
    static let bucketThreshold = 1024

    /// Sorts `items` by key; `scratch`, when given and as large, is used (and overwritten) by the
    /// bucket sort.
    static func sort(
        _ items: UnsafeMutableBufferPointer<(Double, Int32)>,
        scratch: UnsafeMutableBufferPointer<(Double, Int32)>? = nil
    ) {
        guard items.count > 1 else { return }
        if items.count >= bucketThreshold, let scratch, scratch.count >= items.count {
            ValueSort.sort(items, scratch: scratch) { $0.0 }
            return
        }
        var depth = 0
        var n = items.count
        while n > 1 {
            depth += 2
            n >>= 1
        }
        sort(items, 0, items.count, depthLimit: depth)
    }

    private static func sort(_ a: UnsafeMutableBufferPointer<(Double, Int32)>, _ low: Int, _ high: Int, depthLimit: Int)
    {
        var low = low, high = high, depthLimit = depthLimit
        while high - low > 16 {
            if depthLimit == 0 {
                heapSort(a, low, high)
                return
            }
            depthLimit -= 1
            // Median of three as the pivot, then Hoare partition.
            let middle = low + (high - low) / 2
            if a[middle].0 < a[low].0 { a.swapAt(middle, low) }
            if a[high - 1].0 < a[low].0 { a.swapAt(high - 1, low) }
            if a[high - 1].0 < a[middle].0 { a.swapAt(high - 1, middle) }
            let pivot = a[middle].0
            var i = low - 1, j = high
            while true {
                repeat { i += 1 } while a[i].0 < pivot
                repeat { j -= 1 } while a[j].0 > pivot
                if i >= j { break }
                a.swapAt(i, j)
            }
            // Recurse into the smaller side, loop on the larger.
            if j + 1 - low < high - (j + 1) {
                sort(a, low, j + 1, depthLimit: depthLimit)
                low = j + 1
            } else {
                sort(a, j + 1, high, depthLimit: depthLimit)
                high = j + 1
            }
        }
        insertionSort(a, low, high)
    }

    private static func insertionSort(_ a: UnsafeMutableBufferPointer<(Double, Int32)>, _ low: Int, _ high: Int) {
        guard high - low > 1 else { return }
        for i in (low + 1)..<high {
            let item = a[i]
            var j = i
            while j > low && a[j - 1].0 > item.0 {
                a[j] = a[j - 1]
                j -= 1
            }
            a[j] = item
        }
    }

    private static func heapSort(_ a: UnsafeMutableBufferPointer<(Double, Int32)>, _ low: Int, _ high: Int) {
        let n = high - low
        func siftDown(_ start: Int, _ end: Int) {
            var root = start
            while 2 * root + 1 < end {
                var child = 2 * root + 1
                if child + 1 < end && a[low + child].0 < a[low + child + 1].0 { child += 1 }
                if a[low + root].0 >= a[low + child].0 { return }
                a.swapAt(low + root, low + child)
                root = child
            }
        }
        for start in stride(from: n / 2 - 1, through: 0, by: -1) { siftDown(start, n) }
        for end in stride(from: n - 1, to: 0, by: -1) {
            a.swapAt(low, low + end)
            siftDown(0, end)
        }
    }
}
