import Foundation

/// A fitted k-means clustering: the centres, with the training inertia.
struct KMeansModel: Sendable, Hashable, Codable {
    var centers: Matrix
    var inertia: Double
    var iterations: Int

    /// k-means++ initialisation (scikit-learn's greedy variant, `2 + ⌊ln k⌋` candidates per
    /// centre) then Lloyd iterations (with Hamerly's bounds, which skip distances that cannot
    /// change an assignment), `restarts` times; the lowest inertia wins.
    static func fit(
        _ x: Matrix, clusters: Int, restarts: Int, maxIterations: Int, tolerance: Double, seed: UInt64, threads: Int
    ) throws -> (KMeansModel, labels: [Int], converged: Bool) {
        let p = x.columns
        let means = try LinearAlgebra.columnMeans(x, threads: threads)
        var variance = 0.0
        for j in 0..<p {
            var v = 0.0
            for i in 0..<x.rows {
                let d = x.values[i * p + j] - means[j]
                v += d * d
            }
            variance += v / Double(x.rows)
        }
        let threshold = tolerance * variance / Double(max(p, 1))
        var rng = Xoshiro256StarStar(seed: seed)
        var best: (KMeansModel, [Int], Bool)?
        // Every restart's iteration budget; a restart that converges counts its unused iterations.
        let progress = EngineWork.beginProgress("k-means", unit: "iterations", total: restarts * maxIterations)
        defer { progress?.end() }
        for _ in 0..<restarts {
            var centers = initialCenters(x, clusters: clusters, rng: &rng)
            var bounds = Bounds(rows: x.rows)
            var moved: [Double] = []
            var iterations = 0
            var converged = false
            while iterations < maxIterations {
                try EngineWork.checkCancellation()
                iterations += 1
                progress?.advance()
                let (sums, counts) = try bounds.assign(x, centers, moved: moved, threads: threads)
                let labels = bounds.labels
                var next = centers
                var farthest: [Int]?
                for c in 0..<clusters {
                    if counts[c] > 0 {
                        for j in 0..<p { next[c, j] = sums[c * p + j] / counts[c] }
                    } else {
                        // An empty cluster moves to the point farthest from its centre.
                        var remaining = farthest ?? farthestPoints(x, centers, labels)
                        let point = remaining.removeFirst()
                        farthest = remaining
                        for j in 0..<p { next[c, j] = x[point, j] }
                    }
                }
                moved = (0..<clusters).map { squaredDistance(next, $0, centers, $0) }
                let shift = moved.reduce(0, +)
                moved = moved.map { $0.squareRoot() }
                centers = next
                if shift <= threshold {
                    converged = true
                    break
                }
            }
            progress?.advance(by: maxIterations - iterations)
            let (finalLabels, inertia, _, _) = try assign(x, centers, threads: threads)
            if best.map({ inertia < $0.0.inertia }) ?? true {
                best = (KMeansModel(centers: centers, inertia: inertia, iterations: iterations), finalLabels, converged)
            }
        }
        guard let best else { preconditionFailure("k-means needs restarts ≥ 1 (n_init's schema minimum)") }
        progress?.complete()
        return best
    }

    /// Lloyd's assignment step with Hamerly's bounds (2010): each row keeps an upper bound on
    /// the distance to its centre and a lower bound on the distance to every other centre. A
    /// row whose upper bound is within the larger of its lower bound and half the distance
    /// from its centre to the nearest other centre cannot change centre and is not measured.
    /// The assignments are Lloyd's (nearest centre, ties to the lower one); only distances that
    /// cannot change them are skipped, which is most of them once the centres settle.
    ///
    /// The per-centre sums are kept between calls and changed only by the rows that move, so a
    /// row whose bounds settle it is not read at all.
    private struct Bounds {
        var labels: [Int]
        var upper: [Double]
        var lower: [Double]
        var sums: [Double] = []
        var counts: [Double] = []

        init(rows: Int) {
            labels = [Int](repeating: 0, count: rows)
            upper = [Double](repeating: .infinity, count: rows)
            lower = [Double](repeating: 0, count: rows)
        }

