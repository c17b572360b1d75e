import Foundation

/// Deterministic reductions of large data: LTTB for lines, a density grid for scatters, bin
/// counts for histograms, and quartiles for boxes.
public enum Downsampling {
    /// The indices Largest-Triangle-Three-Buckets keeps of the series `x`, `y` (x ascending):
    /// the first and last points, and in each of `threshold − 2` equal buckets between them the
    /// point making the largest triangle with the point kept before it and the mean of the next
    /// bucket (Steinarsson 2013). All indices when there are at most `threshold` points.
    public static func lttb(x: [Double], y: [Double], threshold: Int) -> [Int] {
        let count = min(x.count, y.count)
        guard threshold >= 3, count > threshold else { return Array(0..<count) }
        var kept = [0]
        kept.reserveCapacity(threshold)
        let every = Double(count - 2) / Double(threshold - 2)
        var previous = 0
        for bucket in 0..<(threshold - 2) {
            let nextStart = Int((Double(bucket + 1) * every).rounded(.down)) + 1
            let nextEnd = min(Int((Double(bucket + 2) * every).rounded(.down)) + 1, count)
            var meanX = 0.0
            var meanY = 0.0
            for index in nextStart..<nextEnd {
                meanX += x[index]
                meanY += y[index]
            }
            let span = Double(max(nextEnd - nextStart, 1))
            meanX /= span
            meanY /= span
            let start = Int((Double(bucket) * every).rounded(.down)) + 1
            let end = Int((Double(bucket + 1) * every).rounded(.down)) + 1
            let ax = x[previous]
            let ay = y[previous]
            var best = start
            var largest = -1.0
            for index in start..<end {
                let area = abs((ax - meanX) * (y[index] - ay) - (ax - x[index]) * (meanY - ay))
                if area > largest {
                    largest = area
                    best = index
                }
            }
            kept.append(best)
            previous = best
        }
        kept.append(count - 1)
        return kept
    }

    /// Counts of the points in a `columns` × `rows` grid over `xRange` × `yRange`, row-major
    /// from the bottom-left cell. Cells are half-open `[lower, upper)` except the last of each
    /// axis, which includes its upper edge (as `numpy.histogram2d`); points outside are left out.
    public static func densityGrid(
        x: [Double], y: [Double], xRange: ClosedRange<Double>, yRange: ClosedRange<Double>, columns: Int, rows: Int
    ) -> [Int] {
        var counts = [Int](repeating: 0, count: columns * rows)
        let xSpan = xRange.upperBound - xRange.lowerBound
        let ySpan = yRange.upperBound - yRange.lowerBound
        for index in 0..<min(x.count, y.count) {
            guard let column = bin(x[index], xRange.lowerBound, xSpan, columns),
                let row = bin(y[index], yRange.lowerBound, ySpan, rows)
            else { continue }
            counts[row * columns + column] += 1
        }
        return counts
    }

    private static func bin(_ value: Double, _ lower: Double, _ span: Double, _ count: Int) -> Int? {
        guard value.isFinite, value >= lower, value <= lower + span else { return nil }
        guard span > 0 else { return 0 }
        return min(Int(((value - lower) / span * Double(count)).rounded(.down)), count - 1)
    }

    /// Edges of at most about `bins` equal bins at round values covering `lower...upper`.
    public static func histogramEdges(_ lower: Double, _ upper: Double, bins: Int) -> [Double] {
        guard lower.isFinite, upper.isFinite else { return [] }
        if lower == upper { return [lower - 0.5, lower + 0.5] }
        let step = Ticks.niceStep(span: upper - lower, count: max(bins, 1))
        let first = (lower / step).rounded(.down)
        var count = Int(((upper / step) - first).rounded(.up))
        if count < 1 { count = 1 }
        // The upper value on an edge belongs to the last bin, as numpy counts it.
        return (0...count).map { Ticks.clean((first + Double($0)) * step) }
    }

    /// Counts of `values` in the bins of `edges` (ascending): `[e_i, e_{i+1})`, the last bin
    /// closed (as `numpy.histogram`); missing and outside values are left out.
    public static func histogram(_ values: [Double], edges: [Double]) -> [Int] {
        guard edges.count >= 2 else { return [] }
        var counts = [Int](repeating: 0, count: edges.count - 1)
        for value in values where value.isFinite {
            guard value >= edges[0], let last = edges.last, value <= last else { continue }
            // Binary search: the last edge at or below the value.
            var low = 0
            var high = edges.count - 1
            while high - low > 1 {
                let middle = (low + high) / 2
                if edges[middle] <= value { low = middle } else { high = middle }
            }
            counts[min(low, counts.count - 1)] += 1
        }
        return counts
    }

    /// The `q` quantile (0...1) of ascending `sorted` values, interpolating linearly between
    /// neighbours (numpy's default, Hyndman–Fan type 7).
    public static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let position = q * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = min(lower + 1, sorted.count - 1)
        let fraction = position - Double(lower)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * fraction
    }

    /// At most `limit` of `values`, evenly spaced by position (first and last kept).
    public static func evenly<T>(_ values: [T], limit: Int) -> [T] {
        guard values.count > limit, limit >= 2 else { return values }
        return (0..<limit).map { values[Int((Double($0) * Double(values.count - 1) / Double(limit - 1)).rounded())] }
    }
}
