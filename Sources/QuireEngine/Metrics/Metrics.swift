import Foundation

/// Classification, regression and clustering metrics with scikit-learn's exact definitions.
///
/// Classes are indices `0..<classCount` (a model's ``TrainedModel/classes`` order). Where
/// scikit-learn warns and returns 0 (`zero_division="warn"`), so do these; where it returns
/// NaN or raises (ROC AUC with one class in the truth), these return NaN.
public enum Metrics {
    // MARK: Classification from labels

    /// Share of rows predicted right.
    public static func accuracy(_ truth: [Int], _ predicted: [Int]) -> Double {
        guard !truth.isEmpty else { return .nan }
        var right = 0
        for i in truth.indices where truth[i] == predicted[i] { right += 1 }
        return Double(right) / Double(truth.count)
    }

    /// Counts: rows are true classes, columns predicted classes, over `0..<classCount`.
    public static func confusionMatrix(_ truth: [Int], _ predicted: [Int], classCount: Int) -> [[Int]] {
        var matrix = [[Int]](repeating: [Int](repeating: 0, count: classCount), count: classCount)
        for i in truth.indices { matrix[truth[i]][predicted[i]] += 1 }
        return matrix
    }

    /// Sorted labels that occur in the truth or the predictions (scikit-learn's `unique_labels`).
    static func presentLabels(_ truth: [Int], _ predicted: [Int]) -> [Int] {
        guard let high = classIndexLimit(truth, predicted) else { return Array(Set(truth).union(predicted)).sorted() }
        var present = [Bool](repeating: false, count: high + 1)
        for label in truth { present[label] = true }
        for label in predicted { present[label] = true }
        return present.indices.filter { present[$0] }
    }

    /// The largest label when every label of both is a class index (0 ..< 2^16), so that labels
    /// can be counted in arrays instead of hashing every row; else `nil`.
    static func classIndexLimit(_ truth: [Int], _ predicted: [Int]) -> Int? {
        let low = Swift.min(truth.min() ?? 0, predicted.min() ?? 0)
        let high = Swift.max(truth.max() ?? 0, predicted.max() ?? 0)
        return low >= 0 && high < 1 << 16 ? high : nil
    }

    private static func counts(_ truth: [Int], _ predicted: [Int]) -> (
        tp: [Int: Double], pred: [Int: Double], real: [Int: Double]
    ) {
        var tp: [Int: Double] = [:], pred: [Int: Double] = [:], real: [Int: Double] = [:]
        // Class indices: counted in arrays, then kept where they occur.
        if let high = classIndexLimit(truth, predicted) {
            var tpCounts = [Int](repeating: 0, count: high + 1), predCounts = tpCounts, realCounts = tpCounts
            for i in truth.indices {
                predCounts[predicted[i]] += 1
                realCounts[truth[i]] += 1
                if truth[i] == predicted[i] { tpCounts[truth[i]] += 1 }
            }
            for label in 0...high {
                if predCounts[label] > 0 { pred[label] = Double(predCounts[label]) }
                if realCounts[label] > 0 { real[label] = Double(realCounts[label]) }
                if tpCounts[label] > 0 { tp[label] = Double(tpCounts[label]) }
            }
            return (tp, pred, real)
        }
        for i in truth.indices {
            pred[predicted[i], default: 0] += 1
            real[truth[i], default: 0] += 1
            if truth[i] == predicted[i] { tp[truth[i], default: 0] += 1 }
        }
        return (tp, pred, real)
    }

    /// Mean recall over the classes present in the truth.
    public static func balancedAccuracy(_ truth: [Int], _ predicted: [Int]) -> Double {
        let (tp, _, real) = counts(truth, predicted)
        let labels = real.keys.sorted()
        guard !labels.isEmpty else { return .nan }
        return labels.reduce(0.0) { $0 + (tp[$1] ?? 0) / (real[$1] ?? .nan) } / Double(labels.count)
    }

    private enum Score { case precision, recall, f1 }

