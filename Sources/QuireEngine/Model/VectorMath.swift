/// Distances between rows of row-major matrices, in SIMD lanes.
///
/// A plain `for j in 0..<p { d += t * t }` is one chain of dependent additions (the compiler may
/// not reorder floating-point sums), so it runs at one addition per add latency. Here eight
/// running sums (two 4-lane vectors) advance together, then fold in a fixed order: the result
/// is the same on every machine and thread count, and several times faster for 20 features.
/// Products and sums stay separate operations: the package targets baseline x86-64, where a
/// fused multiply-add would be a library call per lane.
enum VectorMath {
    /// Σⱼ (aⱼ − bⱼ)² over `count` values.
    @inline(__always)
    static func squaredDistance(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, count: Int) -> Double {
        var low = SIMD4<Double>(), high = SIMD4<Double>()
        var j = 0
        let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
        while j + 8 <= count {
            let d0 =
                ra.loadUnaligned(fromByteOffset: j * 8, as: SIMD4<Double>.self)
                - rb.loadUnaligned(fromByteOffset: j * 8, as: SIMD4<Double>.self)
            let d1 =
                ra.loadUnaligned(fromByteOffset: (j + 4) * 8, as: SIMD4<Double>.self)
                - rb.loadUnaligned(fromByteOffset: (j + 4) * 8, as: SIMD4<Double>.self)
            low += d0 * d0
            high += d1 * d1
            j += 8
        }
        if j + 4 <= count {
            let d0 =
                ra.loadUnaligned(fromByteOffset: j * 8, as: SIMD4<Double>.self)
                - rb.loadUnaligned(fromByteOffset: j * 8, as: SIMD4<Double>.self)
            low += d0 * d0
            j += 4
        }
        let lanes = low + high
        var total = (lanes[0] + lanes[1]) + (lanes[2] + lanes[3])
        while j < count {
            let t = a[j] - b[j]
            total += t * t
            j += 1
        }
        return total
    }

    /// The squared distance between row `i` of `x` and row `k` of `y` (both with the same width).
    @inline(__always)
    static func squaredDistance(
        _ x: UnsafeBufferPointer<Double>, _ i: Int, _ y: UnsafeBufferPointer<Double>, _ k: Int, width: Int
    )
        -> Double
    {
        // Only an empty buffer may have no address; its rows have no columns, at distance 0.
        guard let x = x.baseAddress, let y = y.baseAddress else { return 0 }
        return squaredDistance(x + i * width, y + k * width, count: width)
    }

    /// A matrix's rows as ``transposedGroups(_:rows:width:)`` with their squared norms in the
    /// same lanes, for scoring rows by `‖y‖² − 2x·y`. Lanes without a row get an infinite norm,
    /// so they never score best.
    static func scoringGroups(_ matrix: Matrix) -> (transposed: [SIMD8<Double>], norms: [SIMD8<Double>]) {
        let n = matrix.rows, p = matrix.columns
        return matrix.values.withUnsafeBufferPointer { values in
            let norms = rowNorms(values, rows: n, width: p)
            let lanes = (0..<((n + 7) / 8)).map { g in
                SIMD8<Double>((0..<8).map { g * 8 + $0 < n ? norms[g * 8 + $0] : .infinity })
            }
            return (transposedGroups(values, rows: n, width: p), lanes)
        }
    }

    /// Rows of a row-major matrix transposed into groups of eight (`[group][feature]` → one
    /// 8-lane vector holding that feature of the group's rows), so that one row's products with
    /// eight others advance together. Lanes past the last row are zero.
    static func transposedGroups(_ values: UnsafeBufferPointer<Double>, rows: Int, width: Int) -> [SIMD8<Double>] {
        let groups = (rows + 7) / 8
        var out = [SIMD8<Double>](repeating: .zero, count: groups * width)
        for r in 0..<rows {
            let g = r / 8, lane = r % 8
            for j in 0..<width { out[g * width + j][lane] = values[r * width + j] }
        }
        return out
    }

    /// The dot products of one row (`width` values at `row`) with the eight rows of `group`.
    @inline(__always)
    static func dots(_ row: UnsafePointer<Double>, _ group: UnsafePointer<SIMD8<Double>>, width: Int) -> SIMD8<Double> {
        var even = SIMD8<Double>(), odd = SIMD8<Double>()
        var j = 0
        while j + 2 <= width {
            even += SIMD8(repeating: row[j]) * group[j]
            odd += SIMD8(repeating: row[j + 1]) * group[j + 1]
            j += 2
        }
        if j < width { even += SIMD8(repeating: row[j]) * group[j] }
        return even + odd
    }

