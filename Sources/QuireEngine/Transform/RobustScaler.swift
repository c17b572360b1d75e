/// Centres numeric columns on their median and scales them by their interquartile range:
/// `(x - median) / (q75 - q25)` (`robust`, scikit-learn's `RobustScaler` with
/// `quantile_range=(25, 75)`).
///
/// The centre is numpy's `nanmedian`, the quartiles numpy's default (`linear`) percentiles of the
/// present values. A range below
/// `10 × ε` (a column whose middle half is constant) becomes 1, as scikit-learn's
/// `_handle_zeros_in_scale`. Missing values stay missing and are ignored at fit time; a column
/// without present values gets centre 0 and scale 1.
public struct RobustScaler: Sendable, Hashable, Codable {
    /// The scaled columns, in fit order.
    public var columns: [String]
    /// Median of each column at fit time.
    public var centers: [Double]
    /// Interquartile range (75th − 25th percentile) of each column at fit time (1 when it is 0).
    public var scales: [Double]

    /// Learns medians and interquartile ranges.
    ///
    /// - Parameter columns: numeric columns; `nil` for all numeric columns.
    /// - Throws: ``FrameError`` for unknown or categorical columns.
    public static func fit(_ frame: Frame, columns: [String]? = nil) throws -> RobustScaler {
        let names = try TransformColumns.resolve(columns, in: frame, kind: .numeric, operation: "robust")
        var centers: [Double] = []
        var scales: [Double] = []
        for name in names {
            let sorted = Statistics.sortedPresent(try TransformColumns.numbers(name, in: frame, operation: "robust"))
            guard !sorted.isEmpty else {
                centers.append(0)
                scales.append(1)
                continue
            }
            centers.append(Statistics.median(sorted) ?? 0)
            let range = Statistics.quantile(sorted: sorted, 0.75) - Statistics.quantile(sorted: sorted, 0.25)
            scales.append(range < 10 * Double.ulpOfOne ? 1 : range)
        }
        return RobustScaler(columns: names, centers: centers, scales: scales)
    }

    /// The frame with the fitted columns centred and scaled.
    ///
    /// - Throws: ``FrameError`` when a fitted column is absent or changed kind.
    public func apply(to frame: Frame) throws -> Frame {
        try TransformColumns.mapNumbers(columns, in: frame, operation: "robust") { k, numbers in
            let center = centers[k]
            let scale = scales[k]
            return numbers.map { ($0 - center) / scale }
        }
    }
}
