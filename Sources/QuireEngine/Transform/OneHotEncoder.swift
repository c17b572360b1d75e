import Foundation

/// Replaces each categorical column by one 0/1 column per category seen at fit time
/// (`one_hot`, scikit-learn's `OneHotEncoder(handle_unknown="ignore")`).
///
/// Categories are sorted (as scikit-learn does); the new columns are named `column_category` and
/// take the original column's place. A category not seen at fit time, or a missing value, gives
/// all zeros — never an error.
public struct OneHotEncoder: Sendable, Hashable, Codable {
    /// The encoded columns, in fit order.
    public var columns: [String]
    /// Sorted categories per column.
    public var categories: [[String]]

    /// Learns the categories.
    ///
    /// - Parameter columns: categorical columns; `nil` for all categorical columns.
    /// - Throws: ``FrameError`` for unknown or numeric columns.
    public static func fit(_ frame: Frame, columns: [String]? = nil) throws -> OneHotEncoder {
        let names = try TransformColumns.resolve(columns, in: frame, kind: .categorical, operation: "one_hot")
        let categories = try names.map { name -> [String] in
            let strings = try TransformColumns.strings(name, in: frame, operation: "one_hot")
            let used = Set(strings.codes.filter { $0 >= 0 })
            return Set(used.map { strings.categories[Int($0)] }).sorted()
        }
        return OneHotEncoder(columns: names, categories: categories)
    }

    /// The names of the output columns for one fitted column.
    public func outputNames(for index: Int) -> [String] {
        categories[index].map { "\(columns[index])_\($0)" }
    }

    /// The frame with each fitted column replaced by its indicator columns.
    ///
    /// - Throws: ``FrameError`` when a fitted column is absent or numeric, or an output name is
    ///   already a column.
    public func apply(to frame: Frame) throws -> Frame {
        try checkMemory(rows: frame.rowCount)
        var replacements: [String: [Column]] = [:]
        for (k, name) in columns.enumerated() {
            let strings = try TransformColumns.strings(name, in: frame, operation: "one_hot")
            // Map this frame's codes to fitted category positions once; unknown → -1.
            var position: [String: Int] = [:]
            for (i, category) in categories[k].enumerated() { position[category] = i }
            let translate = strings.categories.map { position[$0] ?? -1 }
            var indicators = [[Double]](
                repeating: [Double](repeating: 0, count: frame.rowCount), count: categories[k].count)
            for (row, code) in strings.codes.enumerated() where code >= 0 {
                let target = translate[Int(code)]
                if target >= 0 { indicators[target][row] = 1 }
            }
            replacements[name] = zip(outputNames(for: k), indicators).map { Column(name: $0, numbers: $1) }
        }
        var output: [Column] = []
        for column in frame.columns {
            if let replacement = replacements[column.name] {
                output.append(contentsOf: replacement)
            } else {
                output.append(column)
            }
        }
        do {
            return try Frame(columns: output, rowCount: frame.rowCount)
        } catch let error as FrameError where error.code == .duplicateColumn {
            throw FrameError(
                .duplicateColumn,
                "one_hot \(error.message.replacingOccurrences(of: "duplicate column name", with: "would create a column that exists already:"))",
                hint: "rename the existing column before encoding")
        }
    }

    /// Refuses, before allocating, an encoding whose indicator columns would exceed
    /// ``MemoryBudget``: the message names the columns with the most categories.
    ///
    /// - Throws: ``FrameError`` `invalidArgument` about `preprocess`.
    public func checkMemory(rows: Int) throws {
        let width = categories.reduce(0) { $0 + $1.count }
        guard !MemoryBudget.fits(rows: rows, columns: width) else { return }
        let widest = columns.indices.sorted {
            (categories[$0].count, columns[$1]) > (categories[$1].count, columns[$0])
        }
        .prefix(3).map { "`\(columns[$0])` (\(categories[$0].count))" }
        throw FrameError(
            .invalidArgument,
            "one_hot would make \(width) columns for \(rows) rows, "
                + "\(MemoryBudget.text(MemoryBudget.tableBytes(rows: rows, columns: width))), "
                + "above the \(MemoryBudget.text(MemoryBudget.bytes)) memory budget",
            hint: "the columns with the most categories are \(widest.joined(separator: ", ")); "
                + "leave them out of `features:`, or encode them with `ordinal` instead",
            argument: "preprocess")
    }
}
