/// A model's metrics and curves on a frame: the `evaluate` op's result.
///
/// Metric names are scikit-learn's function names without `_score` (see ``metricNames(for:)``).
/// For two classes, class index 1 (the second of the sorted ``classes``) is the positive class.
public struct Evaluation: Sendable, Hashable, Codable {
    /// The model's task.
    public var task: ModelTask
    /// Rows evaluated.
    public var rows: Int
    /// The model's classes (classification, clustering).
    public var classes: [String]
    /// Metric name → value.
    public var metrics: [String: Double]
    /// Rows = true class, columns = predicted class (classification).
    public var confusionMatrix: [[Int]]?
    /// ROC curves: one for the positive class (binary) or one per class against the rest, keyed
    /// by class label; simplified to within ``CurveSimplification/curveTolerance`` of the exact
    /// curve (``ROCCurve/simplified(tolerance:)``).
    public var rocCurves: [String: ROCCurve]?
    /// Precision-recall curves, keyed and simplified like ``rocCurves``.
    public var precisionRecallCurves: [String: PrecisionRecallCurve]?
    /// Calibration of the positive class's probability (binary classification, 10 bins).
    public var calibration: CalibrationCurve?
    /// Residuals of a regression: at most 2,000 evenly spaced rows.
    public var residuals: ResidualPoints?

    /// The metric names ``evaluate(model:frame:threads:)`` fills for a task.
    public static func metricNames(for task: ModelTask, classCount: Int = 2) -> [String] {
        switch task {
        case .regression: return ["mae", "mse", "rmse", "r2", "mape", "explained_variance"]
        case .clustering: return ["inertia", "silhouette"]
        case .classification:
            var names = ["accuracy", "balanced_accuracy", "precision", "recall", "f1"]
            for average in ["macro", "micro", "weighted"] {
                names += ["precision_\(average)", "recall_\(average)", "f1_\(average)"]
            }
            names += ["matthews_corrcoef", "roc_auc", "average_precision", "log_loss", "brier_score"]
            if classCount > 2 {
                names += ["roc_auc_ovr", "roc_auc_ovo", "roc_auc_ovr_weighted", "roc_auc_ovo_weighted"]
            }
            return names
        }
    }

    /// Whether a larger value of the metric is better (false for losses and errors).
    public static func greaterIsBetter(_ metric: String) -> Bool {
        !["mae", "mse", "rmse", "mape", "log_loss", "brier_score", "inertia"].contains(metric)
    }

    /// The metric used when none is named: accuracy, r2, or silhouette.
    public static func defaultMetric(for task: ModelTask) -> String {
        switch task {
        case .classification: "accuracy"
        case .regression: "r2"
        case .clustering: "silhouette"
        }
    }

