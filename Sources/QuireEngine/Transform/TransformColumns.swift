/// Column lookups shared by the fitted transforms.
enum TransformColumns {
    /// The named columns (or, when `names` is nil, every column of `kind`), checked to be of `kind`.
    static func resolve(_ names: [String]?, in frame: Frame, kind: ColumnKind?, operation: String) throws -> [String] {
        guard let names else {
            return frame.columns.filter { kind == nil || $0.kind == kind }.map(\.name)
        }
        for name in names {
            let column = try frame.column(named: name)
            if let kind, column.kind != kind {
                throw FrameError(
                    .wrongKind, "\(operation) needs \(kind.rawValue) columns; `\(name)` is \(column.kind.rawValue)",
                    hint: kind == .numeric
                        ? "encode it first (one_hot or ordinal), or leave it out"
                        : "load it as categorical with a type override, or leave it out")
            }
        }
        return names
    }

    /// `frame` with each of the named columns, which a fitted transform expects to be numeric,
    /// replaced by `transform(k, numbers)` (`k` its position in `names`). The columns are found in
    /// one pass and replaced in place, so a transform of every column of a wide frame stays linear.
    ///
    /// - Throws: ``FrameError`` when a column is absent or not numeric.
    static func mapNumbers(
        _ names: [String], in frame: Frame, operation: String, _ transform: (Int, [Double]) -> [Double]
    ) throws -> Frame {
        var result = frame
        for (k, (name, index)) in zip(names, frame.indices(of: names)).enumerated() {
            guard let index else { throw FrameError.unknownColumn(name, in: frame.columnNames) }
            let numbers = try numbers(of: frame.columns[index], operation: operation)
            result.columns[index] = Column(name: name, numbers: transform(k, numbers))
        }
        return result
    }

    /// The numbers of a column that a fitted transform expects to be numeric.
    static func numbers(_ name: String, in frame: Frame, operation: String) throws -> [Double] {
        try numbers(of: frame.column(named: name), operation: operation)
    }

    /// The numbers of `column`, which a fitted transform expects to be numeric.
    static func numbers(of column: Column, operation: String) throws -> [Double] {
        let name = column.name
        guard let numbers = column.numbers else {
            throw FrameError(
                .wrongKind, "\(operation) was fitted on numeric `\(name)`, which is now categorical",
                hint: "apply it to data with the same schema as at fit time")
        }
        return numbers
    }

    /// The strings of a column that a fitted transform expects to be categorical.
    static func strings(_ name: String, in frame: Frame, operation: String) throws -> CategoricalValues {
        let column = try frame.column(named: name)
        guard let strings = column.strings else {
            throw FrameError(
                .wrongKind, "\(operation) was fitted on categorical `\(name)`, which is now numeric",
                hint: "apply it to data with the same schema as at fit time")
        }
        return strings
    }
}
