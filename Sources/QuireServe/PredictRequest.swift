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

    /// Reads a request body for a model taking `inputs`.
    ///
    /// - Throws: ``RequestError`` 400 for a body that is not JSON, has neither `rows` nor
    ///   `columns`, lacks a field, or holds a value of the wrong type (row and field named).
    static func decode(_ body: UnsafeBufferPointer<UInt8>, inputs: [ModelInput]) throws(RequestError) -> PredictRequest
    {
        var scanner = JSONScanner(body)
        var builder = ColumnBuilder(inputs: inputs)
        var layout: Layout?
        try scanner.expect(0x7B)
        if !scanner.take(0x7D) {
            repeat {
                let keyStart = scanner.index
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
                    _ = keyStart
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

/// The model's input columns filled value by value as the request is read.
private struct ColumnBuilder {
    let inputs: [ModelInput]
    /// Each input's name as UTF-8, to match keys without making strings.
    let names: [[UInt8]]
    /// Whether JSON writes each name as it is (no quote, backslash or control character), so a
    /// key can be matched by comparing bytes before it is read as a string.
    let plain: [Bool]
    var numbers: [[Double]]
    var strings: [[String?]]
    var rowCount = 0

    init(inputs: [ModelInput]) {
        self.inputs = inputs
        names = inputs.map { Array($0.name.utf8) }
        plain = names.map { name in !name.contains { $0 == 0x22 || $0 == 0x5C || $0 < 0x20 } }
        numbers = Array(repeating: [], count: inputs.count)
        strings = Array(repeating: [], count: inputs.count)
    }

    /// The input a key names, trying `hint` (the one after the previous key) first, since rows
    /// usually list their fields in the same order.
    func input(named key: JSONScanner.StringValue, in scanner: JSONScanner, hint: Int) -> Int? {
        switch key {
        case .raw(let range):
            let count = range.count
            guard let base = scanner.bytes.baseAddress else { return nil }
            let key = base + range.lowerBound
            func matches(_ i: Int) -> Bool {
                names[i].count == count
                    && names[i].withUnsafeBufferPointer { memcmp($0.baseAddress ?? key, key, count) == 0 }
            }
            if hint < names.count, matches(hint) { return hint }
            return names.indices.first(where: matches)
        case .decoded(let text):
            return inputs.firstIndex { $0.name == text }
        }
    }

    /// Reads one value for input `i` at row `row`.
    mutating func readValue(_ scanner: inout JSONScanner, input i: Int, row: Int) throws(RequestError) {
        let input = inputs[i]
        let token = try scanner.nextToken()
        if token == .literalNull {
            try scanner.literal("null")
            switch input.kind {
            case .numeric, .date: numbers[i].append(.nan)
            case .categorical: strings[i].append(nil)
            }
            return
        }
        switch input.kind {
        case .numeric:
            guard token == .number else { throw wrongType(input, token, row: row) }
            numbers[i].append(try scanner.number())
        case .categorical:
            guard token == .string else { throw wrongType(input, token, row: row) }
            strings[i].append(try scanner.text())
        case .date:
            guard token == .string else { throw wrongType(input, token, row: row) }
            let start = scanner.index
            let text = try scanner.text()
            guard let seconds = DateText.parse(text) else {
                _ = start
                throw RequestError(
                    status: 400, "field `\(input.name)` must be an ISO 8601 date (2026-12-07 or 2026-12-07T08:15:02Z)",
                    row: row, field: input.name)
            }
            numbers[i].append(seconds)
        }
    }

    func wrongType(_ input: ModelInput, _ token: JSONScanner.Token, row: Int) -> RequestError {
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

    /// `[{…}, …]`: one object per row, every input present once; other fields are ignored.
    mutating func readRows(_ scanner: inout JSONScanner) throws(RequestError) {
        guard let next = scanner.peek() else { throw scanner.unexpected("expected a list of rows") }
        guard next == 0x5B else {
            throw RequestError(status: 400, "\"rows\" must be a list of objects, one per row", field: "rows")
        }
        try scanner.expect(0x5B)
        if scanner.take(0x5D) { return }
        var seen = [Bool](repeating: false, count: inputs.count)
        repeat {
            let row = rowCount
            guard let next = scanner.peek() else { throw scanner.unexpected("expected a row") }
            guard next == 0x7B else {
                throw RequestError(status: 400, "row \(row) must be an object of fields", row: row)
            }
            try scanner.expect(0x7B)
            for i in seen.indices { seen[i] = false }
            var found = 0
            var hint = 0
            if !scanner.take(0x7D) {
                repeat {
                    // Rows usually list their fields in one order: the one after the previous
                    // key is tried first, as bytes.
                    let expected =
                        hint < names.count && plain[hint]
                        && names[hint].withUnsafeBufferPointer { scanner.take(key: $0) }
                    let i = expected ? hint : input(named: try scanner.string(), in: scanner, hint: hint)
                    try scanner.expect(0x3A)
                    if let i {
                        guard !seen[i] else {
                            throw RequestError(
                                status: 400, "field `\(inputs[i].name)` is given twice", row: row, field: inputs[i].name
                            )
                        }
                        seen[i] = true
                        found += 1
                        try readValue(&scanner, input: i, row: row)
                        hint = i + 1
                    } else {
                        try scanner.skipValue(depth: 3)
                    }
                } while scanner.take(0x2C)
                try scanner.expect(0x7D)
            }
            if found < inputs.count, let missing = seen.firstIndex(of: false) {
                throw RequestError(
                    status: 400, "field `\(inputs[missing].name)` is missing", row: row, field: inputs[missing].name)
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
        var seen = [Bool](repeating: false, count: inputs.count)
        var length: Int?
        if !scanner.take(0x7D) {
            repeat {
                let key = try scanner.string()
                try scanner.expect(0x3A)
                guard let i = input(named: key, in: scanner, hint: 0) else {
                    try scanner.skipValue(depth: 2)
                    continue
                }
                let name = inputs[i].name
                guard !seen[i] else { throw RequestError(status: 400, "field `\(name)` is given twice", field: name) }
                seen[i] = true
                guard scanner.peek() == 0x5B else {
                    throw RequestError(status: 400, "field `\(name)` must be a list of values", field: name)
                }
                try scanner.expect(0x5B)
                var count = 0
                if !scanner.take(0x5D) {
                    repeat {
                        try readValue(&scanner, input: i, row: count)
                        count += 1
                    } while scanner.take(0x2C)
                    try scanner.expect(0x5D)
                }
                if let length, length != count {
                    throw RequestError(
                        status: 400, "field `\(name)` has \(count) values but the fields before it have \(length)",
                        field: name)
                }
                length = count
            } while scanner.take(0x2C)
            try scanner.expect(0x7D)
        }
        if let missing = seen.firstIndex(of: false) {
            throw RequestError(
                status: 400, "field `\(inputs[missing].name)` is missing", field: inputs[missing].name)
        }
        rowCount = length ?? 0
    }

    /// The frame of the inputs read.
    func frame() throws(RequestError) -> Frame {
        var columns: [Column] = []
        columns.reserveCapacity(inputs.count)
        for (i, input) in inputs.enumerated() {
            switch input.kind {
            case .numeric: columns.append(Column(name: input.name, numbers: numbers[i]))
            case .date: columns.append(Column(name: input.name, dates: numbers[i]))
            case .categorical: columns.append(Column(name: input.name, strings: strings[i]))
            }
        }
        do {
            return try Frame(columns: columns, rowCount: rowCount)
        } catch {
            throw RequestError(status: 400, "the rows do not form a table: \(error)")
        }
    }
}
