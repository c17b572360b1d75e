/// The type of an operation's parameter, checked before anything runs.
public indirect enum ParameterType: Sendable, Hashable, CustomStringConvertible {
    case string
    case integer
    /// An integer or a decimal number.
    case number
    case boolean
    /// One of a fixed set of words.
    case choice([String])
    case list(ParameterType)
    /// A mapping from names to values of one type.
    case mapping(ParameterType)
    /// An input: a reference `step` or `step.output` to a value of this kind.
    case input(ValueKind)
    /// A file, relative to the notebook; its content enters the cache key.
    case path
    /// An engine expression over a frame's columns (`bmi > 0.02 and not is_missing(bp)`).
    case expression
    /// A column name of an input frame.
    case column
    /// Any scalar: a number, a word, true/false or null (checked by the operation).
    case scalar
    /// Any value at all, checked by the operation.
    case any

    /// The type in words for diagnostics and `quire ops`: "an integer", "a list of numbers", …
    public var description: String {
        switch self {
        case .string: "text"
        case .integer: "an integer"
        case .number: "a number"
        case .boolean: "true or false"
        case .choice(let words): "one of " + words.map { "'\($0)'" }.joined(separator: ", ")
        case .list(let element): "a list of \(element.plural)"
        case .mapping(let value): "a mapping of names to \(value.plural)"
        case .input(let kind): "a reference to \(kind.article) (`step` or `step.output`)"
        case .path: "a file path"
        case .expression: "an expression"
        case .column: "a column name"
        case .scalar: "a number, a word, true/false or null"
        case .any: "any value"
        }
    }

    /// The type in the plural, for "a list of …".
    var plural: String {
        switch self {
        case .string: "texts"
        case .integer: "integers"
        case .number: "numbers"
        case .boolean: "booleans"
        case .choice(let words): "values among " + words.joined(separator: "/")
        case .list(let element): "lists of \(element.plural)"
        case .mapping: "mappings"
        case .input(let kind): "references to \(kind.rawValue)s"
        case .path: "file paths"
        case .expression: "expressions"
        case .column: "column names"
        case .scalar: "values"
        case .any: "values"
        }
    }

    /// Whether values of this type are numbers, or lists or mappings of numbers.
    var holdsNumbers: Bool {
        switch self {
        case .integer, .number: true
        case .list(let element), .mapping(let element): element.holdsNumbers
        default: false
        }
    }

    /// Whether values of this type are lists.
    var isList: Bool {
        if case .list = self { return true }
        return false
    }

    /// Whether values of this type are integers, or lists or mappings of integers.
    var holdsOnlyIntegers: Bool {
        switch self {
        case .integer: true
        case .list(let element), .mapping(let element): element.holdsOnlyIntegers
        default: false
        }
    }

    /// The kinds of the inputs this type refers to, if any.
    var inputKinds: [ValueKind] {
        switch self {
        case .input(let kind): [kind]
        case .list(let element), .mapping(let element): element.inputKinds
        default: []
        }
    }
}
