/// Gradient (`x`) and hessian (`y`) of one training row, in single precision as scikit-learn
/// stores them. With a constant hessian it is 1, so the hessian sum is also the row count.
typealias BoostingGradient = SIMD2<Float>

/// One histogram bin: sums of gradients (`sums.x`) and hessians (`sums.y`), and the row count.
struct BoostingBin {
    var sums: SIMD2<Double>
    var n: Int

    static let zero = BoostingBin(sums: .zero, n: 0)
}

/// A candidate split and the left child's sums.
struct BoostingSplit {
    var gain = 0.0
    var feature = -1
    var bin = 0
    var missingLeft = false
    var gLeft = 0.0
    var hLeft = 0.0
    var nLeft = 0
}

/// A leaf of a grown tree: its node and its rows, as ranges of the grower's training and
/// validation sample orders.
struct BoostingLeaf {
    var node: Int
    var start: Int
    var end: Int
    var validStart: Int
    var validEnd: Int
}

/// A grown tree, its leaves and the gain credited to each feature.
struct BoostingGrowth {
    var tree: BoostingTree
    var leaves: [BoostingLeaf]
    var gains: [Double]
}

/// Grows one boosting tree on binned features, best leaf first (scikit-learn's `TreeGrower`).
///
/// Split gain is `G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ)`; a leaf's value is
/// `−shrinkage · G/(H+λ)`. Missing values (the last bin) are tried on both sides; without
/// missing values at training, they go to the child with more rows.
///
/// Rows of a node are a contiguous range of ``samples`` (kept in ascending row order by a stable
/// partition). Only the smaller child's histogram is built (its gradients gathered in sample
/// order first); the larger child's is the parent's minus the smaller's, computed in place.
/// Histograms and split search run one task per feature, so the result never depends on the
/// thread count; bigger partitions run in fixed chunks of rows.
///
/// Binned validation rows (for early stopping) are partitioned along with the training rows, so
/// their leaves come without walking the tree (a bin is at most the split bin exactly when the
/// value is at most the split threshold).
final class HistogramTreeGrower {
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
    let threads: Int

    static let minHessianToSplit = 1e-3
    /// Rows per partition chunk; nodes up to three chunks are partitioned in one pass.
    static let chunk = 4096
    /// Below this much work (≈ row-feature updates) a node's histograms are built on one thread.
    static let parallelWork = 24_576

    /// Bins per feature histogram (`maxBins` for missing values last).
    private let width: Int
    private let nonMissingBins: [Int]
    /// Column-major bins (`bins[j * rows + i]`).
    private let bins: UnsafeMutablePointer<UInt8>
    /// Training rows, grouped by node.
    let samples: UnsafeMutablePointer<UInt32>
    let validRows: Int
    /// Column-major validation bins, and validation rows grouped by node.
    private let validBins: UnsafeMutablePointer<UInt8>
    let validSamples: UnsafeMutablePointer<UInt32>
    private let validScratch: UnsafeMutablePointer<UInt32>
    /// Per bin: 1 when rows in it go left at the split being applied.
    private let goesLeft: UnsafeMutablePointer<UInt8>
    private let scratchLeft: UnsafeMutablePointer<UInt32>
    private let scratchRight: UnsafeMutablePointer<UInt32>
    /// Gradients in sample order, for the node whose histogram is being built.
    private let ordered: UnsafeMutablePointer<BoostingGradient>
    private let leftSplits: UnsafeMutablePointer<BoostingSplit>
    private let rightSplits: UnsafeMutablePointer<BoostingSplit>
    private var freeHistograms: [UnsafeMutablePointer<BoostingBin>] = []
    private var allHistograms: [UnsafeMutablePointer<BoostingBin>] = []

    private struct Node {
        var id: Int
        var start: Int
        var end: Int
        var validStart: Int
        var validEnd: Int
        var depth: Int
        var g: Double
        var h: Double
        var histogram: UnsafeMutablePointer<BoostingBin>
        var split: BoostingSplit

        var leaf: BoostingLeaf {
            BoostingLeaf(node: id, start: start, end: end, validStart: validStart, validEnd: validEnd)
        }
    }

