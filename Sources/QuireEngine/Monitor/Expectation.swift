/// A data-quality expectation on a frame, in the spirit of Great Expectations.
///
/// Row-level expectations (`notNull`, `unique`, `between`, `inSet`, `matches`) pass when the share
/// of passing values is at least `mostly` (`nil` = 1.0, every value). `notNull` counts every row;
/// the others count present values only (missing values are neither passing nor failing, as in
/// Great Expectations). Aggregate expectations (`rowCount`, `meanBetween`, `stdBetween`,
/// `columnExists`, `typeIs`) ignore `mostly`. Bounds are inclusive; a `nil` bound is open.
public enum Expectation: Sendable, Codable, Equatable {
    /// No value of the column is missing.
    case notNull(column: String, mostly: Double? = nil)
    /// No present value occurs twice (every row holding a repeated value fails).
    case unique(column: String, mostly: Double? = nil)
    /// Present numbers lie in `[min, max]`.
    case between(column: String, min: Double? = nil, max: Double? = nil, mostly: Double? = nil)
    /// Present values are in `values` (for numeric columns each text is read as a number).
    case inSet(column: String, values: [String], mostly: Double? = nil)
    /// Present values contain a match of the regular expression (NSRegularExpression, ICU syntax,
    /// a search like Python's `re.search`; anchor with `^…$` for a full match).
    case matches(column: String, regex: String, mostly: Double? = nil)
    /// The frame's row count lies in `[min, max]`.
    case rowCount(min: Int? = nil, max: Int? = nil)
    /// The mean of the present numbers lies in `[min, max]`.
    case meanBetween(column: String, min: Double? = nil, max: Double? = nil)
    /// The sample standard deviation (ddof 1, as pandas) of the present numbers lies in `[min, max]`.
    case stdBetween(column: String, min: Double? = nil, max: Double? = nil)
    /// The column exists.
    case columnExists(column: String)
    /// The column exists and has the given kind.
    case typeIs(column: String, kind: ColumnKind)

    /// The column the expectation is about, or `nil` for `rowCount`.
    public var column: String? {
        switch self {
        case .notNull(let column, _), .unique(let column, _), .between(let column, _, _, _),
            .inSet(let column, _, _), .matches(let column, _, _), .meanBetween(let column, _, _),
            .stdBetween(let column, _, _), .columnExists(let column), .typeIs(let column, _):
            column
        case .rowCount: nil
        }
    }

    /// The share of values that must pass (1.0 unless set; aggregate expectations: 1.0).
    public var mostly: Double {
        switch self {
        case .notNull(_, let mostly), .unique(_, let mostly), .between(_, _, _, let mostly),
            .inSet(_, _, let mostly), .matches(_, _, let mostly):
            mostly ?? 1
        default: 1
        }
    }

    /// A number as a notebook writes it: whole numbers without a fraction (`-6`, not `-6.0`),
    /// others in the shortest form that reads back to the same number (`0.99`).
    public static func written(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
    }

    /// The notebook spelling, e.g. `between(age, min: 0, max: 120)`.
    public var description: String {
        func bounds(_ min: Double?, _ max: Double?) -> String {
            [min.map { "min: \(Self.written($0))" }, max.map { "max: \(Self.written($0))" }].compactMap { $0 }
                .joined(separator: ", ")
        }
        func bounds(_ min: Int?, _ max: Int?) -> String { bounds(min.map(Double.init), max.map(Double.init)) }
        func join(_ parts: [String]) -> String {
            parts.filter { !$0.isEmpty }.joined(separator: ", ")
        }
        let mostlyText = mostly < 1 ? "mostly: \(Self.written(mostly))" : ""
        switch self {
        case .notNull(let column, _): return "not_null(\(join([column, mostlyText])))"
        case .unique(let column, _): return "unique(\(join([column, mostlyText])))"
        case .between(let column, let min, let max, _):
            return "between(\(join([column, bounds(min, max), mostlyText])))"
        case .inSet(let column, let values, _):
            return "in_set(\(join([column, "[" + values.joined(separator: ", ") + "]", mostlyText])))"
        case .matches(let column, let regex, _): return "matches(\(join([column, "/\(regex)/", mostlyText])))"
        case .rowCount(let min, let max): return "row_count(\(bounds(min, max)))"
        case .meanBetween(let column, let min, let max): return "mean_between(\(join([column, bounds(min, max)])))"
        case .stdBetween(let column, let min, let max): return "std_between(\(join([column, bounds(min, max)])))"
        case .columnExists(let column): return "column_exists(\(column))"
        case .typeIs(let column, let kind): return "type_is(\(column), \(kind.rawValue))"
        }
    }
}
