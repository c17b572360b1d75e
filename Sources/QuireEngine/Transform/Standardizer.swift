/// Centres and scales numeric columns: `(x - mean) / scale` (`standardize`, scikit-learn's
/// `StandardScaler`).
///
/// `scale` is the population standard deviation (ddof 0); a column whose present values are all
/// equal gets scale 1, so it maps to 0 instead of dividing by zero. Missing values stay missing
/// and are ignored at fit time. A column without present values gets mean 0 and scale 1.
public struct Standardizer: Sendable, Hashable, Codable {
    /// The scaled columns, in fit order.
    public var columns: [String]
    /// Mean of each column at fit time.
    public var means: [Double]
    /// Population standard deviation of each column at fit time (1 for a constant column).
    public var scales: [Double]

    /// Learns means and scales.
    ///
    /// - Parameter columns: numeric columns to scale; `nil` for all numeric columns.
    /// - Throws: ``FrameError`` for unknown or categorical columns.
    public static func fit(_ frame: Frame, columns: [String]? = nil) throws -> Standardizer {
        let names = try TransformColumns.resolve(columns, in: frame, kind: .numeric, operation: "standardize")
        var means: [Double] = []
        var scales: [Double] = []
        for name in names {
            let numbers = try TransformColumns.numbers(name, in: frame, operation: "standardize")
            let present = Statistics.present(numbers)
            means.append(Statistics.mean(present) ?? 0)
            let constant = present.allSatisfy { $0 == present.first }
            scales.append(constant ? 1 : Statistics.standardDeviation(present, ddof: 0) ?? 1)
        }
        return Standardizer(columns: names, means: means, scales: scales)
    }

    /// The frame with the fitted columns standardized.
    ///
    /// - Throws: ``FrameError`` when a fitted column is absent or changed kind.
    public func apply(to frame: Frame) throws -> Frame {
        try TransformColumns.mapNumbers(columns, in: frame, operation: "standardize") { k, numbers in
            let mean = means[k]
            let scale = scales[k]
            return numbers.map { ($0 - mean) / scale }
        }
    }
}
