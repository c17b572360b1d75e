/// A fitted linear regression or ridge model: `y = x · coefficients + intercept`.
struct LinearModel: Sendable, Hashable, Codable {
    var coefficients: [Double]
    var intercept: Double

    /// Least squares (`alpha == 0`, minimum-norm for rank-deficient data) or ridge.
    ///
    /// Centring first leaves the intercept unpenalised, as scikit-learn does.
    static func fit(_ x: Matrix, _ y: [Double], alpha: Double, fitIntercept: Bool, threads: Int) throws -> (
        LinearModel, rank: Int
    ) {
        let p = x.columns
        let xMean = fitIntercept ? try LinearAlgebra.columnMeans(x, threads: threads) : [Double](repeating: 0, count: p)
        let yMean = fitIntercept ? y.reduce(0, +) / Double(max(y.count, 1)) : 0
        var (gram, xty) = try LinearAlgebra.centredGram(x, y, xMean: xMean, yMean: yMean, threads: threads)
        var coefficients: [Double]
        var rank = p
        if alpha > 0 {
            for j in 0..<p { gram[j * p + j] += alpha }
            coefficients = LinearAlgebra.choleskySolve(gram, xty, p) ?? LinearAlgebra.pseudoSolve(gram, xty, p).solution
        } else {
            // Cholesky when well conditioned (fast, accurate); otherwise the pseudo-inverse.
            if let solved = LinearAlgebra.choleskySolve(gram, xty, p), Self.wellConditioned(gram, p) {
                coefficients = solved
            } else {
                let result = LinearAlgebra.pseudoSolve(gram, xty, p)
                coefficients = result.solution
                rank = result.rank
            }
        }
        var intercept = yMean
        for j in 0..<p { intercept -= xMean[j] * coefficients[j] }
        return (LinearModel(coefficients: coefficients, intercept: fitIntercept ? intercept : 0), rank)
    }

    private static func wellConditioned(_ gram: [Double], _ p: Int) -> Bool {
        let (values, _) = LinearAlgebra.symmetricEigen(gram, p)
        guard let high = values.max(), let low = values.min(), high > 0 else { return false }
        return low > high * 1e-10
    }

    func predict(_ x: Matrix, threads: Int) -> [Double] {
        let p = x.columns
        var out = [Double](repeating: 0, count: x.rows)
        x.values.withUnsafeBufferPointer { v in
            coefficients.withUnsafeBufferPointer { c in
                // Array storage always has an address, even when empty, so this guard never returns.
                guard let v = v.baseAddress, let c = c.baseAddress else { return }
                for i in 0..<x.rows {
                    out[i] = intercept + VectorMath.dot(v + i * p, c, count: p)
                }
            }
        }
        return out
    }
}
