/// Turns a frame into the numeric matrix a model reads: select features, apply fitted
/// preprocessing, check kinds and missing values.
enum FeaturePipeline {
    /// The matrix of `inputs` after `preprocessing`.
    ///
    /// - Throws: ``ModelError`` naming the column for an absent feature, a categorical input
    ///   (not encoded), or missing values (unless `allowMissing`).
    static func matrix(
        from frame: Frame, features: [String], kinds: [ColumnKind], preprocessing: [FittedTransform],
        inputs: [String], allowMissing: Bool, threads: Int
    ) throws -> Matrix {
        var data: Frame
        do {
            data = try frame.selecting(features)
        } catch let error as FrameError {
            throw ModelError(
                .missingFeatureValues, "the data lacks a feature the model needs: \(error.message)",
                hint: "the model reads the columns \(features.joined(separator: ", "))")
        }
        for (column, kind) in zip(data.columns, kinds) where column.kind != kind {
            throw ModelError(
                .categoricalFeature,
                "feature `\(column.name)` is \(column.kind.rawValue) here but was \(kind.rawValue) when the model was trained",
                hint: "give the model data with the training schema", column: column.name)
        }
        try refuseInfinite(data)
        for transform in preprocessing {
            do {
                data = try transform.apply(to: data)
            } catch let error as FrameError {
                throw ModelError(.invalidArgument, "preprocessing failed: \(error.message)", hint: error.hint)
            }
        }
        var columns: [[Double]] = []
        columns.reserveCapacity(inputs.count)
        for (name, index) in zip(inputs, data.indices(of: inputs)) {
            guard let index else {
                throw ModelError(.invalidArgument, "preprocessing did not produce input `\(name)`", column: name)
            }
            let column = data.columns[index]
            guard let numbers = column.numbers else {
                throw ModelError(
                    .categoricalFeature, "feature `\(name)` is categorical; models need numbers",
                    hint: "add one_hot or ordinal to preprocess, or leave the column out of features", column: name)
            }
            // A branch-free count (vectorised) first; the first position only when there are any.
            let count =
                allowMissing
                ? 0
                : numbers.withUnsafeBufferPointer { values in
                    var count = 0
                    for value in values { count &+= value.isNaN ? 1 : 0 }
                    return count
                }
            if count > 0, let row = numbers.firstIndex(where: { $0.isNaN }) {
                throw ModelError(
                    .missingFeatureValues,
                    "feature `\(name)` has \(count) missing value\(count == 1 ? "" : "s") (first at row \(row + 1))",
                    hint:
                        "add impute to preprocess, filter the rows, or use gradient_boosting, which handles missing values",
                    column: name)
            }
            columns.append(numbers)
        }
        return try Matrix(columnMajor: columns, rows: data.rowCount, threads: threads)
    }

    /// Refuses a numeric feature holding an infinite value (a CSV cell like `1e400`): it would
    /// make every coefficient and metric NaN without a word, or preprocessing call it missing.
    ///
    /// - Throws: ``ModelError`` naming the column, the count and the first row.
    static func refuseInfinite(_ frame: Frame) throws {
        for column in frame.columns {
            guard let numbers = column.numbers else { continue }
            try refuseInfinite(numbers, of: column.name, role: "feature")
        }
    }

    /// Throws when `numbers` holds an infinite value: it would turn every coefficient and metric
    /// NaN without a word. The message counts them and names the first row.
    static func refuseInfinite(_ numbers: [Double], of column: String, role: String) throws {
        let count = numbers.withUnsafeBufferPointer { values in
            var count = 0
            for value in values { count &+= value.isInfinite ? 1 : 0 }
            return count
        }
        guard count > 0, let row = numbers.firstIndex(where: \.isInfinite) else { return }
        throw ModelError(
            .invalidArgument,
            "\(role) `\(column)` has \(count) infinite value\(count == 1 ? "" : "s") (first at row \(row + 1))",
            hint: "filter them out first, e.g. filter: {where: \"abs(\(column)) < 1e300\"}", column: column)
    }
}
