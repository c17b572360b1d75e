/// A fitted binary decision tree (CART): `x[feature] <= threshold` goes left.
///
/// Nodes are stored as parallel arrays in depth-first order (node 0 is the root). A leaf has
/// feature `-1`. Each node holds `outputs` values: class probabilities, or one mean.
struct DecisionTree: Sendable, Hashable, Codable {
    var features: [Int32]
    var thresholds: [Double]
    var left: [Int32]
    var right: [Int32]
    var values: [Double]
    var outputs: Int
    /// Weighted impurity decrease per feature (not normalised), for importances.
    var importances: [Double]

    var nodeCount: Int { features.count }
    var leafCount: Int { features.reduce(0) { $0 + ($1 < 0 ? 1 : 0) } }

    var depth: Int {
        var best = 0
        var stack = [(0, 0)]
        while let (node, d) = stack.popLast() {
            best = max(best, d)
            if features[node] >= 0 {
                stack.append((Int(left[node]), d + 1))
                stack.append((Int(right[node]), d + 1))
            }
        }
        return best
    }

    /// The leaf a row of `x` (row-major, `p` wide, starting at `base`) falls into.
    @inline(__always)
    func leaf(_ v: UnsafeBufferPointer<Double>, _ base: Int) -> Int {
        var node = 0
        while features[node] >= 0 {
            node = v[base + Int(features[node])] <= thresholds[node] ? Int(left[node]) : Int(right[node])
        }
        return node
    }

    /// Adds the leaf values of every row to `out` (rows × outputs), times `scale`.
    func accumulate(_ x: Matrix, into out: inout [Double], scale: Double) {
        x.values.withUnsafeBufferPointer { v in
            for i in 0..<x.rows {
                let node = leaf(v, i * x.columns)
                for k in 0..<outputs { out[i * outputs + k] += scale * values[node * outputs + k] }
            }
        }
    }
}
