/// Replaces categorical columns by a smoothed mean of the target per category (`target`,
/// scikit-learn's `TargetEncoder` for binary and continuous targets).
///
/// A binary target (exactly two distinct values) is coded 0/1 by its sorted values, the larger
/// one being 1, as scikit-learn's `LabelEncoder`; a continuous target is used as it is. Each
/// category's encoding shrinks its target mean toward the overall mean: with `smooth` a number
/// `m`, `(sum + m × mean) / (count + m)`; with `smooth` nil (scikit-learn's `"auto"`), the
/// empirical Bayes weight `λ = v·n / (v·n + ssd/n)` (v the target's population variance, n the
/// category's count, ssd its sum of squared deviations from its own mean) gives
/// `λ × category mean + (1 − λ) × mean`. A missing value is a category of its own (as in
/// scikit-learn); a category not seen at fit time, or one whose λ is undefined, gets the
/// overall target mean.
///
/// ``fitTransform(_:columns:target:targetType:smooth:folds:)`` encodes the fitting frame by
/// cross-fitting: each row is encoded with statistics from the other folds only, so a row's own
/// target never enters its encoding. ``apply(to:)`` encodes any other frame with statistics
/// from every fitting row.
public struct TargetEncoder: Sendable, Hashable, Codable {
    /// How the target is read.
    public enum TargetType: String, Sendable, Hashable, Codable, CaseIterable {
        /// Two classes, coded 0 and 1.
        case binary
        /// Numbers, used as they are.
        case continuous
    }

    /// The encoded columns, in fit order.
    public var columns: [String]
    /// The target column.
    public var target: String
    /// How the target was read.
    public var targetType: TargetType
    /// A binary target's two values in code order (the second is coded 1); empty otherwise.
    public var classes: [String]
    /// The target's mean over every fitting row (of the 0/1 codes for a binary target).
    public var targetMean: Double
    /// The smoothing weight; nil for scikit-learn's `"auto"`.
    public var smooth: Double?
    /// Sorted categories per column.
    public var categories: [[String]]
    /// The encoding of each category, parallel to ``categories``.
    public var encodings: [[Double]]
    /// The encoding of a missing value per column; nil when the fitting frame had none there.
    public var missingEncodings: [Double?]

    /// The frame's target as numbers (0/1 for binary), with its type and a binary target's classes.
    ///
    /// - Throws: ``FrameError`` when the target is missing somewhere, has fewer than two values,
    ///   or is categorical with more than two.
    static func readTarget(_ frame: Frame, target: String, type requested: TargetType?) throws -> (
        y: [Double], type: TargetType, classes: [String]
    ) {
        guard let column = frame[target] else {
            throw FrameError.unknownColumn(target, in: frame.columnNames).about("target")
        }
        guard column.missingCount == 0 else {
            throw FrameError(
                .missingValues, "the target `\(target)` has \(column.missingCount) missing values",
                hint: "filter out rows without a target, or impute it first", argument: "target")
        }
        switch column.values {
        case .numeric(let numbers):
            let distinct = Set(numbers.map { $0 == 0 ? 0 : $0 }).sorted()
            let type = requested ?? (distinct.count == 2 ? .binary : .continuous)
            if type == .continuous { return (numbers, .continuous, []) }
            guard distinct.count == 2 else {
                throw FrameError(
                    .invalidArgument,
                    "a binary target needs exactly two values; `\(target)` has \(distinct.count)",
                    hint: "use target_type: continuous", argument: "target_type")
            }
            let high = distinct[1]
            let classes = distinct.map { (value: Double) -> String in
                value.rounded() == value && abs(value) < 1e15 ? String(Int(value)) : String(value)
            }
            let codes: [Double] = numbers.map { $0 == high ? 1 : 0 }
            return (codes, .binary, classes)
        case .categorical(let strings):
            let used = Set(strings.codes.map { strings.categories[Int($0)] }).sorted()
            guard used.count == 2, requested != .continuous else {
                throw FrameError(
                    .wrongKind,
                    requested == .continuous
                        ? "a continuous target must be numeric; `\(target)` is categorical"
                        : "target encoding needs a binary or numeric target; `\(target)` has \(used.count) classes",
                    hint: "encode a numeric target, or a text target with exactly two values",
                    argument: "target")
            }
            let high = used[1]
            let codes = strings.categories.map { $0 == high ? 1.0 : 0.0 }
            return (strings.codes.map { codes[Int($0)] }, .binary, used)
        case .date:
            throw FrameError(
                .wrongKind, "the target `\(target)` is a date column",
                hint: "encode against a numeric or two-valued text target", argument: "target")
        }
    }

