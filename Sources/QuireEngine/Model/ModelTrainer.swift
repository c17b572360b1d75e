import Dispatch
import Foundation
import QuireSupport

/// Fits a ``ModelSpec`` on a frame: the `train` op's engine.
public enum ModelTrainer {
    /// Categorical features with at least this many categories make `one_hot` warn: hundreds of
    /// columns from one feature are almost always an identifier.
    public static let manyCategories = 100

    /// One warning per feature `one_hot` turned into ``manyCategories`` columns or more.
    static func manyCategoryWarnings(_ transforms: [FittedTransform], rows: Int) -> [String] {
        var warnings: [String] = []
        for case .oneHot(let encoder) in transforms {
            for (name, categories) in zip(encoder.columns, encoder.categories) where categories.count >= manyCategories
            {
                warnings.append(
                    "`\(name)` has \(NumberFormat.integer(categories.count)) distinct values in "
                        + "\(NumberFormat.count(rows, "training row")); one_hot turned it into that many columns "
                        + "(an identifier is not a feature: leave it out with `features:` or a `drop` step)")
            }
        }
        return warnings
    }

    /// Trains a model.
    ///
    /// Preprocessing is fitted on `frame` (the training rows) and stored in the model. The
    /// result does not depend on `threads`.
    ///
    /// - Parameters:
    ///   - spec: algorithm, task, columns, preprocessing, hyperparameters and seed.
    ///   - frame: the training rows.
    ///   - threads: worker threads for the parallel parts (forest trees, row chunks).
    /// - Throws: ``ModelError``: an unknown or invalid hyperparameter, a target that is absent,
    ///   has missing values, one class, or is categorical for a regressor; a feature with
    ///   missing values and no `impute` (named); a categorical feature without an encoder.
    public static func fit(_ spec: ModelSpec, on frame: Frame, threads: Int = 1) throws -> TrainedModel {
        let started = DispatchTime.now().uptimeNanoseconds
        let algorithm = spec.algorithm
        let parameters = try Hyperparameters(spec.hyperparameters, for: algorithm)
        let threads = max(1, threads)

        // Target and task.
        var targetColumn: Column?
        if let target = spec.target {
            do {
                targetColumn = try frame.column(named: target)
            } catch let error as FrameError {
                throw ModelError(.missingTarget, error.message, hint: error.hint, column: target)
            }
        }
        if let column = targetColumn, column.kind == .date {
            throw ModelError(
                .categoricalTarget, "target `\(column.name)` is a date; models predict numbers or classes",
                hint: "derive a number from it first, e.g. year(\(column.name)) or days_between(…)", column: column.name
            )
        }
        let task = try resolveTask(spec, target: targetColumn)
        if task != .clustering && targetColumn == nil {
            throw ModelError(
                .missingTarget, "\(algorithm.rawValue) needs a target column",
                hint: "set target: to the column to predict")
        }
        if let column = targetColumn, task != .clustering, column.missingCount > 0 {
            throw ModelError(
                .missingTargetValues,
                "target `\(column.name)` has \(column.missingCount) missing value\(column.missingCount == 1 ? "" : "s")",
                hint: "filter them out first, e.g. filter: {where: \"not is_missing(\(column.name))\"}",
                column: column.name)
        }

        // Features.
        // A date column is never a default feature: its seconds since 1970 mean little to a model,
        // and one-hot encoding it would make a column per day. Derive numbers from it instead.
        let featureNames =
            spec.features ?? frame.columns.filter { $0.name != spec.target && $0.kind != .date }.map(\.name)
        if let date = featureNames.first(where: { frame[$0]?.kind == .date }) {
            throw ModelError(
                .categoricalFeature, "feature `\(date)` is a date; models need numbers",
                hint:
                    "derive numbers from it first (e.g. month(\(date)), weekday(\(date)), days_between(\(date), …)) and list those as features",
                column: date)
        }
        guard !featureNames.isEmpty else {
            throw ModelError(
                .noFeatures, "there are no feature columns", hint: "list the features, or load more columns")
        }
        if let target = spec.target, featureNames.contains(target), task != .clustering {
            throw ModelError(
                .invalidArgument, "the target `\(target)` is also listed as a feature",
                hint: "remove it from features", column: target)
        }
        var featureFrame: Frame
        do {
            featureFrame = try frame.selecting(featureNames)
        } catch let error as FrameError {
            throw ModelError(.invalidArgument, error.message, hint: error.hint)
        }
        guard frame.rowCount > 0 else {
            throw ModelError(.tooFewRows, "there are no training rows", hint: "check the filter and split before train")
        }
        let kinds = featureFrame.columns.map(\.kind)
        try FeaturePipeline.refuseInfinite(featureFrame)
        var transforms: [FittedTransform] = []
        for step in spec.preprocess {
            do {
                for transform in try step.fit(on: featureFrame) {
                    transforms.append(transform)
                    featureFrame = try transform.apply(to: featureFrame)
                }
            } catch let error as FrameError {
                throw ModelError(
                    .invalidArgument, "preprocessing failed: \(error.message)", hint: error.hint,
                    parameter: error.argument)
            }
        }
        let encodingWarnings = manyCategoryWarnings(transforms, rows: frame.rowCount)
        let inputs = featureFrame.columnNames
        let x = try FeaturePipeline.matrix(
            from: featureFrame, features: inputs, kinds: featureFrame.columns.map(\.kind), preprocessing: [],
            inputs: inputs, allowMissing: algorithm == .gradientBoosting, threads: threads)

        // Target encoding.
        var classes: [String] = []
        var y: [Double] = []
        if task == .classification, let column = targetColumn {
            (classes, y) = encodeClasses(column)
            if classes.count < 2 {
                throw ModelError(
                    .singleClass,
                    "target `\(column.name)` has only one class (\(classes.first ?? "none")) in the training data",
                    hint: "a classifier needs at least two classes; check the filter or the split (stratify helps)",
                    column: column.name)
            }
        } else if task == .regression, let column = targetColumn {
            guard let numbers = column.numbers else {
                throw ModelError(
                    .categoricalTarget,
                    "target `\(column.name)` is categorical, but \(algorithm.rawValue) does regression",
                    hint: "use a classifier, or task: classification", column: column.name)
            }
            try FeaturePipeline.refuseInfinite(numbers, of: column.name, role: "target")
            y = numbers
        }

        var summary = ModelSummary(inputs: inputs)
        var warnings = encodingWarnings
        let estimator: FittedEstimator
        let classCount = classes.count
        // Class indices; a regression target is any double, which Int() would trap on.
        let labels = task == .classification ? y.map { Int($0) } : []
        func sampleWeights() -> [Double] {
            guard parameters.string("class_weight") == "balanced" else { return [Double](repeating: 1, count: x.rows) }
            var counts = [Double](repeating: 0, count: classCount)
            for label in labels { counts[label] += 1 }
            let n = Double(x.rows)
            return labels.map { n / (Double(classCount) * counts[$0]) }
        }
        if x.columns > x.rows && (algorithm == .linearRegression) {
            warnings.append(
                "more features (\(x.columns)) than rows (\(x.rows)): the minimum-norm least-squares solution is used")
        }

        switch algorithm {
        case .linearRegression, .ridge:
            let alpha = try algorithm == .ridge ? parameters.number("alpha") : 0
            let (model, rank) = try LinearModel.fit(
                x, y, alpha: alpha, fitIntercept: try parameters.flag("fit_intercept"), threads: threads)
            estimator = .linear(model)
            summary.coefficients = [model.coefficients]
            summary.intercepts = [model.intercept]
            if algorithm == .linearRegression { summary.rank = rank }
        case .logisticRegression:
            let maxIterations = try parameters.integer("max_iter")
            let (model, iterations, converged) = try LogisticModel.fit(
                x, labels, classCount: classCount, c: try parameters.number("C"), weights: sampleWeights(),
                maxIterations: maxIterations, tolerance: try parameters.number("tol"),
                fitIntercept: try parameters.flag("fit_intercept"), threads: threads)
            estimator = .logistic(model)
            summary.coefficients = model.coefficients
            summary.intercepts = model.intercepts
            summary.iterations = iterations
            if !converged {
                warnings.append(
                    "logistic_regression did not converge in max_iter=\(maxIterations) iterations; increase max_iter or add standardize to preprocess"
                )
            }
        case .decisionTree, .randomForest:
            let forest = algorithm == .randomForest
            let builder = try treeBuilder(
                x, y, task: task, classCount: classCount, parameters: parameters, forest: forest)
            let weights = task == .classification ? sampleWeights() : [Double](repeating: 1, count: x.rows)
            let trees: [DecisionTree]
            if forest {
                let model = try RandomForestModel.fit(
                    builder: builder, baseWeights: weights, count: try parameters.integer("n_estimators"),
                    bootstrap: try parameters.flag("bootstrap"), seed: spec.seed, threads: threads)
                estimator = .forest(model)
                trees = model.trees
                summary.trees = trees.count
            } else {
                let tree = builder.build(weights: weights, seed: spec.seed)
                estimator = .tree(tree)
                trees = [tree]
            }
            var importances = [Double](repeating: 0, count: x.columns)
            for tree in trees {
                let total = tree.importances.reduce(0, +)
                guard total > 0 else { continue }
                for j in 0..<x.columns { importances[j] += tree.importances[j] / total }
            }
            let sum = importances.reduce(0, +)
            summary.featureImportances = importances.map { sum > 0 ? $0 / sum : 0 }
            summary.depth = trees.map(\.depth).max()
            summary.leaves = trees.reduce(0) { $0 + $1.leafCount }
        case .gradientBoosting:
            let earlyStopping: Bool
            switch parameters.string("early_stopping") {
            case "true": earlyStopping = true
            case "false": earlyStopping = false
            default: earlyStopping = x.rows > 10_000
            }
            let settings = GradientBoostingModel.Settings(
                learningRate: try parameters.number("learning_rate"), maxIterations: try parameters.integer("max_iter"),
                maxLeafNodes: try parameters.integer("max_leaf_nodes"),
                maxDepth: (try parameters.nullableInteger("max_depth")) ?? .max,
                minSamplesLeaf: try parameters.integer("min_samples_leaf"),
                l2: try parameters.number("l2_regularization"),
                maxBins: try parameters.integer("max_bins"), earlyStopping: earlyStopping,
                validationFraction: try parameters.number("validation_fraction"),
                iterationsWithoutChange: try parameters.integer("n_iter_no_change"),
                tolerance: try parameters.number("tol"))
            let model = try GradientBoostingModel.fit(
                x, y, classCount: task == .classification ? classCount : 0, settings: settings, seed: spec.seed,
                threads: threads)
            estimator = .boosting(model)
            summary.iterations = model.trees.count
            summary.trees = model.trees.count
            summary.featureImportances = model.importances
        case .knn:
            let neighbors = try parameters.integer("n_neighbors")
            guard neighbors <= x.rows else {
                throw ModelError(
                    .tooFewRows, "n_neighbors is \(neighbors) but there are only \(x.rows) training rows",
                    hint: "lower n_neighbors to at most \(x.rows)", parameter: "n_neighbors")
            }
            estimator = .neighbors(
                NearestNeighborsModel(
                    points: x, targets: y, neighbors: neighbors,
                    distanceWeighted: parameters.string("weights") == "distance",
                    classCount: task == .classification ? classCount : 0))
        case .gaussianNB:
            estimator = .naiveBayes(
                GaussianNBModel.fit(
                    x, labels, classCount: classCount, smoothing: try parameters.number("var_smoothing")))
        case .kmeans:
            let clusters = try parameters.integer("n_clusters")
            guard clusters <= x.rows else {
                throw ModelError(
                    .tooFewRows, "n_clusters is \(clusters) but there are only \(x.rows) rows",
                    hint: "lower n_clusters", parameter: "n_clusters")
            }
            let maxIterations = try parameters.integer("max_iter")
            let (model, trainingLabels, converged) = try KMeansModel.fit(
                x, clusters: clusters, restarts: try parameters.integer("n_init"), maxIterations: maxIterations,
                tolerance: try parameters.number("tol"), seed: spec.seed, threads: threads)
            estimator = .kmeans(model)
            classes = (0..<clusters).map(String.init)
            summary.inertia = model.inertia
            summary.iterations = model.iterations
            summary.centers = model.centers.nested
            summary.silhouette = try Metrics.silhouette(
                x, labels: trainingLabels, sampleSize: 4000, seed: spec.seed, threads: threads)
            if !converged {
                warnings.append("kmeans did not converge in max_iter=\(maxIterations) iterations")
            }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        return TrainedModel(
            format: TrainedModel.formatName, version: TrainedModel.formatVersion, algorithm: algorithm, task: task,
            target: task == .clustering ? nil : spec.target, features: featureNames, featureKinds: kinds,
            preprocessing: transforms, classes: classes, hyperparameters: parameters, seed: spec.seed,
            summary: summary, warnings: warnings, trainingRows: x.rows, trainingSeconds: seconds, estimator: estimator)
    }

    /// The task: given, or inferred from the algorithm and the target's kind.
    static func resolveTask(_ spec: ModelSpec, target: Column?) throws -> ModelTask {
        let tasks = spec.algorithm.tasks
        if let task = spec.task {
            guard tasks.contains(task) else {
                throw ModelError(
                    .unsupportedTask, "\(spec.algorithm.rawValue) does not do \(task.rawValue)",
                    hint: "it does \(tasks.map(\.rawValue).joined(separator: " and "))")
            }
            if task == .regression, let target, target.kind == .categorical {
                throw ModelError(
                    .categoricalTarget, "target `\(target.name)` is categorical, but the task is regression",
                    hint: "use task: classification", column: target.name)
            }
            return task
        }
        if tasks == [.clustering] { return .clustering }
        guard let target else { return tasks[0] }
        if tasks == [.regression] && target.kind == .categorical {
            throw ModelError(
                .categoricalTarget,
                "target `\(target.name)` is categorical, but \(spec.algorithm.rawValue) does regression",
                hint: "use a classifier such as logistic_regression or random_forest", column: target.name)
        }
        if tasks.count == 1 { return tasks[0] }
        return target.kind == .categorical ? .classification : (classLike(target) ? .classification : .regression)
    }

    /// A numeric target with few distinct whole values (≤ 20, all integers) counts as classes
    /// for algorithms that do both tasks; give `task:` to override.
    static func classLike(_ column: Column) -> Bool {
        guard let numbers = column.numbers else { return true }
        var seen = Set<Double>()
        for v in numbers where !v.isNaN {
            guard v.rounded() == v else { return false }
            seen.insert(v)
            if seen.count > 20 { return false }
        }
        return true
    }

    /// Sorted class labels and each row's class index. Numeric labels sort numerically and are
    /// written without a fraction when whole (`0`, `1`, `2.5`).
    static func encodeClasses(_ column: Column) -> ([String], [Double]) {
        switch column.values {
        case .numeric(let numbers):
            // Classes are few: a short list and a binary search beat hashing every value.
            var seen: [Double] = []
            for value in numbers where !value.isNaN && !seen.contains(value) {
                seen.append(value)
                if seen.count > 64 { break }
            }
            let distinct = seen.count > 64 ? Array(Set(numbers.filter { !$0.isNaN })).sorted() : seen.sorted()
            let names = distinct.map { $0.rounded() == $0 && abs($0) < 1e15 ? String(Int($0)) : String($0) }
            let codes = numbers.map { value -> Double in
                if value.isNaN { return -1 }
                var low = 0, high = distinct.count
                while low < high {
                    let middle = (low + high) / 2
                    if distinct[middle] < value { low = middle + 1 } else { high = middle }
                }
                return Double(low)
            }
            return (names, codes)
        case .date:
            preconditionFailure("a date target is refused before its classes are encoded")
        case .categorical(let strings):
            let used = Set(strings.codes.filter { $0 >= 0 })
            let names = Array(Set(used.map { strings.categories[Int($0)] })).sorted()
            var index: [String: Int] = [:]
            for (k, v) in names.enumerated() { index[v] = k }
            let translate = strings.categories.map { index[$0] ?? -1 }
            return (names, strings.codes.map { Double($0 < 0 ? -1 : translate[Int($0)]) })
        }
    }

    static func treeBuilder(
        _ x: Matrix, _ y: [Double], task: ModelTask, classCount: Int, parameters: Hyperparameters, forest: Bool
    ) throws -> TreeBuilder {
        let p = x.columns
        var criterion: TreeCriterion
        switch parameters.string("criterion") {
        case nil: criterion = task == .classification ? .gini : .squaredError
        case "entropy", "log_loss": criterion = .entropy
        case "gini": criterion = .gini
        default: criterion = .squaredError
        }
        if (criterion == .squaredError) != (task == .regression) {
            throw ModelError(
                .invalidHyperparameter,
                "criterion \(criterion.rawValue) does not fit \(task.rawValue)",
                hint: task == .regression ? "use squared_error" : "use gini or entropy", parameter: "criterion")
        }
        let maxFeatures: Int
        switch parameters["max_features"] {
        case .string("sqrt"): maxFeatures = max(1, Int(Double(p).squareRoot()))
        case .string("log2"): maxFeatures = max(1, Int(log2(Double(p))))
        case .int(let count):
            guard count <= p else {
                throw ModelError(
                    .invalidHyperparameter,
                    "max_features is \(count) but there \(p == 1 ? "is only 1 feature" : "are only \(p) features")",
                    hint: "use at most \(p), a fraction such as 0.5, sqrt or log2", parameter: "max_features")
            }
            maxFeatures = count
        case .double(let fraction): maxFeatures = max(1, Int(fraction * Double(p)))
        default:
            maxFeatures = forest && task == .classification ? max(1, Int(Double(p).squareRoot())) : p
        }
        var columnMajor = [Double](repeating: 0, count: x.rows * p)
        for i in 0..<x.rows { for j in 0..<p { columnMajor[j * x.rows + i] = x.values[i * p + j] } }
        return TreeBuilder(
            x: columnMajor, rows: x.rows, featureCount: p, y: y, classCount: classCount, criterion: criterion,
            maxDepth: (try parameters.nullableInteger("max_depth")) ?? .max,
            minSamplesSplit: try parameters.integer("min_samples_split"),
            minSamplesLeaf: try parameters.integer("min_samples_leaf"), maxFeatures: maxFeatures)
    }
}
