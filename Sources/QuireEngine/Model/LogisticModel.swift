import CQuireKernels
import Foundation

/// A fitted logistic regression: one coefficient row for two classes (class 1's log-odds),
/// one row per class (softmax) for more.
struct LogisticModel: Sendable, Hashable, Codable {
    var coefficients: [[Double]]
    var intercepts: [Double]
    var classCount: Int

    /// Minimises `Σ wᵢ · lossᵢ + ‖W‖² / (2C)` (intercepts unpenalised) with L-BFGS on the mean
    /// loss, as scikit-learn's `lbfgs` solver does.
    static func fit(
        _ x: Matrix, _ y: [Int], classCount: Int, c: Double, weights: [Double], maxIterations: Int,
        tolerance: Double, fitIntercept: Bool, threads: Int
    ) throws -> (LogisticModel, iterations: Int, converged: Bool) {
        let p = x.columns
        let rows = classCount == 2 ? 1 : classCount
        let width = p + 1
        let weightSum = weights.reduce(0, +)
        let penalty = 1 / (c * weightSum)
        let chunks = Parallel.chunks(x.rows, size: 4096)
        // Two classes: the targets as numbers, for the vectorised loss (`quire_logistic_terms`).
        let targets = rows == 1 ? y.map { $0 == 1 ? 1.0 : 0.0 } : []
        let evaluate: ([Double], inout [Double]) throws -> Double = { theta, gradient in
            let partial = try Parallel.map(chunks.count, threads: threads) { c -> [Double] in
                var out = [Double](repeating: 0, count: rows * width + 1)
                if rows == 1 {
                    binaryTerms(
                        x, rows: chunks[c], theta: theta, targets: targets, weights: weights,
                        fitIntercept: fitIntercept, into: &out)
                    return out
                }
                var z = [Double](repeating: 0, count: rows)
                x.values.withUnsafeBufferPointer { v in
                    theta.withUnsafeBufferPointer { t in
                        out.withUnsafeMutableBufferPointer { out in
                            // Array storage always has an address, even when empty, so this guard never returns.
                            guard let values = v.baseAddress, let coefficients = t.baseAddress,
                                let sums = out.baseAddress
                            else { return }
                            for i in chunks[c] {
                                let base = i * p
                                let row = values + base
                                for k in 0..<rows {
                                    z[k] =
                                        (fitIntercept ? t[k * width + p] : 0)
                                        + VectorMath.dot(row, coefficients + k * width, count: p)
                                }
                                let w = weights[i]
                                var top = -Double.infinity
                                for k in 0..<rows { top = max(top, z[k]) }
                                var total = 0.0
                                for k in 0..<rows {
                                    z[k] = exp(z[k] - top)
                                    total += z[k]
                                }
                                out[rows * width] += w * (log(total) - log(z[y[i]]))
                                for k in 0..<rows {
                                    let r = w * (z[k] / total - (k == y[i] ? 1 : 0))
                                    let o = k * width
                                    VectorMath.add(r, times: row, to: sums + o, count: p)
                                    out[o + p] += r
                                }
                            }
                        }
                    }
                }
                return out
            }
            var loss = 0.0
            for k in gradient.indices { gradient[k] = 0 }
            for part in partial {
                for k in 0..<(rows * width) { gradient[k] += part[k] }
                loss += part[rows * width]
            }
            loss /= weightSum
            for k in 0..<rows {
                for j in 0..<width {
                    gradient[k * width + j] /= weightSum
                    if j < p {
                        let value = theta[k * width + j]
                        gradient[k * width + j] += penalty * value
                        loss += 0.5 * penalty * value * value
                    }
                }
                if !fitIntercept { gradient[k * width + p] = 0 }
            }
            return loss
        }
        var solver = LBFGS(maxIterations: maxIterations, gradientTolerance: tolerance)
        let progress = EngineWork.beginProgress("logistic regression", unit: "iterations", total: maxIterations)
        defer { progress?.end() }
        solver.progress = progress
        let result = try solver.minimize([Double](repeating: 0, count: rows * width), evaluate)
        progress?.complete()
        let theta = result.x
        let model = LogisticModel(
            coefficients: (0..<rows).map { Array(theta[($0 * width)..<($0 * width + p)]) },
            intercepts: (0..<rows).map { theta[$0 * width + p] }, classCount: classCount)
        return (model, result.iterations, result.converged)
    }

