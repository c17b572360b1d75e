/// A learning algorithm, named as in notebooks.
///
/// Defaults and objectives are scikit-learn's unless ``docs/models.md`` says otherwise.
public enum Algorithm: String, Sendable, Hashable, Codable, CaseIterable {
    case linearRegression = "linear_regression"
    case ridge
    case logisticRegression = "logistic_regression"
    case decisionTree = "decision_tree"
    case randomForest = "random_forest"
    case gradientBoosting = "gradient_boosting"
    case knn
    case gaussianNB = "gaussian_nb"
    case kmeans

    /// The tasks the algorithm can learn; the first is used when neither the spec nor the
    /// target decides.
    public var tasks: [ModelTask] {
        switch self {
        case .linearRegression, .ridge: [.regression]
        case .logisticRegression, .gaussianNB: [.classification]
        case .decisionTree, .randomForest, .gradientBoosting, .knn: [.classification, .regression]
        case .kmeans: [.clustering]
        }
    }

    /// Whether the model can give class probabilities.
    public var hasProbabilities: Bool { tasks.contains(.classification) }

    /// The hyperparameters the algorithm accepts, with scikit-learn's names and defaults.
    ///
    /// Where a default depends on the task (`max_features` of a forest), the schema's default is
    /// `null` and ``doc`` says what it resolves to.
    public var hyperparameters: [HyperparameterSpec] {
        typealias H = HyperparameterSpec
        let positive = H.Kind.number(minimum: 0, maximum: .infinity, minimumExclusive: true, maximumExclusive: false)
        let nonNegative = H.Kind.number(
            minimum: 0, maximum: .infinity, minimumExclusive: false, maximumExclusive: false)
        // Upper bounds far above any sensible value: they only keep typos from allocating or looping for ever.
        let rows = 100_000_000
        let tree: [H] = [
            H(
                name: "criterion", kind: .choice(["gini", "entropy", "log_loss", "squared_error"]), defaultValue: .null,
                doc: "split quality: gini (default) or entropy for classification, squared_error for regression"),
            H(
                name: "max_depth", kind: .integer(minimum: 1, maximum: 1000, nullable: true), defaultValue: .null,
                doc: "maximum depth of a tree; null grows until leaves are pure"),
            H(
                name: "min_samples_split", kind: .integer(minimum: 2, maximum: rows, nullable: false),
                defaultValue: .int(2),
                doc: "fewest rows a node needs to be split"),
            H(
                name: "min_samples_leaf", kind: .integer(minimum: 1, maximum: rows, nullable: false),
                defaultValue: .int(1),
                doc: "fewest rows in each leaf"),
        ]
        switch self {
        case .linearRegression:
            return [H(name: "fit_intercept", kind: .flag, defaultValue: .bool(true), doc: "fit an intercept")]
        case .ridge:
            return [
                H(
                    name: "alpha", kind: nonNegative, defaultValue: .double(1),
                    doc: "L2 penalty strength on the coefficients (the intercept is not penalised)"),
                H(name: "fit_intercept", kind: .flag, defaultValue: .bool(true), doc: "fit an intercept"),
            ]
        case .logisticRegression:
            return [
                H(
                    name: "C", kind: positive, defaultValue: .double(1),
                    doc: "inverse L2 penalty strength; smaller is stronger (the intercept is not penalised)"),
                H(
                    name: "max_iter", kind: .integer(minimum: 1, maximum: 1_000_000, nullable: false),
                    defaultValue: .int(100),
                    doc: "L-BFGS iterations; reaching it gives a warning, not an error"),
                H(
                    name: "tol", kind: positive, defaultValue: .double(1e-4),
                    doc: "stop when the largest gradient component of the mean loss is below this"),
                H(
                    name: "class_weight", kind: .choice(["balanced"]), defaultValue: .null,
                    doc: "balanced weighs each class by n_samples / (n_classes · class count)"),
                H(name: "fit_intercept", kind: .flag, defaultValue: .bool(true), doc: "fit an intercept"),
            ]
        case .decisionTree:
            return tree + [
                H(
                    name: "max_features", kind: .choiceOrNumber(["sqrt", "log2"], maximumCount: 100_000),
                    defaultValue: .null,
                    doc: "features tried per split: sqrt, log2, a fraction, a count, or null for all"),
                H(
                    name: "class_weight", kind: .choice(["balanced"]), defaultValue: .null,
                    doc: "balanced weighs each class by n_samples / (n_classes · class count)"),
            ]
        case .randomForest:
            return [
                H(
                    name: "n_estimators", kind: .integer(minimum: 1, maximum: 10_000, nullable: false),
                    defaultValue: .int(100),
                    doc: "number of trees")
            ] + tree + [
                H(
                    name: "max_features", kind: .choiceOrNumber(["sqrt", "log2"], maximumCount: 100_000),
                    defaultValue: .null,
                    doc: "features tried per split; null means sqrt for classification, all (1.0) for regression"),
                H(
                    name: "bootstrap", kind: .flag, defaultValue: .bool(true),
                    doc: "train each tree on a bootstrap sample of the rows"),
                H(
                    name: "class_weight", kind: .choice(["balanced"]), defaultValue: .null,
                    doc: "balanced weighs each class by n_samples / (n_classes · class count)"),
            ]
        case .gradientBoosting:
            return [
                H(name: "learning_rate", kind: positive, defaultValue: .double(0.1), doc: "shrinkage of each tree"),
                H(
                    name: "max_iter", kind: .integer(minimum: 1, maximum: 1_000_000, nullable: false),
                    defaultValue: .int(100),
                    doc: "boosting iterations (trees per class)"),
                H(
                    name: "max_leaf_nodes", kind: .integer(minimum: 2, maximum: 100_000, nullable: false),
                    defaultValue: .int(31),
                    doc: "leaves per tree, grown best first"),
                H(
                    name: "max_depth", kind: .integer(minimum: 1, maximum: 1000, nullable: true), defaultValue: .null,
                    doc: "maximum depth of a tree; null for no limit"),
                H(
                    name: "min_samples_leaf", kind: .integer(minimum: 1, maximum: rows, nullable: false),
                    defaultValue: .int(20),
                    doc: "fewest rows in each leaf"),
                H(
                    name: "l2_regularization", kind: nonNegative, defaultValue: .double(0),
                    doc: "L2 penalty on leaf values"),
                H(
                    name: "max_bins", kind: .integer(minimum: 2, maximum: 255, nullable: false),
                    defaultValue: .int(255),
                    doc: "bins per feature (at most 255) for present values; missing values get their own"),
                H(
                    name: "early_stopping", kind: .choice(["auto", "true", "false"]), defaultValue: .string("auto"),
                    doc: "stop when the validation loss stops improving; auto enables it above 10,000 rows"),
                H(
                    name: "validation_fraction",
                    kind: .number(minimum: 0, maximum: 1, minimumExclusive: true, maximumExclusive: true),
                    defaultValue: .double(0.1), doc: "share of the training rows held out for early stopping"),
                H(
                    name: "n_iter_no_change", kind: .integer(minimum: 1, maximum: 100_000, nullable: false),
                    defaultValue: .int(10),
                    doc: "iterations without improvement before stopping"),
                H(
                    name: "tol", kind: nonNegative, defaultValue: .double(1e-7),
                    doc: "smallest validation loss improvement that counts"),
            ]
        case .knn:
            return [
                H(
                    name: "n_neighbors", kind: .integer(minimum: 1, maximum: 100_000, nullable: false),
                    defaultValue: .int(5),
                    doc: "neighbours that vote"),
                H(
                    name: "weights", kind: .choice(["uniform", "distance"]), defaultValue: .string("uniform"),
                    doc: "uniform votes, or votes weighted by inverse distance"),
            ]
        case .gaussianNB:
            return [
                H(
                    name: "var_smoothing", kind: nonNegative, defaultValue: .double(1e-9),
                    doc: "share of the largest feature variance added to every variance")
            ]
        case .kmeans:
            return [
                H(
                    name: "n_clusters", kind: .integer(minimum: 1, maximum: 100_000, nullable: false),
                    defaultValue: .int(8),
                    doc: "number of clusters"),
                H(
                    name: "n_init", kind: .integer(minimum: 1, maximum: 1000, nullable: false), defaultValue: .int(1),
                    doc: "k-means++ restarts; the lowest inertia wins"),
                H(
                    name: "max_iter", kind: .integer(minimum: 1, maximum: 1_000_000, nullable: false),
                    defaultValue: .int(300),
                    doc: "Lloyd iterations per restart"),
                H(
                    name: "tol", kind: nonNegative, defaultValue: .double(1e-4),
                    doc: "stop when centres move less than tol · mean feature variance (squared)"),
            ]
        }
    }
}
