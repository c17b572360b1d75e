import Foundation

/// What a cache entry keeps of one output: its kind's ``ValueKindDefinition/Summary``, and the
/// scalars and flags `when:` conditions use.
///
/// The kind's summary is kept as JSON and decoded by the kind that wrote it (``as(_:)``), so the
/// entry's layout does not depend on which kinds exist: a new kind needs no new field here and no
/// new cache format.
public struct OutputSummary: Codable, Sendable, Equatable {
    /// The kind whose summary this is.
    public var kind: ValueKind
    /// Numbers `when:` conditions can use (`customers.rows`).
    public var scalars: [String: Double]
    /// True/false facts `when:` can use (`drift.detected`); nil when the kind has none.
    public var flags: [String: Bool]?
    /// The kind's summary, as JSON.
    private var content: StoredJSON

    /// The summary `summary` of kind `kind`, with its scalars and flags.
    public init<Kind: ValueKindDefinition>(_ kind: Kind.Type, _ summary: Kind.Summary) {
        self.kind = Kind.kind
        scalars = Kind.scalars(of: summary)
        flags = Kind.flags(of: summary)
        // Encoding plain Codable structs with non-finite numbers spelt out does not fail; if a
        // kind's summary ever did, the output would render as its name alone.
        content = (try? StoredJSON(encoding: summary)) ?? .null
    }

    /// What the cache entry keeps of `value`.
    public init(_ value: StepValue) {
        self = value.outputSummary
    }

    /// An empty summary of `kind`.
    init(kind: ValueKind) {
        self.kind = kind
        scalars = [:]
        content = .null
    }

    /// The kind's summary, when this is a summary of kind `kind` (nil otherwise).
    public func `as`<Kind: ValueKindDefinition>(_ kind: Kind.Type) -> Kind.Summary? {
        guard self.kind == Kind.kind else { return nil }
        return try? content.decode(Kind.Summary.self)
    }
}

/// A JSON document held as a tree, so that an entry can carry a kind's summary without knowing
/// its type. Numbers keep their exact value: integers as integers, others as the `Double` the
/// encoder wrote (shortest round-trip text), so decoding gives back the bits encoded.
enum StoredJSON: Codable, Sendable, Equatable {
    case null
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([StoredJSON])
    case object([String: StoredJSON])

    /// `value` as ``StepValue/jsonEncoder`` writes it.
    init<Value: Encodable>(encoding value: Value) throws {
        self = try JSONDecoder().decode(StoredJSON.self, from: StepValue.jsonEncoder.encode(value))
    }

    /// The tree decoded as `type`, non-finite numbers read back from their spelling.
    func decode<Value: Decodable>(_ type: Value.Type) throws -> Value {
        try StepValue.jsonDecoder.decode(type, from: JSONEncoder().encode(self))
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let text = try? container.decode(String.self) {
            // Before numbers: a decoder that reads "nan" as a number must not turn it into one,
            // which plain JSON could not write back.
            self = .string(text)
        } else if let integer = try? container.decode(Int64.self) {
            // `-0` reads as the integer 0; keep its sign.
            if integer == 0, let number = try? container.decode(Double.self), number.sign == .minus {
                self = .number(number)
            } else {
                self = .integer(integer)
            }
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if let values = try? container.decode([StoredJSON].self) {
            self = .array(values)
        } else {
            self = .object(try container.decode([String: StoredJSON].self))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let flag): try container.encode(flag)
        case .integer(let integer): try container.encode(integer)
        case .number(let number): try container.encode(number)
        case .string(let text): try container.encode(text)
        case .array(let values): try container.encode(values)
        case .object(let members): try container.encode(members)
        }
    }
}