    private static func score(_ kind: Score, _ truth: [Int], _ predicted: [Int], _ average: Averaging, _ positive: Int)
        -> Double
    {
        let (tp, pred, real) = counts(truth, predicted)
        func perLabel(_ t: Double, _ p: Double, _ r: Double) -> Double {
            switch kind {
            case .precision: p > 0 ? t / p : 0
            case .recall: r > 0 ? t / r : 0
            case .f1: p + r > 0 ? 2 * t / (p + r) : 0
            }
        }
        switch average {
        case .binary:
            return perLabel(tp[positive] ?? 0, pred[positive] ?? 0, real[positive] ?? 0)
        case .micro:
            let t = tp.values.reduce(0, +)
            return perLabel(t, Double(truth.count), Double(truth.count))
        case .macro, .weighted:
            let labels = presentLabels(truth, predicted)
            var total = 0.0, weights = 0.0
            for label in labels {
                let w = average == .macro ? 1 : (real[label] ?? 0)
                total += w * perLabel(tp[label] ?? 0, pred[label] ?? 0, real[label] ?? 0)
                weights += w
            }
            return weights > 0 ? total / weights : 0
        }
    }

    /// Precision: true positives over predicted positives.
    public static func precision(_ truth: [Int], _ predicted: [Int], average: Averaging = .binary, positive: Int = 1)
        -> Double
    { score(.precision, truth, predicted, average, positive) }

    /// Recall: true positives over actual positives.
    public static func recall(_ truth: [Int], _ predicted: [Int], average: Averaging = .binary, positive: Int = 1)
        -> Double
    { score(.recall, truth, predicted, average, positive) }

    /// F1: `2·tp / (2·tp + fp + fn)` per class, then averaged.
    public static func f1(_ truth: [Int], _ predicted: [Int], average: Averaging = .binary, positive: Int = 1) -> Double
    {
        score(.f1, truth, predicted, average, positive)
    }

    /// Matthews correlation coefficient (multiclass form; 0 when undefined).
    public static func matthewsCorrcoef(_ truth: [Int], _ predicted: [Int]) -> Double {
        let labels = presentLabels(truth, predicted)
        var t = [Double](repeating: 0, count: labels.count), p = t
        var correct = 0.0
        // Every label of `truth` and `predicted` is in `labels`, so each has an index: an array's
        // when the labels are class indices (no hashing per row), else a dictionary's.
        if let high = classIndexLimit(labels, []) {
            var index = [Int](repeating: 0, count: high + 1)
            for (k, label) in labels.enumerated() { index[label] = k }
            for i in truth.indices {
                t[index[truth[i]]] += 1
                p[index[predicted[i]]] += 1
                if truth[i] == predicted[i] { correct += 1 }
            }
        } else {
            var index: [Int: Int] = [:]
            for (k, label) in labels.enumerated() { index[label] = k }
            for i in truth.indices {
                guard let truthIndex = index[truth[i]], let predictedIndex = index[predicted[i]] else { continue }
                t[truthIndex] += 1
                p[predictedIndex] += 1
                if truth[i] == predicted[i] { correct += 1 }
            }
        }
        let n = Double(truth.count)
        var tp = 0.0, pp = 0.0, tt = 0.0
        for k in labels.indices {
            tp += t[k] * p[k]
            pp += p[k] * p[k]
            tt += t[k] * t[k]
        }
        let covYtYp = correct * n - tp
        let covYpYp = n * n - pp
        let covYtYt = n * n - tt
        if covYpYp * covYtYt == 0 { return 0 }
        return covYtYp / (covYtYt * covYpYp).squareRoot()
    }

    // MARK: Classification from scores

    /// Cumulative false and true positives at each distinct score, scores descending.
    static func binaryCurve(_ positives: [Bool], _ scores: [Double]) -> (
        fps: [Double], tps: [Double], thresholds: [Double]
    ) {
        // Descending scores as (negated score, positive). Only the order of distinct scores matters
        // (equal scores are counted together), so finite scores go through the bucket sort drift uses.
        var pairs = zip(scores, positives).map { (key: -$0, positive: $1) }
        if scores.allSatisfy(\.isFinite) {
            var scratch = pairs
            pairs.withUnsafeMutableBufferPointer { pairs in
                scratch.withUnsafeMutableBufferPointer { scratch in ValueSort.sort(pairs, scratch: scratch) { $0.key } }
            }
        } else {
            pairs.sort { $0.key < $1.key }
        }
        var fps: [Double] = [], tps: [Double] = [], thresholds: [Double] = []
        var tp = 0.0, fp = 0.0
        for rank in pairs.indices {
            if pairs[rank].positive { tp += 1 } else { fp += 1 }
            if rank == pairs.count - 1 || pairs[rank + 1].key != pairs[rank].key {
                fps.append(fp)
                tps.append(tp)
                // -0.0 and 0.0 are one score: the threshold is 0 whichever came last.
                thresholds.append(pairs[rank].key == 0 ? 0 : -pairs[rank].key)
            }
        }
        return (fps, tps, thresholds)
    }

