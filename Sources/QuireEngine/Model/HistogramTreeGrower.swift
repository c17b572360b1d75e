/// Grows one boosting tree on binned features, best leaf first (scikit-learn's `TreeGrower`).
///
/// Split gain is `G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ)`; a leaf's value is
/// `−shrinkage · G/(H+λ)`. Missing values (the last bin) are tried on both sides; without
/// missing values at training, they go to the child with more rows. The larger child's
/// histogram is the parent's minus the smaller child's.
struct HistogramTreeGrower {
    let bins: [UInt8]
    let rows: Int
    let features: Int
    let maxBins: Int
    let thresholds: [[Double]]
    let maxLeafNodes: Int
    let maxDepth: Int
    let minSamplesLeaf: Int
    let l2: Double
    let shrinkage: Double
    let constantHessian: Bool

    static let minHessianToSplit = 1e-3

    private struct Split {
        var gain = 0.0
        var feature = -1
        var bin = 0
        var missingLeft = false
    }

    private struct Node {
        var start: Int
        var end: Int
        var depth: Int
        var g: Double
        var h: Double
        var histogram: [Double]  // features × (maxBins + 1) × 3 (g, h, count)
        var split: Split
        var id: Int
    }

    /// The tree, the leaf of each training row, and the gain credited to each feature.
    func grow(gradients: [Double], hessians: [Double], threads: Int) -> (BoostingTree, [Int], [Double]) {
        var samples = Array(0..<rows)
        var tree = BoostingTree(features: [], thresholds: [], missingLeft: [], left: [], right: [], values: [])
        var leafOf = [Int](repeating: 0, count: rows)
        var gains = [Double](repeating: 0, count: features)
        var g0 = 0.0, h0 = 0.0
        for i in 0..<rows {
            g0 += gradients[i]
            h0 += hessians[i]
        }
        func addNode(_ g: Double, _ h: Double) -> Int {
            tree.features.append(-1)
            tree.thresholds.append(0)
            tree.missingLeft.append(false)
            tree.left.append(-1)
            tree.right.append(-1)
            tree.values.append(-shrinkage * g / (h + l2))
            return tree.features.count - 1
        }
        var root = Node(
            start: 0, end: rows, depth: 0, g: g0, h: h0,
            histogram: histogram(samples[...], gradients, hessians, threads: threads), split: Split(),
            id: addNode(g0, h0))
        root.split = bestSplit(root)
        var open = [root]
        var leaves = 1
        while leaves < maxLeafNodes {
            guard
                let pick = open.indices.filter({ open[$0].split.feature >= 0 }).max(by: {
                    open[$0].split.gain < open[$1].split.gain || open[$0].split.gain == open[$1].split.gain && $0 > $1
                })
            else { break }
            let node = open.remove(at: pick)
            let split = node.split
            // Partition rows: left first.
            let base = split.feature * rows
            var lo = node.start, hi = node.end - 1
            while lo <= hi {
                let b = Int(bins[base + samples[lo]])
                let goLeft = b == maxBins ? split.missingLeft : b <= split.bin
                if goLeft { lo += 1 } else { samples.swapAt(lo, hi); hi -= 1 }
            }
            var gl = 0.0, hl = 0.0
            for s in node.start..<lo {
                gl += gradients[samples[s]]
                hl += hessians[samples[s]]
            }
            let gr = node.g - gl, hr = node.h - hl
            let leftId = addNode(gl, hl), rightId = addNode(gr, hr)
            tree.features[node.id] = Int32(split.feature)
            let t = thresholds[split.feature]
            tree.thresholds[node.id] = split.bin < t.count ? t[split.bin] : .infinity
            tree.missingLeft[node.id] = split.missingLeft
            tree.left[node.id] = Int32(leftId)
            tree.right[node.id] = Int32(rightId)
            gains[split.feature] += split.gain
            leaves += 1
            let leftSmaller = lo - node.start <= node.end - lo
            let small = leftSmaller ? samples[node.start..<lo] : samples[lo..<node.end]
            let smallHistogram = histogram(small, gradients, hessians, threads: threads)
            var largeHistogram = node.histogram
            for k in 0..<largeHistogram.count { largeHistogram[k] -= smallHistogram[k] }
            var left = Node(
                start: node.start, end: lo, depth: node.depth + 1, g: gl, h: hl,
                histogram: leftSmaller ? smallHistogram : largeHistogram, split: Split(), id: leftId)
            var right = Node(
                start: lo, end: node.end, depth: node.depth + 1, g: gr, h: hr,
                histogram: leftSmaller ? largeHistogram : smallHistogram, split: Split(), id: rightId)
            if leaves < maxLeafNodes {
                left.split = bestSplit(left)
                right.split = bestSplit(right)
            }
            open.append(left)
            open.append(right)
        }
        // Leaf of every row: walk the final partition.
        var stack = [(0, 0, rows)]
        _ = stack
        stack = []
        for i in 0..<rows { leafOf[i] = leaf(of: i, tree) }
        return (tree, leafOf, gains)
    }

