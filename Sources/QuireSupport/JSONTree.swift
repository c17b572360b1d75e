import Foundation

/// A JSON document held as a tree, so that a cache entry can carry a kind's summary without
/// knowing its type. Numbers keep their exact value: integers as integers, others as the `Double`
/// the encoder wrote (shortest round-trip text), so decoding gives back the bits encoded.
///
/// ``init(parsing:)`` reads JSON text and ``decode(_:)`` decodes a `Decodable` from the tree, both
/// as ``JSONCoding/decoder`` would (non-finite numbers spelt `"nan"`, `"inf"`, `"-inf"`), without
/// Foundation's decoder: reading the cache entries is most of a warm run.
public enum JSONTree: Codable, Sendable, Equatable {
    case null
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([JSONTree])
    case object([String: JSONTree])

    /// `value` as ``JSONCoding/encoder`` writes it.
    public init<Value: Encodable>(encoding value: Value) throws {
        self = try JSONTree(parsing: JSONCoding.encoder.encode(value))
    }

    /// The tree decoded as `type`, as ``JSONCoding/decoder`` decodes the tree's JSON text.
    public func decode<Value: Decodable>(_ type: Value.Type) throws -> Value {
        try JSONTreeDecoder.unwrap(self, as: type, codingPath: [])
    }

    /// Numbers first: a summary is mostly numbers, and each type tried in vain costs a thrown
    /// `DecodingError` (trying booleans and strings first made decoding a warm run's entries a third
    /// of its time).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let number = try? container.decode(Double.self) {
            self = Self.number(number, in: container)
        } else if let text = try? container.decode(String.self) {
            self = .string(text)
        } else if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let values = try? container.decode([JSONTree].self) {
            self = .array(values)
        } else {
            self = .object(try container.decode([String: JSONTree].self))
        }
    }

    /// A value that decodes as `number`: a string a decoder reads as a non-finite number ("nan")
    /// stays a string, which plain JSON could write back; an integer stays exact (`-0` keeps its
    /// sign, and one beyond 2^53 its digits).
    private static func number(_ number: Double, in container: any SingleValueDecodingContainer) -> JSONTree {
        guard number.isFinite else {
            return (try? container.decode(String.self)).map(JSONTree.string) ?? .number(number)
        }
        guard number == number.rounded(), !(number == 0 && number.sign == .minus) else { return .number(number) }
        if abs(number) < 0x1p53 { return .integer(Int64(number)) }
        return (try? container.decode(Int64.self)).map(JSONTree.integer) ?? .number(number)
    }

    /// Writes the tree as the JSON value it holds.
    public func encode(to encoder: any Encoder) throws {
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

extension JSONCoding {
    /// Decodes `type` from JSON text as ``decoder`` does, through a ``JSONTree``.
    public static func decode<Value: Decodable>(_ type: Value.Type, from data: Data) throws -> Value {
        try JSONTree(parsing: data).decode(type)
    }
}
