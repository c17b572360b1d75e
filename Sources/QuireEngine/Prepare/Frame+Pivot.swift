/// How ``Frame/pivoted(index:columns:values:aggregate:)`` combines the values of rows that land
/// in one cell (pandas' `pivot_table(aggfunc=…)`); missing values are skipped.
public enum PivotAggregate: String, Sendable, CaseIterable {
    /// The mean of the present values (missing when there are none).
    case mean
    /// The sum of the present values (0 when there are none, as pandas).
    case sum
    /// The number of present values.
    case count
    /// The smallest present value.
    case min
    /// The largest present value.
    case max
    /// The first present value, in row order.
    case first
    /// The last present value, in row order.
    case last

    /// Whether it needs numbers.
    public var needsNumbers: Bool { self != .count && self != .first && self != .last }
}

extension Frame {
    /// The frame from long to wide, as pandas' `pivot_table(index, columns, values, aggfunc)`
    /// (or `pivot` when `aggregate` is nil): one row per combination of the `index` columns'
    /// values, one column per value of `columns`, each cell the value of `values` for that row
    /// and column.
    ///
    /// - Rows: the index combinations present, sorted ascending (numbers by value, text by code
    ///   point), as pandas sorts them. Rows with a missing index or `columns` value are left out,
    ///   as in `pivot_table`.
    /// - Columns: the index columns, then one per distinct value of `columns`, sorted the same
    ///   way and named by the value's text (a number as the CSV writer prints it: `2.0`).
    /// - Cells: a combination without rows is missing. Without `aggregate`, two rows in one cell
    ///   are an error naming them (as `pivot` refuses duplicate entries).
    ///
    /// - Throws: ``FrameError``: an unknown column (about `index`, `columns` or `values`); a
    ///   duplicate cell without `aggregate` (about `aggregate`); text under an aggregate that
    ///   needs numbers (about `aggregate`); a new column named like an index column, or a column
    ///   used twice (about `columns`).
    public func pivoted(index: [String], columns: String, values: String, aggregate: PivotAggregate?) throws
        -> Frame
    {
        func lookUp(_ name: String, _ argument: String) throws -> Column {
            do { return try column(named: name) } catch let error as FrameError { throw error.about(argument) }
        }
        let indexColumns = try index.map { try lookUp($0, "index") }
        let pivotColumn = try lookUp(columns, "columns")
        let valueColumn = try lookUp(values, "values")
        guard !index.isEmpty else {
            throw FrameError(
                .invalidArgument, "`index` names no column", hint: "name the columns that identify an output row",
                argument: "index")
        }
        if let twice = index.indices.first(where: { index[..<$0].contains(index[$0]) }).map({ index[$0] }) {
            throw FrameError(
                .duplicateColumn, "`\(twice)` is listed twice in `index`", hint: "list each column once",
                argument: "index")
        }
        if index.contains(columns) {
            throw FrameError(
                .invalidArgument, "`\(columns)` is both an index column and the `columns` column",
                hint: "the `columns` column's values become new columns; it cannot also be an index column",
                argument: "columns")
        }
        if index.contains(values) || values == columns {
            throw FrameError(
                .invalidArgument, "`\(values)` is the `values` column and also used as a key",
                hint: "choose a `values` column that is neither an index column nor the `columns` column",
                argument: "values")
        }
        if let aggregate, aggregate.needsNumbers, valueColumn.strings != nil {
            throw FrameError(
                .wrongKind, "`\(aggregate.rawValue)` needs numbers, but `\(values)` is text",
                hint: "use count, first or last for text, or `cast` the column to numbers", argument: "aggregate")
        }
        // Groups of the index, and the new columns, each numbered densely then ranked.
        let groups = FactorizedColumn.combined(
            indexColumns.map { FactorizedColumn($0.values, missingIsValue: false) }, rowCount: rowCount)
        let keys = FactorizedColumn(pivotColumn.values, missingIsValue: false)
        var representative = [Int](repeating: -1, count: groups.count)
        var keyRow = [Int](repeating: -1, count: keys.count)
        for row in 0..<rowCount where groups.codes[row] >= 0 && keys.codes[row] >= 0 {
            if representative[Int(groups.codes[row])] < 0 { representative[Int(groups.codes[row])] = row }
            if keyRow[Int(keys.codes[row])] < 0 { keyRow[Int(keys.codes[row])] = row }
        }
        // A group or key met only on rows with another key missing is not part of the result.
        let usedGroups = representative.indices.filter { representative[$0] >= 0 }
        let usedKeys = keyRow.indices.filter { keyRow[$0] >= 0 }
        let groupRanks = indexColumns.map { Self.valueRanks($0.values) }
        let sortedGroups = usedGroups.sorted { a, b in
            for ranks in groupRanks {
                let x = ranks[representative[a]]
                let y = ranks[representative[b]]
                if x != y { return x < y }
            }
            return a < b
        }
        let keyRanks = Self.valueRanks(pivotColumn.values)
        let sortedKeys = usedKeys.sorted { keyRanks[keyRow[$0]] < keyRanks[keyRow[$1]] }
        var outRow = [Int](repeating: -1, count: groups.count)
        for (position, group) in sortedGroups.enumerated() { outRow[group] = position }
        var outColumn = [Int](repeating: -1, count: keys.count)
        for (position, key) in sortedKeys.enumerated() { outColumn[key] = position }
        let names = sortedKeys.map { Self.keyName(pivotColumn.values, row: keyRow[$0]) }
        if let clash = names.first(where: { index.contains($0) }) {
            throw FrameError(
                .duplicateColumn, "the `columns` value `\(clash)` would name a new column like the index column",
                hint: "`rename` the index column first", argument: "columns")
        }
        let height = sortedGroups.count
        let width = sortedKeys.count
        let cells = try Self.pivotCells(
            valueColumn.values, groups: groups.codes, keys: keys.codes, outRow: outRow, outColumn: outColumn,
            width: width, height: height, aggregate: aggregate
        ) { row, other in
            let combination = (index + [columns]).map { name -> String in
                let column = self[name]
                let text = column.map { Self.keyName($0.values, row: row) } ?? ""
                return "`\(name)` = \(text)"
            }
            return FrameError(
                .invalidArgument,
                "rows \(other + 1) and \(row + 1) have the same \(combination.joined(separator: ", ")): a cell can hold one value",
                hint: "give an `aggregate` (mean, sum, count, min, max, first, last), or `distinct` the rows first",
                argument: "aggregate")
        }
        var output = rows(sortedGroups.map { representative[$0] }).selectingUnchecked(index)
        for (position, name) in names.enumerated() {
            output.append(Column(name: name, values: cells(position)))
        }
        return Frame(unchecked: output, rowCount: height)
    }