    /// ROC curve of `scores` for the class `positive`.
    public static func rocCurve(_ truth: [Int], scores: [Double], positive: Int = 1) -> ROCCurve {
        var (fps, tps, thresholds) = binaryCurve(truth.map { $0 == positive }, scores)
        if fps.count > 2 {
            var keep = [0]
            for k in 1..<(fps.count - 1) {
                let secondF = fps[k + 1] - 2 * fps[k] + fps[k - 1]
                let secondT = tps[k + 1] - 2 * tps[k] + tps[k - 1]
                if secondF != 0 || secondT != 0 { keep.append(k) }
            }
            keep.append(fps.count - 1)
            fps = keep.map { fps[$0] }
            tps = keep.map { tps[$0] }
            thresholds = keep.map { thresholds[$0] }
        }
        fps.insert(0, at: 0)
        tps.insert(0, at: 0)
        thresholds.insert(.infinity, at: 0)
        let fn = fps.last ?? 0, tn = tps.last ?? 0
        return ROCCurve(
            falsePositiveRate: fps.map { fn > 0 ? $0 / fn : .nan },
            truePositiveRate: tps.map { tn > 0 ? $0 / tn : .nan },
            thresholds: thresholds)
    }

    /// Area under the ROC curve for two classes; NaN when the truth has one class.
    public static func rocAUC(_ truth: [Int], scores: [Double], positive: Int = 1) -> Double {
        let positives = truth.reduce(0) { $0 + ($1 == positive ? 1 : 0) }
        guard positives > 0 && positives < truth.count else { return .nan }
        let curve = rocCurve(truth, scores: scores, positive: positive)
        return trapezoid(curve.falsePositiveRate, curve.truePositiveRate)
    }

    static func trapezoid(_ x: [Double], _ y: [Double]) -> Double {
        var area = 0.0
        for k in 1..<x.count { area += (x[k] - x[k - 1]) * (y[k] + y[k - 1]) / 2 }
        return area
    }

    /// Multiclass ROC AUC from class probabilities (rows × classes), one-vs-rest or
    /// one-vs-one, macro or weighted by prevalence. NaN when a class is absent from the truth.
    public static func rocAUC(
        _ truth: [Int], probabilities: [[Double]], multiClass: MulticlassAUC = .ovr, average: Averaging = .macro
    ) -> Double {
        let classCount = probabilities.first?.count ?? 0
        if classCount == 2 { return rocAUC(truth, scores: probabilities.map { $0[1] }) }
        var support = [Double](repeating: 0, count: classCount)
        for t in truth { support[t] += 1 }
        guard support.allSatisfy({ $0 > 0 }) else { return .nan }
        let n = Double(truth.count)
        switch multiClass {
        case .ovr:
            var total = 0.0, weights = 0.0
            for k in 0..<classCount {
                let auc = rocAUC(truth.map { $0 == k ? 1 : 0 }, scores: probabilities.map { $0[k] })
                let w = average == .weighted ? support[k] : 1
                total += w * auc
                weights += w
            }
            return total / weights
        case .ovo:
            var total = 0.0, weights = 0.0
            for a in 0..<classCount {
                for b in (a + 1)..<classCount {
                    let rows = truth.indices.filter { truth[$0] == a || truth[$0] == b }
                    let ab = rows.map { truth[$0] == a ? 1 : 0 }
                    let aScore = rocAUC(ab, scores: rows.map { probabilities[$0][a] })
                    let bScore = rocAUC(ab.map { 1 - $0 }, scores: rows.map { probabilities[$0][b] })
                    let w = average == .weighted ? Double(rows.count) / n : 1
                    total += w * (aScore + bScore) / 2
                    weights += w
                }
            }
            return average == .weighted ? total / weights : total / weights
        }
    }

    /// Precision-recall curve of `scores` for the class `positive`.
    public static func precisionRecallCurve(_ truth: [Int], scores: [Double], positive: Int = 1)
        -> PrecisionRecallCurve
    {
        let (fps, tps, thresholds) = binaryCurve(truth.map { $0 == positive }, scores)
        let precision = zip(tps, fps).map { $0 + $1 != 0 ? $0 / ($0 + $1) : 0 }
        let positives = tps.last ?? 0
        let recall = positives == 0 ? tps.map { _ in 1.0 } : tps.map { $0 / positives }
        return PrecisionRecallCurve(
            precision: precision.reversed() + [1], recall: recall.reversed() + [0], thresholds: thresholds.reversed())
    }

