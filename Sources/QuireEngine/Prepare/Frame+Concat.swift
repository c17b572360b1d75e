extension Frame {
    /// The rows of several frames, one frame after another, as pandas' `concat(frames)` (with
    /// `ignore_index=True`).
    ///
    /// Columns are matched by name: the result has every column of any frame, in order of first
    /// appearance (the first frame's columns, then each new one of the next frames); a frame
    /// without a column gives missing values there. Text columns are merged by their strings
    /// (each frame's category codes remapped once). A frame with no rows adds its columns but
    /// never decides a column's kind.
    ///
    /// - Parameters:
    ///   - frames: the frames with their names, which messages and the source column use.
    ///   - source: the name of an added text column holding each row's frame name, if any.
    /// - Throws: ``FrameError`` `wrong-kind` when a column is numbers in one frame and text in
    ///   another (naming both frames, about `frames`); `duplicate-column` when `source` is already
    ///   a column (about `source`); `invalid-argument` for no frames.
    public static func concatenating(_ frames: [(name: String, frame: Frame)], source: String? = nil) throws -> Frame {
        guard !frames.isEmpty else {
            throw FrameError(
                .invalidArgument, "nothing to concatenate", hint: "list the frames in `frames`", argument: "frames")
        }
        // The union of the names, and for each the first frame with rows that has it (its kind).
        var names: [String] = []
        var position: [String: Int] = [:]
        var model: [ColumnValues] = []
        var modelFrame: [Int?] = []
        for (index, entry) in frames.enumerated() {
            for column in entry.frame.columns {
                if let at = position[column.name] {
                    guard entry.frame.rowCount > 0 else { continue }
                    guard let first = modelFrame[at] else {
                        model[at] = column.values
                        modelFrame[at] = index
                        continue
                    }
                    guard Self.sameKind(model[at], column.values) else {
                        let firstFrame = frames[first]
                        throw FrameError(
                            .wrongKind,
                            "column `\(column.name)` is \(Self.kindName(model[at])) in `\(firstFrame.name)` but \(Self.kindName(column.values)) in `\(entry.name)`",
                            hint: "`cast` the column to one kind in one of the frames before `concat`",
                            argument: "frames")
                    }
                } else {
                    position[column.name] = names.count
                    names.append(column.name)
                    model.append(column.values)
                    modelFrame.append(entry.frame.rowCount > 0 ? index : nil)
                }
            }
        }
        if let source, position[source] != nil {
            throw FrameError(
                .duplicateColumn, "the source column `\(source)` is already a column of the frames",
                hint: "give `source` a name no frame uses", argument: "source")
        }
        let total = frames.reduce(0) { $0 + $1.frame.rowCount }
        var columns: [Column] = []
        columns.reserveCapacity(names.count + 1)
        for (at, name) in names.enumerated() {
            let pieces = frames.map { entry in (entry.frame[name]?.values, entry.frame.rowCount) }
            if case .categorical = model[at] {
                let strings = pieces.map { piece -> (strings: CategoricalValues?, count: Int) in
                    if case .categorical(let strings)? = piece.0 { return (strings, piece.1) }
                    return (nil, piece.1)  // absent, or an empty frame's column of another kind
                }
                columns.append(Column(name: name, values: .categorical(CategoryMerger.concatenate(strings))))
            } else {
                var floats: [Double] = []
                floats.reserveCapacity(total)
                for piece in pieces {
                    if let values = piece.0?.reshapeFloats, Self.sameKind(piece.0 ?? model[at], model[at]) {
                        floats.append(contentsOf: values)
                    } else {
                        floats.append(contentsOf: repeatElement(.nan, count: piece.1))
                    }
                }
                columns.append(Column(name: name, values: .reshapeFloats(floats, like: model[at])))
            }
        }
        if let source {
            var codes: [Int32] = []
            codes.reserveCapacity(total)
            let labels = CategoricalValues(frames.map { Optional($0.name) })
            for (index, entry) in frames.enumerated() {
                codes.append(contentsOf: repeatElement(labels.codes[index], count: entry.frame.rowCount))
            }
            columns.append(
                Column(
                    name: source, values: .categorical(CategoricalValues(codes: codes, categories: labels.categories))))
        }
        return Frame(unchecked: columns, rowCount: total)
    }

    /// Whether two columns hold the same kind of values.
    static func sameKind(_ a: ColumnValues, _ b: ColumnValues) -> Bool {
        Column(name: "", values: a).kind == Column(name: "", values: b).kind
    }

    /// The kind of a column's values in words, for messages.
    static func kindName(_ values: ColumnValues) -> String {
        switch Column(name: "", values: values).kind {
        case .numeric: "numbers"
        case .categorical: "text"
        case .date: "dates"
        }
    }
}
