/// How ``Frame/split(_:)`` divides rows into train, test and optional validation sets.
///
/// Sizes follow scikit-learn's `train_test_split`: a fraction in `(0, 1)` is rounded up
/// (`ceil(test_size × n)`), a whole number ≥ 1 is a row count, and train gets the rest.
public struct SplitOptions: Sendable, Hashable, Codable {
    /// Test rows: a fraction of all rows, or a count. Default 0.25 (scikit-learn's).
    public var testSize: Double = 0.25
    /// Validation rows, like ``testSize``; `nil` for no validation set. Default `nil`.
    public var validSize: Double?
    /// Seed of the shuffle (``Xoshiro256StarStar``). Default 0.
    public var seed: UInt64 = 0
    /// A column whose class proportions every set keeps (StratifiedShuffleSplit's allocation).
    public var stratify: String?
    /// A time column: rows are ordered by it and the latest rows become the test set (no shuffle).
    public var orderBy: String?

    enum CodingKeys: String, CodingKey {
        case testSize = "test_size", validSize = "valid_size", seed, stratify, orderBy = "order_by"
    }

    /// Creates options.
    public init(
        testSize: Double = 0.25, validSize: Double? = nil, seed: UInt64 = 0, stratify: String? = nil,
        orderBy: String? = nil
    ) {
        self.testSize = testSize
        self.validSize = validSize
        self.seed = seed
        self.stratify = stratify
        self.orderBy = orderBy
    }

    /// Whether `value` is a size `split` accepts for `test_size` or `valid_size`: a fraction
    /// strictly between 0 and 1, or a whole number of rows from 1 (the data bounds it further).
    public static func isSize(_ value: Double) -> Bool {
        (value > 0 && value < 1) || (value >= 1 && value <= maximumSize && value == value.rounded())
    }

    /// The largest number of rows a size may name.
    public static let maximumSize: Double = 100_000_000
}