    /// Average precision: `Σ (R_k − R_{k−1}) · P_k` over the precision-recall curve.
    public static func averagePrecision(_ truth: [Int], scores: [Double], positive: Int = 1) -> Double {
        let curve = precisionRecallCurve(truth, scores: scores, positive: positive)
        var sum = 0.0
        for k in 0..<(curve.recall.count - 1) {
            sum += (curve.recall[k + 1] - curve.recall[k]) * curve.precision[k]
        }
        return -sum
    }

    /// Macro average precision over classes, one-vs-rest (multiclass); classes absent from the
    /// truth are skipped.
    public static func averagePrecision(_ truth: [Int], probabilities: [[Double]]) -> Double {
        let classCount = probabilities.first?.count ?? 0
        if classCount == 2 { return averagePrecision(truth, scores: probabilities.map { $0[1] }) }
        var total = 0.0, used = 0.0
        for k in 0..<classCount where truth.contains(k) {
            total += averagePrecision(truth, scores: probabilities.map { $0[k] }, positive: k)
            used += 1
        }
        return used > 0 ? total / used : .nan
    }

    /// Mean negative log-likelihood of the true class, probabilities clipped to `[ε, 1 − ε]`.
    public static func logLoss(_ truth: [Int], probabilities: [[Double]]) -> Double {
        let eps = Double.ulpOfOne
        var total = 0.0
        for i in truth.indices { total -= log(min(max(probabilities[i][truth[i]], eps), 1 - eps)) }
        return total / Double(truth.count)
    }

    /// Brier score: mean squared error of the probabilities; halved sum over both columns for
    /// two classes (= mean `(p₁ − y)²`), the plain sum over classes for more (scikit-learn 1.7+).
    public static func brierScore(_ truth: [Int], probabilities: [[Double]]) -> Double {
        let classCount = probabilities.first?.count ?? 0
        var total = 0.0
        for i in truth.indices {
            var row = 0.0
            for k in 0..<classCount {
                let d = (truth[i] == k ? 1 : 0) - probabilities[i][k]
                row += d * d
            }
            total += row
        }
        let mean = total / Double(truth.count)
        return classCount < 3 ? mean * 0.5 : mean
    }

    /// Calibration curve of the positive class's probability in `bins` equal-width bins.
    public static func calibrationCurve(_ truth: [Int], scores: [Double], positive: Int = 1, bins: Int = 5)
        -> CalibrationCurve
    {
        let edges = (0...bins).map { Double($0) / Double(bins) }
        var sums = [Double](repeating: 0, count: bins), trues = sums, totals = [Int](repeating: 0, count: bins)
        for i in truth.indices {
            // numpy.searchsorted(edges[1:-1], p), side left: the count of inner edges < p.
            var bin = 0
            while bin < bins - 1 && edges[bin + 1] < scores[i] { bin += 1 }
            sums[bin] += scores[i]
            trues[bin] += truth[i] == positive ? 1 : 0
            totals[bin] += 1
        }
        let used = (0..<bins).filter { totals[$0] > 0 }
        return CalibrationCurve(
            fractionOfPositives: used.map { trues[$0] / Double(totals[$0]) },
            meanPredicted: used.map { sums[$0] / Double(totals[$0]) }, counts: used.map { totals[$0] })
    }

    // MARK: Regression

    /// Mean absolute error.
    public static func meanAbsoluteError(_ truth: [Double], _ predicted: [Double]) -> Double {
        zip(truth, predicted).reduce(0.0) { $0 + abs($1.0 - $1.1) } / Double(truth.count)
    }

