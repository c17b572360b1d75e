/// One regression tree of a gradient-boosting model: `x[feature] <= threshold` goes left, a
/// missing value goes where ``missingLeft`` says; leaves hold the (shrunk) raw-score update.
struct BoostingTree: Sendable, Hashable, Codable {
    var features: [Int32]
    var thresholds: [Double]
    var missingLeft: [Bool]
    var left: [Int32]
    var right: [Int32]
    var values: [Double]
}

/// Trees packed for batch prediction. A row walks exactly its tree's depth: the child is picked
/// by indexing with the comparison (no branch to mispredict), and a leaf is its own child. The
/// leaf reached is the one walking ``BoostingTree`` node by node (`x <= threshold` left, missing
/// values where `missingLeft` says) reaches.
struct BoostingPackedTrees {
    var thresholds: [Double] = []
    /// The feature tested (0 at a leaf).
    var features: [Int32] = []
    /// 1 when a missing value goes right.
    var missingRight: [Int32] = []
    /// Left and right child of each node.
    var children: [Int32] = []
    var values: [Double] = []
    var roots: [Int] = []
    var depths: [Int] = []

    init(_ trees: [BoostingTree]) {
        for tree in trees {
            let base = features.count
            roots.append(base)
            for node in tree.features.indices {
                let f = tree.features[node]
                if f < 0 {
                    thresholds.append(0)
                    features.append(0)
                    missingRight.append(0)
                    children += [Int32(base + node), Int32(base + node)]
                } else {
                    thresholds.append(tree.thresholds[node])
                    features.append(f)
                    missingRight.append(tree.missingLeft[node] ? 0 : 1)
                    children += [Int32(base) + tree.left[node], Int32(base) + tree.right[node]]
                }
                values.append(tree.values[node])
            }
            var depth = 0
            var stack = tree.features.isEmpty ? [] : [(0, 0)]
            while let (node, d) = stack.popLast() {
                depth = max(depth, d)
                if tree.features[node] >= 0 {
                    stack.append((Int(tree.left[node]), d + 1))
                    stack.append((Int(tree.right[node]), d + 1))
                }
            }
            depths.append(depth)
        }
    }

    /// Adds tree `t`'s value for each of `count` rows (row-major, `stride` values apart, from
    /// `x`) to `raw[r * rawStride]`.
    func add(
        tree t: Int, rows x: UnsafePointer<Double>, count: Int, stride: Int, to raw: UnsafeMutablePointer<Double>,
        rawStride: Int
    ) {
        thresholds.withUnsafeBufferPointer { thresholds in
            features.withUnsafeBufferPointer { features in
                missingRight.withUnsafeBufferPointer { missingRight in
                    children.withUnsafeBufferPointer { children in
                        values.withUnsafeBufferPointer { values in
                            let root = roots[t], depth = depths[t]
                            @inline(__always) func step(_ node: Int, _ row: UnsafePointer<Double>) -> Int {
                                let v = row[Int(features[node])]
                                // x > threshold goes right; false for a missing value.
                                var right = Int32(unsafeBitCast(v > thresholds[node], to: UInt8.self))
                                if v.isNaN { right = missingRight[node] }
                                return Int(children[2 * node + Int(right)])
                            }
                            // Eight rows in lockstep: their walks overlap instead of waiting on
                            // one chain of loads.
                            var r = 0
                            withUnsafeTemporaryAllocation(of: Int.self, capacity: 8) { nodes in
                                while r + 8 <= count {
                                    for lane in 0..<8 { nodes[lane] = root }
                                    for _ in 0..<depth {
                                        for lane in 0..<8 { nodes[lane] = step(nodes[lane], x + (r + lane) * stride) }
                                    }
                                    for lane in 0..<8 { raw[(r + lane) * rawStride] += values[nodes[lane]] }
                                    r += 8
                                }
                            }
                            while r < count {
                                var node = root
                                for _ in 0..<depth { node = step(node, x + r * stride) }
                                raw[r * rawStride] += values[node]
                                r += 1
                            }
                        }
                    }
                }
            }
        }
    }
}
