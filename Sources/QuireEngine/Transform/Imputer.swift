/// Replaces missing values with a value learned at fit time (`impute`).
public struct Imputer: Sendable, Hashable, Codable {
    /// The strategy it was fitted with.
    public var strategy: ImputeStrategy
    /// The imputed columns, in fit order.
    public var columns: [String]
    /// The fill value of each column.
    public var fills: [FillValue]

    /// Learns fill values from a frame.
    ///
    /// - Parameters:
    ///   - frame: training data.
    ///   - strategy: how to choose each fill value.
    ///   - columns: the columns to impute; `nil` for every column the strategy applies to
    ///     (numeric for mean/median/constant number, categorical for a constant string, all for
    ///     most frequent).
    /// - Throws: ``FrameError`` for unknown or wrongly typed columns, or a column without any
    ///   present value (nothing to learn from).
    public static func fit(_ frame: Frame, strategy: ImputeStrategy, columns: [String]? = nil) throws -> Imputer {
        let kind: ColumnKind? =
            switch strategy {
            case .mean, .median, .constantNumber: .numeric
            case .constantString: .categorical
            case .mostFrequent: nil
            }
        let names = try TransformColumns.resolve(columns, in: frame, kind: kind, operation: "impute")
        var fills: [FillValue] = []
        for name in names {
            let column = try frame.column(named: name)
            let noValues = FrameError(
                .missingValues, "column `\(name)` has no present value to learn a fill value from",
                hint: "use a constant strategy, or drop the column")
            switch (strategy, column.values) {
            case (.mean, .numeric(let numbers)):
                guard let mean = Statistics.mean(numbers) else { throw noValues }
                fills.append(.number(mean))
            case (.median, .numeric(let numbers)):
                guard let median = Statistics.median(numbers) else { throw noValues }
                fills.append(.number(median))
            case (.constantNumber(let value), _):
                fills.append(.number(value))
            case (.constantString(let value), _):
                fills.append(.string(value))
            case (.mostFrequent, .numeric(let numbers)):
                var counts: [Double: Int] = [:]
                for x in numbers where !x.isNaN { counts[x, default: 0] += 1 }
                guard let best = counts.max(by: { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }) else {
                    throw noValues
                }
                fills.append(.number(best.key))
            case (.mostFrequent, .categorical(let strings)):
                var counts: [String: Int] = [:]
                for i in 0..<strings.count { if let s = strings[i] { counts[s, default: 0] += 1 } }
                guard let best = counts.max(by: { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }) else {
                    throw noValues
                }
                fills.append(.string(best.key))
            default:
                preconditionFailure("column kinds were checked")
            }
        }
        return Imputer(strategy: strategy, columns: names, fills: fills)
    }

    /// The frame with missing values of the fitted columns replaced.
    ///
    /// - Throws: ``FrameError`` when a fitted column is absent or changed kind.
    public func apply(to frame: Frame) throws -> Frame {
        var result = frame
        for (name, fill) in zip(columns, fills) {
            switch fill {
            case .number(let value):
                let numbers = try TransformColumns.numbers(name, in: frame, operation: "impute")
                result = try result.setting(Column(name: name, numbers: numbers.map { $0.isNaN ? value : $0 }))
            case .string(let value):
                var strings = try TransformColumns.strings(name, in: frame, operation: "impute")
                let code: Int32
                if let existing = strings.categories.firstIndex(of: value) {
                    code = Int32(existing)
                } else {
                    code = Int32(strings.categories.count)
                    strings.categories.append(value)
                }
                strings.codes = strings.codes.map { $0 < 0 ? code : $0 }
                result = try result.setting(Column(name: name, values: .categorical(strings)))
            }
        }
        return result
    }
}
