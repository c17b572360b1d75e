/// A statistical test or distance that compares a column's reference and current values.
///
/// Tests with a p-value (``ks``, ``chiSquare``, ``z``) detect drift when the p-value is at most
/// the threshold (default 0.05); distances (``wasserstein``, ``psi``, ``kl``, ``jensenShannon``)
/// detect drift when the distance is at least the threshold (default 0.1). See
/// `docs/monitoring.md` for every formula.
public enum DriftMethod: String, Sendable, Codable, CaseIterable {
    /// Two-sample Kolmogorov–Smirnov test (scipy's `ks_2samp`, `method='auto'`).
    case ks
    /// Wasserstein-1 distance divided by the reference's population standard deviation (Evidently).
    case wasserstein
    /// Population stability index over Evidently's bins.
    case psi
    /// Kullback–Leibler divergence of reference from current over Evidently's bins.
    case kl
    /// Jensen–Shannon distance (natural log) over Evidently's bins.
    case jensenShannon = "jensen_shannon"
    /// Pearson's chi-square test of current counts against reference proportions.
    case chiSquare = "chi_square"
    /// Two-proportion z-test (pooled), for binary columns.
    case z

    /// Whether the method's score is a p-value (small = drift) rather than a distance (large = drift).
    public var isPValueTest: Bool {
        switch self {
        case .ks, .chiSquare, .z: true
        case .wasserstein, .psi, .kl, .jensenShannon: false
        }
    }

    /// The symbol of a p-value test's statistic, shown beside the p-value: `D` (Kolmogorov–Smirnov,
    /// the largest gap between the two empirical distribution functions), `χ²`, `z`; nil for
    /// distances, whose score is the statistic.
    public var statisticSymbol: String? {
        switch self {
        case .ks: "D"
        case .chiSquare: "χ²"
        case .z: "z"
        case .wasserstein, .psi, .kl, .jensenShannon: nil
        }
    }

    /// The default alert threshold: 0.05 for p-value tests, 0.1 for distances (Evidently's).
    public var defaultThreshold: Double { isPValueTest ? 0.05 : 0.1 }

    /// The default warn threshold for an alert threshold: twice it for p-value tests (p ≤ 0.1
    /// warns when 0.05 alerts), 80 % of it for distances (0.08 warns when 0.1 alerts).
    public func defaultWarnThreshold(for threshold: Double) -> Double {
        isPValueTest ? Swift.min(1, threshold * 2) : threshold * 0.8
    }
}