    init(
        bins: [UInt8], rows: Int, features: Int, maxBins: Int, thresholds: [[Double]], maxLeafNodes: Int,
        maxDepth: Int, minSamplesLeaf: Int, l2: Double, shrinkage: Double, constantHessian: Bool,
        validBins: [UInt8] = [], validRows: Int = 0, threads: Int
    ) {
        self.rows = rows
        self.features = features
        self.maxBins = maxBins
        self.thresholds = thresholds
        self.maxLeafNodes = maxLeafNodes
        self.maxDepth = maxDepth
        self.minSamplesLeaf = minSamplesLeaf
        self.l2 = l2
        self.shrinkage = shrinkage
        self.constantHessian = constantHessian
        self.threads = threads
        width = maxBins + 1
        nonMissingBins = thresholds.map { $0.count + 1 }
        let binCopy = UnsafeMutablePointer<UInt8>.allocate(capacity: max(1, rows * features))
        bins.withUnsafeBufferPointer { b in
            if let base = b.baseAddress { binCopy.initialize(from: base, count: rows * features) }
        }
        self.bins = binCopy
        self.validRows = validRows
        let validCopy = UnsafeMutablePointer<UInt8>.allocate(capacity: max(1, validRows * features))
        validBins.withUnsafeBufferPointer { b in
            if let base = b.baseAddress { validCopy.initialize(from: base, count: validRows * features) }
        }
        self.validBins = validCopy
        validSamples = .allocate(capacity: max(1, validRows))
        validScratch = .allocate(capacity: max(1, validRows))
        goesLeft = .allocate(capacity: 256)
        samples = .allocate(capacity: max(1, rows))
        scratchLeft = .allocate(capacity: max(1, rows))
        scratchRight = .allocate(capacity: max(1, rows))
        ordered = .allocate(capacity: max(1, rows))
        leftSplits = .allocate(capacity: max(1, features))
        rightSplits = .allocate(capacity: max(1, features))
    }

    deinit {
        bins.deallocate()
        samples.deallocate()
        validBins.deallocate()
        validSamples.deallocate()
        validScratch.deallocate()
        goesLeft.deallocate()
        scratchLeft.deallocate()
        scratchRight.deallocate()
        ordered.deallocate()
        leftSplits.deallocate()
        rightSplits.deallocate()
        for h in allHistograms { h.deallocate() }
    }

    private func takeHistogram() -> UnsafeMutablePointer<BoostingBin> {
        if let h = freeHistograms.popLast() { return h }
        let h = UnsafeMutablePointer<BoostingBin>.allocate(capacity: features * width)
        h.initialize(repeating: .zero, count: features * width)
        allHistograms.append(h)
        return h
    }

    private func canSplit(count: Int, depth: Int, h: Double) -> Bool {
        count >= 2 * minSamplesLeaf && depth < maxDepth && (constantHessian || h >= 2 * Self.minHessianToSplit)
    }

    /// Runs `body` for every feature, in parallel when the work is large enough.
    private func forEachFeature(work: Int, _ body: (Int) -> Void) throws {
        try Parallel.forEach(features, threads: work >= Self.parallelWork ? threads : 1, body)
    }

    /// The best split over features: the highest gain, the first feature on ties.
    private func best(_ splits: UnsafeMutablePointer<BoostingSplit>) -> BoostingSplit {
        var best = BoostingSplit()
        for j in 0..<features where splits[j].gain > best.gain { best = splits[j] }
        return best
    }

