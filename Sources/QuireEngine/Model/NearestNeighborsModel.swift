/// A fitted k-nearest-neighbours model: the training rows, voted or averaged at prediction.
///
/// Brute force with Euclidean distance, like scikit-learn's `algorithm="brute"`; ties in
/// distance go to the earlier training row.
struct NearestNeighborsModel: Sendable, Hashable, Codable {
    var points: Matrix
    /// Class index or value per training row.
    var targets: [Double]
    var neighbors: Int
    var distanceWeighted: Bool
    /// Classes for a classifier, 0 for a regressor.
    var classCount: Int

    /// Rows × outputs: class probabilities, or the (weighted) mean of the neighbours.
    func predict(_ x: Matrix, threads: Int) -> Matrix {
        let outputs = max(classCount, 1)
        let k = min(neighbors, points.rows)
        let p = x.columns
        let n = points.rows
        var norms = [Double](repeating: 0, count: n)
        for i in 0..<n { for j in 0..<p { norms[i] += points.values[i * p + j] * points.values[i * p + j] } }
        let rows = Parallel.map(x.rows, threads: threads) { q -> [Double] in
            // Keep the k smallest (distance², index) pairs, sorted.
            var best = [(Double, Int)]()
            best.reserveCapacity(k + 1)
            var worst = Double.infinity
            x.values.withUnsafeBufferPointer { xv in
                points.values.withUnsafeBufferPointer { pv in
                    let qb = q * p
                    for i in 0..<n {
                        var d = 0.0
                        let pb = i * p
                        for j in 0..<p {
                            let t = xv[qb + j] - pv[pb + j]
                            d += t * t
                        }
                        if best.count < k || d < worst {
                            var at = best.count
                            while at > 0 && best[at - 1].0 > d { at -= 1 }
                            best.insert((d, i), at: at)
                            if best.count > k { best.removeLast() }
                            worst = best.count == k ? best[k - 1].0 : .infinity
                        }
                    }
                }
            }
            var out = [Double](repeating: 0, count: outputs)
            var total = 0.0
            // scikit-learn: with distance weights, a zero distance makes those neighbours win alone.
            let exact = distanceWeighted && best.contains { $0.0 == 0 }
            for (d, i) in best {
                let w: Double = distanceWeighted ? (exact ? (d == 0 ? 1 : 0) : 1 / d.squareRoot()) : 1
                if classCount > 0 { out[Int(targets[i])] += w } else { out[0] += w * targets[i] }
                total += w
            }
            return out.map { $0 / total }
        }
        return Matrix(rows: x.rows, columns: outputs, values: rows.flatMap { $0 })
    }
}
