/// A receiver operating characteristic curve (scikit-learn's `roc_curve`, with
/// `drop_intermediate=True`): the first threshold is +∞ (written `"inf"` in JSON).
public struct ROCCurve: Sendable, Hashable, Codable {
    /// False positive rates, increasing.
    public var falsePositiveRate: [Double]
    /// True positive rates.
    public var truePositiveRate: [Double]
    /// Score thresholds, decreasing.
    public var thresholds: [Double]

    private enum CodingKeys: String, CodingKey {
        case falsePositiveRate, truePositiveRate, thresholds
    }

    /// Thresholds are written as numbers, except +∞ as the string `"inf"` (JSON has no infinity).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(falsePositiveRate, forKey: .falsePositiveRate)
        try c.encode(truePositiveRate, forKey: .truePositiveRate)
        try c.encode(
            thresholds.map { $0.isFinite ? HyperValue.double($0) : .string($0 > 0 ? "inf" : "-inf") },
            forKey: .thresholds)
    }

    /// Reads a curve written by ``encode(to:)``, turning `"inf"` and `"-inf"` back into infinities.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        falsePositiveRate = try c.decode([Double].self, forKey: .falsePositiveRate)
        truePositiveRate = try c.decode([Double].self, forKey: .truePositiveRate)
        thresholds = try c.decode([HyperValue].self, forKey: .thresholds).map {
            if case .string(let text) = $0 { return text == "inf" ? .infinity : -.infinity }
            return $0.number ?? .nan
        }
    }

    /// Creates a curve.
    public init(falsePositiveRate: [Double], truePositiveRate: [Double], thresholds: [Double]) {
        self.falsePositiveRate = falsePositiveRate
        self.truePositiveRate = truePositiveRate
        self.thresholds = thresholds
    }
}