    /// Grows a tree on `gradients` (one per training row) whose sums are `g0` and `h0`.
    func grow(_ gradients: UnsafePointer<BoostingGradient>, g0: Double, h0: Double) throws -> BoostingGrowth {
        var tree = BoostingTree(features: [], thresholds: [], missingLeft: [], left: [], right: [], values: [])
        var gains = [Double](repeating: 0, count: features)
        var leaves: [BoostingLeaf] = []
        for i in 0..<rows { samples[i] = UInt32(truncatingIfNeeded: i) }
        for i in 0..<validRows { validSamples[i] = UInt32(truncatingIfNeeded: i) }
        func addNode(_ g: Double, _ h: Double) -> Int {
            tree.features.append(-1)
            tree.thresholds.append(0)
            tree.missingLeft.append(false)
            tree.left.append(-1)
            tree.right.append(-1)
            tree.values.append(-shrinkage * g / (h + l2))
            return tree.features.count - 1
        }
        let rootId = addNode(g0, h0)
        var open: [Node] = []
        if maxLeafNodes > 1 && canSplit(count: rows, depth: 0, h: h0) {
            let histogram = takeHistogram()
            let splits = leftSplits
            try forEachFeature(work: rows * features) { j in
                let hist = histogram + j * width
                buildRootHistogram(j, hist, gradients)
                splits[j] = featureSplit(j, hist, count: rows, g: g0, h: h0)
            }
            let split = best(splits)
            if split.feature >= 0 {
                open.append(
                    Node(
                        id: rootId, start: 0, end: rows, validStart: 0, validEnd: validRows, depth: 0, g: g0, h: h0,
                        histogram: histogram, split: split))
            } else {
                freeHistograms.append(histogram)
                leaves.append(BoostingLeaf(node: rootId, start: 0, end: rows, validStart: 0, validEnd: validRows))
            }
        } else {
            leaves.append(BoostingLeaf(node: rootId, start: 0, end: rows, validStart: 0, validEnd: validRows))
        }

        var leafCount = 1
        while leafCount < maxLeafNodes {
            var pick = -1
            for k in open.indices where pick < 0 || open[k].split.gain > open[pick].split.gain { pick = k }
            if pick < 0 { break }
            let node = open.remove(at: pick)
            let split = node.split
            let count = node.end - node.start
            let leftCount = split.nLeft, rightCount = count - split.nLeft
            let gl = split.gLeft, hl = split.hLeft
            let gr = node.g - gl, hr = node.h - hl
            let leftId = addNode(gl, hl), rightId = addNode(gr, hr)
            tree.features[node.id] = Int32(split.feature)
            let t = thresholds[split.feature]
            tree.thresholds[node.id] = split.bin < t.count ? t[split.bin] : .infinity
            tree.missingLeft[node.id] = split.missingLeft
            tree.left[node.id] = Int32(leftId)
            tree.right[node.id] = Int32(rightId)
            gains[split.feature] += split.gain
            leafCount += 1

            let depth = node.depth + 1
            let leftCan = leafCount < maxLeafNodes && canSplit(count: leftCount, depth: depth, h: hl)
            let rightCan = leafCount < maxLeafNodes && canSplit(count: rightCount, depth: depth, h: hr)
            let leftSmaller = leftCount <= rightCount
            let needHistograms = leftCan || rightCan
            for b in 0..<256 { goesLeft[b] = (b == maxBins ? split.missingLeft : b <= split.bin) ? 1 : 0 }
            let middle = try partition(
                node.start, node.end, split.feature, gather: needHistograms ? (leftSmaller ? 1 : 2) : 0, gradients)
            precondition(middle - node.start == leftCount, "histogram counts disagree with the partition")
            let validLeft = Self.split(
                validSamples + node.validStart, node.validEnd - node.validStart,
                validBins + split.feature * validRows, goesLeft, validSamples + node.validStart, validScratch)
            let validMiddle = node.validStart + validLeft
            (validSamples + validMiddle).update(from: validScratch, count: node.validEnd - validMiddle)

            var left = Node(
                id: leftId, start: node.start, end: middle, validStart: node.validStart, validEnd: validMiddle,
                depth: depth, g: gl, h: hl, histogram: node.histogram, split: BoostingSplit())
            var right = Node(
                id: rightId, start: middle, end: node.end, validStart: validMiddle, validEnd: node.validEnd,
                depth: depth, g: gr, h: hr, histogram: node.histogram, split: BoostingSplit())
            if needHistograms {
                let small = takeHistogram(), large = node.histogram
                let (smallStart, smallEnd) = leftSmaller ? (node.start, middle) : (middle, node.end)
                let leftHistogram = leftSmaller ? small : large
                let rightHistogram = leftSmaller ? large : small
                let leftSplits = self.leftSplits, rightSplits = self.rightSplits
                let work = ((smallEnd - smallStart) + ((leftCan ? 1 : 0) + (rightCan ? 1 : 0)) * 2 * width) * features
                try forEachFeature(work: work) { j in
                    let o = j * width
                    buildHistogram(j, small + o, smallStart, smallEnd)
                    subtract(large + o, small + o)
                    if leftCan {
                        leftSplits[j] = featureSplit(j, leftHistogram + o, count: leftCount, g: gl, h: hl)
                    }
                    if rightCan {
                        rightSplits[j] = featureSplit(j, rightHistogram + o, count: rightCount, g: gr, h: hr)
                    }
                }
                left.histogram = leftHistogram
                right.histogram = rightHistogram
                if leftCan { left.split = best(leftSplits) }
                if rightCan { right.split = best(rightSplits) }
            } else {
                freeHistograms.append(node.histogram)
            }
            for child in [left, right] {
                if child.split.feature >= 0 {
                    open.append(child)
                } else {
                    if needHistograms { freeHistograms.append(child.histogram) }
                    leaves.append(child.leaf)
                }
            }
        }
        for node in open {
            freeHistograms.append(node.histogram)
            leaves.append(node.leaf)
        }
        return BoostingGrowth(tree: tree, leaves: leaves, gains: gains)
    }