    /// Mean squared error.
    public static func meanSquaredError(_ truth: [Double], _ predicted: [Double]) -> Double {
        zip(truth, predicted).reduce(0.0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / Double(truth.count)
    }

    /// Root of the mean squared error.
    public static func rootMeanSquaredError(_ truth: [Double], _ predicted: [Double]) -> Double {
        meanSquaredError(truth, predicted).squareRoot()
    }

    /// Coefficient of determination; with a constant truth, 1 for a perfect fit, else 0.
    public static func r2(_ truth: [Double], _ predicted: [Double]) -> Double {
        let mean = truth.reduce(0, +) / Double(truth.count)
        var residual = 0.0, total = 0.0
        for i in truth.indices {
            residual += (truth[i] - predicted[i]) * (truth[i] - predicted[i])
            total += (truth[i] - mean) * (truth[i] - mean)
        }
        if total == 0 { return residual == 0 ? 1 : 0 }
        return 1 - residual / total
    }

    /// Mean of `|y − ŷ| / max(|y|, ε)`: a fraction, not a percentage.
    public static func meanAbsolutePercentageError(_ truth: [Double], _ predicted: [Double]) -> Double {
        zip(truth, predicted).reduce(0.0) { $0 + abs($1.0 - $1.1) / max(abs($1.0), Double.ulpOfOne) }
            / Double(truth.count)
    }

    /// `1 − Var(y − ŷ) / Var(y)`; with a constant truth, 1 for a perfect fit, else 0.
    public static func explainedVariance(_ truth: [Double], _ predicted: [Double]) -> Double {
        let n = Double(truth.count)
        let errors = zip(truth, predicted).map { $0 - $1 }
        let errorMean = errors.reduce(0, +) / n
        let mean = truth.reduce(0, +) / n
        let numerator = errors.reduce(0.0) { $0 + ($1 - errorMean) * ($1 - errorMean) } / n
        let denominator = truth.reduce(0.0) { $0 + ($1 - mean) * ($1 - mean) } / n
        if denominator == 0 { return numerator == 0 ? 1 : 0 }
        return 1 - numerator / denominator
    }

    /// Predicted values and residuals.
    public static func residuals(_ truth: [Double], _ predicted: [Double]) -> ResidualPoints {
        ResidualPoints(predicted: predicted, residuals: zip(truth, predicted).map { $0 - $1 })
    }

    // MARK: Clustering

    /// Mean silhouette coefficient of rows (rows × features) with cluster labels (Euclidean).
    ///
    /// NaN with fewer than two clusters or as many clusters as rows. Rows alone in their
    /// cluster score 0.
    public static func silhouette(_ rows: [[Double]], labels: [Int]) -> Double {
        let p = rows.first?.count ?? 0
        // Single-threaded; it throws only when the work it runs in is cancelled.
        return (try? silhouette(Matrix(rows: rows.count, columns: p, values: rows.flatMap { $0 }), labels: labels))
            ?? .nan
    }

    /// The silhouette of a seeded sample of `sampleSize` rows when there are more.
    static func silhouette(_ x: Matrix, labels: [Int], sampleSize: Int = .max, seed: UInt64 = 0, threads: Int = 1)
        throws -> Double
    {
        var rows = Array(0..<x.rows)
        if x.rows > sampleSize {
            var rng = Xoshiro256StarStar(seed: seed)
            rng.shuffle(&rows)
            rows = Array(rows.prefix(sampleSize)).sorted()
        }
        let sub = labels.count == rows.count ? labels : rows.map { labels[$0] }
        let clusters = Set(sub)
        guard clusters.count >= 2 && clusters.count < rows.count else { return .nan }
        let k = (clusters.max() ?? 0) + 1
        var sizes = [Double](repeating: 0, count: k)
        for l in sub { sizes[l] += 1 }
        let p = x.columns
        var total = 0.0
        let sample = rows.count == x.rows ? x : x.rows(rows)
        // Each pair's distance is computed once and added to both rows' per-cluster sums, in a
        // table per fixed chunk of rows; the tables are summed in chunk order.
        let m = rows.count
        let chunks = Parallel.chunks(m, size: 64)
        let tables = try Parallel.map(chunks.count, threads: threads) { c -> [Double] in
            var table = [Double](repeating: 0, count: m * k)
            sample.values.withUnsafeBufferPointer { v in
                table.withUnsafeMutableBufferPointer { table in
                    for a in chunks[c] where a + 1 < m {
                        for b in (a + 1)..<m {
                            let d = VectorMath.squaredDistance(v, a, v, b, width: p).squareRoot()
                            table[a * k + sub[b]] += d
                            table[b * k + sub[a]] += d
                        }
                    }
                }
            }
            return table
        }
        var allSums = [Double](repeating: 0, count: m * k)
        for table in tables { for t in 0..<(m * k) { allSums[t] += table[t] } }
        let scores = (0..<m).map { a -> Double in
            let sums = allSums[(a * k)..<((a + 1) * k)].map { $0 }
            let own = sub[a]
            if sizes[own] <= 1 { return 0 }
            let inside = sums[own] / (sizes[own] - 1)
            var nearest = Double.infinity
            for c in 0..<k where c != own && sizes[c] > 0 { nearest = min(nearest, sums[c] / sizes[c]) }
            return (nearest - inside) / max(inside, nearest)
        }
        for s in scores { total += s }
        return total / Double(rows.count)
    }
}
