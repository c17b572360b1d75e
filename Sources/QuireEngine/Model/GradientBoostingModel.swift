import Foundation

/// A fitted histogram gradient-boosting model (scikit-learn's `HistGradientBoosting*`).
///
/// Raw scores start at ``baseline`` and add one tree per class per iteration. Classification
/// turns raw scores into probabilities (sigmoid for two classes, softmax for more).
///
/// Fitting follows scikit-learn: gradients and hessians in single precision, histograms of
/// double sums built for the smaller child only (``HistogramTreeGrower``). Every parallel loop
/// splits its work by feature or by fixed chunks of rows, so a seed gives the same model for any
/// thread count.
struct GradientBoostingModel: Sendable, Hashable, Codable {
    /// Trees per iteration: one (regression, binary) or one per class.
    var trees: [[BoostingTree]]
    var baseline: [Double]
    /// 0 for regression.
    var classCount: Int
    /// Normalised total gain per input.
    var importances: [Double]

    struct Settings {
        var learningRate: Double
        var maxIterations: Int
        var maxLeafNodes: Int
        var maxDepth: Int
        var minSamplesLeaf: Int
        var l2: Double
        var maxBins: Int
        var earlyStopping: Bool
        var validationFraction: Double
        var iterationsWithoutChange: Int
        var tolerance: Double
    }

    /// Rows per task in the row-parallel loops (fixed, so results never depend on the thread count).
    static let rowChunk = 4096

