/// Replaces categorical columns by the position of their value among the sorted categories seen
/// at fit time (`ordinal`, scikit-learn's `OrdinalEncoder` with unknown values → NaN).
///
/// A missing value becomes a missing number; a category not seen at fit time becomes
/// ``unknownValue`` (scikit-learn's `handle_unknown="use_encoded_value"`), missing by default.
public struct OrdinalEncoder: Sendable, Hashable, Codable {
    /// The encoded columns, in fit order.
    public var columns: [String]
    /// Sorted categories per column; a value's code is its index here.
    public var categories: [[String]]
    /// The code of a category not seen at fit time; nil for a missing number (NaN).
    public var unknownValue: Double?

    /// Learns the categories.
    ///
    /// - Parameter columns: categorical columns; `nil` for all categorical columns.
    /// - Throws: ``FrameError`` for unknown or numeric columns.
    public static func fit(_ frame: Frame, columns: [String]? = nil, unknownValue: Double? = nil) throws
        -> OrdinalEncoder
    {
        let names = try TransformColumns.resolve(columns, in: frame, kind: .categorical, operation: "ordinal")
        let categories = try names.map { name -> [String] in
            let strings = try TransformColumns.strings(name, in: frame, operation: "ordinal")
            let used = Set(strings.codes.filter { $0 >= 0 })
            return Set(used.map { strings.categories[Int($0)] }).sorted()
        }
        return OrdinalEncoder(columns: names, categories: categories, unknownValue: unknownValue)
    }

    /// The frame with each fitted column replaced by numeric codes.
    ///
    /// - Throws: ``FrameError`` when a fitted column is absent or numeric.
    public func apply(to frame: Frame) throws -> Frame {
        var result = frame
        for (k, name) in columns.enumerated() {
            let strings = try TransformColumns.strings(name, in: frame, operation: "ordinal")
            var position: [String: Double] = [:]
            for (i, category) in categories[k].enumerated() { position[category] = Double(i) }
            let translate = strings.categories.map { position[$0] ?? unknownValue ?? .nan }
            result = try result.setting(
                Column(name: name, numbers: strings.codes.map { $0 < 0 ? .nan : translate[Int($0)] }))
        }
        return result
    }
}
