/// Hyperparameter search with k-fold cross-validation: the `tune` op's engine.
public enum Tuning {
    /// Every combination of a grid, keys in sorted order, the last key varying fastest
    /// (scikit-learn's `ParameterGrid`).
    public static func grid(_ grid: [String: [HyperValue]]) -> [[String: HyperValue]] {
        var result: [[String: HyperValue]] = [[:]]
        for (key, values) in grid.sorted(by: { $0.key < $1.key }) {
            result = result.flatMap { partial in values.map { value in partial.merging([key: value]) { $1 } } }
        }
        return result
    }

    /// `count` distinct combinations drawn at random from a grid (all of them when the grid is
    /// smaller), in draw order.
    public static func randomCandidates(_ grid: [String: [HyperValue]], count: Int, seed: UInt64) -> [[String:
        HyperValue]]
    {
        var all = Self.grid(grid)
        var rng = Xoshiro256StarStar(seed: seed)
        var order = Array(all.indices)
        rng.shuffle(&order)
        all = order.prefix(count).map { all[$0] }
        return all
    }

    /// Scores each candidate by cross-validation, then refits the best on all rows.
    ///
    /// Folds are stratified for classification and plain otherwise; each candidate sees the same
    /// folds. Preprocessing is refitted inside every fold on its training rows. Ties in mean
    /// score go to the earlier candidate.
    ///
    /// - Parameters:
    ///   - spec: the base spec; each candidate's values override its hyperparameters.
    ///   - candidates: from ``grid(_:)`` or ``randomCandidates(_:count:seed:)``.
    ///   - folds: number of folds (≥ 2).
    ///   - scoring: a metric name; default accuracy (classification) or r2 (regression).
    /// - Throws: ``ModelError`` for invalid candidates, too few rows, or fitting errors.
    public static func search(
        _ spec: ModelSpec, on frame: Frame, candidates: [[String: HyperValue]], folds: Int = 5, scoring: String? = nil,
        shuffle: Bool = false, seed: UInt64 = 0, threads: Int = 1
    ) throws -> TuningResult {
        guard folds >= 2, folds <= frame.rowCount else {
            throw ModelError(
                .invalidArgument, "folds must be between 2 and the number of rows (\(frame.rowCount)); it is \(folds)",
                hint: "lower cv", parameter: "cv")
        }
        guard !candidates.isEmpty else {
            throw ModelError(.invalidArgument, "there are no candidates to search", hint: "give a non-empty grid")
        }
        let target = spec.target.flatMap { frame[$0] }
        let task = try ModelTrainer.resolveTask(spec, target: target)
        let testFolds: [[Int]]
        if task == .classification, let target {
            let (_, labels) = ModelTrainer.encodeClasses(target)
            testFolds = Folds.stratifiedKFold(
                labels: labels.map { Int($0) }, folds: folds, shuffle: shuffle, seed: seed)
        } else {
            testFolds = Folds.kFold(rows: frame.rowCount, folds: folds, shuffle: shuffle, seed: seed)
        }
        let metric = scoring ?? Evaluation.defaultMetric(for: task)
        let sign = Evaluation.greaterIsBetter(metric) ? 1.0 : -1.0
        var rows: [TuningResult.Row] = []
        // Every fold of every candidate, then the refit of the best: the fits inside are not measured.
        let progress = EngineWork.beginProgress(
            "cross-validation", unit: "fits", total: candidates.count * testFolds.count + 1)
        defer { progress?.end() }
        for candidate in candidates {
            var candidateSpec = spec
            candidateSpec.hyperparameters.merge(candidate) { $1 }
            var scores: [Double] = []
            for test in testFolds {
                try EngineWork.checkCancellation()
                var isTest = [Bool](repeating: false, count: frame.rowCount)
                for i in test { isTest[i] = true }
                let train = frame.rows(where: isTest.map { !$0 })
                let model = try ModelTrainer.fit(candidateSpec, on: train, threads: threads)
                scores.append(
                    try Evaluation.score(
                        model: model, frame: frame.rows(where: isTest), metric: metric, threads: threads))
                progress?.advance()
            }
            let mean = scores.reduce(0, +) / Double(scores.count)
            let std = (scores.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(scores.count)).squareRoot()
            rows.append(
                TuningResult.Row(parameters: candidate, meanScore: mean, stdScore: std, foldScores: scores, rank: 0))
        }
        // Ranks: 1 + the number of strictly better candidates. An undefined (NaN) mean, from a
        // fold whose metric is NaN, ranks after every defined one, as scikit-learn ranks it; when
        // every mean is undefined nothing can be chosen, and the search fails.
        let defined = rows.filter { !$0.meanScore.isNaN }
        guard !defined.isEmpty else {
            let fold = (rows.first?.foldScores.firstIndex(where: \.isNaN) ?? 0) + 1
            throw ModelError(
                .invalidArgument,
                "\(metric) is undefined (NaN) for every candidate: it is NaN on fold \(fold) of \(folds)"
                    + (task == .classification ? ", whose test rows may hold a single class" : ""),
                hint: "use fewer folds (cv), more rows of the rarest class, or another scoring",
                parameter: scoring == nil ? "cv" : "scoring")
        }
        for i in rows.indices {
            rows[i].rank =
                rows[i].meanScore.isNaN
                ? defined.count + 1
                : 1 + defined.filter { sign * $0.meanScore > sign * rows[i].meanScore }.count
        }
        // `defined` is not empty, so neither is `rows`, and `min` finds an index.
        let bestIndex =
            rows.indices.min { a, b in
                rows[a].rank < rows[b].rank || rows[a].rank == rows[b].rank && a < b
            } ?? 0
        var bestSpec = spec
        bestSpec.hyperparameters.merge(candidates[bestIndex]) { $1 }
        let best = try ModelTrainer.fit(bestSpec, on: frame, threads: threads)
        progress?.complete()
        return TuningResult(metric: metric, bestParameters: candidates[bestIndex], best: best, results: rows)
    }
}