    // MARK: - Histograms

    private func buildRootHistogram(
        _ j: Int, _ hist: UnsafeMutablePointer<BoostingBin>, _ gradients: UnsafePointer<BoostingGradient>
    ) {
        hist.update(repeating: .zero, count: width)
        let column = UnsafePointer(bins + j * rows)
        if constantHessian {
            for i in 0..<rows { hist[Int(column[i])].sums += SIMD2<Double>(gradients[i]) }
            for b in 0..<width { hist[b].n = Int(hist[b].sums.y) }
        } else {
            for i in 0..<rows {
                let b = Int(column[i])
                hist[b].sums += SIMD2<Double>(gradients[i])
                hist[b].n &+= 1
            }
        }
    }

    /// The histogram of feature `j` over sample positions `start..<end` (gradients in `ordered`).
    private func buildHistogram(_ j: Int, _ hist: UnsafeMutablePointer<BoostingBin>, _ start: Int, _ end: Int) {
        hist.update(repeating: .zero, count: width)
        let column = UnsafePointer(bins + j * rows)
        let samples = UnsafePointer(self.samples), ordered = UnsafePointer(self.ordered)
        if constantHessian {
            for k in start..<end { hist[Int(column[Int(samples[k])])].sums += SIMD2<Double>(ordered[k]) }
            for b in 0..<width { hist[b].n = Int(hist[b].sums.y) }
        } else {
            for k in start..<end {
                let b = Int(column[Int(samples[k])])
                hist[b].sums += SIMD2<Double>(ordered[k])
                hist[b].n &+= 1
            }
        }
    }

    private func subtract(_ large: UnsafeMutablePointer<BoostingBin>, _ small: UnsafeMutablePointer<BoostingBin>) {
        for b in 0..<width {
            large[b].sums -= small[b].sums
            large[b].n -= small[b].n
        }
    }

    /// The best split of feature `j` for a node with `count` rows and sums `g`, `h`.
    private func featureSplit(
        _ j: Int, _ hist: UnsafeMutablePointer<BoostingBin>, count: Int, g: Double, h: Double
    ) -> BoostingSplit {
        var best = BoostingSplit()
        let l2 = self.l2, minLeaf = minSamplesLeaf, minHessian = Self.minHessianToSplit
        let parentScore = g * g / (h + l2)
        let missing = hist[maxBins]
        let hasMissing = missing.n > 0
        let last = nonMissingBins[j] - (hasMissing ? 0 : 1)
        guard last > 0 else { return best }
        withUnsafeTemporaryAllocation(of: BoostingBin.self, capacity: last) { left in
            for pass in 0..<(hasMissing ? 2 : 1) {
                let missingLeft = pass == 1
                // Sums left of each threshold first, then the gains: the running sums are the only
                // dependency from bin to bin.
                var sums = missingLeft ? missing : .zero
                for b in 0..<last {
                    sums.sums += hist[b].sums
                    sums.n &+= hist[b].n
                    left[b] = sums
                }
                for b in 0..<last {
                    let nl = left[b].n
                    let nr = count - nl
                    if nl < minLeaf { continue }
                    if nr < minLeaf { break }
                    let gl = left[b].sums.x, hl = left[b].sums.y
                    let hr = h - hl
                    if hl < minHessian || hr < minHessian { continue }
                    let gr = g - gl
                    let gain = gl * gl / (hl + l2) + gr * gr / (hr + l2) - parentScore
                    if gain > best.gain {
                        // Without missing values at fit time they follow the larger child.
                        best = BoostingSplit(
                            gain: gain, feature: j, bin: b, missingLeft: hasMissing ? missingLeft : nl >= nr,
                            gLeft: gl, hLeft: hl, nLeft: nl)
                    }
                }
            }
        }
        return best
    }

