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
    private let content: JSONTree
    /// The summary decoded, once: the report, the JSON summary and the metrics each read it.
    private let decoded: DecodedSummary

    /// The summary `summary` of kind `kind`, with its scalars and flags.
    public init<Kind: ValueKindDefinition>(_ kind: Kind.Type, _ summary: Kind.Summary) {
        self.kind = Kind.kind
        scalars = Kind.scalars(of: summary)
        flags = Kind.flags(of: summary)
        // Encoding plain Codable structs with non-finite numbers spelt out does not fail; if a
        // kind's summary ever did, the output would render as its name alone.
        content = (try? JSONTree(encoding: summary)) ?? .null
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
        content = try container.decode(JSONTree.self, forKey: .content)
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
