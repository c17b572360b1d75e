import CQuireKernels
import Foundation

/// The drift scores other than Kolmogorov–Smirnov, with scipy's and Evidently's definitions.
enum DriftStatistics {
    /// scipy's `wasserstein_distance(u, v)` of two ascending samples: ∫|U(x) − V(x)| dx,
    /// summed over the gaps between consecutive values of the merged samples.
    static func wasserstein(_ u: [Double], _ v: [Double]) -> Double {
        let nu = u.count, nv = v.count
        var i = 0, j = 0, total = 0.0, compensation = 0.0
        var previous = Swift.min(u[0], v[0])
        u.withUnsafeBufferPointer { u in
            v.withUnsafeBufferPointer { v in
                // Before each distinct value x, the ECDFs are constant at i/nu and j/nv.
                while i < nu || j < nv {
                    let x = i < nu && (j >= nv || u[i] <= v[j]) ? u[i] : v[j]
                    let term = abs(Double(i) / Double(nu) - Double(j) / Double(nv)) * (x - previous)
                    // Kahan summation: the merged walk adds up to 2 million terms.
                    let y = term - compensation
                    let t = total + y
                    compensation = (t - total) - y
                    total = t
                    previous = x
                    while i < nu && u[i] <= x { i += 1 }
                    while j < nv && v[j] <= x { j += 1 }
                }
            }
        }
        return total
    }

    /// The population standard deviation (numpy's `std`, ddof 0), two-pass with pairwise sums.
    static func populationStandardDeviation(_ values: [Double]) -> Double {
        let mean = Statistics.sum(values[...]) / Double(values.count)
        let squares = values.map { ($0 - mean) * ($0 - mean) }
        return (Statistics.sum(squares[...]) / Double(values.count)).squareRoot()
    }

    /// Evidently's normalized Wasserstein distance: W(reference, current) / max(std(reference), 0.001),
    /// the standard deviation given (a compact profile's, of the data) or computed.
    static func normalizedWasserstein(reference: [Double], current: [Double], populationStd: Double? = nil) -> Double {
        let norm = Swift.max(populationStd ?? populationStandardDeviation(reference), 0.001)
        return wasserstein(reference, current) / norm
    }

    /// numpy's `histogram_bin_edges(values, bins)` for the joint range [low, high].
    static func equalWidthEdges(low: Double, high: Double, bins: Int) -> [Double] {
        var first = low, last = high
        if first == last {
            first -= 0.5
            last += 0.5
        }
        // numpy's linspace: i · step + start, the last edge set to stop exactly.
        let step = (last - first) / Double(bins)
        var edges = (0...bins).map { Double($0) * step + first }
        edges[bins] = last
        return edges
    }

    /// numpy's `histogram(values, edges)` counts of a profile's values: bins `[e_i, e_{i+1})`,
    /// the last one closed, values outside the edges not counted.
    static func histogram(_ profile: DriftColumnProfile, edges: [Double]) -> [Int] {
        profile.isSorted
            ? histogram(sorted: profile.values, edges: edges) : histogram(unsorted: profile.values, edges: edges)
    }

    /// ``histogram(_:edges:)`` of values in any order, in one pass: the bin is computed from the
    /// value's offset and then moved, as numpy does, until the edges enclose the value, so the
    /// counts equal those of comparing with the edges. Four interleaved tallies keep runs of
    /// values in one bin from waiting on each other's increments (`quire_histogram`).
    static func histogram(unsorted values: [Double], edges: [Double]) -> [Int] {
        let bins = edges.count - 1
        var tallies = [Int](repeating: 0, count: 4 * bins)
        quire_histogram(values, values.count, edges, bins, &tallies)
        return fold(tallies, bins: bins)
    }

    /// The counts per bin of four interleaved tallies (`tallies[k·bins + bin]`, as the C kernels
    /// keep them).
    static func fold(_ tallies: [Int], bins: Int) -> [Int] {
        (0..<bins).map { tallies[$0] + tallies[bins + $0] + tallies[2 * bins + $0] + tallies[3 * bins + $0] }
    }

    /// ``histogram(_:edges:)`` of ascending values, by binary search for each edge.
    static func histogram(sorted: [Double], edges: [Double]) -> [Int] {
        var counts = [Int](repeating: 0, count: edges.count - 1)
        var below = lowerBound(sorted, edges[0])
        for bin in 0..<counts.count {
            let upper =
                bin == counts.count - 1 ? upperBound(sorted, edges[bin + 1]) : lowerBound(sorted, edges[bin + 1])
            counts[bin] = upper - below
            below = upper
        }
        return counts
    }

