import Foundation

/// A fitted Gaussian naive Bayes classifier (scikit-learn's `GaussianNB`).
struct GaussianNBModel: Sendable, Hashable, Codable {
    /// Per class, per feature mean.
    var means: [[Double]]
    /// Per class, per feature variance plus `epsilon`.
    var variances: [[Double]]
    var priors: [Double]

    /// Class means and (population) variances; every variance gets
    /// `var_smoothing × the largest feature variance` added. Two passes over the rows (sums,
    /// then squared deviations from the class means and from the overall means).
    static func fit(_ x: Matrix, _ y: [Int], classCount: Int, smoothing: Double) -> GaussianNBModel {
        let p = x.columns
        var counts = [Double](repeating: 0, count: classCount)
        var sums = [Double](repeating: 0, count: (classCount + 1) * p)
        var squares = sums
        x.values.withUnsafeBufferPointer { v in
            // Array storage always has an address, even when empty, so this guard never returns.
            guard let v = v.baseAddress else { return }
            sums.withUnsafeMutableBufferPointer { sums in
                guard let sums = sums.baseAddress else { return }  // as above: never returns
                let all = sums + classCount * p
                for i in 0..<x.rows {
                    counts[y[i]] += 1
                    VectorMath.add(v + i * p, to: sums + y[i] * p, count: p)
                    VectorMath.add(v + i * p, to: all, count: p)
                }
            }
            // Means: per class, and overall in the last row.
            for k in 0...classCount {
                let n = k == classCount ? Double(x.rows) : counts[k]
                for j in 0..<p { sums[k * p + j] /= n }
            }
            sums.withUnsafeBufferPointer { means in
                squares.withUnsafeMutableBufferPointer { squares in
                    guard let means = means.baseAddress, let squares = squares.baseAddress else { return }  // never
                    let overall = classCount * p
                    for i in 0..<x.rows {
                        let row = v + i * p
                        VectorMath.addSquaredDifferences(
                            row, means + y[i] * p, to: squares + y[i] * p, count: p)
                        VectorMath.addSquaredDifferences(
                            row, means + overall, to: squares + overall, count: p)
                    }
                }
            }
        }
        // The largest variance of any feature over all rows.
        let largest = (0..<p).map { squares[classCount * p + $0] / Double(x.rows) }.max() ?? 0
        let epsilon = smoothing * largest
        let means = (0..<classCount).map { k in Array(sums[(k * p)..<((k + 1) * p)]) }
        let variances = (0..<classCount).map { k in (0..<p).map { squares[k * p + $0] / counts[k] + epsilon } }
        let n = Double(x.rows)
        return GaussianNBModel(means: means, variances: variances, priors: counts.map { $0 / n })
    }

    func probabilities(_ x: Matrix, threads: Int) throws -> Matrix {
        let p = x.columns
        let classCount = priors.count
        var constant = [Double](repeating: 0, count: classCount)
        for k in 0..<classCount {
            var s = 0.0
            for j in 0..<p { s += log(2 * Double.pi * variances[k][j]) }
            constant[k] = log(priors[k]) - 0.5 * s
        }
        let rows = try Parallel.map(x.rows, threads: threads) { i -> [Double] in
            var joint = [Double](repeating: 0, count: classCount)
            for k in 0..<classCount {
                var s = 0.0
                for j in 0..<p {
                    let d = x.values[i * p + j] - means[k][j]
                    s += d * d / variances[k][j]
                }
                joint[k] = constant[k] - 0.5 * s
            }
            let top = joint.max() ?? 0  // a fitted model has a class; with none, `joint` is empty anyway
            var total = 0.0
            for k in 0..<classCount { total += exp(joint[k] - top) }
            let norm = top + log(total)
            return joint.map { exp($0 - norm) }
        }
        return Matrix(rows: x.rows, columns: classCount, values: rows.flatMap { $0 })
    }
}
