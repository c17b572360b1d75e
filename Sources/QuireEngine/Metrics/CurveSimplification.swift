/// Fewer points for a curve drawn on a chart, never further than a tolerance from it.
///
/// Ramer–Douglas–Peucker: the first and last points are kept; between two kept points, the
/// point furthest from the segment joining them is kept when it lies more than `tolerance` away,
/// and the halves are treated alike. Every point dropped lies within `tolerance` of the segment
/// that replaces it (the distance to the segment, not to its line), so the whole original
/// polyline lies within `tolerance` of the simplified one, and the simplified one within
/// `tolerance` of the original: their Hausdorff distance is at most `tolerance`. The kept points
/// are a subsequence of the original, in order.
public enum CurveSimplification {
    /// The tolerance of stored ROC and precision–recall curves, in the unit of their axes (both
    /// span 0…1): 1/1000. The report draws them on a 266 × 196 pixel plot area, where this is
    /// at most 0.27 pixel.
    public static let curveTolerance = 0.001

    /// The most points a stored curve keeps: 4,000. At ``curveTolerance`` real curves keep far
    /// fewer (a few hundred; about 1,500 for a precision–recall curve built to zigzag on a million
    /// rows), so this only bounds adversarial curves, whose tolerance then doubles until they fit.
    public static let maximumPoints = 4000

    /// The indices ``keptIndices(x:y:tolerance:)`` keeps at `tolerance`, or, when that is more
    /// than `maximumPoints` (at least 2), at the smallest `tolerance · 2^k` that keeps at most
    /// `maximumPoints`; with the tolerance they were kept at.
    public static func keptIndices(x: [Double], y: [Double], tolerance: Double, maximumPoints: Int)
        -> (indices: [Int], tolerance: Double)
    {
        var tolerance = tolerance
        while tolerance.isFinite, tolerance > 0 {
            if let kept = keptIndices(x: x, y: y, tolerance: tolerance, atMost: max(maximumPoints, 2)) {
                return (kept, tolerance)
            }
            tolerance *= 2
        }
        return (keptIndices(x: x, y: y, tolerance: tolerance), tolerance)
    }

    /// The indices of the points of `(x[i], y[i])` to keep, ascending; every index when a
    /// coordinate is not finite or there are at most two points.
    ///
    /// Iterative (no recursion depth), `O(n · kept)` in the worst case.
    public static func keptIndices(x: [Double], y: [Double], tolerance: Double) -> [Int] {
        keptIndices(x: x, y: y, tolerance: tolerance, atMost: Int.max) ?? Array(0..<min(x.count, y.count))
    }

    /// ``keptIndices(x:y:tolerance:)``, or nil as soon as more than `limit` points are kept (so
    /// that a curve with too many points costs at most `O(n · limit)`).
    static func keptIndices(x: [Double], y: [Double], tolerance: Double, atMost limit: Int) -> [Int]? {
        let n = min(x.count, y.count)
        guard n > 2, x.allSatisfy(\.isFinite), y.allSatisfy(\.isFinite) else { return Array(0..<n) }
        var keep = [Bool](repeating: false, count: n)
        keep[0] = true
        keep[n - 1] = true
        var count = 2
        var pending = [(0, n - 1)]
        while let (first, last) = pending.popLast() {
            guard last - first > 1 else { continue }
            var furthest = first
            var distance = -1.0
            for k in (first + 1)..<last {
                let d = segmentDistance(x[k], y[k], x[first], y[first], x[last], y[last])
                if d > distance {
                    distance = d
                    furthest = k
                }
            }
            if distance > tolerance {
                keep[furthest] = true
                count += 1
                if count > limit { return nil }
                pending.append((first, furthest))
                pending.append((furthest, last))
            }
        }
        return keep.indices.filter { keep[$0] }
    }

    /// The Euclidean distance from `(px, py)` to the segment from `(ax, ay)` to `(bx, by)`.
    public static func segmentDistance(
        _ px: Double, _ py: Double, _ ax: Double, _ ay: Double, _ bx: Double, _ by: Double
    ) -> Double {
        let dx = bx - ax
        let dy = by - ay
        let length2 = dx * dx + dy * dy
        var t = length2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / length2 : 0
        t = min(max(t, 0), 1)
        let ex = px - (ax + t * dx)
        let ey = py - (ay + t * dy)
        return (ex * ex + ey * ey).squareRoot()
    }
}

extension ROCCurve {
    /// The curve with only the points ``CurveSimplification`` keeps (thresholds kept with their
    /// points): within `tolerance` of this curve everywhere, endpoints included. At most
    /// ``CurveSimplification/maximumPoints`` points: a curve that needs more at `tolerance` is
    /// kept at a doubled tolerance instead.
    public func simplified(tolerance: Double = CurveSimplification.curveTolerance) -> ROCCurve {
        let kept = CurveSimplification.keptIndices(
            x: falsePositiveRate, y: truePositiveRate, tolerance: tolerance,
            maximumPoints: CurveSimplification.maximumPoints
        ).indices
        guard kept.count < falsePositiveRate.count, thresholds.count == falsePositiveRate.count else { return self }
        return ROCCurve(
            falsePositiveRate: kept.map { falsePositiveRate[$0] }, truePositiveRate: kept.map { truePositiveRate[$0] },
            thresholds: kept.map { thresholds[$0] })
    }
}

extension PrecisionRecallCurve {
    /// The curve with only the points ``CurveSimplification`` keeps (each kept point with its
    /// threshold; the last point, which has none, is always kept): within `tolerance` of this
    /// curve everywhere, endpoints included, and at most ``CurveSimplification/maximumPoints``
    /// points, like ``ROCCurve/simplified(tolerance:)``.
    public func simplified(tolerance: Double = CurveSimplification.curveTolerance) -> PrecisionRecallCurve {
        let kept = CurveSimplification.keptIndices(
            x: recall, y: precision, tolerance: tolerance, maximumPoints: CurveSimplification.maximumPoints
        ).indices
        guard kept.count < recall.count, precision.count == recall.count, thresholds.count == recall.count - 1
        else { return self }
        return PrecisionRecallCurve(
            precision: kept.map { precision[$0] }, recall: kept.map { recall[$0] },
            thresholds: kept.dropLast().map { thresholds[$0] })
    }
}