    static func fit(
        _ xAll: Matrix, _ yAll: [Double], classCount: Int, settings s: Settings, seed: UInt64, threads: Int
    ) throws -> GradientBoostingModel {
        // Validation split (stratified for classifiers) for early stopping.
        var trainRows = Array(0..<xAll.rows)
        var validRows: [Int] = []
        if s.earlyStopping {
            var rng = Xoshiro256StarStar(seed: seed ^ 0xB005_7ED0)
            let groups: [[Int]] =
                classCount > 0
                ? (0..<classCount).map { k in (0..<xAll.rows).filter { Int(yAll[$0]) == k } } : [Array(0..<xAll.rows)]
            trainRows = []
            for var group in groups {
                rng.shuffle(&group)
                let cut = Int((Double(group.count) * s.validationFraction).rounded(.up))
                validRows += group.prefix(cut)
                trainRows += group.dropFirst(cut)
            }
            trainRows.sort()
            validRows.sort()
        }
        let y = trainRows.map { yAll[$0] }
        let yValid = validRows.map { yAll[$0] }
        let n = trainRows.count
        let p = xAll.columns
        let outputs = classCount > 2 ? classCount : 1

        let columns = try FeatureBinner.columnMajor(xAll, rows: trainRows, threads: threads)
        let (binner, bins) = try FeatureBinner.fitTransform(
            columns: columns, rows: n, maxBins: s.maxBins, seed: seed, threads: threads)
        // Validation rows are binned too: their leaves come from the grower's partition.
        let validBins = try binner.transform(
            columns: try FeatureBinner.columnMajor(xAll, rows: validRows, threads: threads), rows: validRows.count,
            threads: threads)

        // Baseline raw scores.
        var baseline = [Double](repeating: 0, count: outputs)
        if classCount == 0 {
            baseline[0] = y.reduce(0, +) / Double(n)
        } else if classCount == 2 {
            let share = min(max(y.reduce(0, +) / Double(n), Double.ulpOfOne), 1 - Double.ulpOfOne)
            baseline[0] = log(share / (1 - share))
        } else {
            var shares = [Double](repeating: 0, count: classCount)
            for v in y { shares[Int(v)] += 1 }
            let logs = shares.map { log(min(max($0 / Double(n), Double.ulpOfOne), 1 - Double.ulpOfOne)) }
            let mean = logs.reduce(0, +) / Double(classCount)
            baseline = logs.map { $0 - mean }
        }
        var raw = [Double](repeating: 0, count: n * outputs)
        for i in 0..<n { for k in 0..<outputs { raw[i * outputs + k] = baseline[k] } }
        var rawValid = [Double](repeating: 0, count: validRows.count * outputs)
        for i in 0..<validRows.count { for k in 0..<outputs { rawValid[i * outputs + k] = baseline[k] } }

        var model = GradientBoostingModel(
            trees: [], baseline: baseline, classCount: classCount, importances: [Double](repeating: 0, count: p))
        var scores: [Double] = []
        if s.earlyStopping {
            scores.append(try -loss(rawValid, yValid, outputs: outputs, classCount: classCount, threads: threads))
        }
        let grower = HistogramTreeGrower(
            bins: bins, rows: n, features: p, maxBins: s.maxBins, thresholds: binner.thresholds,
            maxLeafNodes: s.maxLeafNodes, maxDepth: s.maxDepth, minSamplesLeaf: s.minSamplesLeaf, l2: s.l2,
            shrinkage: s.learningRate, constantHessian: classCount == 0, validBins: validBins,
            validRows: validRows.count, threads: threads)
        // Gradients of class k at gradients[k * n + i]; per-chunk sums of each class's gradients
        // and hessians, added in chunk order.
        let gradients = UnsafeMutablePointer<BoostingGradient>.allocate(capacity: max(1, n * outputs))
        defer { gradients.deallocate() }
        let chunks = Parallel.chunks(n, size: rowChunk)
        let chunkSums = UnsafeMutablePointer<Double>.allocate(capacity: max(1, chunks.count * outputs * 2))
        defer { chunkSums.deallocate() }

        // Early stopping ends the phase before `maxIterations`: it is then complete.
        let progress = EngineWork.beginProgress("boosting", unit: "iterations", total: s.maxIterations)
        defer { progress?.end() }
        for _ in 0..<s.maxIterations {
            try EngineWork.checkCancellation()
            // Gradients and hessians of the loss at the current raw scores.
            try raw.withUnsafeBufferPointer { raw in
                try y.withUnsafeBufferPointer { y in
                    // Array storage always has an address, even when empty, so this guard never returns.
                    guard let raw = raw.baseAddress, let y = y.baseAddress else { return }
                    try Parallel.forEach(chunks.count, threads: threads) { c in
                        computeGradients(
                            raw, y, rows: chunks[c], n: n, outputs: outputs,
                            classCount: classCount, gradients: gradients, sums: chunkSums + c * outputs * 2)
                    }
                }
            }
            var iterationTrees: [BoostingTree] = []
            for k in 0..<outputs {
                var g0 = 0.0, h0 = 0.0
                for c in 0..<chunks.count {
                    g0 += chunkSums[(c * outputs + k) * 2]
                    h0 += chunkSums[(c * outputs + k) * 2 + 1]
                }
                let grown = try grower.grow(gradients + k * n, g0: g0, h0: h0)
                let tree = grown.tree
                // Each row's raw score gains its leaf's value.
                let samples = grower.samples, validSamples = grower.validSamples
                raw.withUnsafeMutableBufferPointer { raw in
                    rawValid.withUnsafeMutableBufferPointer { rawValid in
                        for leaf in grown.leaves {
                            let value = tree.values[leaf.node]
                            for position in leaf.start..<leaf.end { raw[Int(samples[position]) * outputs + k] += value }
                            for position in leaf.validStart..<leaf.validEnd {
                                rawValid[Int(validSamples[position]) * outputs + k] += value
                            }
                        }
                    }
                }
                for j in 0..<p { model.importances[j] += grown.gains[j] }
                iterationTrees.append(tree)
            }
            model.trees.append(iterationTrees)
            progress?.advance()
            if s.earlyStopping {
                scores.append(try -loss(rawValid, yValid, outputs: outputs, classCount: classCount, threads: threads))
                let m = s.iterationsWithoutChange
                if scores.count > m {
                    let reference = scores[scores.count - m - 1]
                    if !scores.suffix(m).contains(where: { $0 > reference + s.tolerance }) { break }
                }
            }
        }
        progress?.complete()
        let total = model.importances.reduce(0, +)
        if total > 0 { model.importances = model.importances.map { $0 / total } }
        return model
    }

    /// Gradients and hessians (single precision) of `rows` at raw scores `raw`, and their sums per
    /// class in `sums` (gradient, hessian pairs).
    private static func computeGradients(
        _ raw: UnsafePointer<Double>, _ y: UnsafePointer<Double>, rows: Range<Int>, n: Int, outputs: Int,
        classCount: Int, gradients: UnsafeMutablePointer<BoostingGradient>, sums: UnsafeMutablePointer<Double>
    ) {
        if classCount == 0 {
            var sg = 0.0
            for i in rows {
                let g = Float(raw[i] - y[i])
                gradients[i] = BoostingGradient(g, 1)
                sg += Double(g)
            }
            sums[0] = sg
            sums[1] = Double(rows.count)
        } else if classCount == 2 {
            var sg = 0.0, sh = 0.0
            for i in rows {
                let z = raw[i]
                let e = exp(-abs(z))
                let prob = z >= 0 ? 1 / (1 + e) : e / (1 + e)
                let v = BoostingGradient(Float(prob - y[i]), Float(prob * (1 - prob)))
                gradients[i] = v
                sg += Double(v.x)
                sh += Double(v.y)
            }
            sums[0] = sg
            sums[1] = sh
        } else {
            for k in 0..<(2 * outputs) { sums[k] = 0 }
            withUnsafeTemporaryAllocation(of: Double.self, capacity: outputs) { e in
                for i in rows {
                    let base = i * outputs
                    var top = -Double.infinity
                    for k in 0..<outputs { top = max(top, raw[base + k]) }
                    var total = 0.0
                    for k in 0..<outputs {
                        e[k] = exp(raw[base + k] - top)
                        total += e[k]
                    }
                    let label = Int(y[i])
                    for k in 0..<outputs {
                        let prob = e[k] / total
                        let v = BoostingGradient(Float(prob - (label == k ? 1 : 0)), Float(prob * (1 - prob)))
                        gradients[k * n + i] = v
                        sums[2 * k] += Double(v.x)
                        sums[2 * k + 1] += Double(v.y)
                    }
                }
            }
        }
    }