    /// A column as category numbers: sorted present categories `0..<n`, missing `n`.
    private static func ordinal(_ strings: CategoricalValues) -> (codes: [Int], categories: [String]) {
        var used = [Bool](repeating: false, count: strings.categories.count)
        for code in strings.codes where code >= 0 { used[Int(code)] = true }
        let categories = strings.categories.indices.filter { used[$0] }.map { strings.categories[$0] }.sorted()
        var position: [String: Int] = [:]
        for (i, category) in categories.enumerated() { position[category] = i }
        let translate = strings.categories.map { position[$0] ?? -1 }
        return (strings.codes.map { $0 < 0 ? categories.count : translate[Int($0)] }, categories)
    }

    /// Encodings of categories `0..<count` learned from `rows` (scikit-learn's
    /// `_fit_encoding_fast` and `_fit_encoding_fast_auto_smooth`), and the rows' target mean.
    private static func learn(
        codes: [Int], count: Int, y: [Double], rows: [Int], smooth: Double?
    ) -> (encodings: [Double], mean: Double) {
        let values = rows.map { y[$0] }
        let n = Double(values.count)
        let mean = Statistics.sum(values[...]) / n
        var sums = [Double](repeating: 0, count: count)
        var counts = [Double](repeating: 0, count: count)
        for row in rows {
            sums[codes[row]] += y[row]
            counts[codes[row]] += 1
        }
        guard let smooth else {
            let deviations = values.map { ($0 - mean) * ($0 - mean) }
            let variance = Statistics.sum(deviations[...]) / n
            let means = (0..<count).map { sums[$0] / counts[$0] }
            var squares = [Double](repeating: 0, count: count)
            for row in rows {
                let difference = y[row] - means[codes[row]]
                squares[codes[row]] += difference * difference
            }
            let encodings = (0..<count).map { c -> Double in
                let lambda = variance * counts[c] / (variance * counts[c] + squares[c] / counts[c])
                return lambda.isNaN ? mean : lambda * means[c] + (1 - lambda) * mean
            }
            return (encodings, mean)
        }
        return ((0..<count).map { (sums[$0] + smooth * mean) / (counts[$0] + smooth) }, mean)
    }

    /// Learns the encodings from every row of `frame`.
    ///
    /// - Parameters:
    ///   - columns: categorical columns; `nil` for all categorical columns but the target.
    ///   - target: the target column.
    ///   - targetType: how to read the target; nil infers it (two distinct values: binary;
    ///     otherwise numbers: continuous).
    ///   - smooth: the smoothing weight (≥ 0); nil for scikit-learn's `"auto"`.
    /// - Throws: ``FrameError`` for unknown or numeric columns, or a target that cannot be read.
    public static func fit(
        _ frame: Frame, columns: [String]? = nil, target: String, targetType: TargetType? = nil, smooth: Double? = nil
    ) throws -> TargetEncoder {
        try fitAndEncode(frame, columns: columns, target: target, targetType: targetType, smooth: smooth, folds: nil)
            .encoder
    }

    /// Learns the encodings from every row of `frame` and encodes `frame` by cross-fitting: the
    /// rows of each fold are encoded with what the other folds' rows teach (scikit-learn's
    /// `fit_transform`).
    ///
    /// - Parameter folds: the test rows of each fold; together they must cover every row once.
    /// - Throws: As ``fit(_:columns:target:targetType:smooth:)``.
    public static func fitTransform(
        _ frame: Frame, columns: [String]? = nil, target: String, targetType: TargetType? = nil, smooth: Double? = nil,
        folds: [[Int]]
    ) throws -> (encoder: TargetEncoder, frame: Frame) {
        let result = try fitAndEncode(
            frame, columns: columns, target: target, targetType: targetType, smooth: smooth, folds: folds)
        return (result.encoder, result.frame ?? frame)
    }

