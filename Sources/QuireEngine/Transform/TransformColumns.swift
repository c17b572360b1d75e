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

    /// The numbers of a column that a fitted transform expects to be numeric.
    static func numbers(_ name: String, in frame: Frame, operation: String) throws -> [Double] {
        let column = try frame.column(named: name)
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
