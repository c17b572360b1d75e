/// The schema of one hyperparameter: its name, type, default and meaning.
///
/// The runner lists these in the `train` and `tune` op schemas, validates notebook values
/// against ``kind`` and shows ``doc`` in diagnostics.
public struct HyperparameterSpec: Sendable, Hashable, Codable {
    /// The type of values a hyperparameter accepts.
    public enum Kind: Sendable, Hashable, Codable {
        /// A whole number in `minimum...maximum`; `nullable` also accepts `null` (e.g. `max_depth`).
        case integer(minimum: Int, maximum: Int, nullable: Bool)
        /// A finite number in `minimum...maximum`; `minimumExclusive` and `maximumExclusive`
        /// exclude a bound (an infinite maximum means no upper bound).
        case number(minimum: Double, maximum: Double, minimumExclusive: Bool, maximumExclusive: Bool)
        /// One of fixed words.
        case choice([String])
        /// One of fixed words, or a number in (0, 1] (a fraction) or an integer in
        /// `1...maximumCount` (a count): `max_features`.
        case choiceOrNumber([String], maximumCount: Int)
        /// True or false.
        case flag
    }

    /// The name as written in notebooks (scikit-learn's spelling).
    public var name: String
    /// Accepted values.
    public var kind: Kind
    /// The value used when the notebook does not give one.
    public var defaultValue: HyperValue
    /// One sentence for users.
    public var doc: String

    /// Creates a hyperparameter schema.
    public init(name: String, kind: Kind, defaultValue: HyperValue, doc: String) {
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
        self.doc = doc
    }

    /// Checks a value against ``kind`` and normalises it (a whole double becomes an integer).
    ///
    /// - Throws: ``ModelError`` `invalid-hyperparameter` naming the parameter and what it accepts.
    public func validate(_ value: HyperValue) throws -> HyperValue {
        func fail(_ accepted: String) -> ModelError {
            ModelError(
                .invalidHyperparameter, "hyperparameter `\(name)` is \(value), but it must be \(accepted)",
                hint: doc, parameter: name)
        }
        switch kind {
        case .integer(let minimum, let maximum, let nullable):
            if case .null = value, nullable { return .null }
            guard let integer = value.integer, integer >= minimum, integer <= maximum else {
                throw fail("an integer from \(minimum) to \(maximum)\(nullable ? " or null" : "")")
            }
            return .int(integer)
        case .number(let minimum, let maximum, let lowerExclusive, let upperExclusive):
            guard let number = value.number, number.isFinite,
                upperExclusive ? number < maximum : number <= maximum,
                lowerExclusive ? number > minimum : number >= minimum
            else {
                let upper = maximum.isInfinite ? "" : " and \(upperExclusive ? "<" : "≤") \(maximum)"
                throw fail("a finite number \(lowerExclusive ? ">" : "≥") \(minimum)\(upper)")
            }
            return .double(number)
        case .choice(let words):
            guard case .string(let word) = value, words.contains(word) else {
                throw fail("one of \(words.joined(separator: ", "))")
            }
            return value
        case .choiceOrNumber(let words, let maximumCount):
            if case .string(let word) = value, words.contains(word) { return value }
            if case .null = value { return .null }
            if case .int(let count) = value, count >= 1, count <= maximumCount { return value }
            if case .double(let fraction) = value, fraction > 0, fraction <= 1 { return value }
            throw fail(
                "one of \(words.joined(separator: ", ")), null, a fraction in (0, 1] or a count from 1 to \(maximumCount)"
            )
        case .flag:
            guard case .bool = value else { throw fail("true or false") }
            return value
        }
    }
}
