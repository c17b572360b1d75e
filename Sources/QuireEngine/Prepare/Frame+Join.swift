extension Frame {
    /// This frame (the left one) joined with `right` on key columns, as pandas' `merge` joins,
    /// except that a missing key (NaN, missing text) never matches anything.
    ///
    /// - Keys match by value: numbers with numbers (`-0.0` equals `0.0`), text with text by the
    ///   strings' Unicode code points (not by canonical equivalence). A row whose key has a missing
    ///   part matches nothing; `left`, `right` and `outer` joins still keep it, unmatched.
    /// - Columns: the left frame's, then the right frame's except a key column paired with a left
    ///   key of the same name (that key appears once, filled from the right side on rows only the
    ///   right frame has). Other names present on both sides get the suffixes.
    /// - Rows: `inner` and `left` follow the left rows, each followed by its matches in right
    ///   order (`left` keeps an unmatched row once, with missing right values); `right` follows
    ///   the right rows, each followed by its matches in left order; `outer` is `left`, then the
    ///   unmatched right rows in right order (pandas sorts an outer join by key instead); `semi`
    ///   and `anti` keep left rows in order, left columns only, each at most once.
    ///
    /// - Throws: ``FrameError`` `unknownColumn` for a key that is not a column, `wrongKind` for
    ///   keys of different kinds, `duplicateKey` when `validate` finds a key twice on a side that
    ///   must be unique, `duplicateColumn` when the suffixes leave two columns with one name,
    ///   `invalidArgument` for key lists of different lengths.
    public func joined(with right: Frame, _ options: JoinOptions) throws -> JoinResult {
        let left = self
        let (leftKeys, rightKeys) = try Self.joinKeys(left, right, options)
        let how = options.how
        let swap = how == .right
        let validate = options.validate
        let codes = JoinKeyEncoder.encode(
            build: swap ? leftKeys : rightKeys, probe: swap ? rightKeys : leftKeys,
            probeAll: swap ? validate.rightUnique : validate.leftUnique)
        if validate.leftUnique {
            try Self.checkUnique(swap ? codes.build : codes.probe, codes.count, leftKeys, "left", validate)
        }
        if validate.rightUnique {
            try Self.checkUnique(swap ? codes.probe : codes.build, codes.count, rightKeys, "right", validate)
        }
        let matches = JoinMatches(
            build: codes.build, probe: codes.probe, count: codes.count,
            keepProbe: how == .left || how == .right || how == .outer, keepBuild: how == .outer)
        let matchedLeft = swap ? matches.matchedBuild : matches.matchedProbe
        let matchedRight = swap ? matches.matchedProbe : matches.matchedBuild
        func result(_ frame: Frame) -> JoinResult {
            JoinResult(
                frame: frame, leftRows: left.rowCount, rightRows: right.rowCount, matchedLeft: matchedLeft,
                matchedRight: matchedRight)
        }
        if how == .semi || how == .anti {
            return result(left.rows(matches.probeRows(matched: how == .semi)))
        }
        guard matches.total <= Int(Int32.max) else {
            throw FrameError(
                .invalidArgument, "the join would give \(matches.total) rows, more than a frame holds",
                hint: "join on more columns, or remove duplicate keys first", argument: "how")
        }
        let (probeIndices, buildIndices) = matches.indices()
        return result(
            try Self.joinedColumns(
                left, right, options, leftIndices: swap ? buildIndices : probeIndices,
                rightIndices: swap ? probeIndices : buildIndices))
    }

    /// The key columns of each side, checked: as many on each side, known, of the same kinds.
    private static func joinKeys(_ left: Frame, _ right: Frame, _ options: JoinOptions) throws -> ([Column], [Column]) {
        let (leftOn, rightOn) = (options.leftOn, options.rightOn)
        guard !leftOn.isEmpty, !rightOn.isEmpty else {
            throw FrameError(
                .invalidArgument, "a join needs at least one key column",
                hint: "name the key with `on`, or with `left_on` and `right_on`",
                argument: leftOn.isEmpty ? options.leftArgument : options.rightArgument)
        }
        guard leftOn.count == rightOn.count else {
            throw FrameError(
                .invalidArgument,
                "`left_on` has \(leftOn.count) column\(leftOn.count == 1 ? "" : "s") and `right_on` has \(rightOn.count)",
                hint: "pair each left key with one right key, in order", argument: options.rightArgument)
        }
        func columns(_ frame: Frame, _ names: [String], _ side: String, _ argument: String) throws -> [Column] {
            var seen = Set<String>()
            return try names.map { name in
                guard seen.insert(name).inserted else {
                    throw FrameError(
                        .duplicateColumn, "key `\(name)` is listed twice", hint: "list each key column once",
                        argument: argument)
                }
                guard let column = frame[name] else {
                    throw FrameError(
                        .unknownColumn, "the \(side) frame has no column named `\(name)`",
                        hint: Suggestions.hint(for: name, among: frame.columnNames), argument: argument)
                }
                return column
            }
        }
        let leftKeys = try columns(left, leftOn, "left", options.leftArgument)
        let rightKeys = try columns(right, rightOn, "right", options.rightArgument)
        for (l, r) in zip(leftKeys, rightKeys) where l.kind != r.kind {
            throw FrameError(
                .wrongKind,
                "cannot join \(l.kind.rawValue) `\(l.name)` (left) with \(r.kind.rawValue) `\(r.name)` (right)",
                hint: "keys match only values of one kind: convert one of them with `cast` first",
                argument: options.leftArgument)
        }
        return (leftKeys, rightKeys)
    }

    /// Throws for the first row whose key an earlier row of the same side has.
    private static func checkUnique(
        _ codes: [Int32], _ count: Int, _ keys: [Column], _ side: String, _ validate: JoinValidation
    ) throws {
        var first = [Int32](repeating: -1, count: count)
        for (row, code) in codes.enumerated() where code >= 0 {
            let earlier = first[Int(code)]
            guard earlier < 0 else {
                let names = keys.map { "`\($0.name)`" }
                let values = keys.map { Self.keyText($0, at: row) }
                let key =
                    keys.count == 1
                    ? "\(names[0]) = \(values[0])"
                    : "(\(names.joined(separator: ", "))) = (\(values.joined(separator: ", ")))"
                throw FrameError(
                    .duplicateKey,
                    "\(key) is in \(side) rows \(earlier + 1) and \(row + 1), but `validate: \(validate.rawValue)` "
                        + "wants each key at most once in the \(side) frame",
                    hint: "remove the duplicate rows first, or relax `validate` (`many_to_many` checks nothing)",
                    argument: "validate")
            }
            first[Int(code)] = Int32(row)
        }
    }

    /// A key's value as a message shows it: integral numbers without a fraction, text quoted.
    private static func keyText(_ column: Column, at row: Int) -> String {
        switch column.values {
        case .numeric(let numbers):
            let value = numbers[row]
            return value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
        case .categorical(let strings):
            return "\"\(strings[row] ?? "")\""
        case .date(let seconds):
            return DateText.format(seconds[row], dateOnly: DateText.isDateOnly(seconds)) ?? ""
        }
    }

    /// The output columns: the left frame's gathered by `leftIndices`, then the right frame's
    /// (less the shared keys) by `rightIndices`; -1 gives missing values.
    private static func joinedColumns(
        _ left: Frame, _ right: Frame, _ options: JoinOptions, leftIndices: [Int32], rightIndices: [Int32]
    ) throws -> Frame {
        let shared = Set(zip(options.leftOn, options.rightOn).filter { $0 == $1 }.map(\.0))
        let rightOnly = leftIndices.contains(-1)
        let columns = options.outputColumns(left: left.columnNames, right: right.columnNames).compactMap { output in
            let frame = output.fromLeft ? left : right
            guard var gathered = frame[output.source]?.gathered(orMissing: output.fromLeft ? leftIndices : rightIndices)
            else { return nil as Column? }
            if output.fromLeft, shared.contains(output.source), rightOnly, let source = right[output.source] {
                gathered = coalesce(gathered, from: source, leftIndices: leftIndices, rightIndices: rightIndices)
            }
            gathered.name = output.name
            return gathered
        }
        do {
            return try Frame(columns: columns, rowCount: leftIndices.count)
        } catch let error as FrameError where error.code == .duplicateColumn {
            throw FrameError(
                .duplicateColumn, error.message + " after adding the suffixes to the columns both frames have",
                hint: "choose other `suffixes`, or rename the columns first", argument: "suffixes")
        }
    }

    /// A shared key column, its rows without a left row filled from the right frame's key.
    private static func coalesce(_ key: Column, from right: Column, leftIndices: [Int32], rightIndices: [Int32])
        -> Column
    {
        switch (key.values, right.values) {
        case (.numeric(var numbers), .numeric(let source)):
            for k in leftIndices.indices where leftIndices[k] < 0 && rightIndices[k] >= 0 {
                numbers[k] = source[Int(rightIndices[k])]
            }
            return Column(name: key.name, values: .numeric(numbers))
        case (.categorical(var strings), .categorical(let source)):
            // The right strings the left list lacks are appended to it; one lookup per category.
            let matched = CategoryMatch(base: strings.categories, other: source.categories, otherAll: true)
            var firstBase = [Int32](repeating: -1, count: matched.baseCount)
            for (code, id) in matched.base.enumerated().reversed() { firstBase[Int(id)] = Int32(code) }
            var categories = strings.categories
            var map = [Int32](repeating: -1, count: source.categories.count)
            for (code, id) in matched.other.enumerated() {
                if Int(id) < matched.baseCount {
                    map[code] = firstBase[Int(id)]
                } else {
                    let position = strings.categories.count + Int(id) - matched.baseCount
                    if position == categories.count { categories.append(source.categories[code]) }
                    map[code] = Int32(position)
                }
            }
            for k in leftIndices.indices where leftIndices[k] < 0 && rightIndices[k] >= 0 {
                let code = source.codes[Int(rightIndices[k])]
                strings.codes[k] = code < 0 ? -1 : map[Int(code)]
            }
            strings.categories = categories
            return Column(name: key.name, values: .categorical(strings))
        default:
            return key
        }
    }
}

