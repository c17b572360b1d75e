extension Xoshiro256StarStar {
    /// A uniform double in `[0, 1)`: the top 53 bits of a word times 2⁻⁵³.
    public mutating func nextUniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform double in `[lower, upper)`: `lower + (upper - lower) * u`.
    public mutating func nextUniform(in lower: Double, _ upper: Double) -> Double {
        lower + (upper - lower) * nextUniform()
    }

    /// A uniform integer in `0..<bound` without bias (Lemire's multiply-and-reject method).
    ///
    /// - Precondition: `bound > 0`.
    public mutating func nextInt(below bound: UInt64) -> UInt64 {
        precondition(bound > 0, "nextInt(below:) needs a positive bound")
        var product = next().multipliedFullWidth(by: bound)
        if product.low < bound {
            let threshold = (0 &- bound) % bound
            while product.low < threshold {
                product = next().multipliedFullWidth(by: bound)
            }
        }
        return product.high
    }

    /// A standard normal deviate by Marsaglia's polar method.
    ///
    /// Draws `u = 2a - 1` and `v = 2b - 1` from two uniforms until `s = u² + v²` is in `(0, 1)`,
    /// then returns `u * sqrt(-2 * log(s) / s)` (the partner `v * …` is discarded, so every call
    /// starts from fresh draws). `log` is ``PortableMath/log(_:)``, not the C library's.
    public mutating func nextNormal() -> Double {
        while true {
            let u = 2.0 * nextUniform() - 1.0
            let v = 2.0 * nextUniform() - 1.0
            let s = u * u + v * v
            if s > 0.0 && s < 1.0 {
                return u * (-2.0 * PortableMath.log(s) / s).squareRoot()
            }
        }
    }

    /// A normal deviate with the given mean and standard deviation: `mean + std * z`.
    public mutating func nextNormal(mean: Double, standardDeviation: Double) -> Double {
        mean + standardDeviation * nextNormal()
    }

    /// Shuffles indices in place (Fisher–Yates from the last index down, with ``nextInt(below:)``).
    public mutating func shuffle(_ values: inout [Int]) {
        guard values.count > 1 else { return }
        for i in stride(from: values.count - 1, to: 0, by: -1) {
            let j = Int(nextInt(below: UInt64(i + 1)))
            values.swapAt(i, j)
        }
    }
}
