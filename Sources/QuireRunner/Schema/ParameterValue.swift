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

    public struct Pair: Sendable, Hashable {
        public var key: String
        public var value: ParameterValue

        public init(_ key: String, _ value: ParameterValue) {
            self.key = key
            self.value = value
        }
    }

    public var string: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    public var integer: Int? {
        if case .integer(let value) = self { return value }
        return nil
    }

    public var number: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .number(let value): value
        default: nil
        }
    }

    public var bool: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    public var list: [ParameterValue]? {
        if case .list(let values) = self { return values }
        return nil
    }

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
    public var step: String
    /// The output's name; after planning always set (the primary output for a bare reference).
    public var output: String

    public init(step: String, output: String) {
        self.step = step
        self.output = output
    }

    public var description: String { output.isEmpty ? step : "\(step).\(output)" }

    public static func < (lhs: StepReference, rhs: StepReference) -> Bool {
        (lhs.step, lhs.output) < (rhs.step, rhs.output)
    }
}
