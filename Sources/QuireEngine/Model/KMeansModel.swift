import Foundation

/// A fitted k-means clustering: the centres, with the training inertia.
struct KMeansModel: Sendable, Hashable, Codable {
    var centers: Matrix
    var inertia: Double
    var iterations: Int

    /// k-means++ initialisation (scikit-learn's greedy variant, `2 + ⌊ln k⌋` candidates per
    /// centre) then Lloyd iterations, `restarts` times; the lowest inertia wins.
    static func fit(
        _ x: Matrix, clusters: Int, restarts: Int, maxIterations: Int, tolerance: Double, seed: UInt64, threads: Int
    ) -> (KMeansModel, labels: [Int], converged: Bool) {
        let p = x.columns
        let means = LinearAlgebra.columnMeans(x, threads: threads)
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
        for _ in 0..<restarts {
            var centers = initialCenters(x, clusters: clusters, rng: &rng)
            var labels = [Int](repeating: 0, count: x.rows)
            var iterations = 0
            var converged = false
            while iterations < maxIterations {
                iterations += 1
                let (newLabels, _, sums, counts) = assign(x, centers, threads: threads)
                labels = newLabels
                var next = centers
                var farthest: [Int]?
                for c in 0..<clusters {
                    if counts[c] > 0 {
                        for j in 0..<p { next[c, j] = sums[c * p + j] / counts[c] }
                    } else {
                        // An empty cluster moves to the point farthest from its centre.
                        if farthest == nil { farthest = farthestPoints(x, centers, labels) }
                        let point = farthest!.removeFirst()
                        for j in 0..<p { next[c, j] = x[point, j] }
                    }
                }
                var shift = 0.0
                for k in 0..<next.values.count {
                    let d = next.values[k] - centers.values[k]
                    shift += d * d
                }
                centers = next
                if shift <= threshold {
                    converged = true
                    break
                }
            }
            let (finalLabels, inertia, _, _) = assign(x, centers, threads: threads)
            if best == nil || inertia < best!.0.inertia {
                best = (KMeansModel(centers: centers, inertia: inertia, iterations: iterations), finalLabels, converged)
            }
            _ = labels
        }
        return best!
    }

    private static func farthestPoints(_ x: Matrix, _ centers: Matrix, _ labels: [Int]) -> [Int] {
        let distances = (0..<x.rows).map { squaredDistance(x, $0, centers, labels[$0]) }
        return distances.indices.sorted { distances[$0] > distances[$1] || distances[$0] == distances[$1] && $0 < $1 }
    }

    static func squaredDistance(_ x: Matrix, _ i: Int, _ centers: Matrix, _ c: Int) -> Double {
        let p = x.columns
        var d = 0.0
        for j in 0..<p {
            let t = x.values[i * p + j] - centers.values[c * p + j]
            d += t * t
        }
        return d
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
                for i in 0..<n {
                    var d = 0.0
                    for j in 0..<p {
                        let t = x.values[i * p + j] - x.values[lo * p + j]
                        d += t * t
                    }
                    candidate[i] = min(candidate[i], d)
                    sum += candidate[i]
                }
                if sum < bestPotential {
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
    static func assign(_ x: Matrix, _ centers: Matrix, threads: Int) -> ([Int], Double, [Double], [Double]) {
        let p = x.columns
        let k = centers.rows
        let chunks = Parallel.chunks(x.rows)
        var labels = [Int](repeating: 0, count: x.rows)
        let parts = labels.withUnsafeMutableBufferPointer { buffer -> [([Double], [Double], Double)] in
            let out = UnsafeSendable(buffer)
            return Parallel.map(chunks.count, threads: threads) { c in
                var sums = [Double](repeating: 0, count: k * p)
                var counts = [Double](repeating: 0, count: k)
                var inertia = 0.0
                x.values.withUnsafeBufferPointer { v in
                    centers.values.withUnsafeBufferPointer { cv in
                        for i in chunks[c] {
                            var best = 0
                            var bestDistance = Double.infinity
                            for m in 0..<k {
                                var d = 0.0
                                for j in 0..<p {
                                    let t = v[i * p + j] - cv[m * p + j]
                                    d += t * t
                                }
                                if d < bestDistance {
                                    bestDistance = d
                                    best = m
                                }
                            }
                            out.value[i] = best
                            inertia += bestDistance
                            counts[best] += 1
                            for j in 0..<p { sums[best * p + j] += v[i * p + j] }
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

    func labels(_ x: Matrix, threads: Int) -> [Int] {
        Self.assign(x, centers, threads: threads).0
    }
}
