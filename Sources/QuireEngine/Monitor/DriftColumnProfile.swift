import Foundation

/// What drift testing keeps of one column: enough to reproduce every test exactly.
///
/// A numeric column keeps all its finite values (8 bytes a value), their range, and the counts of
/// missing and infinite values; a categorical column keeps the count of each category (sorted by
/// name) and the missing count. Values are sorted only when a test needs order statistics
/// (Kolmogorov–Smirnov, Wasserstein, per-value counts); binned methods count them in one pass.
/// Every method depends on a numeric sample only through its multiset of values, so results
/// from a saved profile (stored sorted) equal those from the frame bit for bit.
///
/// A compact profile (``compacted(points:)``) keeps a numeric column's values as points with
/// ``weights``: its distinct values with their counts when it has few (exact), else block medians
/// with an ``approximation`` that says what they may be off by. Tests read it through
/// ``expanded()``.
public struct DriftColumnProfile: Sendable, Codable, Equatable {
    /// The column's name.
    public var name: String
    /// The column's kind.
    public var kind: ColumnKind
    /// Numeric: the finite values, ascending when ``isSorted``; in a compact profile, its
    /// points, strictly ascending. Empty for categorical columns.
    public internal(set) var values: [Double]
    /// A compact numeric profile: how many values each of ``values`` stands for (`nil` otherwise).
    public internal(set) var weights: [Int]?
    /// A compact numeric profile whose points are block medians: what they may be off by, and the
    /// data's own mean, deviations and range (`nil` when the profile is exact).
    public internal(set) var approximation: DriftApproximation?
    /// Whether ``values`` are in ascending order.
    public internal(set) var isSorted: Bool
    /// Numeric: the smallest and largest finite values (`nil` when there are none).
    public private(set) var range: ClosedRange<Double>?
    /// Categorical: the categories that occur, sorted by name. Empty for numeric columns.
    public var categories: [String]
    /// Categorical: how often each of ``categories`` occurs.
    public var counts: [Int]
    /// Missing values (NaN, or code -1).
    public var missing: Int
    /// Infinite values (numeric columns).
    public var infinite: Int

    /// Profiles a column: one pass over the values, no sorting.
    public init(_ column: Column) {
        name = column.name
        kind = column.kind
        switch column.values {
        case .numeric(let numbers), .date(let numbers):
            let finite = ValueSort.finite(numbers)
            values = finite.values
            isSorted = finite.values.count < 2
            range = finite.range
            missing = finite.missing
            infinite = finite.infinite
            categories = []
            counts = []
            weights = nil
            approximation = nil
        case .categorical(let strings):
            var byCode = [Int](repeating: 0, count: strings.categories.count)
            var missing = 0
            for code in strings.codes {
                if code < 0 { missing += 1 } else { byCode[Int(code)] += 1 }
            }
            // Equal category texts under different codes cannot occur, but merge them anyway.
            var byName: [String: Int] = [:]
            for (code, count) in byCode.enumerated() where count > 0 {
                byName[strings.categories[code], default: 0] += count
            }
            categories = byName.keys.sorted()
            counts = categories.map { byName[$0, default: 0] }
            self.missing = missing
            infinite = 0
            values = []
            isSorted = true
            range = nil
            weights = nil
            approximation = nil
        }
    }

    /// The same profile with its values sorted (what a saved reference stores).
    public func sorted() -> DriftColumnProfile {
        guard !isSorted else { return self }
        var copy = self
        copy.values = ValueSort.sorted(values)
        copy.isSorted = true
        return copy
    }

    /// Numeric: the finite values in ascending order (sorted now unless already sorted).
    public var sortedValues: [Double] { isSorted ? values : ValueSort.sorted(values) }

    /// The number of values a test uses (finite numbers or present categories).
    public var presentCount: Int {
        if kind == .categorical { return Self.checkedSum(counts) ?? Int.max }
        return weights.map { Self.checkedSum($0) ?? Int.max } ?? values.count
    }

    /// The number of rows the profile describes (present, missing and infinite values), or `nil`
    /// when that overflows.
    public var rowCount: Int? { Self.checkedSum([presentCount, missing, infinite]) }

    /// A sum of counts, or `nil` when it overflows `Int` (counts in a saved profile are input).
    static func checkedSum(_ numbers: [Int]) -> Int? {
        var total = 0
        for number in numbers {
            let (sum, overflow) = total.addingReportingOverflow(number)
            if overflow { return nil }
            total = sum
        }
        return total
    }

    /// Distinct values as (label, count): categories, or distinct numbers in ascending order.
    func valueCounts() -> [(key: String, number: Double, count: Int)] {
        if kind == .categorical {
            return zip(categories, counts).map { ($0, .nan, $1) }
        }
        let sorted = sortedValues
        var result: [(key: String, number: Double, count: Int)] = []
        var index = 0
        while index < sorted.count {
            let value = sorted[index]
            var end = index + 1
            while end < sorted.count && sorted[end] == value { end += 1 }
            result.append((Self.label(value), value, end - index))
            index = end
        }
        return result
    }

    /// The distinct present values, counting no further than `limit` (one pass, no sorting;
    /// stops as soon as `limit` distinct values are seen). `seed` holds values already seen in
    /// another sample, for a joint count.
    func distinctNumbers(limit: Int, seed: [Double] = []) -> [Double] {
        var seen = seed
        guard seen.count < limit else { return seen }
        // -0.0 == 0.0, as in the sorted walk.
        for value in values where !seen.contains(value) {
            seen.append(value)
            if seen.count >= limit { break }
        }
        return seen
    }

