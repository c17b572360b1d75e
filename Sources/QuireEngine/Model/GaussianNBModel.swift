import Foundation

/// A fitted Gaussian naive Bayes classifier (scikit-learn's `GaussianNB`).
struct GaussianNBModel: Sendable, Hashable, Codable {
    /// Per class, per feature mean.
    var means: [[Double]]
    /// Per class, per feature variance plus `epsilon`.
    var variances: [[Double]]
    var priors: [Double]

    /// Class means and (population) variances; every variance gets
    /// `var_smoothing × the largest feature variance` added.
    static func fit(_ x: Matrix, _ y: [Int], classCount: Int, smoothing: Double) -> GaussianNBModel {
        let p = x.columns
        var counts = [Double](repeating: 0, count: classCount)
        var means = [[Double]](repeating: [Double](repeating: 0, count: p), count: classCount)
        var variances = means
        for i in 0..<x.rows {
            counts[y[i]] += 1
            for j in 0..<p { means[y[i]][j] += x.values[i * p + j] }
        }
        for k in 0..<classCount { for j in 0..<p { means[k][j] /= counts[k] } }
        for i in 0..<x.rows {
            for j in 0..<p {
                let d = x.values[i * p + j] - means[y[i]][j]
                variances[y[i]][j] += d * d
            }
        }
        for k in 0..<classCount { for j in 0..<p { variances[k][j] /= counts[k] } }
        // The largest variance of any feature over all rows.
        let overallMeans = LinearAlgebra.columnMeans(x, threads: 1)
        var largest = 0.0
        for j in 0..<p {
            var v = 0.0
            for i in 0..<x.rows {
                let d = x.values[i * p + j] - overallMeans[j]
                v += d * d
            }
            largest = max(largest, v / Double(x.rows))
        }
        let epsilon = smoothing * largest
        for k in 0..<classCount { for j in 0..<p { variances[k][j] += epsilon } }
        let n = Double(x.rows)
        return GaussianNBModel(means: means, variances: variances, priors: counts.map { $0 / n })
    }

    func probabilities(_ x: Matrix, threads: Int) -> Matrix {
        let p = x.columns
        let classCount = priors.count
        var constant = [Double](repeating: 0, count: classCount)
        for k in 0..<classCount {
            var s = 0.0
            for j in 0..<p { s += log(2 * Double.pi * variances[k][j]) }
            constant[k] = log(priors[k]) - 0.5 * s
        }
        let rows = Parallel.map(x.rows, threads: threads) { i -> [Double] in
            var joint = [Double](repeating: 0, count: classCount)
            for k in 0..<classCount {
                var s = 0.0
                for j in 0..<p {
                    let d = x.values[i * p + j] - means[k][j]
                    s += d * d / variances[k][j]
                }
                joint[k] = constant[k] - 0.5 * s
            }
            let top = joint.max()!
            var total = 0.0
            for k in 0..<classCount { total += exp(joint[k] - top) }
            let norm = top + log(total)
            return joint.map { exp($0 - norm) }
        }
        return Matrix(rows: x.rows, columns: classCount, values: rows.flatMap { $0 })
    }
}
