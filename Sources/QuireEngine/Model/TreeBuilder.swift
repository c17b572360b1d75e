import Foundation

/// Grows one CART tree depth first, as scikit-learn's `DepthFirstTreeBuilder` with the `best`
/// splitter: at each node, features in random order, thresholds at midpoints between
/// consecutive distinct sorted values, the first strictly best split wins.
struct TreeBuilder {
    /// Column-major features: `x[f * rows + i]`.
    let x: [Double]
    let rows: Int
    let featureCount: Int
    /// Class index (classification) or value (regression) per row.
    let y: [Double]
    let classCount: Int
    let criterion: TreeCriterion
    let maxDepth: Int
    let minSamplesSplit: Int
    let minSamplesLeaf: Int
    let maxFeatures: Int

    /// sklearn's `FEATURE_THRESHOLD`: values closer than this are not split apart.
    static let featureThreshold = 1e-7

    /// Builds a tree on the rows with positive weight.
    func build(weights: [Double], seed: UInt64) -> DecisionTree {
        var rng = Xoshiro256StarStar(seed: seed)
        var samples = (0..<rows).filter { weights[$0] > 0 }
        let outputs = criterion == .squaredError ? 1 : classCount
        let statWidth = criterion == .squaredError ? 2 : classCount
        var tree = DecisionTree(
            features: [], thresholds: [], left: [], right: [], values: [], outputs: outputs,
            importances: [Double](repeating: 0, count: featureCount))
        var order = [(Double, Int32)](repeating: (0, 0), count: samples.count)
        var scratch = order
        var spill = [Int](repeating: 0, count: samples.count)
        let total = UnsafeMutablePointer<Double>.allocate(capacity: statWidth)
        let leftStats = UnsafeMutablePointer<Double>.allocate(capacity: statWidth)
        let rightStats = UnsafeMutablePointer<Double>.allocate(capacity: statWidth)
        defer { total.deallocate(); leftStats.deallocate(); rightStats.deallocate() }
        var featureOrder = Array(0..<featureCount)

        // (start, end, depth, parent, isLeft)
        var stack: [(Int, Int, Int, Int, Bool)] = [(0, samples.count, 0, -1, false)]
        while let (start, end, depth, parent, isLeft) = stack.popLast() {
            let node = tree.features.count
            if parent >= 0 {
                if isLeft { tree.left[parent] = Int32(node) } else { tree.right[parent] = Int32(node) }
            }
            // Node statistics.
            for k in 0..<statWidth { total[k] = 0 }
            var weight = 0.0
            for s in start..<end {
                let i = samples[s]
                let w = weights[i]
                weight += w
                if criterion == .squaredError {
                    total[0] += w * y[i]
                    total[1] += w * y[i] * y[i]
                } else {
                    total[Int(y[i])] += w
                }
            }
            let impurity = criterion.impurity(total, count: statWidth, weight: weight)
            tree.features.append(-1)
            tree.thresholds.append(0)
            tree.left.append(-1)
            tree.right.append(-1)
            if criterion == .squaredError {
                tree.values.append(total[0] / weight)
            } else {
                for k in 0..<classCount { tree.values.append(total[k] / weight) }
            }
            let n = end - start
            if depth >= maxDepth || n < minSamplesSplit || n < 2 * minSamplesLeaf || impurity <= Double.ulpOfOne {
                continue
            }

            // Search features in a random order.
            var bestProxy = -Double.infinity
            var bestFeature = -1
            var bestThreshold = 0.0
            var bestPosition = 0
            var visited = 0
            var remaining = featureCount
            while remaining > 0 && (visited < maxFeatures || bestFeature < 0) {
                let pick = Int(rng.nextInt(below: UInt64(remaining)))
                remaining -= 1
                featureOrder.swapAt(pick, remaining)
                let f = featureOrder[remaining]
                let base = f * rows
                for s in start..<end {
                    let i = samples[s]
                    order[s - start] = (x[base + i], Int32(i))
                }
                order.withUnsafeMutableBufferPointer { buffer in
                    scratch.withUnsafeMutableBufferPointer { scratch in
                        KeyedSort.sort(UnsafeMutableBufferPointer(rebasing: buffer[0..<n]), scratch: scratch)
                    }
                }
                if order[n - 1].0 <= order[0].0 + Self.featureThreshold { continue }
                visited += 1
                for k in 0..<statWidth {
                    leftStats[k] = 0
                    rightStats[k] = total[k]
                }
                var leftWeight = 0.0
                for position in 1..<n {
                    let i = Int(order[position - 1].1)
                    let w = weights[i]
                    leftWeight += w
                    if criterion == .squaredError {
                        let v = w * y[i]
                        leftStats[0] += v
                        rightStats[0] -= v
                    } else {
                        let c = Int(y[i])
                        leftStats[c] += w
                        rightStats[c] -= w
                    }
                    if order[position].0 <= order[position - 1].0 + Self.featureThreshold { continue }
                    if position < minSamplesLeaf || n - position < minSamplesLeaf { continue }
                    let rightWeight = weight - leftWeight
                    let proxy: Double
                    switch criterion {
                    case .squaredError:
                        proxy = leftStats[0] * leftStats[0] / leftWeight + rightStats[0] * rightStats[0] / rightWeight
                    case .gini:
                        var l = 0.0, r = 0.0
                        for k in 0..<classCount {
                            l += leftStats[k] * leftStats[k]
                            r += rightStats[k] * rightStats[k]
                        }
                        proxy = l / leftWeight + r / rightWeight
                    case .entropy:
                        proxy =
                            -leftWeight * criterion.impurity(leftStats, count: statWidth, weight: leftWeight)
                            - rightWeight * criterion.impurity(rightStats, count: statWidth, weight: rightWeight)
                    }
                    if proxy > bestProxy {
                        bestProxy = proxy
                        bestFeature = f
                        bestPosition = position
                        let a = order[position - 1].0, b = order[position].0
                        var threshold = a / 2 + b / 2
                        if threshold == b || threshold.isInfinite { threshold = a }
                        bestThreshold = threshold
                    }
                }
            }
            guard bestFeature >= 0 else { continue }
            _ = bestPosition
            // Partition the node's samples, left first, keeping each side in ascending row order
            // so that the children read the feature columns front to back.
            var lo = start
            var spilled = 0
            let base = bestFeature * rows
            for s in start..<end {
                let i = samples[s]
                if x[base + i] <= bestThreshold {
                    samples[lo] = i
                    lo += 1
                } else {
                    spill[spilled] = i
                    spilled += 1
                }
            }
            for k in 0..<spilled { samples[lo + k] = spill[k] }
            // Impurity decrease for importances.
            var lw = 0.0, rw = 0.0
            for k in 0..<statWidth { leftStats[k] = 0; rightStats[k] = 0 }
            for s in start..<end {
                let i = samples[s]
                let w = weights[i]
                let into = s < lo ? leftStats : rightStats
                if s < lo { lw += w } else { rw += w }
                if criterion == .squaredError {
                    into[0] += w * y[i]
                    into[1] += w * y[i] * y[i]
                } else {
                    into[Int(y[i])] += w
                }
            }
            let decrease =
                weight * impurity - lw * criterion.impurity(leftStats, count: statWidth, weight: lw)
                - rw * criterion.impurity(rightStats, count: statWidth, weight: rw)
            tree.importances[bestFeature] += max(decrease, 0)
            tree.features[node] = Int32(bestFeature)
            tree.thresholds[node] = bestThreshold
            stack.append((lo, end, depth + 1, node, false))
            stack.append((start, lo, depth + 1, node, true))
        }
        return tree
    }
}