        /// Assigns every row, given how far each centre moved since the last call (empty on the
        /// first), and returns per-centre sums and counts.
        mutating func assign(_ x: Matrix, _ centers: Matrix, moved: [Double], threads: Int) throws -> (
            [Double], [Double]
        ) {
            let p = x.columns
            let k = centers.rows
            // Half the distance from each centre to its nearest other centre.
            var half = [Double](repeating: .infinity, count: k)
            for a in 0..<k {
                for b in 0..<k where b != a {
                    half[a] = Swift.min(half[a], 0.5 * squaredDistance(centers, a, centers, b).squareRoot())
                }
            }
            // The largest move, and the largest move of any other centre than the largest's.
            var largest = 0.0, second = 0.0, largestIndex = -1
            for (c, move) in moved.enumerated() {
                if move > largest {
                    (second, largest, largestIndex) = (largest, move, c)
                } else if move > second {
                    second = move
                }
            }
            let fresh = moved.isEmpty
            let chunks = Parallel.chunks(x.rows)
            let parts = try labels.withUnsafeMutableBufferPointer { labels in
                try upper.withUnsafeMutableBufferPointer { upper in
                    try lower.withUnsafeMutableBufferPointer { lower in
                        let state = UnsafeSendable((labels, upper, lower))
                        return try Parallel.map(chunks.count, threads: threads) { chunk -> ([Double], [Double]) in
                            let (labels, upper, lower) = state.value
                            var changeSums = [Double](repeating: 0, count: k * p)
                            var changeCounts = [Double](repeating: 0, count: k)
                            x.values.withUnsafeBufferPointer { v in
                                centers.values.withUnsafeBufferPointer { cv in
                                    for i in chunks[chunk] {
                                        let previous = labels[i]
                                        var a = previous
                                        if !fresh {
                                            upper[i] += moved[a]
                                            lower[i] -= a == largestIndex ? second : largest
                                        }
                                        let bound = Swift.max(half[a], lower[i])
                                        if upper[i] > bound {
                                            if !fresh {
                                                upper[i] = VectorMath.squaredDistance(v, i, cv, a, width: p)
                                                    .squareRoot()
                                            }
                                            if upper[i] > bound {
                                                var nearest = Double.infinity, next = Double.infinity
                                                for c in 0..<k {
                                                    let d = VectorMath.squaredDistance(v, i, cv, c, width: p)
                                                    if d < nearest {
                                                        (next, nearest, a) = (nearest, d, c)
                                                    } else if d < next {
                                                        next = d
                                                    }
                                                }
                                                labels[i] = a
                                                upper[i] = nearest.squareRoot()
                                                lower[i] = next.squareRoot()
                                            }
                                        }
                                        // The first pass sums every row; later ones move the rows that moved.
                                        if fresh || a != previous {
                                            changeCounts[a] += 1
                                            changeSums.withUnsafeMutableBufferPointer { sums in
                                                // Array storage always has an address: this never returns.
                                                guard let values = v.baseAddress, let sums = sums.baseAddress
                                                else { return }
                                                VectorMath.add(values + i * p, to: sums + a * p, count: p)
                                                if !fresh {
                                                    VectorMath.add(
                                                        -1, times: values + i * p, to: sums + previous * p, count: p)
                                                }
                                            }
                                            if !fresh { changeCounts[previous] -= 1 }
                                        }
                                    }
                                }
                            }
                            return (changeSums, changeCounts)
                        }
                    }
                }
            }
            if fresh {
                sums = [Double](repeating: 0, count: k * p)
                counts = [Double](repeating: 0, count: k)
            }
            for (s, n) in parts {
                for t in 0..<(k * p) { sums[t] += s[t] }
                for t in 0..<k { counts[t] += n[t] }
            }
            return (sums, counts)
        }
    }

    private static func farthestPoints(_ x: Matrix, _ centers: Matrix, _ labels: [Int]) -> [Int] {
        let distances = (0..<x.rows).map { squaredDistance(x, $0, centers, labels[$0]) }
        return distances.indices.sorted { distances[$0] > distances[$1] || distances[$0] == distances[$1] && $0 < $1 }
    }

    static func squaredDistance(_ x: Matrix, _ i: Int, _ centers: Matrix, _ c: Int) -> Double {
        x.values.withUnsafeBufferPointer { xv in
            centers.values.withUnsafeBufferPointer { cv in
                VectorMath.squaredDistance(xv, i, cv, c, width: x.columns)
            }
        }
    }

