/// The values a number or integer parameter accepts: finite, between optional bounds that are
/// each included or excluded.
///
/// Declared once in an op's schema; the planner checks every value against it at the value's
/// position (`param-range`), and `quire ops` and docs/ops.md print it. NaN and infinities are
/// never accepted.
public struct ParameterRange: Sendable, Hashable, CustomStringConvertible {
    /// One end of a range.
    public struct Bound: Sendable, Hashable {
        /// Where the bound lies.
        public var value: Double
        /// Whether ``value`` itself is accepted.
        public var isIncluded: Bool

        /// Creates a bound at `value`, accepted itself when `included`.
        public init(_ value: Double, included: Bool) {
            self.value = value
            self.isIncluded = included
        }
    }

    /// The lower end, or nil when there is none.
    public var lower: Bound?
    /// The upper end, or nil when there is none.
    public var upper: Bound?

    /// Creates a range between the given bounds; nil means unbounded on that side.
    public init(lower: Bound?, upper: Bound?) {
        self.lower = lower
        self.upper = upper
    }

    /// `low…high`, both included.
    public static func between(_ low: Double, _ high: Double) -> Self {
        Self(lower: Bound(low, included: true), upper: Bound(high, included: true))
    }

    /// `low` or more.
    public static func atLeast(_ low: Double) -> Self { Self(lower: Bound(low, included: true), upper: nil) }

    /// More than `low`, and at most `high` when given.
    public static func greaterThan(_ low: Double, atMost high: Double? = nil) -> Self {
        Self(lower: Bound(low, included: false), upper: high.map { Bound($0, included: true) })
    }

    /// Strictly between `low` and `high`.
    public static func strictlyBetween(_ low: Double, _ high: Double) -> Self {
        Self(lower: Bound(low, included: false), upper: Bound(high, included: false))
    }

    /// Any finite value (a seed, a shift): declared so that no parameter is left unchecked by accident.
    public static let finite = Self(lower: nil, upper: nil)

    /// Whether `value` is finite and inside the bounds.
    public func contains(_ value: Double) -> Bool {
        guard value.isFinite else { return false }
        if let lower, lower.isIncluded ? value < lower.value : value <= lower.value { return false }
        if let upper, upper.isIncluded ? value > upper.value : value >= upper.value { return false }
        return true
    }

    /// "between 1 and 100000000", "greater than 0 and at most 1", "at least 0", "any finite value".
    public var description: String {
        switch (lower, upper) {
        case (nil, nil): return "any finite value"
        case (let lower?, nil): return (lower.isIncluded ? "at least " : "greater than ") + Self.text(lower.value)
        case (nil, let upper?): return (upper.isIncluded ? "at most " : "less than ") + Self.text(upper.value)
        case (let lower?, let upper?):
            if lower.isIncluded && upper.isIncluded {
                return "between \(Self.text(lower.value)) and \(Self.text(upper.value))"
            }
            return (lower.isIncluded ? "at least " : "greater than ") + Self.text(lower.value)
                + (upper.isIncluded ? " and at most " : " and less than ") + Self.text(upper.value)
        }
    }

    /// Whole numbers without a fraction, others as Swift prints them.
    static func text(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return "\(value)"
    }

    /// The YAML a user would write for `value` (`.nan`, `.inf`), for messages.
    static func written(_ value: Double) -> String {
        if value.isNaN { return ".nan" }
        if value.isInfinite { return value < 0 ? "-.inf" : ".inf" }
        return text(value)
    }
}
