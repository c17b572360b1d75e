import Foundation

/// Distributions of Kolmogorov–Smirnov statistics, ported from scipy so p-values agree to 1e-9.
///
/// - Two-sample exact: scipy's `_compute_prob_outside_square` (equal sizes) and
///   `_compute_outer_prob_inside_method` (lattice paths with per-column rescaling).
/// - One-sample two-sided `kolmogn` survival function (scipy.stats._ksstats, Simard & L'Ecuyer
///   2011): Ruben–Gambino closed forms at the ends, Smirnov's exact one-sided sum doubled for
///   large `x`, Durbin's matrix (Marsaglia–Tsang–Wang) or Pelz–Good in the middle. Where scipy
///   uses Pomeranz's recursion (n ≤ 140) this port uses Durbin's matrix: both are exact.
enum KolmogorovDistribution {
    /// P(D_{n,n} ≥ h/n), scipy's Horner-like alternating sum.
    static func probabilityOutsideSquare(n: Int, h: Int) -> Double {
        var p = 0.0
        var k = n / h
        while k >= 0 {
            var p1 = 1.0
            for j in 0..<h {
                p1 = Double(n - k * h - j) * p1 / Double(n + k * h + j + 1)
            }
            p = p1 * (1 - p)
            k -= 1
        }
        return 2 * p
    }

    /// The share of lattice paths from (0,0) to (m,n) that leave the band |x/m − y/n| < h·g/(m·n).
    static func probabilityOutsideInside(m: Int, n: Int, g: Int, h: Int) -> Double {
        var (m, n) = (m, n)
        if m < n { swap(&m, &n) }
        let mg = m / g, ng = n / g
        var minj = 0
        var maxj = Swift.min(Int((Double(h) / Double(mg)).rounded(.up)), n + 1)
        var curlen = maxj - minj
        let lenA = Swift.min(2 * maxj + 2, n + 1)
        var a = [Double](repeating: 1, count: lenA)
        for index in minj..<maxj { a[index] = 0 }
        for i in 1...m {
            let lastminj = minj, lastlen = curlen
            minj = Swift.max(floorDiv(ng * i - h, mg) + 1, 0)
            minj = Swift.min(minj, n)
            maxj = Swift.min(ceilDiv(ng * i + h, mg), n + 1)
            if maxj <= minj { return 1 }
            var value = minj == 0 ? 0.0 : 1.0
            for jj in 0..<(maxj - minj) {
                let j = jj + minj
                value = (a[jj + minj - lastminj] * Double(i) + value * Double(j)) / Double(i + j)
                a[jj] = value
            }
            curlen = maxj - minj
            if lastlen > curlen {
                for index in (maxj - minj)..<Swift.min(maxj - minj + lastlen - curlen, lenA) { a[index] = 1 }
            }
        }
        return a[maxj - minj - 1]
    }