    /// A number as a label: integers without a fraction (`3`), others as Swift prints them.
    static func label(_ value: Double) -> String {
        if value == value.rounded() && abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    // MARK: - Codable: a saved profile stores its values sorted.

    private enum CodingKeys: String, CodingKey {
        case name, kind, sortedValues, points, pointCounts, approximation, categories, counts, missing, infinite
    }

    /// Reads a saved profile; a field that is inconsistent (values not finite or not ascending,
    /// counts negative, mismatched or overflowing) throws a data-corrupted error naming it.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        kind = try container.decode(ColumnKind.self, forKey: .kind)
        // A compact numeric column has points and their counts instead of every value.
        let compact = container.contains(.points)
        let valuesKey: CodingKeys = compact ? .points : .sortedValues
        values = try container.decode([Double].self, forKey: valuesKey)
        weights = compact ? try container.decode([Int].self, forKey: .pointCounts) : nil
        approximation = try container.decodeIfPresent(DriftApproximation.self, forKey: .approximation)
        categories = try container.decodeIfPresent([String].self, forKey: .categories) ?? []
        counts = try container.decodeIfPresent([Int].self, forKey: .counts) ?? []
        missing = try container.decode(Int.self, forKey: .missing)
        infinite = try container.decode(Int.self, forKey: .infinite)
        // A saved profile is input: every count is checked, and sums are overflow-checked, so that a
        // hand-edited file fails with its field named instead of trapping in a test.
        func corrupt(_ key: CodingKeys, _ message: String) -> DecodingError {
            DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: message)
        }
        guard values.allSatisfy(\.isFinite) else { throw corrupt(valuesKey, "holds a value that is not finite") }
        guard zip(values, values.dropFirst()).allSatisfy({ compact ? $0 < $1 : $0 <= $1 }) else {
            throw corrupt(
                valuesKey, compact ? "is not in ascending order without repeats" : "is not in ascending order")
        }
        if let weights {
            guard kind != .categorical else { throw corrupt(.points, "must be absent for a categorical column") }
            guard weights.count == values.count else {
                throw corrupt(.pointCounts, "has \(weights.count) entries for \(values.count) points")
            }
            if let bad = weights.first(where: { $0 < 1 }) {
                throw corrupt(.pointCounts, "holds a count below 1 (\(bad))")
            }
        }
        if let approximation {
            guard compact else { throw corrupt(.approximation, "belongs to a compact column (with points)") }
            guard let first = values.first, let last = values.last else {
                throw corrupt(.approximation, "is given for a column without points")
            }
            if let (field, message) = approximation.problem(points: first, last) {
                throw corrupt(.approximation, "\(field) \(message)")
            }
        }
        guard missing >= 0 else { throw corrupt(.missing, "is negative (\(missing))") }
        guard infinite >= 0 else { throw corrupt(.infinite, "is negative (\(infinite))") }
        switch kind {
        case .numeric, .date:
            guard categories.isEmpty else { throw corrupt(.categories, "must be empty for a numeric column") }
            guard counts.isEmpty else { throw corrupt(.counts, "must be empty for a numeric column") }
        case .categorical:
            guard values.isEmpty else { throw corrupt(.sortedValues, "must be empty for a categorical column") }
            guard infinite == 0 else { throw corrupt(.infinite, "must be 0 for a categorical column") }
            guard zip(categories, categories.dropFirst()).allSatisfy({ $0 < $1 }) else {
                throw corrupt(.categories, "is not sorted by name without repeats")
            }
            guard counts.count == categories.count else {
                throw corrupt(.counts, "has \(counts.count) entries for \(categories.count) categories")
            }
            if let negative = counts.first(where: { $0 < 0 }) {
                throw corrupt(.counts, "holds a negative count (\(negative))")
            }
        }
        guard Self.checkedSum(counts + (weights ?? [values.count]) + [missing, infinite]) != nil else {
            throw corrupt(kind == .numeric ? .missing : .counts, "adds up to more than \(Int.max)")
        }
        isSorted = true
        range = approximation.map { $0.min...$0.max } ?? values.first.map { $0...values[values.count - 1] }
    }

    /// Writes the profile with its values sorted (a compact one: its points and their counts).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(kind, forKey: .kind)
        if let weights {
            try container.encode(values, forKey: .points)
            try container.encode(weights, forKey: .pointCounts)
            try container.encodeIfPresent(approximation, forKey: .approximation)
        } else {
            try container.encode(sortedValues, forKey: .sortedValues)
            try container.encode(categories, forKey: .categories)
            try container.encode(counts, forKey: .counts)
        }
        try container.encode(missing, forKey: .missing)
        try container.encode(infinite, forKey: .infinite)
    }

    /// Profiles are equal when they describe the same samples, sorted or not (compact profiles:
    /// the same points, counts and approximation).
    public static func == (a: DriftColumnProfile, b: DriftColumnProfile) -> Bool {
        a.name == b.name && a.kind == b.kind && a.categories == b.categories && a.counts == b.counts
            && a.missing == b.missing && a.infinite == b.infinite && a.values.count == b.values.count
            && a.weights == b.weights && a.approximation == b.approximation && a.sortedValues == b.sortedValues
    }
}
