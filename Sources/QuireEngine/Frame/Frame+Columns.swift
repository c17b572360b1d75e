extension Frame {
    /// The named columns, in the order given; their buffers are shared, not copied.
    ///
    /// - Throws: ``FrameError`` `unknownColumn` or `duplicateColumn`.
    public func selecting(_ names: [String]) throws -> Frame {
        var picked: [Column] = []
        picked.reserveCapacity(names.count)
        var taken = [Bool](repeating: false, count: columns.count)
        for (name, index) in zip(names, indices(of: names)) {
            guard let index else { throw FrameError.unknownColumn(name, in: columnNames) }
            guard !taken[index] else {
                throw FrameError(.duplicateColumn, "column `\(name)` is selected twice", hint: "list each column once")
            }
            taken[index] = true
            picked.append(columns[index])
        }
        return Frame(unchecked: picked, rowCount: rowCount)
    }

    /// The frame without the named columns.
    ///
    /// - Throws: ``FrameError`` `unknownColumn` when a name is not a column.
    public func dropping(_ names: [String]) throws -> Frame {
        for name in names where self[name] == nil { throw FrameError.unknownColumn(name, in: columnNames) }
        let dropped = Set(names)
        return Frame(unchecked: columns.filter { !dropped.contains($0.name) }, rowCount: rowCount)
    }

    /// The frame with a column added at the end, or replacing the column of the same name in place.
    ///
    /// - Throws: ``FrameError`` `lengthMismatch` when the column's length differs.
    public func setting(_ column: Column) throws -> Frame {
        guard column.count == rowCount || columns.isEmpty else {
            throw FrameError(
                .lengthMismatch, "column `\(column.name)` has \(column.count) rows, the frame has \(rowCount)",
                hint: "a new column needs one value per row")
        }
        var copy = self
        if let index = index(of: column.name) {
            copy.columns[index] = column
        } else {
            copy.columns.append(column)
        }
        copy.rowCount = column.count
        return copy
    }

    /// The frame with its columns renamed by a mapping from old to new names, all at once (so
    /// `{a: b, b: a}` swaps two names) and each column in its place, as pandas' `rename` does.
    ///
    /// - Throws: ``FrameError`` for an unknown old name (the first in name order) or a resulting
    ///   duplicate.
    public func renaming(_ mapping: [String: String]) throws -> Frame {
        for name in mapping.keys.sorted() where self[name] == nil {
            throw FrameError.unknownColumn(name, in: columnNames)
        }
        let renamed = columns.map { column in
            var column = column
            column.name = mapping[column.name] ?? column.name
            return column
        }
        return try Frame(columns: renamed, rowCount: rowCount)
    }
}
