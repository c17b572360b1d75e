/// The learned parameters of any algorithm, stored inside a ``TrainedModel``.
///
/// Encoded as `{"kind": "logistic", "logistic": {...}}` (see docs/models.md for every field).
enum FittedEstimator: Sendable, Hashable, Codable {
    case linear(LinearModel)
    case logistic(LogisticModel)
    case tree(DecisionTree)
    case forest(RandomForestModel)
    case boosting(GradientBoostingModel)
    case neighbors(NearestNeighborsModel)
    case naiveBayes(GaussianNBModel)
    case kmeans(KMeansModel)

    private enum CodingKeys: String, CodingKey {
        case kind, linear, logistic, tree, forest, boosting, neighbors, naiveBayes = "naive_bayes", kmeans
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        switch try c.decode(String.self, forKey: .kind) {
        case "linear": self = .linear(try c.decode(LinearModel.self, forKey: .linear))
        case "logistic": self = .logistic(try c.decode(LogisticModel.self, forKey: .logistic))
        case "tree": self = .tree(try c.decode(DecisionTree.self, forKey: .tree))
        case "forest": self = .forest(try c.decode(RandomForestModel.self, forKey: .forest))
        case "boosting": self = .boosting(try c.decode(GradientBoostingModel.self, forKey: .boosting))
        case "neighbors": self = .neighbors(try c.decode(NearestNeighborsModel.self, forKey: .neighbors))
        case "naive_bayes": self = .naiveBayes(try c.decode(GaussianNBModel.self, forKey: .naiveBayes))
        case "kmeans": self = .kmeans(try c.decode(KMeansModel.self, forKey: .kmeans))
        case let kind:
            throw DecodingError.dataCorruptedError(forKey: .kind, in: c, debugDescription: "unknown estimator \(kind)")
        }
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .linear(let m): try c.encode("linear", forKey: .kind); try c.encode(m, forKey: .linear)
        case .logistic(let m): try c.encode("logistic", forKey: .kind); try c.encode(m, forKey: .logistic)
        case .tree(let m): try c.encode("tree", forKey: .kind); try c.encode(m, forKey: .tree)
        case .forest(let m): try c.encode("forest", forKey: .kind); try c.encode(m, forKey: .forest)
        case .boosting(let m): try c.encode("boosting", forKey: .kind); try c.encode(m, forKey: .boosting)
        case .neighbors(let m): try c.encode("neighbors", forKey: .kind); try c.encode(m, forKey: .neighbors)
        case .naiveBayes(let m): try c.encode("naive_bayes", forKey: .kind); try c.encode(m, forKey: .naiveBayes)
        case .kmeans(let m): try c.encode("kmeans", forKey: .kind); try c.encode(m, forKey: .kmeans)
        }
    }

    /// Rows × outputs: class probabilities (classification), one value (regression) or the
    /// cluster index (clustering).
    func outputs(_ x: Matrix, threads: Int) throws -> Matrix {
        switch self {
        case .linear(let m): Matrix(rows: x.rows, columns: 1, values: m.predict(x, threads: threads))
        case .logistic(let m): m.probabilities(x, threads: threads)
        case .tree(let m): try RandomForestModel(trees: [m]).predict(x, threads: threads)
        case .forest(let m): try m.predict(x, threads: threads)
        case .boosting(let m): try m.predict(x, threads: threads)
        case .neighbors(let m): try m.predict(x, threads: threads)
        case .naiveBayes(let m): try m.probabilities(x, threads: threads)
        case .kmeans(let m):
            Matrix(rows: x.rows, columns: 1, values: try m.labels(x, threads: threads).map(Double.init))
        }
    }
}