    /// Evaluates a model on rows with the target column.
    ///
    /// - Parameters:
    ///   - curves: whether to compute curves (skipped when only a score is needed).
    /// - Throws: ``ModelError``: the target is absent or has missing values, a class unseen in
    ///   training, or as ``TrainedModel/predict(_:threads:)``.
    public static func evaluate(model: TrainedModel, frame: Frame, threads: Int = 1, curves: Bool = true) throws
        -> Evaluation
    {
        var result = Evaluation(task: model.task, rows: frame.rowCount, classes: model.classes, metrics: [:])
        guard frame.rowCount > 0 else {
            throw ModelError(.tooFewRows, "there are no rows to evaluate on", hint: "check the split or filter")
        }
        let x = try model.matrix(frame, threads: threads)
        switch model.task {
        case .clustering:
            guard case .kmeans(let kmeans) = model.estimator else { return result }
            let (labels, inertia, _, _) = try KMeansModel.assign(x, kmeans.centers, threads: threads)
            result.metrics["inertia"] = inertia
            result.metrics["silhouette"] = try Metrics.silhouette(
                x, labels: labels, sampleSize: 4000, seed: model.seed, threads: threads)
        case .regression:
            let truth = try targetNumbers(model, frame)
            let predicted = try model.estimator.outputs(x, threads: threads).values
            result.metrics = [
                "mae": Metrics.meanAbsoluteError(truth, predicted), "mse": Metrics.meanSquaredError(truth, predicted),
                "rmse": Metrics.rootMeanSquaredError(truth, predicted), "r2": Metrics.r2(truth, predicted),
                "mape": Metrics.meanAbsolutePercentageError(truth, predicted),
                "explained_variance": Metrics.explainedVariance(truth, predicted),
            ]
            if curves {
                let step = max(1, (truth.count + 1999) / 2000)
                let rows = Array(stride(from: 0, to: truth.count, by: step))
                result.residuals = Metrics.residuals(rows.map { truth[$0] }, rows.map { predicted[$0] })
            }
        case .classification:
            let truth = try targetClasses(model, frame)
            let probabilities = try model.estimator.outputs(x, threads: threads).nested
            let k = model.classes.count
            let predicted = probabilities.map { row in
                var best = 0
                for c in 1..<row.count where row[c] > row[best] { best = c }
                return best
            }
            var m: [String: Double] = [
                "accuracy": Metrics.accuracy(truth, predicted),
                "balanced_accuracy": Metrics.balancedAccuracy(truth, predicted),
                "matthews_corrcoef": Metrics.matthewsCorrcoef(truth, predicted),
                "log_loss": Metrics.logLoss(truth, probabilities: probabilities),
                "brier_score": Metrics.brierScore(truth, probabilities: probabilities),
                "roc_auc": Metrics.rocAUC(truth, probabilities: probabilities),
                "average_precision": Metrics.averagePrecision(truth, probabilities: probabilities),
            ]
            for average in [Averaging.macro, .micro, .weighted] {
                m["precision_\(average.rawValue)"] = Metrics.precision(truth, predicted, average: average)
                m["recall_\(average.rawValue)"] = Metrics.recall(truth, predicted, average: average)
                m["f1_\(average.rawValue)"] = Metrics.f1(truth, predicted, average: average)
            }
            let headline: Averaging = k == 2 ? .binary : .macro
            m["precision"] = Metrics.precision(truth, predicted, average: headline)
            m["recall"] = Metrics.recall(truth, predicted, average: headline)
            m["f1"] = Metrics.f1(truth, predicted, average: headline)
            if k > 2 {
                m["roc_auc_ovr"] = m["roc_auc"]
                m["roc_auc_ovo"] = Metrics.rocAUC(truth, probabilities: probabilities, multiClass: .ovo)
                m["roc_auc_ovr_weighted"] = Metrics.rocAUC(truth, probabilities: probabilities, average: .weighted)
                m["roc_auc_ovo_weighted"] = Metrics.rocAUC(
                    truth, probabilities: probabilities, multiClass: .ovo, average: .weighted)
            }
            result.metrics = m
            result.confusionMatrix = Metrics.confusionMatrix(truth, predicted, classCount: k)
            if curves {
                var roc: [String: ROCCurve] = [:], pr: [String: PrecisionRecallCurve] = [:]
                for c in (k == 2 ? [1] : Array(0..<k)) where truth.contains(c) && truth.contains(where: { $0 != c }) {
                    let scores = probabilities.map { $0[c] }
                    // Stored simplified: a curve keeps one point per distinct score otherwise (400k
                    // points for 400k rows); the metrics above come from the exact curves.
                    roc[model.classes[c]] = Metrics.rocCurve(truth, scores: scores, positive: c).simplified()
                    pr[model.classes[c]] = Metrics.precisionRecallCurve(truth, scores: scores, positive: c).simplified()
                }
                result.rocCurves = roc
                result.precisionRecallCurves = pr
                if k == 2 {
                    result.calibration = Metrics.calibrationCurve(truth, scores: probabilities.map { $0[1] }, bins: 10)
                }
            }
        }
        return result
    }

    static func targetColumn(_ model: TrainedModel, _ frame: Frame) throws -> Column {
        guard let name = model.target, let column = frame[name] else {
            throw ModelError(
                .missingTarget, "the data has no target column `\(model.target ?? "")` to evaluate against",
                hint: "evaluate on rows that still have the target")
        }
        if column.missingCount > 0 {
            throw ModelError(
                .missingTargetValues, "target `\(name)` has \(column.missingCount) missing values",
                hint: "filter them out before evaluate", column: name)
        }
        return column
    }

    static func targetNumbers(_ model: TrainedModel, _ frame: Frame) throws -> [Double] {
        let column = try targetColumn(model, frame)
        guard let numbers = column.numbers else {
            throw ModelError(.categoricalTarget, "target `\(column.name)` is categorical here", column: column.name)
        }
        return numbers
    }

    /// Class indices of the target, in the model's class order.
    static func targetClasses(_ model: TrainedModel, _ frame: Frame) throws -> [Int] {
        let column = try targetColumn(model, frame)
        var index: [String: Int] = [:]
        for (k, c) in model.classes.enumerated() { index[c] = k }
        let (names, codes) = ModelTrainer.encodeClasses(column)
        let translate = try names.map { name -> Int in
            guard let k = index[name] else {
                throw ModelError(
                    .invalidArgument,
                    "target `\(column.name)` has class `\(name)`, which the model never saw in training",
                    hint:
                        "the model knows \(model.classes.joined(separator: ", ")); stratify the split so every class is in training",
                    column: column.name)
            }
            return k
        }
        return codes.map { translate[Int($0)] }
    }

    /// One metric of a model on a frame (no curves).
    public static func score(model: TrainedModel, frame: Frame, metric: String, threads: Int = 1) throws -> Double {
        let evaluation = try evaluate(model: model, frame: frame, threads: threads, curves: false)
        guard let value = evaluation.metrics[metric] else {
            let names = metricNames(for: model.task, classCount: model.classes.count)
            throw ModelError(
                .unknownMetric, "unknown metric `\(metric)` for \(model.task.rawValue)",
                hint: "use one of \(names.joined(separator: ", "))")
        }
        return value
    }
}