    private static func floorDiv(_ a: Int, _ b: Int) -> Int {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    private static func ceilDiv(_ a: Int, _ b: Int) -> Int { -floorDiv(-a, b) }

    // MARK: One-sample two-sided distribution (scipy.stats._ksstats.kolmogn, survival)

    private static let ep128 = 0x1p128
    private static let em128 = 0x1p-128

    /// P(D_n ≥ x), the survival function of the two-sided one-sample statistic.
    static func survival(n: Int, x: Double) -> Double {
        guard n > 0, !x.isNaN else { return .nan }
        if x >= 1 { return 0 }
        if x <= 0 { return 1 }
        let dn = Double(n)
        let t = dn * x
        if t <= 1 {
            if t <= 0.5 { return 1 }
            let cdf: Double
            if n <= 140 {
                var product = 1.0
                for i in 1...n { product *= Double(i) * (1 / dn) * (2 * t - 1) }
                cdf = product
            } else {
                cdf = exp(logFactorialOverPower(dn) + dn * log(2 * t - 1))
            }
            return clip(1 - cdf)
        }
        if t >= dn - 1 { return clip(2 * pow(1 - x, dn)) }
        if x >= 0.5 { return clip(2 * smirnov(n: n, x: x)) }
        let nxSquared = t * x
        if n <= 140 {
            if nxSquared <= 4 { return clip(1 - durbin(n: n, d: x)) }
            return clip(2 * smirnov(n: n, x: x))
        }
        if nxSquared >= 370 { return 0 }
        if nxSquared >= 2.2 { return clip(2 * smirnov(n: n, x: x)) }
        let cdf: Double
        if nxSquared >= 18 {
            cdf = 1
        } else if n <= 100_000 && dn * pow(x, 1.5) <= 1.4 {
            cdf = durbin(n: n, d: x)
        } else {
            cdf = pelzGood(n: n, x: x)
        }
        return clip(1 - cdf)
    }

    private static func clip(_ p: Double) -> Double { Swift.min(1, Swift.max(0, p)) }

    /// log(n!/n^n) by Stirling's series (scipy's `_log_nfactorial_div_n_pow_n`).
    private static func logFactorialOverPower(_ n: Double) -> Double {
        let coefficients = [
            -2.955065359477124183e-2, 6.4102564102564102564e-3, -1.9175269175269175269e-3,
            8.4175084175084175084e-4, -5.952380952380952381e-4, 7.9365079365079365079e-4,
            -2.7777777777777777778e-3, 8.3333333333333333333e-2,
        ]
        let rn = 1 / n
        var poly = 0.0
        for c in coefficients { poly = poly * (rn / n) + c }
        return log(n) / 2 - n + log(2 * Double.pi) / 2 + rn * poly
    }

    /// Smirnov's one-sided survival P(D⁺_n ≥ x), the exact Birnbaum–Tingey sum in log space.
    static func smirnov(n: Int, x: Double) -> Double {
        if x <= 0 { return 1 }
        if x >= 1 { return 0 }
        let dn = Double(n)
        let last = Int((dn * (1 - x)).rounded(.down))
        let logNFactorial = SpecialFunctions.logGamma(dn + 1)
        var sum = 0.0
        for j in 0...last {
            let dj = Double(j)
            let a = 1 - x - dj / dn
            let b = x + dj / dn
            if a <= 0 { continue }
            let logTerm =
                logNFactorial - SpecialFunctions.logGamma(dj + 1) - SpecialFunctions.logGamma(dn - dj + 1) + (dn - dj)
                * log(a) + (dj - 1) * log(b)
            sum += exp(logTerm)
        }
        return x * sum
    }

    /// P(D_n < d) by Durbin's matrix method (Marsaglia, Tsang & Wang 2003), scaled as scipy does.
    private static func durbin(n: Int, d: Double) -> Double {
        if d >= 1 { return 1 }
        let nd = Double(n) * d
        if nd <= 0.5 { return 0 }
        let k = Int(nd.rounded(.up))
        let h = Double(k) - nd
        let m = 2 * k - 1
        var hm = [Double](repeating: 0, count: m * m)
        var v = [Double](repeating: 0, count: m)
        var w = [Double](repeating: 0, count: m)
        var fac = 1.0
        for j in 1...m {
            w[j - 1] = fac
            fac /= Double(j)
            v[j - 1] = (1 - pow(h, Double(j))) * fac
        }
        let tt = pow(Swift.max(2 * h - 1, 0), Double(m)) - 2 * pow(h, Double(m))
        v[m - 1] = (1 + tt) * fac
        for i in 1..<m {
            for row in (i - 1)..<m { hm[row * m + i] = w[row - (i - 1)] }
        }
        for row in 0..<m { hm[row * m] = v[row] }
        for col in 0..<m { hm[(m - 1) * m + col] = v[m - 1 - col] }
        var power = [Double](repeating: 0, count: m * m)
        for i in 0..<m { power[i * m + i] = 1 }
        var nn = n, exponent = 0, hExponent = 0
        while nn > 0 {
            if nn % 2 == 1 {
                power = multiply(power, hm, m)
                exponent += hExponent
            }
            hm = multiply(hm, hm, m)
            hExponent *= 2
            if abs(hm[(k - 1) * m + k - 1]) > ep128 {
                for index in hm.indices { hm[index] /= ep128 }
                hExponent += 128
            }
            nn /= 2
        }
        var p = power[(k - 1) * m + k - 1]
        for i in 1...n {
            p = Double(i) * p / Double(n)
            if abs(p) < em128 {
                p *= ep128
                exponent -= 128
            }
        }
        if exponent != 0 { p = scalbn(p, exponent) }
        return clip(p)
    }

    private static func multiply(_ a: [Double], _ b: [Double], _ m: Int) -> [Double] {
        var c = [Double](repeating: 0, count: m * m)
        for i in 0..<m {
            for k in 0..<m {
                let aik = a[i * m + k]
                if aik == 0 { continue }
                for j in 0..<m { c[i * m + j] += aik * b[k * m + j] }
            }
        }
        return c
    }

    /// The Pelz–Good approximation of P(D_n ≤ x).
    private static func pelzGood(n: Int, x: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let pi2 = Double.pi * Double.pi, pi4 = pi2 * pi2, pi6 = pi4 * pi2
        let sqrt2pi = (2 * Double.pi).squareRoot()
        let z = Double(n).squareRoot() * x
        let z2 = z * z, z3 = z2 * z, z4 = z2 * z2, z6 = z4 * z2
        let qlog = -pi2 / 8 / z2
        if qlog < -708 { return 0 }
        var q = exp(qlog)
        let k1a = -z2, k1b = pi2 / 4
        let k2a = 6 * z6 + 2 * z4
        let k2b = (2 * z4 - 5 * z2) * pi2 / 4
        let k2c = pi4 * (1 - 2 * z2) / 16
        let k3d = pi6 * (5 - 30 * z2) / 64
        let k3c = pi4 * (-60 * z2 + 212 * z4) / 16
        let k3b = pi2 * (135 * z4 - 96 * z6) / 4
        let k3a = -30 * z6 - 90 * pow(z, 8)
        var terms = [0.0, 0.0, 0.0, 0.0]
        let maxk = Int((16 * z / Double.pi).rounded(.up))
        if maxk >= 1 {
            for k in stride(from: maxk, through: 1, by: -1) {
                let m = Double(2 * k - 1)
                let m2 = m * m, m4 = m2 * m2, m6 = m4 * m2
                let qpower = pow(q, Double(8 * k))
                let coefficients = [
                    1.0, k1a + k1b * m2, k2a + k2b * m2 + k2c * m4, k3a + k3b * m2 + k3c * m4 + k3d * m6,
                ]
                for index in 0..<4 { terms[index] = terms[index] * qpower + coefficients[index] }
            }
        }
        let divisors = [z, 6 * z4, 72 * pow(z, 7), 6480 * pow(z, 10)]
        for index in 0..<4 { terms[index] = terms[index] * q * sqrt2pi / divisors[index] }
        q = exp(-pi2 / 2 / z2)
        let sqrt3z = 3.0.squareRoot() * z
        var k2extra = 0.0, k3extra = 0.0
        if maxk >= 1 {
            for k in stride(from: maxk, through: 1, by: -1) {
                let ks2 = Double(k * k)
                let kspi = Double.pi * Double(k)
                let qp = pow(q, ks2)
                k2extra += ks2 * qp
                k3extra += (sqrt3z + kspi) * (sqrt3z - kspi) * ks2 * qp
            }
        }
        terms[2] += k2extra * pi2 * sqrt2pi / (-36 * z3)
        terms[3] += k3extra * pi2 * sqrt2pi / (216 * z6)
        var total = 0.0
        for index in 0..<4 { total += terms[index] / pow(Double(n), Double(index) / 2) }
        return total
    }
}
