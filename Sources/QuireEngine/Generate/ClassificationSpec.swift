/// Parameters of ``DataGenerator/classification(_:seed:)``, named as in scikit-learn's
/// `make_classification` (coding keys are its snake-case names).
public struct ClassificationSpec: Sendable, Hashable, Codable {
    /// Rows. Default 100.
    public var samples = 100
    /// Feature columns: informative, then redundant, then noise. Default 20.
    public var features = 20
    /// Features that carry the class signal. Default 2.
    public var informative = 2
    /// Random linear combinations of the informative features. Default 2.
    public var redundant = 2
    /// Classes. Default 2.
    public var classes = 2
    /// Gaussian clusters per class. Default 2.
    public var clustersPerClass = 2
    /// Half the side of the hypercube whose vertices are the cluster centres. Default 1.
    public var classSep = 1.0
    /// Fraction of labels replaced by a random class (label noise). Default 0.01.
    public var flipY = 0.01
    /// Shuffle the rows. Default true.
    public var shuffle = true

    enum CodingKeys: String, CodingKey {
        case samples = "n_samples", features = "n_features", informative = "n_informative", redundant = "n_redundant"
        case classes = "n_classes", clustersPerClass = "n_clusters_per_class", classSep = "class_sep", flipY = "flip_y",
            shuffle
    }

    /// Creates a spec with scikit-learn's defaults, overriding what is given.
    public init(
        samples: Int = 100, features: Int = 20, informative: Int = 2, redundant: Int = 2, classes: Int = 2,
        clustersPerClass: Int = 2, classSep: Double = 1.0, flipY: Double = 0.01, shuffle: Bool = true
    ) {
        self.samples = samples
        self.features = features
        self.informative = informative
        self.redundant = redundant
        self.classes = classes
        self.clustersPerClass = clustersPerClass
        self.classSep = classSep
        self.flipY = flipY
        self.shuffle = shuffle
    }
}
