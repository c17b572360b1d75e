import QuireEngine

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A prediction request read: the rows as a ``Frame`` of the model's inputs, and the shape the
/// answer takes (rows in, rows out; columns in, columns out).
struct PredictRequest {
    /// How the request gave its rows.
    enum Layout: Sendable {
        /// `{"rows": [{…}, …]}`.
        case rows
        /// `{"columns": {"a": […], …}}`.
        case columns
    }

    /// The shape of the request.
    var layout: Layout
    /// The rows, one column per model input in `inputs` order.
    var frame: Frame

    /// Reads a request body for a model whose inputs are `fields` (worked out once per model).
    ///
    /// - Throws: ``RequestError`` 400 for a body that is not JSON, has neither `rows` nor
    ///   `columns`, lacks a field, or holds a value of the wrong type (row and field named).
    static func decode(_ body: UnsafeBufferPointer<UInt8>, fields: RequestFields) throws(RequestError)
        -> PredictRequest
    {
        var scanner = JSONScanner(body)
        var builder = ColumnBuilder(fields: fields)
        var layout: Layout?
        try scanner.expect(0x7B)
        if !scanner.take(0x7D) {
            repeat {
                let key = try scanner.text()
                try scanner.expect(0x3A)
                switch key {
                case "rows", "columns":
                    guard layout == nil else {
                        throw RequestError(status: 400, "give either \"rows\" or \"columns\", once", field: key)
                    }
                    if key == "rows" {
                        layout = .rows
                        try builder.readRows(&scanner)
                    } else {
                        layout = .columns
                        try builder.readColumns(&scanner)
                    }
                default:
                    try scanner.skipValue(depth: 1)
                }
            } while scanner.take(0x2C)
            try scanner.expect(0x7D)
        }
        guard scanner.atEnd() else { throw scanner.unexpected("text after the JSON value") }
        guard let layout else {
            throw RequestError(
                status: 400, "the body needs \"rows\" (a list of objects) or \"columns\" (an object of lists)")
        }
        return PredictRequest(layout: layout, frame: try builder.frame())
    }
}

/// A model's inputs as the request reader matches them: worked out once when the model loads,
/// not for every request.
struct RequestFields: Sendable {
    let inputs: [ModelInput]
    let kinds: [ColumnKind]
    /// Every input's name as UTF-8, one after another; input `i`'s is `nameBytes[nameStarts[i]..<nameStarts[i + 1]]`.
    let nameBytes: [UInt8]
    let nameStarts: [Int]
    /// Whether JSON writes each name as it is (no quote, backslash or control character), so a
    /// key can be matched by comparing bytes before it is read as a string.
    let plain: [Bool]

    init(_ inputs: [ModelInput]) {
        self.inputs = inputs
        kinds = inputs.map(\.kind)
        var bytes: [UInt8] = []
        var starts = [0]
        for input in inputs {
            bytes.append(contentsOf: input.name.utf8)
            starts.append(bytes.count)
        }
        nameBytes = bytes
        nameStarts = starts
        plain = inputs.map { input in !input.name.utf8.contains { $0 == 0x22 || $0 == 0x5C || $0 < 0x20 } }
    }

    var count: Int { inputs.count }
}

/// The model's input columns filled value by value as the request is read.
///
/// Numbers (and dates, as seconds) go row by row into one array, `count` slots a row, and are
/// split into columns at the end: no array per column to grow while reading.
private struct ColumnBuilder {
    let fields: RequestFields
    /// Row-major numbers: row `r`'s value of input `i` is `numbers[r * count + i]` (NaN for null;
    /// unused for categorical inputs).
    var numbers: [Double] = []
    /// Per categorical input, its values (empty arrays for the others).
    var strings: [[String?]]
    var rowCount = 0

    init(fields: RequestFields) {
        self.fields = fields
        strings = Array(repeating: [], count: fields.count)
    }