/// The matching rows of a join's two sides: the build side grouped by key code (counting sort,
/// rows in order within a code), then each probe row's matches read off its code's group.
private struct JoinMatches {
    let build: [Int32]
    let probe: [Int32]
    /// Where each code's build rows start in ``order``; `count + 1` entries.
    let starts: [Int32]
    /// Build rows grouped by code, in row order within a code.
    let order: [Int32]
    let keepProbe: Bool
    let keepBuild: Bool
    /// Whether a code has a probe row (its build rows matched).
    let hit: [Bool]
    let matchedProbe: Int
    let matchedBuild: Int
    /// Output rows.
    let total: Int

    init(build: [Int32], probe: [Int32], count: Int, keepProbe: Bool, keepBuild: Bool) {
        self.build = build
        self.probe = probe
        self.keepProbe = keepProbe
        self.keepBuild = keepBuild
        var starts = [Int32](repeating: 0, count: count + 1)
        for code in build where code >= 0 { starts[Int(code) + 1] += 1 }
        for c in 0..<count { starts[c + 1] += starts[c] }
        var next = Array(starts.dropLast())
        var order = [Int32](repeating: 0, count: Int(starts[count]))
        for (row, code) in build.enumerated() where code >= 0 {
            order[Int(next[Int(code)])] = Int32(row)
            next[Int(code)] += 1
        }
        var hit = [Bool](repeating: false, count: count)
        var matchedProbe = 0
        var total = 0
        for code in probe {
            let n = code >= 0 ? Int(starts[Int(code) + 1] - starts[Int(code)]) : 0
            if n > 0 {
                matchedProbe += 1
                hit[Int(code)] = true
                total += n
            } else if keepProbe {
                total += 1
            }
        }
        var matchedBuild = 0
        for code in build where code >= 0 && hit[Int(code)] { matchedBuild += 1 }
        if keepBuild { total += build.count - matchedBuild }
        self.starts = starts
        self.order = order
        self.hit = hit
        self.matchedProbe = matchedProbe
        self.matchedBuild = matchedBuild
        self.total = total
    }