    private static func fitAndEncode(
        _ frame: Frame, columns: [String]?, target: String, targetType: TargetType?, smooth: Double?, folds: [[Int]]?
    ) throws -> (encoder: TargetEncoder, frame: Frame?) {
        let names = try TransformColumns.resolve(
            columns ?? frame.columns.filter { $0.kind == .categorical && $0.name != target }.map(\.name), in: frame,
            kind: .categorical, operation: "target encoding")
        if names.contains(target) {
            throw FrameError(
                .invalidArgument, "the target `\(target)` cannot encode itself",
                hint: "leave it out of `columns`", argument: "columns")
        }
        guard frame.rowCount > 0 else {
            throw FrameError(.invalidArgument, "target encoding needs at least one row to learn from")
        }
        let (y, type, classes) = try readTarget(frame, target: target, type: targetType)
        let all = Array(0..<frame.rowCount)
        var encoder = TargetEncoder(
            columns: names, target: target, targetType: type, classes: classes, targetMean: 0, smooth: smooth,
            categories: [], encodings: [], missingEncodings: [])
        var result = folds == nil ? nil : frame
        for name in names {
            let (codes, categories) = ordinal(try TransformColumns.strings(name, in: frame, operation: "target"))
            let hasMissing = codes.contains(categories.count)
            let learned = learn(codes: codes, count: categories.count + 1, y: y, rows: all, smooth: smooth)
            encoder.targetMean = learned.mean
            encoder.categories.append(categories)
            encoder.encodings.append(Array(learned.encodings.prefix(categories.count)))
            encoder.missingEncodings.append(hasMissing ? learned.encodings[categories.count] : nil)
            guard let folds else { continue }
            var encoded = [Double](repeating: .nan, count: frame.rowCount)
            var inFold = [Bool](repeating: false, count: frame.rowCount)
            for fold in folds {
                for row in fold { inFold[row] = true }
                let training = all.filter { !inFold[$0] }
                for row in fold { inFold[row] = false }
                let part = learn(codes: codes, count: categories.count + 1, y: y, rows: training, smooth: smooth)
                for row in fold { encoded[row] = part.encodings[codes[row]] }
            }
            result = try result?.setting(Column(name: name, numbers: encoded))
        }
        if names.isEmpty { encoder.targetMean = Statistics.sum(y[...]) / Double(y.count) }
        return (encoder, result)
    }

    /// The folds ``fitTransform(_:columns:target:targetType:smooth:folds:)`` uses by default:
    /// scikit-learn's `StratifiedKFold` for a binary target and `KFold` for a continuous one,
    /// shuffled by the engine's generator from `seed` (so the sizes equal scikit-learn's and the
    /// assignment differs).
    ///
    /// - Throws: As ``fit(_:columns:target:targetType:smooth:)`` when the target cannot be read;
    ///   ``FrameError`` `invalidArgument` about `cv` with fewer rows than folds.
    public static func folds(
        _ frame: Frame, target: String, targetType: TargetType?, count: Int, shuffle: Bool, seed: UInt64
    ) throws -> [[Int]] {
        guard frame.rowCount >= count else {
            throw FrameError(
                .invalidArgument,
                "cross-fitting with cv=\(count) needs at least \(count) rows; the frame has \(frame.rowCount)",
                hint: "use fewer folds", argument: "cv")
        }
        let (y, type, _) = try readTarget(frame, target: target, type: targetType)
        switch type {
        case .continuous: return Folds.kFold(rows: frame.rowCount, folds: count, shuffle: shuffle, seed: seed)
        case .binary:
            return Folds.stratifiedKFold(labels: y.map { Int($0) }, folds: count, shuffle: shuffle, seed: seed)
        }
    }

    /// The frame with each fitted column replaced by its encoding (unseen categories, and
    /// missing values when none were seen, get the target mean).
    ///
    /// - Throws: ``FrameError`` when a fitted column is absent or numeric.
    public func apply(to frame: Frame) throws -> Frame {
        var result = frame
        for (k, name) in columns.enumerated() {
            let strings = try TransformColumns.strings(name, in: frame, operation: "target")
            var position: [String: Double] = [:]
            for (i, category) in categories[k].enumerated() { position[category] = encodings[k][i] }
            let translate = strings.categories.map { position[$0] ?? targetMean }
            let missing = missingEncodings[k] ?? targetMean
            result = try result.setting(
                Column(name: name, numbers: strings.codes.map { $0 < 0 ? missing : translate[Int($0)] }))
        }
        return result
    }
}
