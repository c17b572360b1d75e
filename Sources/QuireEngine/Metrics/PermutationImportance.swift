/// Permutation importance of each feature (scikit-learn's `permutation_importance`): how much
/// a metric worsens when one feature's values are shuffled.
///
/// Features are the model's raw input columns (before preprocessing), so an encoded column
/// counts once. Importance = baseline score − permuted score for metrics where larger is better,
/// permuted − baseline for losses; so larger always means more important.
public struct PermutationImportance: Sendable, Hashable, Codable {
    /// The metric used.
    public var metric: String
    /// The metric on the unshuffled frame.
    public var baseline: Double
    /// The features, in the model's order.
    public var features: [String]
    /// Mean importance per feature.
    public var importancesMean: [Double]
    /// Population standard deviation over repeats per feature.
    public var importancesStd: [Double]
    /// Per feature, one importance per repeat.
    public var importances: [[Double]]

    /// Computes permutation importances.
    ///
    /// Feature `j`'s shuffles use a generator seeded with `SplitMix64(seed + j·φ)` (the same
    /// derivation as forest trees), so results do not depend on the order or the thread count.
    ///
    /// - Parameters:
    ///   - metric: a name from ``Evaluation/metricNames(for:classCount:)``; default accuracy or r2.
    ///   - repeats: shuffles per feature (scikit-learn's `n_repeats`, default 5).
    /// - Throws: as ``Evaluation/score(model:frame:metric:threads:)``; ``ModelError`` (parameter
    ///   `scoring`) when the metric is undefined (NaN) on the unshuffled rows.
    public static func compute(
        model: TrainedModel, frame: Frame, metric: String? = nil, repeats: Int = 5, seed: UInt64 = 0, threads: Int = 1
    ) throws -> PermutationImportance {
        let metric = metric ?? Evaluation.defaultMetric(for: model.task)
        let sign = Evaluation.greaterIsBetter(metric) ? 1.0 : -1.0
        let baseline = try Evaluation.score(model: model, frame: frame, metric: metric, threads: threads)
        // An undefined baseline (roc_auc on rows of one class) would make every importance NaN.
        guard !baseline.isNaN else {
            throw ModelError(
                .invalidArgument,
                "\(metric) is undefined on these rows (NaN), so no importance can be measured"
                    + (model.task == .classification ? ": the rows may hold a single class of the target" : ""),
                hint: "give rows with every class, or another scoring", parameter: "scoring")
        }
        var all: [[Double]] = []
        let progress = EngineWork.beginProgress(
            "permutation importance", unit: "permutations", total: model.features.count * max(1, repeats))
        defer { progress?.end() }
        for (j, name) in model.features.enumerated() {
            var rng = Xoshiro256StarStar(seed: RandomForestModel.treeSeed(seed, j))
            var scores: [Double] = []
            let column = try frame.column(named: name)
            for _ in 0..<max(1, repeats) {
                try EngineWork.checkCancellation()
                var order = Array(0..<frame.rowCount)
                rng.shuffle(&order)
                let shuffled: Column
                switch column.values {
                case .numeric(let numbers): shuffled = Column(name: name, numbers: order.map { numbers[$0] })
                case .date(let seconds): shuffled = Column(name: name, dates: order.map { seconds[$0] })
                case .categorical(let strings):
                    shuffled = Column(
                        name: name,
                        values: .categorical(
                            CategoricalValues(codes: order.map { strings.codes[$0] }, categories: strings.categories)))
                }
                let permuted = try frame.setting(shuffled)
                let score = try Evaluation.score(model: model, frame: permuted, metric: metric, threads: threads)
                scores.append(sign * (baseline - score))
                progress?.advance()
            }
            all.append(scores)
        }
        progress?.complete()
        let means = all.map { $0.reduce(0, +) / Double($0.count) }
        let stds = zip(all, means).map { scores, mean in
            (scores.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(scores.count)).squareRoot()
        }
        return PermutationImportance(
            metric: metric, baseline: baseline, features: model.features, importancesMean: means, importancesStd: stds,
            importances: all)
    }
}
