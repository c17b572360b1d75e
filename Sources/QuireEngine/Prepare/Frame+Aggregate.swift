extension Frame {
    /// One row per group of equal keys: the key columns, then each aggregation's column in the
    /// order given, as pandas' `groupby(keys, sort=True).agg(**named)` computes them.
    ///
    /// Groups come in sorted key order (numbers by value, text by Unicode code point, several keys
    /// lexicographically). A row with a missing key is left out (pandas' `dropna=True`), unless
    /// `keepMissingKeys`: then missing is a key value of its own, after every other value of that
    /// key. Without keys, the whole frame is one group and the result has one row, even for a frame
    /// without rows (a count of 0, a sum of 0, a mean that is missing).
    ///
    /// - Parameters:
    ///   - keys: the key columns, the first one first; each at most once.
    ///   - aggregations: the output columns; their names may not be key names.
    ///   - keepMissingKeys: whether rows with a missing key form groups (pandas' `dropna=False`).
    ///   - threads: the threads the aggregations may be computed on; results do not depend on it.
    /// - Throws: ``FrameError``: `unknownColumn`, `duplicateColumn` or `wrongKind`, about `by` or
    ///   `columns` (``FrameError/argument``).
    public func aggregated(
        by keys: [String], _ aggregations: [Aggregation], keepMissingKeys: Bool = false, threads: Int = 1
    ) throws -> Frame {
        _ = try Self.aggregatedSchema(schema, by: keys, aggregations)
        let index = GroupIndex(
            keys: try keys.map { try column(named: $0).values }, rowCount: rowCount, keepMissing: keepMissingKeys)
        let inputs = try aggregations.map { try column(named: $0.column) }
        let outputs = try Parallel.map(aggregations.count, threads: threads) { k in
            Self.aggregate(aggregations[k], of: inputs[k].values, index)
        }
        let keyColumns = try selecting(keys).rows(index.firstRows).columns.map { key in
            try Self.zerosAsFirstWritten(key, in: column(named: key.name))
        }
        return Frame(unchecked: keyColumns + outputs, rowCount: index.count)
    }

    /// A number key's zeros written as the column's first zero is (`-0` or `0`, which are one key),
    /// as pandas shows a key value: as it first occurs in the column.
    private static func zerosAsFirstWritten(_ key: Column, in column: Column) -> Column {
        guard case .numeric(var numbers) = key.values, case .numeric(let all) = column.values,
            let zero = all.first(where: { $0 == 0 })
        else { return key }
        for i in numbers.indices where numbers[i] == 0 { numbers[i] = zero }
        return Column(name: key.name, numbers: numbers)
    }

    /// The schema ``aggregated(by:_:keepMissingKeys:threads:)`` gives for a frame of `schema`:
    /// the key fields, then one field per aggregation.
    ///
    /// - Throws: ``FrameError`` as ``aggregated(by:_:keepMissingKeys:threads:)`` does, without any
    ///   data: an unknown column, a key given twice, an output named like a key or another output,
    ///   a function that needs numbers applied to text.
    public static func aggregatedSchema(_ schema: Schema, by keys: [String], _ aggregations: [Aggregation]) throws
        -> Schema
    {
        var fields: [Schema.Field] = []
        for key in keys {
            guard let kind = schema.kind(of: key) else {
                throw FrameError.unknownColumn(key, in: schema.names).about("by")
            }
            guard !fields.contains(where: { $0.name == key }) else {
                throw FrameError(
                    .duplicateColumn, "key `\(key)` is given twice", hint: "list each key once", argument: "by")
            }
            fields.append(.init(name: key, kind: kind))
        }
        for aggregation in aggregations {
            guard let kind = schema.kind(of: aggregation.column) else {
                throw FrameError.unknownColumn(aggregation.column, in: schema.names).about("columns")
            }
            if fields.contains(where: { $0.name == aggregation.name }) {
                let isKey = keys.contains(aggregation.name)
                throw FrameError(
                    .duplicateColumn,
                    isKey
                        ? "output `\(aggregation.name)` has the name of a key column"
                        : "output `\(aggregation.name)` is named twice",
                    hint: isKey
                        ? "the keys come first in the result: give the output another name, e.g. `\(aggregation.name)_\(aggregation.function.rawValue)`"
                        : "give each output its own name", argument: "columns")
            }
            fields.append(.init(name: aggregation.name, kind: try aggregation.outputKind(for: kind)))
        }
        return Schema(fields: fields)
    }

    /// One aggregation's column over the groups of `index`.
    private static func aggregate(_ aggregation: Aggregation, of values: ColumnValues, _ index: GroupIndex) -> Column {
        let groups = index.count
        let name = aggregation.name
        let function = aggregation.function
        if function == .size {
            return Column(name: name, numbers: index.sizes.map(Double.init))
        }
        return index.ids.withUnsafeBufferPointer { ids in
            switch values {
            case .numeric(let numbers):
                let result = numbers.withUnsafeBufferPointer { numbers in
                    Self.numbers(aggregation, of: numbers, ids, groups: groups)
                }
                return Column(name: name, numbers: result)
            case .date(let seconds):
                // The numeric kernels; a count stays a number, every other result is a date.
                let result = seconds.withUnsafeBufferPointer { seconds in
                    Self.numbers(aggregation, of: seconds, ids, groups: groups)
                }
                let counts = function == .count || function == .nunique
                return Column(name: name, values: counts ? .numeric(result) : .date(result))
            case .categorical(let strings):
                switch function {
                case .count:
                    let counts = strings.codes.withUnsafeBufferPointer {
                        GroupKernels.counts($0, ids, groups: groups)
                    }
                    return Column(name: name, numbers: counts.map(Double.init))
                case .nunique:
                    let counts = strings.codes.withUnsafeBufferPointer {
                        GroupKernels.distinctCounts($0, codeCount: strings.categories.count, ids, groups: groups)
                    }
                    return Column(name: name, numbers: counts)
                case .first, .last:
                    let codes = strings.codes.withUnsafeBufferPointer {
                        GroupKernels.ends($0, ids, groups: groups, last: function == .last)
                    }
                    return Column(
                        name: name,
                        values: .categorical(CategoricalValues(codes: codes, categories: strings.categories))
                    )
                case .min, .max:
                    let codes = GroupKernels.extremes(strings, ids, groups: groups, largest: function == .max)
                    return Column(
                        name: name,
                        values: .categorical(CategoricalValues(codes: codes, categories: strings.categories))
                    )
                case .size, .sum, .mean, .median, .std, .var, .quantile:
                    // Refused by `aggregatedSchema` before any work.
                    preconditionFailure("\(function.rawValue) of text reached the kernels")
                }
            }
        }
    }

    /// An aggregation of numbers (and of dates, which are numbers with a kind of their own).
    private static func numbers(
        _ aggregation: Aggregation, of values: UnsafeBufferPointer<Double>, _ ids: UnsafeBufferPointer<Int32>,
        groups: Int
    ) -> [Double] {
        switch aggregation.function {
        case .count, .size: return GroupKernels.counts(values, ids, groups: groups).map(Double.init)
        case .sum: return GroupKernels.sums(values, ids, groups: groups, mean: false)
        case .mean: return GroupKernels.sums(values, ids, groups: groups, mean: true)
        case .var: return GroupKernels.variances(values, ids, groups: groups, root: false)
        case .std: return GroupKernels.variances(values, ids, groups: groups, root: true)
        case .min: return GroupKernels.extremes(values, ids, groups: groups, largest: false)
        case .max: return GroupKernels.extremes(values, ids, groups: groups, largest: true)
        case .first: return GroupKernels.ends(values, ids, groups: groups, last: false)
        case .last: return GroupKernels.ends(values, ids, groups: groups, last: true)
        case .median: return GroupKernels.quantiles(values, ids, groups: groups, q: nil)
        case .quantile: return GroupKernels.quantiles(values, ids, groups: groups, q: aggregation.quantile)
        case .nunique:
            let factors = Factorization(values, sorted: false)
            return factors.codes.withUnsafeBufferPointer {
                GroupKernels.distinctCounts($0, codeCount: factors.count, ids, groups: groups)
            }
        }
    }
}
