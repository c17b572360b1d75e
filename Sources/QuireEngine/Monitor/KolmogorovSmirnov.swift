import Foundation

/// The two-sample Kolmogorov–Smirnov test as scipy's `ks_2samp(method='auto')` computes it.
///
/// The statistic is exact (integer arithmetic on the ECDF steps). The p-value is exact when both
/// samples have at most 10,000 values (scipy's `MAX_AUTO_N`) and asymptotic otherwise:
/// Smirnov's distribution of the one-sample statistic for `n = round(n1·n2/(n1+n2))` (scipy's
/// `kstwo.sf`, Simard & L'Ecuyer's selection of algorithms, ported in ``KolmogorovDistribution``).
enum KolmogorovSmirnov {
    /// scipy's `MAX_AUTO_N`.
    static let exactLimit = 10_000

    /// `D` and the p-value from the largest `|i·n₂ − j·n₁|` of samples of sizes `n₁`, `n₂`
    /// (``BucketedKS/largestDifference(_:_:range:)``).
    static func test(largestDifference best: Int, sizes: (Int, Int)) -> (statistic: Double, pValue: Double) {
        let (n1, n2) = sizes
        let g = gcd(n1, n2)
        let lcm = (n1 / g) * n2
        let h = best / g
        let floatD = Double(best) / Double(n1) / Double(n2)
        if Swift.max(n1, n2) <= exactLimit {
            let d = Double(h) / Double(lcm)
            if h == 0 { return (d, 1) }
            let probability =
                n1 == n2
                ? KolmogorovDistribution.probabilityOutsideSquare(n: n1, h: h)
                : KolmogorovDistribution.probabilityOutsideInside(m: n1, n: n2, g: g, h: h)
            if probability.isFinite && probability >= 0 && probability <= 1 {
                return (d, probability)
            }
            return (d, asymptotic(d, n1, n2))
        }
        return (floatD, asymptotic(floatD, n1, n2))
    }

    /// `kstwo.sf(d, round(n1·n2/(n1+n2)))`, clipped to [0, 1].
    static func asymptotic(_ d: Double, _ n1: Int, _ n2: Int) -> Double {
        let m = Double(Swift.max(n1, n2)), n = Double(Swift.min(n1, n2))
        let en = (m * n / (m + n)).rounded(.toNearestOrEven)
        let p = KolmogorovDistribution.survival(n: Int(en), x: d)
        return Swift.min(1, Swift.max(0, p))
    }

    static func gcd(_ a: Int, _ b: Int) -> Int {
        var (a, b) = (a, b)
        while b != 0 { (a, b) = (b, a % b) }
        return a
    }
}
