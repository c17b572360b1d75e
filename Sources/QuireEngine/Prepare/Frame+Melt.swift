extension Frame {
    /// The frame from wide to long, as pandas' `melt(id_vars, value_vars, var_name, value_name)`:
    /// one row per row and value column, holding the id columns, the value column's name (in
    /// `variable`) and its value (in `value`).
    ///
    /// Rows come as pandas orders them: every row for the first value column, then every row for
    /// the next. The value columns must hold one kind of value; text columns are merged by their
    /// strings.
    ///
    /// - Parameters:
    ///   - ids: the columns repeated on every row.
    ///   - columns: the columns melted; nil means every column that is not an id.
    ///   - variable: the name of the column of value-column names.
    ///   - value: the name of the column of values.
    /// - Throws: ``FrameError``: an unknown column (about `id` or `columns`); value columns of
    ///   different kinds (about `columns`); no column to melt, a column both id and value, or a
    ///   `variable`/`value` name that clashes (about the parameter at fault).
    public func melted(ids: [String], columns: [String]?, variable: String, value: String) throws -> Frame {
        let idColumns: [Column]
        do { idColumns = try ids.map { try column(named: $0) } } catch let error as FrameError {
            throw error.about("id")
        }
        if let twice = ids.indices.first(where: { ids[..<$0].contains(ids[$0]) }).map({ ids[$0] }) {
            throw FrameError(
                .duplicateColumn, "`\(twice)` is listed twice in `id`", hint: "list each id column once",
                argument: "id")
        }
        let names = columns ?? columnNames.filter { !ids.contains($0) }
        let melted: [Column]
        do { melted = try names.map { try column(named: $0) } } catch let error as FrameError {
            throw error.about("columns")
        }
        if let both = names.first(where: { ids.contains($0) }) {
            throw FrameError(
                .invalidArgument, "`\(both)` is both an id column and a column to melt",
                hint: "list it in `id` or in `columns`, not both", argument: "columns")
        }
        guard let first = melted.first else {
            throw FrameError(
                .invalidArgument, "no column to melt",
                hint: columns == nil ? "every column is an id column" : "list the columns to melt in `columns`",
                argument: "columns")
        }
        if let other = melted.first(where: { $0.kind != first.kind }) {
            throw FrameError(
                .wrongKind,
                "the columns to melt hold different kinds: `\(first.name)` is \(Self.kindName(first.values)), `\(other.name)` is \(Self.kindName(other.values))",
                hint: "`cast` them to one kind first, or melt them in separate steps", argument: "columns")
        }
        if variable == value {
            throw FrameError(
                .duplicateColumn, "`variable` and `value` are both `\(value)`", hint: "give them different names",
                argument: "value")
        }
        for (name, argument) in [(variable, "variable"), (value, "value")] where ids.contains(name) {
            throw FrameError(
                .duplicateColumn, "`\(argument)` is `\(name)`, already an id column",
                hint: "give `\(argument)` a name no id column has", argument: argument)
        }
        let n = rowCount
        let k = melted.count
        var output: [Column] = idColumns.map { column in
            Column(name: column.name, values: Self.tiled(column.values, times: k, rowCount: n))
        }
        var variableCodes: [Int32] = []
        variableCodes.reserveCapacity(n * k)
        let labels = CategoricalValues(names.map { Optional($0) })
        for index in 0..<k { variableCodes.append(contentsOf: repeatElement(labels.codes[index], count: n)) }
        output.append(
            Column(
                name: variable,
                values: .categorical(CategoricalValues(codes: variableCodes, categories: labels.categories))
            ))
        if case .categorical = first.values {
            let merged = CategoryMerger.concatenate(melted.map { ($0.strings, n) })
            output.append(Column(name: value, values: .categorical(merged)))
        } else {
            var floats: [Double] = []
            floats.reserveCapacity(n * k)
            for column in melted { floats.append(contentsOf: column.values.reshapeFloats ?? []) }
            output.append(Column(name: value, values: .reshapeFloats(floats, like: first.values)))
        }
        return Frame(unchecked: output, rowCount: n * k)
    }

    /// A column's values repeated end to end `times` times.
    static func tiled(_ values: ColumnValues, times: Int, rowCount: Int) -> ColumnValues {
        if let floats = values.reshapeFloats {
            var tiled: [Double] = []
            tiled.reserveCapacity(rowCount * times)
            for _ in 0..<times { tiled.append(contentsOf: floats) }
            return .reshapeFloats(tiled, like: values)
        }
        guard case .categorical(let strings) = values else { return values }
        var codes: [Int32] = []
        codes.reserveCapacity(rowCount * times)
        for _ in 0..<times { codes.append(contentsOf: strings.codes) }
        return .categorical(CategoricalValues(codes: codes, categories: strings.categories))
    }
}
