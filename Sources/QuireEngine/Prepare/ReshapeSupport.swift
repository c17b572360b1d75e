// Pieces shared by the reshaping ops (sample, concat, distinct, pivot, melt): column storage seen
// as floats or codes, category lists merged across frames, and rows factorized into group codes.

extension ColumnValues {
    /// The values of a column stored as 64-bit floats (numbers; every kind stored that way takes
    /// this path), or nil for text.
    var reshapeFloats: [Double]? {
        switch self {
        case .numeric(let numbers), .date(let numbers): numbers
        case .categorical: nil
        }
    }

    /// Values of the same kind as `model`, stored as `floats`.
    ///
    /// - Precondition: `model` is stored as floats.
    static func reshapeFloats(_ floats: [Double], like model: ColumnValues) -> ColumnValues {
        switch model {
        case .numeric: .numeric(floats)
        case .date: .date(floats)
        case .categorical: preconditionFailure("text is not stored as floats")
        }
    }

    /// An all-missing column of `count` rows of the same kind as `model`.
    static func reshapeMissing(_ count: Int, like model: ColumnValues) -> ColumnValues {
        switch model {
        case .categorical(let strings):
            .categorical(
                CategoricalValues(
                    codes: [Int32](repeating: CategoricalValues.missingCode, count: count),
                    categories: strings.categories))
        default: reshapeFloats([Double](repeating: .nan, count: count), like: model)
        }
    }
}

/// Category lists of several text columns merged into one: the first list as it is, then each
/// new string in order of appearance. Each column's codes are remapped once per category through
/// a table, never by looking strings up per row.
struct CategoryMerger {
    private(set) var categories: [String] = []
    private var lookup: [String: Int32] = [:]

    /// The merged code of each of `list`'s categories, adding the new ones.
    mutating func add(_ list: [String]) -> [Int32] {
        if categories.isEmpty {
            categories = list
            lookup.reserveCapacity(list.count)
            for (index, category) in list.enumerated() { lookup[category] = Int32(index) }
            return list.indices.map { Int32($0) }
        }
        return list.map { category in
            if let code = lookup[category] { return code }
            let code = Int32(categories.count)
            categories.append(category)
            lookup[category] = code
            return code
        }
    }

    /// Text columns joined end to end into one column with merged categories (nil pieces: `count`
    /// missing rows).
    static func concatenate(_ pieces: [(strings: CategoricalValues?, count: Int)]) -> CategoricalValues {
        var merger = CategoryMerger()
        var codes: [Int32] = []
        codes.reserveCapacity(pieces.reduce(0) { $0 + $1.count })
        for piece in pieces {
            guard let strings = piece.strings else {
                codes.append(contentsOf: repeatElement(CategoricalValues.missingCode, count: piece.count))
                continue
            }
            let table = merger.add(strings.categories)
            for code in strings.codes { codes.append(code < 0 ? code : table[Int(code)]) }
        }
        return CategoricalValues(codes: codes, categories: merger.categories)
    }
}

/// A column's rows as dense codes `0..<count`, one per distinct value; missing rows get
/// `missing` (-1 unless asked for a code of their own).
struct FactorizedColumn {
    /// One code per row.
    var codes: [Int32]
    /// The number of distinct codes used (a missing code of its own included).
    var count: Int

    /// Numbers by value (`-0.0` and `0.0` are one value, every NaN another); text by string.
    /// With `missingIsValue`, missing rows share a code of their own; otherwise they are -1.
    init(_ values: ColumnValues, missingIsValue: Bool) {
        if let numbers = values.reshapeFloats {
            var lookup: [UInt64: Int32] = [:]
            var missingCode: Int32 = -1
            var codes = [Int32](repeating: -1, count: numbers.count)
            for (row, x) in numbers.enumerated() {
                if x.isNaN {
                    if missingIsValue {
                        if missingCode < 0 {
                            missingCode = Int32(lookup.count)
                            lookup[UInt64.max] = missingCode  // NaN's own slot: no number has these bits
                        }
                        codes[row] = missingCode
                    }
                    continue
                }
                let bits = (x == 0 ? 0.0 : x).bitPattern
                if let code = lookup[bits] {
                    codes[row] = code
                } else {
                    let code = Int32(lookup.count)
                    lookup[bits] = code
                    codes[row] = code
                }
            }
            self.codes = codes
            self.count = lookup.count
            return
        }
        guard case .categorical(let strings) = values else {
            self.codes = []
            self.count = 0
            return
        }
        // Categories are distinct strings, so a code is a value; renumber the used ones densely.
        var table = [Int32](repeating: -1, count: strings.categories.count)
        var next: Int32 = 0
        var missingCode: Int32 = -1
        var codes = [Int32](repeating: -1, count: strings.count)
        for (row, code) in strings.codes.enumerated() {
            if code < 0 {
                if missingIsValue {
                    if missingCode < 0 {
                        missingCode = next
                        next += 1
                    }
                    codes[row] = missingCode
                }
                continue
            }
            if table[Int(code)] < 0 {
                table[Int(code)] = next
                next += 1
            }
            codes[row] = table[Int(code)]
        }
        self.codes = codes
        self.count = Int(next)
    }

    /// Codes for the rows' combinations of several columns' codes, dense in order of first
    /// appearance; a row with a -1 in any column gets -1.
    static func combined(_ columns: [FactorizedColumn], rowCount: Int) -> FactorizedColumn {
        guard var result = columns.first else {
            return FactorizedColumn(codes: [Int32](repeating: 0, count: rowCount), count: rowCount > 0 ? 1 : 0)
        }
        for next in columns.dropFirst() {
            var lookup: [Int64: Int32] = [:]
            var codes = [Int32](repeating: -1, count: rowCount)
            for row in 0..<rowCount {
                let a = result.codes[row]
                let b = next.codes[row]
                guard a >= 0, b >= 0 else { continue }
                let key = Int64(a) << 32 | Int64(b)
                if let code = lookup[key] {
                    codes[row] = code
                } else {
                    let code = Int32(lookup.count)
                    lookup[key] = code
                    codes[row] = code
                }
            }
            result = FactorizedColumn(codes: codes, count: lookup.count)
        }
        return result
    }

    private init(codes: [Int32], count: Int) {
        self.codes = codes
        self.count = count
    }
}
