/// The name of a kind of value steps produce and consume: what schemas declare and the cache
/// records.
///
/// A kind's behaviour (encoding, summary, rendering) lives in its ``ValueKindDefinition``; this is
/// only its identity, so schemas can say `.frame` and a cache entry can store `"frame"`. Two
/// kinds are equal when their names are. Each kind's file adds its own constant
/// (`ValueKind.frame`).
public struct ValueKind: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The kind's name, as the cache and `quire ops` spell it: `frame`, `evaluation`.
    public let name: String
    /// The name with its article, for messages: "a frame", "an evaluation".
    public let article: String

    /// A kind named `name`; the article defaults to "a" or "an" by the name's first letter.
    public init(_ name: String, article: String? = nil) {
        self.name = name
        self.article = article ?? ((name.first.map { "aeiou".contains($0) } ?? false ? "an " : "a ") + name)
    }

    /// The name (the spelling of the enum this type replaced).
    public var rawValue: String { name }

    /// The name.
    public var description: String { name }

    /// Equal names, equal kinds.
    public static func == (lhs: ValueKind, rhs: ValueKind) -> Bool { lhs.name == rhs.name }

    /// Hashes the name.
    public func hash(into hasher: inout Hasher) { hasher.combine(name) }

    /// Reads a kind from its name.
    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(String.self))
    }

    /// Writes the kind as its name.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(name)
    }
}
