/// Dictionary-encoded strings: one code per row, indexing into a shared list of categories.
///
/// Code `-1` marks a missing value. Categories are kept in order of first appearance, so the
/// encoding of a file does not depend on how it was parsed. Row subsets share the category
/// list with the column they came from (Swift arrays are copy-on-write).
public struct CategoricalValues: Sendable, Hashable {
    /// One code per row: an index into ``categories``, or ``missingCode``.
    public var codes: [Int32]
    /// The distinct strings; a category may be unused after a row subset.
    public var categories: [String]

    /// The code that marks a missing value.
    public static let missingCode: Int32 = -1

    /// Creates categorical values from codes and their categories.
    ///
    /// - Precondition: every code is `-1` or a valid index into `categories`.
    public init(codes: [Int32], categories: [String]) {
        self.codes = codes
        self.categories = categories
    }

    /// Encodes strings in order of first appearance; `nil` is missing.
    public init(_ values: [String?]) {
        var lookup: [String: Int32] = [:]
        var categories: [String] = []
        var codes: [Int32] = []
        codes.reserveCapacity(values.count)
        for value in values {
            guard let value else {
                codes.append(Self.missingCode)
                continue
            }
            if let code = lookup[value] {
                codes.append(code)
            } else {
                let code = Int32(categories.count)
                lookup[value] = code
                categories.append(value)
                codes.append(code)
            }
        }
        self.codes = codes
        self.categories = categories
    }

    /// The string at a row, or `nil` when it is missing.
    public subscript(row: Int) -> String? {
        let code = codes[row]
        return code < 0 ? nil : categories[Int(code)]
    }

    /// The number of rows.
    public var count: Int { codes.count }

    /// Each category's position when the categories are ordered by Unicode code point (by their
    /// UTF-8 bytes, as pandas orders text): how `sort`, `aggregate`'s min and max and `pivot`
    /// compare text without comparing strings per row.
    var codePointRanks: [Int32] {
        let order = categories.indices.sorted { categories[$0].utf8.lexicographicallyPrecedes(categories[$1].utf8) }
        var rank = [Int32](repeating: 0, count: categories.count)
        for (position, category) in order.enumerated() { rank[category] = Int32(position) }
        return rank
    }
}
