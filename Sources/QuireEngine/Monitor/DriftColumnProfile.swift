import Foundation

/// What drift testing keeps of one column: enough to reproduce every test exactly.
///
/// A numeric column keeps all its finite values, sorted ascending (8 bytes a value), and the
/// counts of missing and infinite values; a categorical column keeps the count of each category
/// (sorted by name) and the missing count. Every drift method depends on a numeric sample only
/// through its sorted values, so results from a profile equal those from the frame bit for bit.
public struct DriftColumnProfile: Sendable, Codable, Equatable {
    /// The column's name.
    public var name: String
    /// The column's kind.
    public var kind: ColumnKind
    /// Numeric: the finite values, ascending. Empty for categorical columns.
    public var sortedValues: [Double]
    /// Categorical: the categories that occur, sorted by name. Empty for numeric columns.
    public var categories: [String]
    /// Categorical: how often each of ``categories`` occurs.
    public var counts: [Int]
    /// Missing values (NaN, or code -1).
    public var missing: Int
    /// Infinite values (numeric columns).
    public var infinite: Int

    /// Profiles a column.
    public init(_ column: Column) {
        name = column.name
        kind = column.kind
        switch column.values {
        case .numeric(let numbers):
            let sorted = RadixSort.sortedFinite(numbers)
            sortedValues = sorted.sorted
            missing = sorted.missing
            infinite = sorted.infinite
            categories = []
            counts = []
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
            counts = categories.map { byName[$0]! }
            self.missing = missing
            infinite = 0
            sortedValues = []
        }
    }

    /// The number of values a test uses (finite numbers or present categories).
    public var presentCount: Int { kind == .numeric ? sortedValues.count : counts.reduce(0, +) }

    /// Distinct values as (label, count): categories, or distinct numbers in ascending order.
    func valueCounts() -> [(key: String, number: Double, count: Int)] {
        if kind == .categorical {
            return zip(categories, counts).map { ($0, .nan, $1) }
        }
        var result: [(key: String, number: Double, count: Int)] = []
        var index = 0
        while index < sortedValues.count {
            let value = sortedValues[index]
            var end = index + 1
            while end < sortedValues.count && sortedValues[end] == value { end += 1 }
            result.append((Self.label(value), value, end - index))
            index = end
        }
        return result
    }

    /// The number of distinct present values.
    var distinctCount: Int {
        if kind == .categorical { return categories.count }
        var distinct = 0
        var index = 0
        while index < sortedValues.count {
            distinct += 1
            let value = sortedValues[index]
            index += 1
            while index < sortedValues.count && sortedValues[index] == value { index += 1 }
        }
        return distinct
    }

    /// A number as a label: integers without a fraction (`3`), others as Swift prints them.
    static func label(_ value: Double) -> String {
        if value == value.rounded() && abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }
}