    private static func initialCenters(_ x: Matrix, clusters: Int, rng: inout Xoshiro256StarStar) -> Matrix {
        let n = x.rows
        let p = x.columns
        var centers = Matrix(rows: clusters, columns: p)
        let first = Int(rng.nextInt(below: UInt64(n)))
        for j in 0..<p { centers[0, j] = x[first, j] }
        var closest = (0..<n).map { squaredDistance(x, $0, centers, 0) }
        var potential = closest.reduce(0, +)
        let trials = 2 + Int(log(Double(clusters)))
        for c in 1..<max(clusters, 1) {
            var bestCandidate = -1
            var bestPotential = Double.infinity
            var bestClosest: [Double] = []
            var cumulative = [Double](repeating: 0, count: n)
            var running = 0.0
            for i in 0..<n {
                running += closest[i]
                cumulative[i] = running
            }
            for _ in 0..<trials {
                let target = rng.nextUniform() * running
                var lo = 0, hi = n - 1
                while lo < hi {
                    let mid = (lo + hi) / 2
                    if cumulative[mid] <= target { lo = mid + 1 } else { hi = mid }
                }
                var candidate = closest
                var sum = 0.0
                x.values.withUnsafeBufferPointer { xv in
                    candidate.withUnsafeMutableBufferPointer { candidate in
                        for i in 0..<n {
                            let d = VectorMath.squaredDistance(xv, i, xv, lo, width: p)
                            candidate[i] = min(candidate[i], d)
                            sum += candidate[i]
                        }
                    }
                }
                // The first trial always counts: with huge values every potential may be infinite.
                if sum < bestPotential || bestCandidate < 0 {
                    bestPotential = sum
                    bestCandidate = lo
                    bestClosest = candidate
                }
            }
            for j in 0..<p { centers[c, j] = x[bestCandidate, j] }
            closest = bestClosest
            potential = bestPotential
        }
        _ = potential
        return centers
    }

    /// Nearest centre per row, the inertia, and per-centre sums and counts.
    ///
    /// As scikit-learn's Lloyd step, the nearest centre minimises `‖c‖² − 2x·c` (the row's own
    /// norm is common to all centres), with the products for eight centres at a time in SIMD
    /// lanes; ties go to the lower centre. The inertia adds the exact `‖x − c‖²` of each row's
    /// centre.
    static func assign(_ x: Matrix, _ centers: Matrix, threads: Int) throws -> ([Int], Double, [Double], [Double]) {
        let p = x.columns
        let k = centers.rows
        let groups = (k + 7) / 8
        let (transposed, norms) = VectorMath.scoringGroups(centers)
        let chunks = Parallel.chunks(x.rows)
        var labels = [Int](repeating: 0, count: x.rows)
        let parts = try labels.withUnsafeMutableBufferPointer { buffer -> [([Double], [Double], Double)] in
            let out = UnsafeSendable(buffer)
            return try Parallel.map(chunks.count, threads: threads) { c in
                var sums = [Double](repeating: 0, count: k * p)
                var counts = [Double](repeating: 0, count: k)
                var inertia = 0.0
                x.values.withUnsafeBufferPointer { v in
                    centers.values.withUnsafeBufferPointer { cv in
                        transposed.withUnsafeBufferPointer { t in
                            // Array storage always has an address, even when empty, so this guard never returns.
                            guard let values = v.baseAddress, let tValues = t.baseAddress else { return }
                            for i in chunks[c] {
                                let row = values + i * p
                                var best = 0
                                var bestScore = Double.infinity
                                for g in 0..<groups {
                                    let scores = norms[g] - 2 * VectorMath.dots(row, tValues + g * p, width: p)
                                    for lane in 0..<8 where scores[lane] < bestScore {
                                        bestScore = scores[lane]
                                        best = g * 8 + lane
                                    }
                                }
                                out.value[i] = best
                                inertia += VectorMath.squaredDistance(v, i, cv, best, width: p)
                                counts[best] += 1
                                sums.withUnsafeMutableBufferPointer { sums in
                                    guard let sums = sums.baseAddress else { return }  // as above: never returns
                                    VectorMath.add(row, to: sums + best * p, count: p)
                                }
                            }
                        }
                    }
                }
                return (sums, counts, inertia)
            }
        }
        var sums = [Double](repeating: 0, count: k * p)
        var counts = [Double](repeating: 0, count: k)
        var inertia = 0.0
        for (s, n, e) in parts {
            for t in 0..<(k * p) { sums[t] += s[t] }
            for t in 0..<k { counts[t] += n[t] }
            inertia += e
        }
        return (labels, inertia, sums, counts)
    }

    func labels(_ x: Matrix, threads: Int) throws -> [Int] {
        try Self.assign(x, centers, threads: threads).0
    }
}
