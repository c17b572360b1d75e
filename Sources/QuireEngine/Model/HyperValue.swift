/// A hyperparameter value as written in a notebook: a number, text, a flag or null.
///
/// Encoded as the plain JSON value (`3`, `0.5`, `"sqrt"`, `true`, `null`).
public enum HyperValue: Sendable, Hashable, Codable, CustomStringConvertible {
    case int(Int)
    case double(Double)
    case string(String)
    case bool(Bool)
    case null

    /// The value as a number, when it is one (an integer converts).
    public var number: Double? {
        switch self {
        case .int(let value): Double(value)
        case .double(let value): value
        default: nil
        }
    }

    /// The value as an integer, when it is an integer or a whole double.
    public var integer: Int? {
        switch self {
        case .int(let value): value
        case .double(let value): value.rounded() == value && abs(value) < 1e15 ? Int(value) : nil
        default: nil
        }
    }

    /// The value as it would be written in YAML. A whole number reads the same whether it was
    /// written `1` or `1.0`: JSON does not keep the difference, so a model read back from the
    /// cache or a file must show what the model that was trained shows.
    public var description: String {
        switch self {
        case .int(let value): "\(value)"
        case .double(let value) where value.rounded() == value && abs(value) < 1e15: "\(Int(value))"
        case .double(let value): "\(value)"
        case .string(let value): value
        case .bool(let value): "\(value)"
        case .null: "null"
        }
    }

    /// Numbers are equal by value, so `1` and `1.0` are the same hyperparameter value (JSON
    /// does not keep the difference).
    public static func == (a: HyperValue, b: HyperValue) -> Bool {
        switch (a, b) {
        case (.string(let x), .string(let y)): x == y
        case (.bool(let x), .bool(let y)): x == y
        case (.null, .null): true
        default: a.number != nil && a.number == b.number
        }
    }

    /// Hashes the case and its payload.
    public func hash(into hasher: inout Hasher) {
        switch self {
        case .string(let x): hasher.combine(x)
        case .bool(let x): hasher.combine(x)
        case .null: hasher.combine(0)
        default: hasher.combine(number ?? .nan)
        }
    }

    /// Reads a number, a string, a flag or null.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .int(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else {
            self = .string(try container.decode(String.self))
        }
    }

    /// Writes the value as its JSON scalar.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .int(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .bool(let value): try container.encode(value)
        case .null: try container.encodeNil()
        }
    }
}