    /// The first index whose value is not less than `x`.
    static func lowerBound(_ sorted: [Double], _ x: Double) -> Int {
        var low = 0, high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] < x { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The first index whose value is greater than `x`.
    static func upperBound(_ sorted: [Double], _ x: Double) -> Int {
        var low = 0, high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] <= x { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Evidently's shares per bin, with empty bins filled so logarithms stay finite: a zero
    /// becomes `min(nonzero) / 10⁶` when the smallest non-zero share is at most 0.0001, else 0.0001.
    static func shares(_ counts: [Int], total: Int, fillZeros: Bool) -> [Double] {
        var shares = counts.map { Double($0) / Double(total) }
        guard fillZeros, let smallest = shares.filter({ $0 != 0 }).min() else { return shares }
        let fill = smallest <= 0.0001 ? smallest / 1e6 : 0.0001
        for index in shares.indices where shares[index] == 0 { shares[index] = fill }
        return shares
    }

    /// PSI: Σ (ref − cur) · ln(ref / cur) over filled shares.
    static func populationStabilityIndex(reference: [Double], current: [Double]) -> Double {
        var total = 0.0
        for index in reference.indices {
            total += (reference[index] - current[index]) * log(reference[index] / current[index])
        }
        return total
    }

    /// scipy's `entropy(reference, current)`: both normalised to sum 1, then Σ p · ln(p / q).
    static func kullbackLeibler(reference: [Double], current: [Double]) -> Double {
        let p = normalized(reference), q = normalized(current)
        var total = 0.0
        for index in p.indices { total += relativeEntropy(p[index], q[index]) }
        return total
    }

    /// scipy's `distance.jensenshannon(p, q)` (natural log): √((KL(p‖m) + KL(q‖m)) / 2), m = (p + q)/2.
    static func jensenShannon(reference: [Double], current: [Double]) -> Double {
        let p = normalized(reference), q = normalized(current)
        var left = 0.0, right = 0.0
        for index in p.indices {
            let m = (p[index] + q[index]) / 2
            left += relativeEntropy(p[index], m)
            right += relativeEntropy(q[index], m)
        }
        return ((left + right) / 2).squareRoot()
    }

    private static func normalized(_ values: [Double]) -> [Double] {
        let total = values.reduce(0, +)
        return values.map { $0 / total }
    }

    /// scipy's `rel_entr`: x·ln(x/y), 0 when x = 0, ∞ when y = 0 < x.
    private static func relativeEntropy(_ x: Double, _ y: Double) -> Double {
        if x == 0 && y >= 0 { return 0 }
        if x > 0 && y > 0 { return x * log(x / y) }
        return .infinity
    }

    /// scipy's `chisquare(observed, expected)`: the statistic and its p-value with k − 1 degrees
    /// of freedom. An expected count of zero with observations gives an infinite statistic.
    static func chiSquare(observed: [Double], expected: [Double]) -> (statistic: Double, pValue: Double) {
        var statistic = 0.0
        for index in observed.indices {
            let difference = observed[index] - expected[index]
            statistic += difference * difference / expected[index]
        }
        if statistic.isNaN { return (statistic, .nan) }
        return (statistic, SpecialFunctions.chiSquareSurvival(statistic, degreesOfFreedom: observed.count - 1))
    }

    /// Evidently's pooled two-proportion z-test of the share of one value: the statistic
    /// (p₁ − p₂)/√(P(1 − P)(1/n₁ + 1/n₂)) and the p-value 2(1 − Φ(|z|)).
    static func proportionsZTest(
        referenceHits: Int, referenceCount: Int, currentHits: Int, currentCount: Int
    ) -> (statistic: Double, pValue: Double) {
        let n1 = Double(referenceCount), n2 = Double(currentCount)
        let p1 = Double(referenceHits) / n1, p2 = Double(currentHits) / n2
        let pooled = (p1 * n1 + p2 * n2) / (n1 + n2)
        let z = (p1 - p2) / (pooled * (1 - pooled) * (1 / n1 + 1 / n2)).squareRoot()
        return (z, 2 * (1 - SpecialFunctions.normalCDF(abs(z))))
    }
}
