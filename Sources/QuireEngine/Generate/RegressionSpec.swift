/// Parameters of ``DataGenerator/regression(_:seed:)`` (scikit-learn's `make_regression`).
public struct RegressionSpec: Sendable, Hashable, Codable {
    /// Rows. Default 100.
    public var samples = 100
    /// Feature columns. Default 10.
    public var features = 10
    /// Features with a non-zero coefficient (the first ones). Default 10.
    public var informative = 10
    /// Standard deviation of the Gaussian noise added to the target. Default 0.
    public var noise = 0.0
    /// Intercept. Default 0.
    public var bias = 0.0

    enum CodingKeys: String, CodingKey {
        case samples = "n_samples", features = "n_features", informative = "n_informative", noise, bias
    }

    /// Creates a spec, overriding the defaults given.
    public init(samples: Int = 100, features: Int = 10, informative: Int = 10, noise: Double = 0, bias: Double = 0) {
        self.samples = samples
        self.features = features
        self.informative = informative
        self.noise = noise
        self.bias = bias
    }
}