    /// Two classes: adds the rows' weighted loss (at `out[p + 1]`) and gradient (`out[0...p]`, the
    /// intercept's at `p`) to `out`, a block of rows at a time: their scores, then the loss and
    /// residual of the whole block in SIMD lanes (`quire_logistic_terms`), then the gradient, row
    /// by row in order. A block of rows stays in the L1 cache between the passes.
    private static func binaryTerms(
        _ x: Matrix, rows: Range<Int>, theta: [Double], targets: [Double], weights: [Double], fitIntercept: Bool,
        into out: inout [Double]
    ) {
        let p = x.columns
        let block = 128
        var z = [Double](repeating: 0, count: block)
        var loss = [Double](repeating: 0, count: block)
        var residual = [Double](repeating: 0, count: block)
        x.values.withUnsafeBufferPointer { v in
            theta.withUnsafeBufferPointer { t in
                out.withUnsafeMutableBufferPointer { out in
                    targets.withUnsafeBufferPointer { targets in
                        // Array storage always has an address, even when empty, so this guard never returns.
                        guard let values = v.baseAddress, let coefficients = t.baseAddress, let sums = out.baseAddress,
                            let targets = targets.baseAddress
                        else { return }
                        let intercept = fitIntercept ? t[p] : 0
                        var start = rows.lowerBound
                        while start < rows.upperBound {
                            let count = Swift.min(block, rows.upperBound - start)
                            for k in 0..<count {
                                z[k] = intercept + VectorMath.dot(values + (start + k) * p, coefficients, count: p)
                            }
                            quire_logistic_terms(z, targets + start, count, &loss, &residual)
                            for k in 0..<count {
                                let w = weights[start + k]
                                out[p + 1] += w * loss[k]
                                let r = w * residual[k]
                                VectorMath.add(r, times: values + (start + k) * p, to: sums, count: p)
                                out[p] += r
                            }
                            start += count
                        }
                    }
                }
            }
        }
    }

    /// The kernel's per-row loss and residual for scores `z` and 0/1 `targets` (for tests).
    static func binaryTerms(z: [Double], targets: [Double]) -> (loss: [Double], residual: [Double]) {
        precondition(z.count == targets.count)
        var loss = [Double](repeating: 0, count: z.count), residual = loss
        quire_logistic_terms(z, targets, z.count, &loss, &residual)
        return (loss, residual)
    }

    func probabilities(_ x: Matrix, threads: Int) -> Matrix {
        let p = x.columns
        var out = Matrix(rows: x.rows, columns: classCount)
        let rows = coefficients.count
        for i in 0..<x.rows {
            var z = [Double](repeating: 0, count: rows)
            for k in 0..<rows {
                var sum = intercepts[k]
                for j in 0..<p { sum += x.values[i * p + j] * coefficients[k][j] }
                z[k] = sum
            }
            if rows == 1 {
                let prob = z[0] >= 0 ? 1 / (1 + exp(-z[0])) : exp(z[0]) / (1 + exp(z[0]))
                out[i, 0] = 1 - prob
                out[i, 1] = prob
            } else {
                let top = z.max() ?? 0  // `z` has `rows` > 1 entries here
                var total = 0.0
                for k in 0..<rows {
                    z[k] = exp(z[k] - top)
                    total += z[k]
                }
                for k in 0..<rows { out[i, k] = z[k] / total }
            }
        }
        return out
    }
}
