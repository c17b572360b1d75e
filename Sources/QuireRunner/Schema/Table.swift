/// Rows of named cells: tuning results, permutation importances, leaderboards.
public struct Table: Sendable, Hashable, Codable {
    public enum Cell: Sendable, Hashable, Codable {
        case text(String)
        case number(Double)
    }

    public var columns: [String]
    public var rows: [[Cell]]
    /// Headline numbers of the table (tune: the best cross-validated score), by metric name.
    public var metrics: [String: Double]

    public init(columns: [String], rows: [[Cell]], metrics: [String: Double] = [:]) {
        self.columns = columns
        self.rows = rows
        self.metrics = metrics
    }
}

/// What a report shows of a model: its algorithm, settings and what it learnt.
public struct ModelCard: Sendable, Hashable, Codable {
    public var algorithm: String
    public var task: String
    public var target: String?
    public var features: [String]
    public var classes: [String]
    public var hyperparameters: [String: String]
    public var preprocessing: [String]
    public var trainingRows: Int
    /// Wall time of the fit: volatile, shown only outside reproducible mode.
    public var trainingSeconds: Double
    /// The inputs the weights belong to (after preprocessing: one-hot columns appear here).
    public var inputs: [String]
    /// Coefficients (the first class's, for multinomial models) or feature importances.
    public var weights: [Double]
    /// What the weights are: "coefficients" or "feature importances" (nil: none).
    public var weightKind: String?
    public var warnings: [String]
}
