import Foundation

/// A fitted histogram gradient-boosting model (scikit-learn's `HistGradientBoosting*`).
///
/// Raw scores start at ``baseline`` and add one tree per class per iteration. Classification
/// turns raw scores into probabilities (sigmoid for two classes, softmax for more).
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

    static func fit(
        _ xAll: Matrix, _ yAll: [Double], classCount: Int, settings s: Settings, seed: UInt64, threads: Int
    ) -> GradientBoostingModel {
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
        let x = xAll.rows(trainRows)
        let y = trainRows.map { yAll[$0] }
        let xValid = xAll.rows(validRows)
        let yValid = validRows.map { yAll[$0] }
        let n = x.rows
        let p = x.columns
        let outputs = classCount > 2 ? classCount : 1

        let binner = FeatureBinner.fit(x, maxBins: s.maxBins, seed: seed, threads: threads)
        let bins = binner.transform(x, threads: threads)

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
        var rawValid = [Double](repeating: 0, count: xValid.rows * outputs)
        for i in 0..<xValid.rows { for k in 0..<outputs { rawValid[i * outputs + k] = baseline[k] } }

        var model = GradientBoostingModel(
            trees: [], baseline: baseline, classCount: classCount, importances: [Double](repeating: 0, count: p))
        var scores: [Double] = []
        if s.earlyStopping { scores.append(-loss(rawValid, yValid, outputs: outputs, classCount: classCount)) }
        var gradients = [Double](repeating: 0, count: n * outputs)
        var hessians = gradients
        let grower = HistogramTreeGrower(
            bins: bins, rows: n, features: p, maxBins: s.maxBins, thresholds: binner.thresholds,
            maxLeafNodes: s.maxLeafNodes, maxDepth: s.maxDepth, minSamplesLeaf: s.minSamplesLeaf, l2: s.l2,
            shrinkage: s.learningRate, constantHessian: classCount == 0)

        for _ in 0..<s.maxIterations {
            // Gradients and hessians of the loss at the current raw scores.
            for i in 0..<n {
                if classCount == 0 {
                    gradients[i] = raw[i] - y[i]
                    hessians[i] = 1
                } else if classCount == 2 {
                    let z = raw[i]
                    let prob = z >= 0 ? 1 / (1 + exp(-z)) : exp(z) / (1 + exp(z))
                    gradients[i] = prob - y[i]
                    hessians[i] = prob * (1 - prob)
                } else {
                    let base = i * outputs
                    var top = -Double.infinity
                    for k in 0..<outputs { top = max(top, raw[base + k]) }
                    var total = 0.0
                    for k in 0..<outputs { total += exp(raw[base + k] - top) }
                    for k in 0..<outputs {
                        let prob = exp(raw[base + k] - top) / total
                        gradients[base + k] = prob - (Int(y[i]) == k ? 1 : 0)
                        hessians[base + k] = prob * (1 - prob)
                    }
                }
            }
            var iterationTrees: [BoostingTree] = []
            for k in 0..<outputs {
                let g = outputs == 1 ? gradients : (0..<n).map { gradients[$0 * outputs + k] }
                let h = outputs == 1 ? hessians : (0..<n).map { hessians[$0 * outputs + k] }
                let (tree, leafOf, gains) = grower.grow(gradients: g, hessians: h, threads: threads)
                for i in 0..<n { raw[i * outputs + k] += tree.values[leafOf[i]] }
                for j in 0..<p { model.importances[j] += gains[j] }
                if !validRows.isEmpty {
                    xValid.values.withUnsafeBufferPointer { v in
                        for i in 0..<xValid.rows { rawValid[i * outputs + k] += tree.value(v, i * p) }
                    }
                }
                iterationTrees.append(tree)
            }
            model.trees.append(iterationTrees)
            if s.earlyStopping {
                scores.append(-loss(rawValid, yValid, outputs: outputs, classCount: classCount))
                let m = s.iterationsWithoutChange
                if scores.count > m {
                    let reference = scores[scores.count - m - 1]
                    if !scores.suffix(m).contains(where: { $0 > reference + s.tolerance }) { break }
                }
            }
        }
        let total = model.importances.reduce(0, +)
        if total > 0 { model.importances = model.importances.map { $0 / total } }
        return model
    }

    /// Mean loss (half squared error, or cross-entropy) of raw scores.
    static func loss(_ raw: [Double], _ y: [Double], outputs: Int, classCount: Int) -> Double {
        guard !y.isEmpty else { return 0 }
        var total = 0.0
        for i in 0..<y.count {
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
        return total / Double(y.count)
    }

    /// Rows × outputs: class probabilities or values.
    func predict(_ x: Matrix, threads: Int) -> Matrix {
        let outputs = classCount > 2 ? classCount : 1
        let p = x.columns
        let rows = Parallel.map(x.rows, threads: threads) { i -> [Double] in
            var raw = baseline
            x.values.withUnsafeBufferPointer { v in
                for iteration in trees {
                    for k in 0..<outputs { raw[k] += iteration[k].value(v, i * p) }
                }
            }
            if classCount == 0 { return raw }
            if classCount == 2 {
                let z = raw[0]
                let prob = z >= 0 ? 1 / (1 + exp(-z)) : exp(z) / (1 + exp(z))
                return [1 - prob, prob]
            }
            let top = raw.max()!
            let e = raw.map { exp($0 - top) }
            let total = e.reduce(0, +)
            return e.map { $0 / total }
        }
        return Matrix(rows: x.rows, columns: classCount == 0 ? 1 : classCount, values: rows.flatMap { $0 })
    }
}
