/// Maps feature values to at most 255 bins for histogram boosting (scikit-learn's `_BinMapper`).
///
/// With at most `maxBins` distinct values, thresholds are the midpoints between consecutive
/// ones; otherwise they are the `midpoint` percentiles at `100·k/maxBins`. A value goes to the
/// first bin whose threshold is ≥ it; a missing value goes to bin `maxBins`.
struct FeatureBinner: Sendable {
    var thresholds: [[Double]]
    var maxBins: Int

    /// Learns thresholds from column-major values (`columns[j * rows + i]`), from a seeded
    /// sample of at most 200,000 rows.
    static func fit(columns: [Double], rows n: Int, maxBins: Int, seed: UInt64, threads: Int) throws -> FeatureBinner {
        let p = n == 0 ? 0 : columns.count / n
        var sample: [Int]? = nil
        if n > 200_000 {
            var rows = Array(0..<n)
            var rng = Xoshiro256StarStar(seed: seed)
            rng.shuffle(&rows)
            sample = Array(rows.prefix(200_000)).sorted()
        }
        let thresholds = try columns.withUnsafeBufferPointer { columns in
            // Array storage always has an address, even when empty, so this guard never returns.
            guard let columns = columns.baseAddress else { return [[Double]](repeating: [], count: p) }
            return try Parallel.map(p, threads: threads) { j -> [Double] in
                let column = columns + j * n
                var values: [Double] = []
                if let sample {
                    values.reserveCapacity(sample.count)
                    for i in sample where !column[i].isNaN { values.append(column[i]) }
                } else {
                    values.reserveCapacity(n)
                    for i in 0..<n where !column[i].isNaN { values.append(column[i]) }
                }
                values = ValueSort.sorted(values)
                return thresholdsOf(sorted: values, maxBins: maxBins)
            }
        }
        return FeatureBinner(thresholds: thresholds, maxBins: maxBins)
    }

    /// Thresholds and column-major bins of column-major values (`columns[j * rows + i]`): the
    /// same as ``fit(columns:rows:maxBins:seed:threads:)`` then ``transform(columns:rows:threads:)``.
    /// Without sampling, each feature is sorted once with its row numbers and binned in order.
    static func fitTransform(
        columns: [Double], rows n: Int, maxBins: Int, seed: UInt64, threads: Int
    ) throws -> (FeatureBinner, [UInt8]) {
        if n > 200_000 {
            let binner = try fit(columns: columns, rows: n, maxBins: maxBins, seed: seed, threads: threads)
            return (binner, try binner.transform(columns: columns, rows: n, threads: threads))
        }
        let p = n == 0 ? 0 : columns.count / n
        var bins = [UInt8](repeating: 0, count: n * p)
        let thresholds = try bins.withUnsafeMutableBufferPointer { buffer in
            let out = UnsafeSendable(buffer)
            return try columns.withUnsafeBufferPointer { columns in
                // Array storage always has an address, even when empty, so this guard never returns.
                guard let columns = columns.baseAddress, let binStart = out.value.baseAddress else {
                    return [[Double]](repeating: [], count: p)
                }
                return try Parallel.map(p, threads: threads) { j -> [Double] in
                    let column = columns + j * n
                    let target = binStart + j * n
                    var (values, rows) = sortedWithRows(column, n)
                    let t = thresholdsOf(sorted: values, maxBins: maxBins)
                    // Walk the sorted values: bin = number of thresholds below the value.
                    for i in 0..<n where column[i].isNaN { target[i] = UInt8(maxBins) }
                    t.withUnsafeBufferPointer { t in
                        var bin = 0
                        for k in 0..<values.count {
                            let v = values[k]
                            while bin < t.count && t[bin] < v { bin += 1 }
                            target[Int(rows[k])] = UInt8(truncatingIfNeeded: bin)
                        }
                    }
                    values = []
                    rows = []
                    return t
                }
            }
        }
        return (FeatureBinner(thresholds: thresholds, maxBins: maxBins), bins)
    }