    // MARK: - Partition

    /// Splits sample positions `start..<end` by `goesLeft` (indexed by bin), stably: left rows to
    /// `left`, right rows to `right`. Returns the number of left rows.
    @inline(__always)
    private static func split(
        _ source: UnsafePointer<UInt32>, _ count: Int, _ column: UnsafePointer<UInt8>, _ goesLeft: UnsafePointer<UInt8>,
        _ left: UnsafeMutablePointer<UInt32>, _ right: UnsafeMutablePointer<UInt32>
    ) -> Int {
        var l = 0, r = 0
        for k in 0..<count {
            let s = source[k]
            let toLeft = Int(goesLeft[Int(column[Int(s)])])
            left[l] = s
            right[r] = s
            l &+= toLeft
            r &+= 1 &- toLeft
        }
        return l
    }

    /// Stably partitions sample positions `start..<end` by ``goesLeft`` of `feature`'s bins (left
    /// first) and returns the first right position. `gather` 1 (left) or 2 (right) copies that
    /// child's gradients into ``ordered``.
    private func partition(
        _ start: Int, _ end: Int, _ feature: Int, gather: Int, _ gradients: UnsafePointer<BoostingGradient>
    ) throws -> Int {
        let column = UnsafePointer(bins + feature * rows)
        let samples = self.samples, scratchLeft = self.scratchLeft, scratchRight = self.scratchRight
        let ordered = self.ordered
        let count = end - start
        let goesLeft = UnsafePointer(self.goesLeft)
        if count <= 3 * Self.chunk {
            // In place: a left row never overtakes the row being read.
            let l = Self.split(samples + start, count, column, goesLeft, samples + start, scratchRight)
            (samples + start + l).update(from: scratchRight, count: count - l)
            let (a, z) = gather == 1 ? (start, start + l) : gather == 2 ? (start + l, end) : (0, 0)
            for k in a..<z { ordered[k] = gradients[Int(samples[k])] }
            return start + l
        }
        // Fixed chunks: each splits its rows into the scratch buffers, then copies them to
        // their final place.
        let chunks = (count + Self.chunk - 1) / Self.chunk
        var leftCounts = [Int](repeating: 0, count: chunks)
        try leftCounts.withUnsafeMutableBufferPointer { counts in
            // Array storage always has an address, even when empty, so this guard never returns.
            guard let counts = counts.baseAddress else { return }
            try Parallel.forEach(chunks, threads: threads) { c in
                let a = start + c * Self.chunk, z = min(a + Self.chunk, end)
                counts[c] = Self.split(samples + a, z - a, column, goesLeft, scratchLeft + a, scratchRight + a)
            }
        }
        var leftOffsets = [Int](repeating: 0, count: chunks)
        var total = 0
        for c in 0..<chunks {
            leftOffsets[c] = total
            total += leftCounts[c]
        }
        let middle = start + total
        try leftOffsets.withUnsafeBufferPointer { offsets in
            try leftCounts.withUnsafeBufferPointer { counts in
                // Array storage always has an address, even when empty, so this guard never returns.
                guard let offsets = offsets.baseAddress, let counts = counts.baseAddress else { return }
                try Parallel.forEach(chunks, threads: threads) { c in
                    let a = start + c * Self.chunk, z = min(a + Self.chunk, end)
                    let nl = counts[c], nr = z - a - nl
                    let leftTo = start + offsets[c]
                    let rightTo = middle + (a - start - offsets[c])
                    (samples + leftTo).update(from: scratchLeft + a, count: nl)
                    (samples + rightTo).update(from: scratchRight + a, count: nr)
                    if gather == 1 {
                        for k in leftTo..<(leftTo + nl) { ordered[k] = gradients[Int(samples[k])] }
                    } else if gather == 2 {
                        for k in rightTo..<(rightTo + nr) { ordered[k] = gradients[Int(samples[k])] }
                    }
                }
            }
        }
        return middle
    }
}