    /// The columns named, in that order, without checks.
    private func selectingUnchecked(_ names: [String]) -> [Column] {
        names.compactMap { self[$0] }
    }

    /// The text naming a key value: the string, or the number as the CSV writer prints it.
    static func keyName(_ values: ColumnValues, row: Int) -> String {
        if let floats = values.reshapeFloats {
            let x = floats[row]
            return x.isNaN ? "" : "\(x == 0 ? 0.0 : x)"
        }
        if case .categorical(let strings) = values { return strings[row] ?? "" }
        return ""
    }

    /// Each row's rank among the column's values (numbers by value, text by code point); equal
    /// values share a rank; missing rows get -1.
    static func valueRanks(_ values: ColumnValues) -> [Int32] {
        if let floats = values.reshapeFloats {
            let factorized = FactorizedColumn(values, missingIsValue: false)
            var value = [Double](repeating: 0, count: factorized.count)
            for (row, code) in factorized.codes.enumerated() where code >= 0 { value[Int(code)] = floats[row] }
            let order = value.indices.sorted { value[$0] < value[$1] }
            var rank = [Int32](repeating: 0, count: value.count)
            for (position, code) in order.enumerated() { rank[code] = Int32(position) }
            return factorized.codes.map { $0 < 0 ? -1 : rank[Int($0)] }
        }
        guard case .categorical(let strings) = values else { return [] }
        let rank = strings.codePointRanks
        return strings.codes.map { $0 < 0 ? -1 : rank[Int($0)] }
    }

