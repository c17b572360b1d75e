/// Maps feature values to at most 255 bins for histogram boosting (scikit-learn's `_BinMapper`).
///
/// With at most `maxBins` distinct values, thresholds are the midpoints between consecutive
/// ones; otherwise they are the `midpoint` percentiles at `100·k/maxBins`. A value goes to the
/// first bin whose threshold is ≥ it; a missing value goes to bin `maxBins`.
struct FeatureBinner: Sendable {
    var thresholds: [[Double]]
    var maxBins: Int

    /// Learns thresholds from (a seeded sample of at most 200,000) rows.
    static func fit(_ x: Matrix, maxBins: Int, seed: UInt64, threads: Int) -> FeatureBinner {
        var rows = Array(0..<x.rows)
        if x.rows > 200_000 {
            var rng = Xoshiro256StarStar(seed: seed)
            rng.shuffle(&rows)
            rows = Array(rows.prefix(200_000)).sorted()
        }
        let thresholds = Parallel.map(x.columns, threads: threads) { j -> [Double] in
            var values = rows.map { x[$0, j] }.filter { !$0.isNaN }
            values.sort()
            var distinct: [Double] = []
            for v in values where distinct.last != v { distinct.append(v) }
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
        return FeatureBinner(thresholds: thresholds, maxBins: maxBins)
    }

    /// Column-major bins (`bins[j * rows + i]`).
    func transform(_ x: Matrix, threads: Int) -> [UInt8] {
        let n = x.rows
        var bins = [UInt8](repeating: 0, count: n * x.columns)
        bins.withUnsafeMutableBufferPointer { buffer in
            let out = UnsafeSendable(buffer)
            Parallel.forEach(x.columns, threads: threads) { j in
                let t = thresholds[j]
                for i in 0..<n {
                    let v = x.values[i * x.columns + j]
                    if v.isNaN {
                        out.value[j * n + i] = UInt8(maxBins)
                        continue
                    }
                    var lo = 0, hi = t.count
                    while lo < hi {
                        let mid = (lo + hi) >> 1
                        if v <= t[mid] { hi = mid } else { lo = mid + 1 }
                    }
                    out.value[j * n + i] = UInt8(lo)
                }
            }
        }
        return bins
    }
}
