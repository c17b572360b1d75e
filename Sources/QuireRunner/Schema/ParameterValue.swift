import QuireNotebook

/// A parameter's value after substitution and type checking.
///
/// Its canonical encoding (``canonicalText``) is what enters cache keys: mappings in key order,
/// numbers in a fixed format, so equal values always give equal bytes.
public indirect enum ParameterValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case integer(Int)
    case number(Double)
    case string(String)
    case list([ParameterValue])
    /// Pairs in the order written (kept for display); compared and encoded sorted by key.
    case mapping([Pair])
    /// A reference to another step's output.
    case input(StepReference)

    /// One key–value entry of a mapping.
    public struct Pair: Sendable, Hashable {
        /// The entry's name.
        public var key: String
        /// The entry's value.
        public var value: ParameterValue

        /// Creates the entry `key: value`.
        public init(_ key: String, _ value: ParameterValue) {
            self.key = key
            self.value = value
        }
    }

    /// The text of a string value, else nil.
    public var string: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// The value of an integer, else nil (a number is not converted).
    public var integer: Int? {
        if case .integer(let value) = self { return value }
        return nil
    }

    /// The value of a number, or of an integer converted to `Double`, else nil.
    public var number: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .number(let value): value
        default: nil
        }
    }

    /// The value of a boolean, else nil.
    public var bool: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// The elements of a list, else nil.
    public var list: [ParameterValue]? {
        if case .list(let values) = self { return values }
        return nil
    }

    /// The entries of a mapping in the order written, else nil.
    public var pairs: [Pair]? {
        if case .mapping(let pairs) = self { return pairs }
        return nil
    }

    /// A deterministic text encoding, the same for equal values on every machine.
    public var canonicalText: String {
        switch self {
        case .null: return "null"
        case .bool(let value): return value ? "true" : "false"
        case .integer(let value): return "i:\(value)"
        case .number(let value): return "n:" + Self.canonical(value)
        case .string(let text): return "s:" + Self.quoted(text)
        case .list(let values): return "[" + values.map(\.canonicalText).joined(separator: ",") + "]"
        case .mapping(let pairs):
            return "{"
                + pairs.sorted { $0.key < $1.key }.map { Self.quoted($0.key) + ":" + $0.value.canonicalText }
                .joined(separator: ",") + "}"
        case .input(let reference): return "ref:" + reference.description
        }
    }

    /// Doubles by their bit pattern's shortest round-trip text; -0 and NaN kept distinct.
    static func canonical(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value == 0 { return value.sign == .minus ? "-0" : "0" }
        return "\(value)"
    }

    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            default:
                if scalar.value < 0x20 {
                    out += "\\u{\(String(scalar.value, radix: 16))}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// The value as a user would write it, for messages and reports.
    public var displayText: String {
        switch self {
        case .null: return "null"
        case .bool(let value): return value ? "true" : "false"
        case .integer(let value): return String(value)
        case .number(let value): return "\(value)"
        case .string(let text): return text
        case .list(let values): return "[" + values.map(\.displayText).joined(separator: ", ") + "]"
        case .mapping(let pairs):
            return "{" + pairs.map { "\($0.key): \($0.value.displayText)" }.joined(separator: ", ") + "}"
        case .input(let reference): return reference.description
        }
    }
}

/// A reference to a step's output: `split.train`, or `customers` for the primary output.
public struct StepReference: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The id of the step whose output this is.
    public var step: String
    /// The output's name; after planning always set (the primary output for a bare reference).
    public var output: String

    /// Creates a reference to `output` of `step`; an empty `output` means the primary output.
    public init(step: String, output: String) {
        self.step = step
        self.output = output
    }

    /// `step.output`, or `step` alone when ``output`` is empty.
    public var description: String { output.isEmpty ? step : "\(step).\(output)" }

    /// A frame's reference as a notebook writes it: `step` for a step's `frame` output,
    /// `step.output` for any other.
    public var frameLabel: String { output == "frame" || output.isEmpty ? step : description }

    /// Orders by step id, then output name.
    public static func < (lhs: StepReference, rhs: StepReference) -> Bool {
        (lhs.step, lhs.output) < (rhs.step, rhs.output)
    }
}
