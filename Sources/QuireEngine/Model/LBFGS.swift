/// Limited-memory BFGS minimisation of a smooth convex function (the logistic loss).
///
/// Ten correction pairs, a backtracking Armijo line search, and scipy's `L-BFGS-B` stopping
/// rules as scikit-learn configures them: stop when the largest gradient component is at most
/// `gradientTolerance`, or when the relative decrease of the objective falls below
/// `64 · ε` (`ftol`).
struct LBFGS {
    var memory = 10
    var maxIterations: Int
    var gradientTolerance: Double
    var functionTolerance = 64 * Double.ulpOfOne
    /// Counts iterations, when someone listens.
    var progress: ProgressMeter?

    /// The minimiser, the iterations used and whether a stopping rule (not `maxIterations`) ended it.
    func minimize(
        _ start: [Double], _ evaluate: ([Double], inout [Double]) throws -> Double
    ) throws -> (x: [Double], iterations: Int, converged: Bool) {
        let n = start.count
        var x = start
        var g = [Double](repeating: 0, count: n)
        var f = try evaluate(x, &g)
        var sList: [[Double]] = [], yList: [[Double]] = [], rhoList: [Double] = []
        var gNew = g
        var iteration = 0
        while iteration < maxIterations {
            try EngineWork.checkCancellation()
            if g.reduce(0, { max($0, abs($1)) }) <= gradientTolerance { return (x, iteration, true) }
            iteration += 1
            progress?.advance()
            // Two-loop recursion: d = −H g.
            var q = g
            var alphas = [Double](repeating: 0, count: sList.count)
            for k in stride(from: sList.count - 1, through: 0, by: -1) {
                var dot = 0.0
                for i in 0..<n { dot += sList[k][i] * q[i] }
                alphas[k] = rhoList[k] * dot
                for i in 0..<n { q[i] -= alphas[k] * yList[k][i] }
            }
            if let last = sList.indices.last {
                var sy = 0.0, yy = 0.0
                for i in 0..<n {
                    sy += sList[last][i] * yList[last][i]
                    yy += yList[last][i] * yList[last][i]
                }
                let gamma = sy / yy
                for i in 0..<n { q[i] *= gamma }
            }
            for k in 0..<sList.count {
                var dot = 0.0
                for i in 0..<n { dot += yList[k][i] * q[i] }
                let beta = rhoList[k] * dot
                for i in 0..<n { q[i] += (alphas[k] - beta) * sList[k][i] }
            }
            var d = q.map { -$0 }
            var slope = 0.0
            for i in 0..<n { slope += g[i] * d[i] }
            if slope >= 0 {
                d = g.map { -$0 }
                slope = -g.reduce(0) { $0 + $1 * $1 }
                sList.removeAll(); yList.removeAll(); rhoList.removeAll()
            }
            var step = sList.isEmpty ? min(1, 1 / max(d.reduce(0) { $0 + $1 * $1 }.squareRoot(), 1e-300)) : 1.0
            var xNew = x
            var fNew = f
            var accepted = false
            for _ in 0..<50 {
                for i in 0..<n { xNew[i] = x[i] + step * d[i] }
                fNew = try evaluate(xNew, &gNew)
                if fNew <= f + 1e-4 * step * slope { accepted = true; break }
                // Quadratic interpolation of the step, kept within [0.1, 0.5] of the last one.
                let trial = -slope * step * step / (2 * (fNew - f - slope * step))
                step = trial.isFinite ? min(max(trial, 0.1 * step), 0.5 * step) : 0.5 * step
            }
            if !accepted { return (x, iteration, true) }
            var s = [Double](repeating: 0, count: n), y = s
            var sy = 0.0
            for i in 0..<n {
                s[i] = xNew[i] - x[i]
                y[i] = gNew[i] - g[i]
                sy += s[i] * y[i]
            }
            if sy > 1e-12 * y.reduce(0, { $0 + $1 * $1 }) {
                if sList.count == memory { sList.removeFirst(); yList.removeFirst(); rhoList.removeFirst() }
                sList.append(s); yList.append(y); rhoList.append(1 / sy)
            }
            let decrease = (f - fNew) / max(abs(f), abs(fNew), 1)
            x = xNew
            g = gNew
            f = fNew
            if decrease <= functionTolerance { return (x, iteration, true) }
        }
        let done = g.reduce(0, { max($0, abs($1)) }) <= gradientTolerance
        return (x, iteration, done)
    }
}
