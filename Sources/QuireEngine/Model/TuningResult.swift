/// The outcome of ``Tuning/search(_:on:candidates:folds:scoring:shuffle:seed:threads:)``.
public struct TuningResult: Sendable, Codable, Equatable {
    /// One row of the results table: a candidate and its cross-validated scores.
    public struct Row: Sendable, Hashable, Codable {
        /// The candidate's hyperparameters (only those searched).
        public var parameters: [String: HyperValue]
        /// Mean of the fold scores.
        public var meanScore: Double
        /// Population standard deviation of the fold scores.
        public var stdScore: Double
        /// One score per fold.
        public var foldScores: [Double]
        /// 1 for the best; equal means share a rank (scikit-learn's `rank_test_score`).
        public var rank: Int
    }

    /// The metric, as in ``Evaluation/metricNames(for:classCount:)``.
    public var metric: String
    /// The best candidate's hyperparameters.
    public var bestParameters: [String: HyperValue]
    /// The best candidate refitted on all rows.
    public var best: TrainedModel
    /// Every candidate, in the order tried.
    public var results: [Row]
}
