// The keys of a join as dense integer codes shared by both sides: equal keys get equal codes,
// so matching rows is array indexing, not hashing of values per probe.

/// The key codes of a join's two sides in one code space `0..<count`.
///
/// The build side's codes come first (`0..<buildCount`); a probe-side key absent from the build
/// side is -1, unless it was encoded with `probeAll`, when it gets a code of its own from
/// `buildCount` on (needed to check the probe side's uniqueness). A missing key is always -1.
struct JoinKeyCodes {
    /// One code per build-side row.
    var build: [Int32]
    /// One code per probe-side row.
    var probe: [Int32]
    /// The number of codes.
    var count: Int
}

/// How one key column's values enter the encoding: numbers (by value) or text (by string).
private enum KeyValues {
    case numbers([Double])
    case text(CategoricalValues)

    /// The one place that decides how a column kind is keyed; a kind stored as numbers (dates,
    /// seconds since the epoch) takes the numeric path.
    init(_ values: ColumnValues) {
        switch values {
        case .numeric(let numbers), .date(let numbers): self = .numbers(numbers)
        case .categorical(let strings): self = .text(strings)
        }
    }
}

enum JoinKeyEncoder {
    /// The codes of the key columns `build` and `probe`, paired by position (same kinds).
    static func encode(build: [Column], probe: [Column], probeAll: Bool) -> JoinKeyCodes {
        var result: JoinKeyCodes?
        for (b, p) in zip(build, probe) {
            let codes: JoinKeyCodes
            switch (KeyValues(b.values), KeyValues(p.values)) {
            case let (.numbers(x), .numbers(y)): codes = numbers(x, y, probeAll: probeAll)
            case let (.text(x), .text(y)): codes = text(x, y, probeAll: probeAll)
            default: preconditionFailure("join keys of different kinds reach the encoder")
            }
            result = result.map { combine($0, codes, probeAll: probeAll) } ?? codes
        }
        return result ?? JoinKeyCodes(build: [], probe: [], count: 0)
    }

    /// A number's key: its bits, with -0.0 as 0.0; NaN (missing) is ``CodeTable/none``.
    @inline(__always)
    private static func key(_ value: Double) -> UInt64 {
        value.isNaN ? CodeTable.none : (value == 0 ? 0 : value.bitPattern)
    }

    private static func numbers(_ build: [Double], _ probe: [Double], probeAll: Bool) -> JoinKeyCodes {
        let table = CodeTable(capacity: build.count + (probeAll ? probe.count : 0))
        var buildCodes = [Int32](repeating: -1, count: build.count)
        build.withUnsafeBufferPointer { values in
            buildCodes.withUnsafeMutableBufferPointer { codes in
                for i in values.indices {
                    let k = key(values[i])
                    if k != CodeTable.none { codes[i] = table.code(for: k) }
                }
            }
        }
        var probeCodes = [Int32](repeating: -1, count: probe.count)
        probe.withUnsafeBufferPointer { values in
            probeCodes.withUnsafeMutableBufferPointer { codes in
                for i in values.indices {
                    let k = key(values[i])
                    if k != CodeTable.none { codes[i] = probeAll ? table.code(for: k) : table.find(k) }
                }
            }
        }
        return JoinKeyCodes(build: buildCodes, probe: probeCodes, count: table.count)
    }

    /// Text keys: one lookup per category (the two frames have their own category lists), then
    /// each row's code through its category's.
    private static func text(_ build: CategoricalValues, _ probe: CategoricalValues, probeAll: Bool)
        -> JoinKeyCodes
    {
        let matched = CategoryMatch(base: build.categories, other: probe.categories, otherAll: probeAll)
        return JoinKeyCodes(
            build: remap(build.codes, matched.base), probe: remap(probe.codes, matched.other), count: matched.count)
    }

    private static func remap(_ codes: [Int32], _ map: [Int32]) -> [Int32] {
        [Int32](unsafeUninitializedCapacity: codes.count) { out, count in
            codes.withUnsafeBufferPointer { codes in
                map.withUnsafeBufferPointer { map in
                    for i in codes.indices {
                        let code = codes[i]
                        out[i] = code < 0 ? -1 : map[Int(code)]
                    }
                }
            }
            count = codes.count
        }
    }

    /// Two columns' codes as one: each pair of codes gets a code of its own; a row with a missing
    /// part never matches.
    private static func combine(_ first: JoinKeyCodes, _ second: JoinKeyCodes, probeAll: Bool) -> JoinKeyCodes {
        let width = UInt64(second.count)
        let table = CodeTable(capacity: first.build.count + (probeAll ? first.probe.count : 0))
        func pairs(_ a: [Int32], _ b: [Int32], insert: Bool) -> [Int32] {
            var out = [Int32](repeating: -1, count: a.count)
            for i in a.indices {
                let x = a[i]
                let y = b[i]
                guard x >= 0, y >= 0 else { continue }
                let k = UInt64(x) &* width &+ UInt64(y)
                out[i] = insert ? table.code(for: k) : table.find(k)
            }
            return out
        }
        let build = pairs(first.build, second.build, insert: true)
        let probe = pairs(first.probe, second.probe, insert: probeAll)
        return JoinKeyCodes(build: build, probe: probe, count: table.count)
    }
}

/// Two category lists matched by their strings, one dictionary lookup per category.
struct CategoryMatch {
    /// Each base category's code; equal strings share one.
    var base: [Int32]
    /// Each other category's code: a base category's, else -1, or (with `otherAll`) a new one.
    var other: [Int32]
    /// The number of codes.
    var count: Int
    /// The number of codes of base strings (the others' new codes follow).
    var baseCount: Int

    init(base: [String], other: [String], otherAll: Bool) {
        var table = TextTable(capacity: base.count + (otherAll ? other.count : 0))
        self.base = base.map { table.insert($0) }
        baseCount = table.count
        self.other = other.map { otherAll ? table.insert($0) : table.find($0) }
        count = table.count
    }
}

/// Strings to dense codes in order of insertion. Strings compare as Swift compares them, as
/// a frame's categories do (canonically equivalent strings are one category), so a join agrees
/// with how each frame encoded its text.
private struct TextTable {
    private var codes: [String: Int32]

    var count: Int { codes.count }

    init(capacity: Int) {
        codes = Dictionary(minimumCapacity: capacity)
    }

    mutating func insert(_ text: String) -> Int32 {
        if let code = codes[text] { return code }
        let code = Int32(codes.count)
        codes[text] = code
        return code
    }

    func find(_ text: String) -> Int32 {
        codes[text] ?? -1
    }
}