    /// Mean loss (half squared error, or cross-entropy) of raw scores, summed in fixed chunks.
    static func loss(_ raw: [Double], _ y: [Double], outputs: Int, classCount: Int, threads: Int = 1) throws -> Double {
        guard !y.isEmpty else { return 0 }
        let chunks = Parallel.chunks(y.count, size: 2048)
        let partial = try raw.withUnsafeBufferPointer { raw in
            try y.withUnsafeBufferPointer { y in
                try Parallel.map(chunks.count, threads: threads) { c -> Double in
                    var total = 0.0
                    for i in chunks[c] {
                        if classCount == 0 {
                            let d = raw[i] - y[i]
                            total += 0.5 * d * d
                        } else if classCount == 2 {
                            let z = raw[i]
                            total += (z > 0 ? z + log1p(exp(-z)) : log1p(exp(z))) - y[i] * z
                        } else {
                            let base = i * outputs
                            var top = -Double.infinity
                            for k in 0..<outputs { top = max(top, raw[base + k]) }
                            var sum = 0.0
                            for k in 0..<outputs { sum += exp(raw[base + k] - top) }
                            total += top + log(sum) - raw[base + Int(y[i])]
                        }
                    }
                    return total
                }
            }
        }
        return partial.reduce(0, +) / Double(y.count)
    }

    /// Rows × outputs: class probabilities or values.
    func predict(_ x: Matrix, threads: Int) throws -> Matrix {
        let outputs = classCount > 2 ? classCount : 1
        let columns = classCount == 0 ? 1 : classCount
        let p = x.columns
        // Tree t * outputs + k is iteration t's tree for output k.
        let packed = BoostingPackedTrees(trees.flatMap { $0 })
        var out = [Double](repeating: 0, count: x.rows * columns)
        let chunks = Parallel.chunks(x.rows, size: 256)
        try x.values.withUnsafeBufferPointer { v in
            try out.withUnsafeMutableBufferPointer { out in
                // Array storage always has an address, even when empty, so this guard never returns.
                guard let values = v.baseAddress, let outValues = out.baseAddress else { return }
                let out = UnsafeSendable(outValues)
                try Parallel.forEach(chunks.count, threads: threads) { c in
                    let rows = chunks[c]
                    withUnsafeTemporaryAllocation(of: Double.self, capacity: rows.count * outputs) { raw in
                        // A chunk has rows and a model at least one output, so the capacity is not 0.
                        guard let raw = raw.baseAddress else { return }
                        for r in 0..<rows.count { for k in 0..<outputs { raw[r * outputs + k] = baseline[k] } }
                        // Tree by tree over the block; each row still adds its trees in order.
                        for t in 0..<trees.count {
                            for k in 0..<outputs {
                                packed.add(
                                    tree: t * outputs + k, rows: values + rows.lowerBound * p,
                                    count: rows.count, stride: p, to: raw + k, rawStride: outputs)
                            }
                        }
                        for (r, i) in rows.enumerated() {
                            let target = out.value + i * columns
                            if classCount == 0 {
                                target[0] = raw[r]
                            } else if classCount == 2 {
                                let z = raw[r]
                                let prob = z >= 0 ? 1 / (1 + exp(-z)) : exp(z) / (1 + exp(z))
                                target[0] = 1 - prob
                                target[1] = prob
                            } else {
                                let scores = raw + r * outputs
                                var top = -Double.infinity
                                for k in 0..<outputs { top = max(top, scores[k]) }
                                var total = 0.0
                                for k in 0..<outputs { total += exp(scores[k] - top) }
                                for k in 0..<outputs { target[k] = exp(scores[k] - top) / total }
                            }
                        }
                    }
                }
            }
        }
        return Matrix(rows: x.rows, columns: columns, values: out)
    }
}
