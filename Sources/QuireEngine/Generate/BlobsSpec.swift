/// Parameters of ``DataGenerator/blobs(_:seed:)`` (scikit-learn's `make_blobs`).
public struct BlobsSpec: Sendable, Hashable, Codable {
    /// Rows. Default 100.
    public var samples = 100
    /// Feature columns. Default 2.
    public var features = 2
    /// Clusters. Default 3.
    public var centers = 3
    /// Standard deviation of each cluster. Default 1.
    public var clusterStd = 1.0
    /// Centres are drawn uniformly in `[center_box_low, center_box_high)` per feature. Default -10.
    public var centerBoxLow = -10.0
    /// Upper end of the centre box. Default 10.
    public var centerBoxHigh = 10.0

    enum CodingKeys: String, CodingKey {
        case samples = "n_samples", features = "n_features", centers, clusterStd = "cluster_std"
        case centerBoxLow = "center_box_low", centerBoxHigh = "center_box_high"
    }

    /// Creates a spec, overriding the defaults given.
    public init(
        samples: Int = 100, features: Int = 2, centers: Int = 3, clusterStd: Double = 1, centerBoxLow: Double = -10,
        centerBoxHigh: Double = 10
    ) {
        self.samples = samples
        self.features = features
        self.centers = centers
        self.clusterStd = clusterStd
        self.centerBoxLow = centerBoxLow
        self.centerBoxHigh = centerBoxHigh
    }
}
