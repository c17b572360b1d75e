import Foundation

#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// Distribution functions needed by the drift tests.
enum SpecialFunctions {
    /// ln Γ(x) for x > 0 (the C library's `lgamma_r`, free of the global sign variable).
    static func logGamma(_ x: Double) -> Double {
        var sign: Int32 = 0
        return lgamma_r(x, &sign)
    }

    /// The standard normal CDF, Φ(z) = erfc(−z/√2)/2.
    static func normalCDF(_ z: Double) -> Double {
        0.5 * erfc(-z / 2.0.squareRoot())
    }

    /// The chi-square survival function with `k` degrees of freedom: Q(k/2, x/2).
    static func chiSquareSurvival(_ x: Double, degreesOfFreedom k: Int) -> Double {
        if x.isNaN { return .nan }
        if x == .infinity { return 0 }
        if k <= 0 { return .nan }
        return regularizedGammaQ(Double(k) / 2, x / 2)
    }

    /// The regularized upper incomplete gamma function Q(a, x): the series for P when
    /// `x < a + 1`, else Lentz's continued fraction (both converge to full double precision).
    static func regularizedGammaQ(_ a: Double, _ x: Double) -> Double {
        if x <= 0 { return 1 }
        let logPrefix = a * log(x) - x - logGamma(a)
        if x < a + 1 {
            var term = 1 / a, sum = term, ap = a
            for _ in 0..<10_000 {
                ap += 1
                term *= x / ap
                sum += term
                if abs(term) < abs(sum) * 1e-17 { break }
            }
            return 1 - sum * exp(logPrefix)
        }
        let tiny = 1e-300
        var b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d
        for i in 1..<10_000 {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-17 { break }
        }
        return exp(logPrefix) * h
    }
}
