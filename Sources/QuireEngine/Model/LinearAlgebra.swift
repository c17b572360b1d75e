import CQuireKernels

/// Small dense linear algebra for the linear models (p × p systems; p is the feature count).
enum LinearAlgebra {
    /// Column means of `x` (summed in fixed row chunks, so independent of the thread count).
    static func columnMeans(_ x: Matrix, weights: [Double]? = nil, threads: Int) throws -> [Double] {
        let p = x.columns
        let chunks = Parallel.chunks(x.rows)
        let partial = try Parallel.map(chunks.count, threads: threads) { c -> [Double] in
            var sums = [Double](repeating: 0, count: p + 1)
            x.values.withUnsafeBufferPointer { v in
                sums.withUnsafeMutableBufferPointer { sums in
                    // Array storage always has an address, even when empty, so this guard never returns.
                    guard let v = v.baseAddress, let total = sums.baseAddress else { return }
                    for i in chunks[c] {
                        if let weights {
                            VectorMath.add(weights[i], times: v + i * p, to: total, count: p)
                            sums[p] += weights[i]
                        } else {
                            VectorMath.add(v + i * p, to: total, count: p)
                            sums[p] += 1
                        }
                    }
                }
            }
            return sums
        }
        var total = [Double](repeating: 0, count: p + 1)
        for s in partial { for j in 0...p { total[j] += s[j] } }
        return (0..<p).map { total[$0] / total[p] }
    }

    /// `Xcᵀ W Xc` and `Xcᵀ W yc` for centred `x` and `y` (centres given), as one pass.
    static func centredGram(
        _ x: Matrix, _ y: [Double], xMean: [Double], yMean: Double, weights: [Double]? = nil, threads: Int
    ) throws -> (gram: [Double], xty: [Double]) {
        let p = x.columns
        let chunks = Parallel.chunks(x.rows, size: 4096)
        // The C kernel takes rows four at a time (vectorised for the machine; the sum order is
        // fixed, so the result depends neither on the thread count nor on the machine).
        let partial = try Parallel.map(chunks.count, threads: threads) { c -> [Double] in
            var g = [Double](repeating: 0, count: p * p + p)
            var scratch = [Double](repeating: 0, count: 8 * p)
            x.values.withUnsafeBufferPointer { v in
                y.withUnsafeBufferPointer { y in
                    xMean.withUnsafeBufferPointer { mean in
                        if let weights {
                            weights.withUnsafeBufferPointer { w in
                                quire_centred_gram(
                                    v.baseAddress, y.baseAddress, w.baseAddress, p, chunks[c].lowerBound,
                                    chunks[c].upperBound, mean.baseAddress, yMean, &g, &scratch)
                            }
                        } else {
                            quire_centred_gram(
                                v.baseAddress, y.baseAddress, nil, p, chunks[c].lowerBound, chunks[c].upperBound,
                                mean.baseAddress, yMean, &g, &scratch)
                        }
                    }
                }
            }
            return g
        }
        var gram = [Double](repeating: 0, count: p * p)
        var xty = [Double](repeating: 0, count: p)
        for g in partial {
            for k in 0..<(p * p) { gram[k] += g[k] }
            for a in 0..<p { xty[a] += g[p * p + a] }
        }
        for a in 0..<p { for b in 0..<a { gram[a * p + b] = gram[b * p + a] } }
        return (gram, xty)
    }

    /// Eigen-decomposition of a symmetric p × p matrix by cyclic Jacobi rotations.
    ///
    /// - Returns: eigenvalues and eigenvectors (column `k` of the row-major `vectors`).
    static func symmetricEigen(_ a: [Double], _ p: Int) -> (values: [Double], vectors: [Double]) {
        var a = a
        var v = [Double](repeating: 0, count: p * p)
        for i in 0..<p { v[i * p + i] = 1 }
        for _ in 0..<100 {
            var off = 0.0
            for i in 0..<p { for j in (i + 1)..<max(p, i + 1) { off += a[i * p + j] * a[i * p + j] } }
            var diag = 0.0
            for i in 0..<p { diag += a[i * p + i] * a[i * p + i] }
            if off <= 1e-30 * max(diag, 1e-300) { break }
            for i in 0..<p {
                for j in (i + 1)..<max(p, i + 1) {
                    let aij = a[i * p + j]
                    if abs(aij) < 1e-300 { continue }
                    let theta = (a[j * p + j] - a[i * p + i]) / (2 * aij)
                    let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot()
                    let s = t * c
                    for k in 0..<p {
                        let aki = a[k * p + i], akj = a[k * p + j]
                        a[k * p + i] = c * aki - s * akj
                        a[k * p + j] = s * aki + c * akj
                    }
                    for k in 0..<p {
                        let aik = a[i * p + k], ajk = a[j * p + k]
                        a[i * p + k] = c * aik - s * ajk
                        a[j * p + k] = s * aik + c * ajk
                    }
                    for k in 0..<p {
                        let vki = v[k * p + i], vkj = v[k * p + j]
                        v[k * p + i] = c * vki - s * vkj
                        v[k * p + j] = s * vki + c * vkj
                    }
                }
            }
        }
        return ((0..<p).map { a[$0 * p + $0] }, v)
    }

    /// The minimum-norm solution of `A x = b` for symmetric positive semi-definite `A`, through
    /// its pseudo-inverse (eigenvalues below `max · p · 1e-13` count as zero).
    static func pseudoSolve(_ a: [Double], _ b: [Double], _ p: Int) -> (solution: [Double], rank: Int) {
        let (values, vectors) = symmetricEigen(a, p)
        let cutoff = (values.max() ?? 0) * Double(max(p, 1)) * 1e-13
        var x = [Double](repeating: 0, count: p)
        var rank = 0
        for k in 0..<p where values[k] > cutoff && values[k] > 0 {
            rank += 1
            var dot = 0.0
            for i in 0..<p { dot += vectors[i * p + k] * b[i] }
            let scale = dot / values[k]
            for i in 0..<p { x[i] += scale * vectors[i * p + k] }
        }
        return (x, rank)
    }

    /// Solves `A x = b` for symmetric positive definite `A` by Cholesky; `nil` if not definite.
    static func choleskySolve(_ a: [Double], _ b: [Double], _ p: Int) -> [Double]? {
        var l = [Double](repeating: 0, count: p * p)
        for i in 0..<p {
            for j in 0...i {
                var sum = a[i * p + j]
                for k in 0..<j { sum -= l[i * p + k] * l[j * p + k] }
                if i == j {
                    guard sum > 0 else { return nil }
                    l[i * p + i] = sum.squareRoot()
                } else {
                    l[i * p + j] = sum / l[j * p + j]
                }
            }
        }
        var y = b
        for i in 0..<p {
            for k in 0..<i { y[i] -= l[i * p + k] * y[k] }
            y[i] /= l[i * p + i]
        }
        for i in stride(from: p - 1, through: 0, by: -1) {
            for k in (i + 1)..<max(p, i + 1) { y[i] -= l[k * p + i] * y[k] }
            y[i] /= l[i * p + i]
        }
        return y
    }
}