    /// The input a key names, trying `hint` (the one after the previous key) first, since rows
    /// usually list their fields in the same order.
    func input(named key: JSONScanner.StringValue, in scanner: JSONScanner, hint: Int) -> Int? {
        switch key {
        case .raw(let range):
            let count = range.count
            guard let base = scanner.bytes.baseAddress else { return nil }
            let key = base + range.lowerBound
            return fields.nameBytes.withUnsafeBufferPointer { names in
                func matches(_ i: Int) -> Bool {
                    let start = fields.nameStarts[i]
                    return fields.nameStarts[i + 1] - start == count
                        && memcmp((names.baseAddress ?? key) + start, key, count) == 0
                }
                if hint < fields.count, matches(hint) { return hint }
                return (0..<fields.count).first(where: matches)
            }
        case .decoded(let text):
            return fields.inputs.firstIndex { $0.name == text }
        }
    }

    /// Whether the next key is input `i`'s name, compared as bytes (consumed if so).
    func takeKey(_ i: Int, _ scanner: inout JSONScanner) -> Bool {
        guard i < fields.count, fields.plain[i] else { return false }
        return fields.nameBytes.withUnsafeBufferPointer { names in
            let start = fields.nameStarts[i]
            return scanner.take(key: UnsafeBufferPointer(rebasing: names[start..<fields.nameStarts[i + 1]]))
        }
    }

    /// Reads one value for input `i` at row `row`: a number or a date's seconds (NaN for null) is
    /// returned; a categorical value is appended to `strings[i]` (and NaN returned).
    mutating func readValue(_ scanner: inout JSONScanner, input i: Int, row: Int) throws(RequestError) -> Double {
        let kind = fields.kinds[i]
        let token = try scanner.nextToken()
        if kind == .numeric, token == .number { return try scanner.number() }
        if token == .literalNull {
            try scanner.literal("null")
            if kind == .categorical { strings[i].append(nil) }
            return .nan
        }
        switch kind {
        case .numeric:
            throw wrongType(i, token, row: row)
        case .categorical:
            guard token == .string else { throw wrongType(i, token, row: row) }
            strings[i].append(try scanner.text())
            return .nan
        case .date:
            guard token == .string else { throw wrongType(i, token, row: row) }
            guard let seconds = DateText.parse(try scanner.text()) else {
                let name = fields.inputs[i].name
                throw RequestError(
                    status: 400, "field `\(name)` must be an ISO 8601 date (2026-12-07 or 2026-12-07T08:15:02Z)",
                    row: row, field: name)
            }
            return seconds
        }
    }

    func wrongType(_ i: Int, _ token: JSONScanner.Token, row: Int) -> RequestError {
        let input = fields.inputs[i]
        let expected =
            switch input.kind {
            case .numeric: "a number (or null)"
            case .categorical: "a string (or null)"
            case .date: "a date string (or null)"
            }
        let found =
            switch token {
            case .string: "a string"
            case .number: "a number"
            case .object: "an object"
            case .array: "a list"
            case .literalTrue, .literalFalse: "a boolean"
            case .literalNull: "null"
            }
        return RequestError(
            status: 400, "field `\(input.name)` must be \(expected), not \(found)", row: row, field: input.name)
    }

    func missing(_ i: Int, row: Int?) -> RequestError {
        let name = fields.inputs[i].name
        return RequestError(status: 400, "field `\(name)` is missing", row: row, field: name)
    }

    func givenTwice(_ i: Int, row: Int?) -> RequestError {
        let name = fields.inputs[i].name
        return RequestError(status: 400, "field `\(name)` is given twice", row: row, field: name)
    }