    /// The non-missing values of a column in ascending order with their row numbers (LSD radix
    /// sort on order-preserving keys, 11 bits a pass).
    static func sortedWithRows(_ column: UnsafePointer<Double>, _ n: Int) -> ([Double], [UInt32]) {
        var keys = [UInt64](), rows = [UInt32]()
        keys.reserveCapacity(n)
        rows.reserveCapacity(n)
        for i in 0..<n where !column[i].isNaN {
            let bits = column[i].bitPattern
            keys.append(bits >> 63 == 1 ? ~bits : bits | (1 << 63))
            rows.append(UInt32(truncatingIfNeeded: i))
        }
        let m = keys.count
        let passes = 6, radix = 2048
        var counts = [Int](repeating: 0, count: passes * radix)
        for key in keys {
            for pass in 0..<passes { counts[pass * radix + Int((key >> UInt64(pass * 11)) & 2047)] += 1 }
        }
        var otherKeys = [UInt64](repeating: 0, count: m), otherRows = [UInt32](repeating: 0, count: m)
        var inFirst = true
        keys.withUnsafeMutableBufferPointer { ka in
            rows.withUnsafeMutableBufferPointer { ra in
                otherKeys.withUnsafeMutableBufferPointer { kb in
                    otherRows.withUnsafeMutableBufferPointer { rb in
                        counts.withUnsafeMutableBufferPointer { c in
                            for pass in 0..<passes where m > 0 {
                                let shift = UInt64(pass * 11)
                                let (sk, sr, tk, tr) = inFirst ? (ka, ra, kb, rb) : (kb, rb, ka, ra)
                                let base = pass * radix
                                // A pass where every key has the same digit changes nothing.
                                if c[base + Int((sk[0] >> shift) & 2047)] == m { continue }
                                var total = 0
                                for d in 0..<radix {
                                    let count = c[base + d]
                                    c[base + d] = total
                                    total += count
                                }
                                for i in 0..<m {
                                    let key = sk[i]
                                    let d = base + Int((key >> shift) & 2047)
                                    let to = c[d]
                                    tk[to] = key
                                    tr[to] = sr[i]
                                    c[d] = to + 1
                                }
                                inFirst.toggle()
                            }
                        }
                    }
                }
            }
        }
        let sortedKeys = inFirst ? keys : otherKeys
        let values = sortedKeys.map { Double(bitPattern: $0 >> 63 == 1 ? $0 & ~(1 << 63) : ~$0) }
        return (values, inFirst ? rows : otherRows)
    }

    /// Thresholds of one feature from its sorted non-missing values.
    static func thresholdsOf(sorted values: [Double], maxBins: Int) -> [Double] {
        var distinct: [Double] = []
        for v in values where distinct.last != v {
            distinct.append(v)
            if distinct.count > maxBins { break }
        }
        if distinct.count <= maxBins {
            return distinct.count < 2 ? [] : (1..<distinct.count).map { (distinct[$0 - 1] + distinct[$0]) / 2 }
        }
        // numpy.percentile(method="midpoint"): mean of the two order statistics around the rank.
        let n = values.count
        var cuts: [Double] = []
        for k in 1..<maxBins {
            let rank = Double(k) / Double(maxBins) * Double(n - 1)
            let lo = Int(rank.rounded(.down)), hi = Int(rank.rounded(.up))
            cuts.append((values[lo] + values[hi]) / 2)
        }
        var unique: [Double] = []
        for c in cuts where unique.last != c { unique.append(c) }
        return unique
    }

    /// Column-major copy (`out[j * rows.count + i]`) of the given rows of a row-major matrix.
    static func columnMajor(_ x: Matrix, rows: [Int], threads: Int) throws -> [Double] {
        let n = rows.count, p = x.columns
        var out = [Double](repeating: 0, count: n * p)
        try out.withUnsafeMutableBufferPointer { buffer in
            let shared = UnsafeSendable(buffer)
            try x.values.withUnsafeBufferPointer { v in
                let chunks = Parallel.chunks(n, size: 4096)
                try Parallel.forEach(chunks.count, threads: threads) { c in
                    for i in chunks[c] {
                        let row = rows[i] * p
                        for j in 0..<p { shared.value[j * n + i] = v[row + j] }
                    }
                }
            }
        }
        return out
    }

    /// Column-major bins (`bins[j * rows + i]`) of column-major values.
    func transform(columns: [Double], rows n: Int, threads: Int) throws -> [UInt8] {
        let p = thresholds.count
        var bins = [UInt8](repeating: 0, count: n * p)
        let missing = UInt8(maxBins)
        try bins.withUnsafeMutableBufferPointer { buffer in
            let out = UnsafeSendable(buffer)
            try columns.withUnsafeBufferPointer { columns in
                // Array storage always has an address, even when empty, so this guard never returns.
                guard let columns = columns.baseAddress, let binStart = out.value.baseAddress else { return }
                try Parallel.forEach(p, threads: threads) { j in
                    let column = columns + j * n
                    let target = binStart + j * n
                    // −0 thresholds as +0 (equal for `<=`), so that the sign test below is exact.
                    thresholds[j].map { $0 + 0.0 }.withUnsafeBufferPointer { t in
                        let m = t.count
                        guard let t = t.baseAddress, m > 0 else {
                            for i in 0..<n { target[i] = column[i].isNaN ? missing : 0 }
                            return
                        }
                        for i in 0..<n {
                            let v = column[i]
                            // Branch-free lower bound: the first k with v <= t[k], or m. The sign
                            // of t − v says t < v (equal values give +0) without a comparison that
                            // the compiler could turn back into a branch.
                            var base = 0, length = m
                            while length > 1 {
                                let half = length >> 1
                                base &+= half & (0 &- Int((t[base + half] - v).bitPattern >> 63))
                                length -= half
                            }
                            let bin = base &+ Int((t[base] - v).bitPattern >> 63)
                            target[i] = v.isNaN ? missing : UInt8(truncatingIfNeeded: bin)
                        }
                    }
                }
            }
        }
        return bins
    }
}