    /// The cells' values by output column: a function from a column's position to its values.
    private static func pivotCells(
        _ values: ColumnValues, groups: [Int32], keys: [Int32], outRow: [Int], outColumn: [Int], width: Int,
        height: Int, aggregate: PivotAggregate?, duplicate: (Int, Int) -> FrameError
    ) throws -> (Int) -> ColumnValues {
        let count = width * height
        let rowCount = groups.count
        func cell(_ row: Int) -> Int? {
            let g = groups[row]
            let k = keys[row]
            guard g >= 0, k >= 0 else { return nil }
            return outColumn[Int(k)] * height + outRow[Int(g)]
        }
        switch aggregate {
        case nil, .first?, .last?:
            // The row whose value fills each cell.
            var source = [Int](repeating: -1, count: count)
            let order = aggregate == .last ? Array((0..<rowCount).reversed()) : Array(0..<rowCount)
            let missing: (Int) -> Bool
            if let floats = values.reshapeFloats {
                missing = { floats[$0].isNaN }
            } else if case .categorical(let strings) = values {
                missing = { strings.codes[$0] < 0 }
            } else {
                missing = { _ in false }
            }
            for row in order {
                guard let at = cell(row) else { continue }
                if aggregate == nil {
                    if source[at] >= 0 { throw duplicate(row, source[at]) }
                    source[at] = row
                } else if source[at] < 0 && !missing(row) {
                    source[at] = row
                }
            }
            return { position in
                let slice = source[(position * height)..<((position + 1) * height)]
                if let floats = values.reshapeFloats {
                    return .reshapeFloats(slice.map { $0 < 0 ? .nan : floats[$0] }, like: values)
                }
                guard case .categorical(let strings) = values else { return values }
                return .categorical(
                    CategoricalValues(
                        codes: slice.map { $0 < 0 ? CategoricalValues.missingCode : strings.codes[$0] },
                        categories: strings.categories))
            }
        case .count?:
            var counts = [Double](repeating: .nan, count: count)
            let present: (Int) -> Bool
            if let floats = values.reshapeFloats {
                present = { !floats[$0].isNaN }
            } else if case .categorical(let strings) = values {
                present = { strings.codes[$0] >= 0 }
            } else {
                present = { _ in true }
            }
            for row in 0..<rowCount {
                guard let at = cell(row) else { continue }
                if counts[at].isNaN { counts[at] = 0 }
                if present(row) { counts[at] += 1 }
            }
            return { position in .numeric(Array(counts[(position * height)..<((position + 1) * height)])) }
        case let aggregate?:
            let floats = values.reshapeFloats ?? []
            // Kahan-compensated sums, as pandas' group sums and means.
            var sums = [Double](repeating: 0, count: count)
            var compensation = [Double](repeating: 0, count: count)
            var present = [Int](repeating: 0, count: count)
            var seen = [Bool](repeating: false, count: count)
            var extreme = [Double](repeating: .nan, count: count)
            for row in 0..<rowCount {
                guard let at = cell(row) else { continue }
                seen[at] = true
                let x = floats[row]
                guard !x.isNaN else { continue }
                present[at] += 1
                switch aggregate {
                case .min: if extreme[at].isNaN || x < extreme[at] { extreme[at] = x }
                case .max: if extreme[at].isNaN || x > extreme[at] { extreme[at] = x }
                default:
                    let y = x - compensation[at]
                    let t = sums[at] + y
                    compensation[at] = (t - sums[at]) - y
                    sums[at] = t
                }
            }
            var result = [Double](repeating: .nan, count: count)
            for at in 0..<count where seen[at] {
                switch aggregate {
                case .min, .max: result[at] = extreme[at]
                case .sum: result[at] = sums[at]
                default: result[at] = present[at] > 0 ? sums[at] / Double(present[at]) : .nan
                }
            }
            return { position in
                .reshapeFloats(Array(result[(position * height)..<((position + 1) * height)]), like: values)
            }
        }
    }
}
