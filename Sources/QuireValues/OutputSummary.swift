import Foundation
import QuireSupport

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
    private let content: StoredJSON
    /// The summary decoded, once: the report, the JSON summary and the metrics each read it.
    private let decoded: DecodedSummary

    /// The summary `summary` of kind `kind`, with its scalars and flags.
    public init<Kind: ValueKindDefinition>(_ kind: Kind.Type, _ summary: Kind.Summary) {
        self.kind = Kind.kind
        scalars = Kind.scalars(of: summary)
        flags = Kind.flags(of: summary)
        // Encoding plain Codable structs with non-finite numbers spelt out does not fail; if a
        // kind's summary ever did, the output would render as its name alone.
        content = (try? StoredJSON(encoding: summary)) ?? .null
        decoded = DecodedSummary()
        decoded.store(summary, for: Kind.self)
    }

    /// What the cache entry keeps of `value`.
    public init(_ value: StepValue) {
        let summary = value.outputSummary
        kind = summary.kind
        scalars = summary.scalars
        flags = summary.flags
        content = summary.content
        decoded = summary.decoded
    }

    /// An empty summary of `kind`.
    init(kind: ValueKind) {
        self.kind = kind
        scalars = [:]
        content = .null
        decoded = DecodedSummary()
    }

    /// The kind's summary, when this is a summary of kind `kind` (nil otherwise).
    public func `as`<Kind: ValueKindDefinition>(_ kind: Kind.Type) -> Kind.Summary? {
        guard self.kind == Kind.kind else { return nil }
        if let summary = decoded.value(for: Kind.self) { return summary }
        guard let summary = try? content.decode(Kind.Summary.self) else { return nil }
        decoded.store(summary, for: Kind.self)
        return summary
    }

    private enum CodingKeys: String, CodingKey {
        case kind, scalars, flags, content
    }

    /// Reads a summary written by ``encode(to:)``.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        kind = try container.decode(ValueKind.self, forKey: .kind)
        scalars = try container.decode([String: Double].self, forKey: .scalars)
        flags = try container.decodeIfPresent([String: Bool].self, forKey: .flags)
        content = try container.decode(StoredJSON.self, forKey: .content)
        decoded = DecodedSummary()
    }

    /// Writes the kind, the scalars and flags, and the kind's summary as JSON.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        try container.encode(scalars, forKey: .scalars)
        try container.encodeIfPresent(flags, forKey: .flags)
        try container.encode(content, forKey: .content)
    }

    /// Equal kinds, scalars, flags and summaries.
    public static func == (lhs: OutputSummary, rhs: OutputSummary) -> Bool {
        lhs.kind == rhs.kind && lhs.scalars == rhs.scalars && lhs.flags == rhs.flags && lhs.content == rhs.content
    }
}

/// A summary once decoded, shared by the copies of an ``OutputSummary`` (whose JSON never
/// changes after it is made).
final class DecodedSummary: @unchecked Sendable {
    // Safe to share between threads: `summary` is only read and written with `lock` held, and
    // what it holds is itself Sendable.
    private let lock = NSLock()
    private var summary: (kind: ObjectIdentifier, value: any Sendable)?

    func value<Kind: ValueKindDefinition>(for kind: Kind.Type) -> Kind.Summary? {
        lock.lock()
        defer { lock.unlock() }
        guard let summary, summary.kind == ObjectIdentifier(kind) else { return nil }
        return summary.value as? Kind.Summary
    }

    func store<Kind: ValueKindDefinition>(_ value: Kind.Summary, for kind: Kind.Type) {
        lock.lock()
        defer { lock.unlock() }
        summary = (ObjectIdentifier(kind), value)
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
        self = try JSONDecoder().decode(StoredJSON.self, from: JSONCoding.encoder.encode(value))
    }

    /// The tree decoded as `type`, non-finite numbers read back from their spelling.
    func decode<Value: Decodable>(_ type: Value.Type) throws -> Value {
        try JSONCoding.decoder.decode(type, from: JSONEncoder().encode(self))
    }

    /// Numbers first: a summary is mostly numbers, and each type tried in vain costs a thrown
    /// `DecodingError` (trying booleans and strings first made decoding a warm run's entries a third
    /// of its time).
    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let number = try? container.decode(Double.self) {
            self = Self.number(number, in: container)
        } else if let text = try? container.decode(String.self) {
            self = .string(text)
        } else if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let values = try? container.decode([StoredJSON].self) {
            self = .array(values)
        } else {
            self = .object(try container.decode([String: StoredJSON].self))
        }
    }

    /// A value that decodes as `number`: a string a decoder reads as a non-finite number ("nan")
    /// stays a string, which plain JSON could write back; an integer stays exact (`-0` keeps its
    /// sign, and one beyond 2^53 its digits).
    private static func number(_ number: Double, in container: any SingleValueDecodingContainer) -> StoredJSON {
        guard number.isFinite else {
            return (try? container.decode(String.self)).map(StoredJSON.string) ?? .number(number)
        }
        guard number == number.rounded(), !(number == 0 && number.sign == .minus) else { return .number(number) }
        if abs(number) < 0x1p53 { return .integer(Int64(number)) }
        return (try? container.decode(Int64.self)).map(StoredJSON.integer) ?? .number(number)
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