    /// Σⱼ aⱼ·bⱼ over `count` values (eight running sums, folded in a fixed order).
    @inline(__always)
    static func dot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, count: Int) -> Double {
        var low = SIMD4<Double>(), high = SIMD4<Double>()
        var j = 0
        let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
        while j + 8 <= count {
            low +=
                ra.loadUnaligned(fromByteOffset: j * 8, as: SIMD4<Double>.self)
                * rb.loadUnaligned(fromByteOffset: j * 8, as: SIMD4<Double>.self)
            high +=
                ra.loadUnaligned(fromByteOffset: (j + 4) * 8, as: SIMD4<Double>.self)
                * rb.loadUnaligned(fromByteOffset: (j + 4) * 8, as: SIMD4<Double>.self)
            j += 8
        }
        if j + 4 <= count {
            low +=
                ra.loadUnaligned(fromByteOffset: j * 8, as: SIMD4<Double>.self)
                * rb.loadUnaligned(fromByteOffset: j * 8, as: SIMD4<Double>.self)
            j += 4
        }
        let lanes = low + high
        var total = (lanes[0] + lanes[1]) + (lanes[2] + lanes[3])
        while j < count {
            total += a[j] * b[j]
            j += 1
        }
        return total
    }

    /// `target[j] += scale · source[j]` for `count` values.
    @inline(__always)
    static func add(
        _ scale: Double, times source: UnsafePointer<Double>, to target: UnsafeMutablePointer<Double>, count: Int
    ) {
        let factor = SIMD4<Double>(repeating: scale)
        var j = 0
        while j + 4 <= count {
            let sum =
                UnsafeRawPointer(target + j).loadUnaligned(as: SIMD4<Double>.self)
                + factor * UnsafeRawPointer(source + j).loadUnaligned(as: SIMD4<Double>.self)
            UnsafeMutableRawPointer(target + j).storeBytes(of: sum, as: SIMD4<Double>.self)
            j += 4
        }
        while j < count {
            target[j] += scale * source[j]
            j += 1
        }
    }

    /// `target[j] += source[j]` for `count` values.
    @inline(__always)
    static func add(_ source: UnsafePointer<Double>, to target: UnsafeMutablePointer<Double>, count: Int) {
        var j = 0
        while j + 4 <= count {
            let sum =
                UnsafeRawPointer(target + j).loadUnaligned(as: SIMD4<Double>.self)
                + UnsafeRawPointer(source + j).loadUnaligned(as: SIMD4<Double>.self)
            UnsafeMutableRawPointer(target + j).storeBytes(of: sum, as: SIMD4<Double>.self)
            j += 4
        }
        while j < count {
            target[j] += source[j]
            j += 1
        }
    }

    /// `target[j] += (a[j] − b[j])²` for `count` values.
    @inline(__always)
    static func addSquaredDifferences(
        _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, to target: UnsafeMutablePointer<Double>, count: Int
    ) {
        var j = 0
        while j + 4 <= count {
            let d =
                UnsafeRawPointer(a + j).loadUnaligned(as: SIMD4<Double>.self)
                - UnsafeRawPointer(b + j).loadUnaligned(as: SIMD4<Double>.self)
            let sum = UnsafeRawPointer(target + j).loadUnaligned(as: SIMD4<Double>.self) + d * d
            UnsafeMutableRawPointer(target + j).storeBytes(of: sum, as: SIMD4<Double>.self)
            j += 4
        }
        while j < count {
            let d = a[j] - b[j]
            target[j] += d * d
            j += 1
        }
    }

    /// The smallest lane (by halves, which compiles to vector minimums, not a loop over lanes).
    @inline(__always)
    static func minimum(_ v: SIMD8<Double>) -> Double {
        let quarter = pointwiseMin(v.lowHalf, v.highHalf)
        let pair = pointwiseMin(quarter.lowHalf, quarter.highHalf)
        return Swift.min(pair[0], pair[1])
    }

    /// Squared norms of each row.
    static func rowNorms(_ values: UnsafeBufferPointer<Double>, rows: Int, width: Int) -> [Double] {
        let zeros = [Double](repeating: 0, count: width)
        return zeros.withUnsafeBufferPointer { zeros in
            // Only an empty buffer may have no address; its rows have no columns, of norm 0.
            guard let values = values.baseAddress, let zeros = zeros.baseAddress else {
                return [Double](repeating: 0, count: rows)
            }
            return (0..<rows).map { squaredDistance(values + $0 * width, zeros, count: width) }
        }
    }
}
