/// One preprocessing step of a model, fitted on the training data only.
///
/// Steps run in the order given, each on the output of the previous one; each is one of the
/// engine's fitted transforms (``Imputer``, ``Standardizer``, ``MinMaxScaler``,
/// ``OneHotEncoder``, ``OrdinalEncoder``). `columns: nil` means every column the step applies to
/// among the features (never the target).
public enum PreprocessStep: Sendable, Hashable, Codable {
    /// Fill missing values. With the default (`impute` alone) numeric columns get the mean and
    /// categorical columns the most frequent value.
    case impute(ImputeStrategy?, columns: [String]? = nil)
    /// `(x − mean) / std` on numeric columns.
    case standardize(columns: [String]? = nil)
    /// `(x − min) / range` on numeric columns.
    case minMax(columns: [String]? = nil)
    /// Categorical columns → 0/1 indicator columns (unknown categories at prediction: all zeros).
    case oneHot(columns: [String]? = nil)
    /// Categorical columns → category index.
    case ordinal(columns: [String]? = nil)

    /// The step named as in notebooks: `impute`, `impute_median`, `impute_most_frequent`,
    /// `standardize`, `min_max`, `one_hot`, `ordinal`; `nil` for an unknown name.
    public init?(name: String) {
        switch name {
        case "impute": self = .impute(nil)
        case "impute_mean": self = .impute(.mean)
        case "impute_median": self = .impute(.median)
        case "impute_most_frequent": self = .impute(.mostFrequent)
        case "standardize": self = .standardize()
        case "min_max": self = .minMax()
        case "one_hot": self = .oneHot()
        case "ordinal": self = .ordinal()
        default: return nil
        }
    }

    /// The names ``init(name:)`` accepts.
    public static let names = [
        "impute", "impute_mean", "impute_median", "impute_most_frequent", "standardize", "min_max", "one_hot",
        "ordinal",
    ]

    /// Fits the step on training features.
    ///
    /// - Returns: the fitted transforms (plain `impute` gives one for numeric and one for
    ///   categorical columns when both kinds are present).
    func fit(on frame: Frame) throws -> [FittedTransform] {
        func among(_ columns: [String]?, kind: ColumnKind) -> [String] {
            columns ?? frame.columns.filter { $0.kind == kind }.map(\.name)
        }
        switch self {
        case .impute(let strategy, let columns):
            if let strategy { return [.impute(try Imputer.fit(frame, strategy: strategy, columns: columns))] }
            var result: [FittedTransform] = []
            let numeric = among(columns, kind: .numeric).filter { frame[$0]?.kind == .numeric }
            let categorical = among(columns, kind: .categorical).filter { frame[$0]?.kind == .categorical }
            let needing = { (names: [String]) in names.filter { (frame[$0]?.missingCount ?? 0) > 0 } }
            if !needing(numeric).isEmpty || columns != nil && !numeric.isEmpty {
                result.append(
                    .impute(
                        try Imputer.fit(frame, strategy: .mean, columns: columns == nil ? needing(numeric) : numeric)))
            }
            if !needing(categorical).isEmpty || columns != nil && !categorical.isEmpty {
                result.append(
                    .impute(
                        try Imputer.fit(
                            frame, strategy: .mostFrequent, columns: columns == nil ? needing(categorical) : categorical
                        )))
            }
            return result
        case .standardize(let columns):
            return [.standardize(try Standardizer.fit(frame, columns: among(columns, kind: .numeric)))]
        case .minMax(let columns):
            return [.minMax(try MinMaxScaler.fit(frame, columns: among(columns, kind: .numeric)))]
        case .oneHot(let columns):
            return [.oneHot(try OneHotEncoder.fit(frame, columns: among(columns, kind: .categorical)))]
        case .ordinal(let columns):
            return [.ordinal(try OrdinalEncoder.fit(frame, columns: among(columns, kind: .categorical)))]
        }
    }
}