    /// `[{…}, …]`: one object per row, every input present once; other fields are ignored.
    mutating func readRows(_ scanner: inout JSONScanner) throws(RequestError) {
        guard let next = scanner.peek() else { throw scanner.unexpected("expected a list of rows") }
        guard next == 0x5B else {
            throw RequestError(status: 400, "\"rows\" must be a list of objects, one per row", field: "rows")
        }
        try scanner.expect(0x5B)
        if scanner.take(0x5D) { return }
        let count = fields.count
        // The row in which each input was last given: given in this row when it equals `row`.
        var givenIn = [Int](repeating: -1, count: count)
        repeat {
            let row = rowCount
            guard let next = scanner.peek() else { throw scanner.unexpected("expected a row") }
            guard next == 0x7B else {
                throw RequestError(status: 400, "row \(row) must be an object of fields", row: row)
            }
            try scanner.expect(0x7B)
            let base = numbers.count
            numbers.append(contentsOf: repeatElement(.nan, count: count))
            var found = 0
            var hint = 0
            if !scanner.take(0x7D) {
                repeat {
                    // Rows usually list their fields in one order: the one after the previous
                    // key is tried first, as bytes.
                    let i = takeKey(hint, &scanner) ? hint : input(named: try scanner.string(), in: scanner, hint: hint)
                    try scanner.expect(0x3A)
                    if let i {
                        guard givenIn[i] != row else { throw givenTwice(i, row: row) }
                        givenIn[i] = row
                        found += 1
                        numbers[base + i] = try readValue(&scanner, input: i, row: row)
                        hint = i + 1
                    } else {
                        try scanner.skipValue(depth: 3)
                    }
                } while scanner.take(0x2C)
                try scanner.expect(0x7D)
            }
            if found < count, let absent = givenIn.firstIndex(where: { $0 != row }) {
                throw missing(absent, row: row)
            }
            rowCount += 1
        } while scanner.take(0x2C)
        try scanner.expect(0x5D)
    }

    /// `{"a": […], …}`: one list per input, all of one length; other fields are ignored.
    mutating func readColumns(_ scanner: inout JSONScanner) throws(RequestError) {
        guard let next = scanner.peek() else { throw scanner.unexpected("expected an object of lists") }
        guard next == 0x7B else {
            throw RequestError(status: 400, "\"columns\" must be an object of lists, one per field", field: "columns")
        }
        try scanner.expect(0x7B)
        var columns = [[Double]?](repeating: nil, count: fields.count)
        var length: Int?
        if !scanner.take(0x7D) {
            repeat {
                let key = try scanner.string()
                try scanner.expect(0x3A)
                guard let i = input(named: key, in: scanner, hint: 0) else {
                    try scanner.skipValue(depth: 2)
                    continue
                }
                let name = fields.inputs[i].name
                guard columns[i] == nil else { throw givenTwice(i, row: nil) }
                guard scanner.peek() == 0x5B else {
                    throw RequestError(status: 400, "field `\(name)` must be a list of values", field: name)
                }
                try scanner.expect(0x5B)
                var values: [Double] = []
                values.reserveCapacity(length ?? 0)
                if !scanner.take(0x5D) {
                    repeat {
                        values.append(try readValue(&scanner, input: i, row: values.count))
                    } while scanner.take(0x2C)
                    try scanner.expect(0x5D)
                }
                if let length, length != values.count {
                    throw RequestError(
                        status: 400,
                        "field `\(name)` has \(values.count) values but the fields before it have \(length)",
                        field: name)
                }
                length = values.count
                columns[i] = values
            } while scanner.take(0x2C)
            try scanner.expect(0x7D)
        }
        if let absent = columns.firstIndex(where: { $0 == nil }) { throw missing(absent, row: nil) }
        rowCount = length ?? 0
        // Into the rows' layout, which frame() reads.
        numbers = [Double](repeating: .nan, count: rowCount * fields.count)
        for (i, column) in columns.enumerated() {
            guard let column else { continue }
            for row in column.indices { numbers[row * fields.count + i] = column[row] }
        }
    }

    /// The frame of the inputs read.
    func frame() throws(RequestError) -> Frame {
        var columns: [Column] = []
        columns.reserveCapacity(fields.count)
        let count = fields.count
        for (i, input) in fields.inputs.enumerated() {
            if input.kind == .categorical {
                columns.append(Column(name: input.name, strings: strings[i]))
                continue
            }
            let values = [Double](unsafeUninitializedCapacity: rowCount) { buffer, initialized in
                numbers.withUnsafeBufferPointer { all in
                    for row in 0..<rowCount { buffer[row] = all[row * count + i] }
                }
                initialized = rowCount
            }
            columns.append(
                input.kind == .date
                    ? Column(name: input.name, dates: values) : Column(name: input.name, numbers: values))
        }
        do {
            return try Frame(columns: columns, rowCount: rowCount)
        } catch {
            throw RequestError(status: 400, "the rows do not form a table: \(error)")
        }
    }
}
