import CQuireKernels

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
    ///
    /// Neighbours are ranked, as scikit-learn's brute force does, by `‖y‖² − 2x·y` (the query's
    /// own norm is common to all), computed for eight training rows at a time by the C kernel
    /// `quire_knn_candidates` (vectorised for the machine, identical results on every one);
    /// the weights use the exact distances of the neighbours found.
    func predict(_ x: Matrix, threads: Int) throws -> Matrix {
        let outputs = max(classCount, 1)
        let k = min(neighbors, points.rows)
        let p = x.columns
        let n = points.rows
        let groups = (n + 7) / 8
        let (transposed, norms) = VectorMath.scoringGroups(points)
        // Queries in blocks against tiles of training rows that stay in cache while every query
        // of the block passes over them.
        let queryBlock = 64, tileGroups = 256
        // One block is one piece of work: nothing to count (and `latency` predicts row by row).
        let progress =
            x.rows > queryBlock ? EngineWork.beginProgress("nearest neighbours", unit: "rows", total: x.rows) : nil
        defer { progress?.end() }
        let blocks = try Parallel.map((x.rows + queryBlock - 1) / queryBlock, threads: threads) { block -> [[Double]] in
            let queries = (block * queryBlock)..<Swift.min((block + 1) * queryBlock, x.rows)
            var searches = [Search](repeating: Search(capacity: k), count: queries.count)
            var kept = [Int](repeating: 0, count: tileGroups)
            var scores = [Double](repeating: 0, count: tileGroups * 8)
            x.values.withUnsafeBufferPointer { xv in
                transposed.withUnsafeBufferPointer { t in
                    norms.withUnsafeBufferPointer { norms in
                        // Array storage always has an address, even when empty, so this guard never returns.
                        guard let queryValues = xv.baseAddress, let tBase = t.baseAddress,
                            let normBase = norms.baseAddress
                        else { return }
                        let groupValues = UnsafeRawPointer(tBase).assumingMemoryBound(to: Double.self)
                        let normValues = UnsafeRawPointer(normBase).assumingMemoryBound(to: Double.self)
                        for tile in stride(from: 0, to: groups, by: tileGroups) {
                            let end = Swift.min(tile + tileGroups, groups)
                            for (slot, q) in queries.enumerated() {
                                // Groups with no score below the current k-th best are not returned.
                                let count = quire_knn_candidates(
                                    queryValues + q * p, groupValues, normValues, p, tile, end,
                                    searches[slot].isFull ? searches[slot].worst : .infinity, &kept, &scores)
                                for c in 0..<count {
                                    let g = kept[c]
                                    for lane in 0..<Swift.min(8, n - g * 8) {
                                        searches[slot].offer(scores[c * 8 + lane], g * 8 + lane)
                                    }
                                }
                            }
                        }
                    }
                }
            }
            progress?.advance(by: queries.count)
            return zip(queries, searches).map { q, search in vote(q, search.best) }
        }
        progress?.complete()
        return Matrix(rows: x.rows, columns: outputs, values: blocks.flatMap { $0.flatMap { $0 } })

        /// The votes (or mean) of one query's neighbours.
        func vote(_ q: Int, _ best: [(Double, Int)]) -> [Double] {
            let distances = x.values.withUnsafeBufferPointer { xv in
                points.values.withUnsafeBufferPointer { pv in
                    best.map { VectorMath.squaredDistance(xv, q, pv, $0.1, width: p) }
                }
            }
            var out = [Double](repeating: 0, count: outputs)
            var total = 0.0
            // scikit-learn: with distance weights, a zero distance makes those neighbours win alone.
            let exact = distanceWeighted && distances.contains(0)
            for (d, (_, i)) in zip(distances, best) {
                let w: Double = distanceWeighted ? (exact ? (d == 0 ? 1 : 0) : 1 / d.squareRoot()) : 1
                if classCount > 0 { out[Int(targets[i])] += w } else { out[0] += w * targets[i] }
                total += w
            }
            return out.map { $0 / total }
        }
    }

    /// The k smallest (score, row) pairs seen so far, sorted; equal scores keep the earlier row.
    private struct Search {
        var best: [(Double, Int)]
        let capacity: Int
        var worst = Double.infinity

        init(capacity: Int) {
            self.capacity = capacity
            best = []
            best.reserveCapacity(capacity + 1)
        }

        var isFull: Bool { best.count == capacity }

        @inline(__always)
        mutating func offer(_ score: Double, _ row: Int) {
            guard best.count < capacity || score < worst else { return }
            var at = best.count
            while at > 0 && best[at - 1].0 > score { at -= 1 }
            best.insert((score, row), at: at)
            if best.count > capacity { best.removeLast() }
            worst = best.count == capacity ? best[capacity - 1].0 : .infinity
        }
    }
}
