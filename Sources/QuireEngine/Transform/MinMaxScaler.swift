/// Maps numeric columns to `[0, 1]` by the training range: `(x - min) / (max - min)`
/// (`min_max`, scikit-learn's `MinMaxScaler`).
///
/// A constant column gets range 1 (maps to 0). Values outside the training range map outside
/// `[0, 1]`. Missing values stay missing. A column without present values gets min 0, range 1.
public struct MinMaxScaler: Sendable, Hashable, Codable {
    /// The scaled columns, in fit order.
    public var columns: [String]
    /// Minimum of each column at fit time.
    public var minimums: [Double]
    /// `max - min` of each column at fit time (1 for a constant column).
    public var ranges: [Double]

    /// Learns minimums and ranges.
    ///
    /// - Parameter columns: numeric columns; `nil` for all numeric columns.
    /// - Throws: ``FrameError`` for unknown or categorical columns.
    public static func fit(_ frame: Frame, columns: [String]? = nil) throws -> MinMaxScaler {
        let names = try TransformColumns.resolve(columns, in: frame, kind: .numeric, operation: "min_max")
        var minimums: [Double] = []
        var ranges: [Double] = []
        for name in names {
            let present = Statistics.present(try TransformColumns.numbers(name, in: frame, operation: "min_max"))
            let low = present.min() ?? 0
            let high = present.max() ?? 0
            minimums.append(low)
            ranges.append(high > low ? high - low : 1)
        }
        return MinMaxScaler(columns: names, minimums: minimums, ranges: ranges)
    }

    /// The frame with the fitted columns scaled.
    ///
    /// - Throws: ``FrameError`` when a fitted column is absent or changed kind.
    public func apply(to frame: Frame) throws -> Frame {
        try TransformColumns.mapNumbers(columns, in: frame, operation: "min_max") { k, numbers in
            let low = minimums[k]
            let range = ranges[k]
            return numbers.map { ($0 - low) / range }
        }
    }
}