    /// The probe rows with a match (`matched`), or without one, in order.
    func probeRows(matched: Bool) -> [Int] {
        var rows: [Int] = []
        rows.reserveCapacity(matched ? matchedProbe : probe.count - matchedProbe)
        for (row, code) in probe.enumerated() {
            let found = code >= 0 && starts[Int(code) + 1] > starts[Int(code)]
            if found == matched { rows.append(row) }
        }
        return rows
    }

    /// The output's probe and build row of each output row (-1: none), in output order.
    func indices() -> (probe: [Int32], build: [Int32]) {
        var probeIndices = [Int32](repeating: -1, count: total)
        var buildIndices = [Int32](repeating: -1, count: total)
        var k = 0
        probeIndices.withUnsafeMutableBufferPointer { probeOut in
            buildIndices.withUnsafeMutableBufferPointer { buildOut in
                starts.withUnsafeBufferPointer { starts in
                    order.withUnsafeBufferPointer { order in
                        for (row, code) in probe.enumerated() {
                            let start = code >= 0 ? Int(starts[Int(code)]) : 0
                            let end = code >= 0 ? Int(starts[Int(code) + 1]) : 0
                            if start < end {
                                for m in start..<end {
                                    probeOut[k] = Int32(row)
                                    buildOut[k] = order[m]
                                    k += 1
                                }
                            } else if keepProbe {
                                probeOut[k] = Int32(row)
                                k += 1
                            }
                        }
                        if keepBuild {
                            for (row, code) in build.enumerated() where code < 0 || !hit[Int(code)] {
                                buildOut[k] = Int32(row)
                                k += 1
                            }
                        }
                    }
                }
            }
        }
        return (probeIndices, buildIndices)
    }
}