    private func leaf(of row: Int, _ tree: BoostingTree) -> Int {
        var node = 0
        while tree.features[node] >= 0 {
            let f = Int(tree.features[node])
            let b = Int(bins[f * rows + row])
            let t = thresholds[f]
            let goLeft: Bool
            if b == maxBins {
                goLeft = tree.missingLeft[node]
            } else {
                // Bin b holds values in (t[b-1], t[b]]; the node's threshold is t[split bin].
                let upper = b < t.count ? t[b] : .infinity
                goLeft = upper <= tree.thresholds[node]
            }
            node = goLeft ? Int(tree.left[node]) : Int(tree.right[node])
        }
        return node
    }

    private func histogram(
        _ rowsOfNode: ArraySlice<Int>, _ gradients: [Double], _ hessians: [Double], threads: Int
    ) -> [Double] {
        let width = (maxBins + 1) * 3
        var out = [Double](repeating: 0, count: features * width)
        let work = rowsOfNode.count * features
        out.withUnsafeMutableBufferPointer { buffer in
            let shared = UnsafeSendable(buffer)
            Parallel.forEach(features, threads: work > 50_000 ? threads : 1) { j in
                let base = j * rows
                let o = j * width
                bins.withUnsafeBufferPointer { b in
                    gradients.withUnsafeBufferPointer { g in
                        hessians.withUnsafeBufferPointer { h in
                            for i in rowsOfNode {
                                let k = o + Int(b[base + i]) * 3
                                shared.value[k] += g[i]
                                shared.value[k + 1] += h[i]
                                shared.value[k + 2] += 1
                            }
                        }
                    }
                }
            }
        }
        return out
    }

    private func bestSplit(_ node: Node) -> Split {
        let count = node.end - node.start
        var best = Split()
        if count < 2 * minSamplesLeaf || node.depth >= maxDepth
            || node.h < 2 * Self.minHessianToSplit && !constantHessian
        {
            return best
        }
        let width = (maxBins + 1) * 3
        let parentScore = node.g * node.g / (node.h + l2)
        for j in 0..<features {
            let o = j * width
            let hist = node.histogram
            let missingG = hist[o + maxBins * 3], missingH = hist[o + maxBins * 3 + 1]
            let missingN = hist[o + maxBins * 3 + 2]
            let binCount = thresholds[j].count + 1
            for missingLeft in missingN > 0 ? [false, true] : [false] {
                var gl = missingLeft ? missingG : 0, hl = missingLeft ? missingH : 0, nl = missingLeft ? missingN : 0
                for b in 0..<(binCount - (missingN > 0 ? 0 : 1)) {
                    gl += hist[o + b * 3]
                    hl += hist[o + b * 3 + 1]
                    nl += hist[o + b * 3 + 2]
                    let nr = Double(count) - nl
                    if nl < Double(minSamplesLeaf) { continue }
                    if nr < Double(minSamplesLeaf) { break }
                    let hr = node.h - hl
                    if hl < Self.minHessianToSplit || hr < Self.minHessianToSplit { continue }
                    let gr = node.g - gl
                    let gain = gl * gl / (hl + l2) + gr * gr / (hr + l2) - parentScore
                    if gain > best.gain {
                        // Without missing values at fit time they follow the larger child.
                        let missingSide = missingN > 0 ? missingLeft : nl >= nr
                        best = Split(gain: gain, feature: j, bin: b, missingLeft: missingSide)
                    }
                }
            }
        }
        return best
    }
}
