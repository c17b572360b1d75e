/// Reference and current counts over common bins, for drawing overlaid histograms.
///
/// Numeric columns have `edges` (`counts.count + 1` ascending bin edges; bins are half-open
/// `[e_i, e_{i+1})` except the last, which is closed, as numpy's `histogram`); categorical columns
/// (and numeric ones compared value by value) have `categories`. Missing and infinite values are
/// not counted here.
public struct DriftHistogram: Sendable, Codable, Equatable {
    /// Bin edges of a numeric histogram, or `nil`.
    public var edges: [Double]?
    /// Category labels, or `nil`.
    public var categories: [String]?
    /// Reference counts per bin or category.
    public var reference: [Int]
    /// Current counts per bin or category.
    public var current: [Int]

    /// Creates a histogram.
    public init(edges: [Double]? = nil, categories: [String]? = nil, reference: [Int], current: [Int]) {
        self.edges = edges
        self.categories = categories
        self.reference = reference
        self.current = current
    }
}
