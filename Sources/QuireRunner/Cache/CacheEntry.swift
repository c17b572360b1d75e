/// What the cache holds for one key: the outputs' digests and summaries.
///
/// Stored as JSON under `entries/`; the outputs' bytes are content-addressed blobs under
/// `objects/`. A warm run reads only entries: a blob is read (and verified) when a step that
/// runs needs the value.
public struct CacheEntry: Codable, Sendable, Equatable {
    /// The layout of an entry's JSON. An entry of another layout does not decode, so the store
    /// treats it as absent (removes it and recomputes); the key does not change, since what a
    /// step computes does not.
    ///
    /// 1 (no `layout` field): one optional summary field per value kind.
    /// 2: each output keeps its kind's own summary as JSON (`kindSummary`).
    /// 3: a drift monitor's rows keep their p-value test's statistic (`statistic`).
    public static let layoutVersion = 3

    /// The layout this entry was written in: ``layoutVersion``.
    public var layout: Int
    /// The cache key.
    public var key: String
    /// The operation that produced the outputs.
    public var op: String
    /// The step that wrote it (for `cache ls`; any step with the same key shares the entry).
    public var step: String
    /// What the key was made of.
    public var components: KeyComponents
    /// The outputs, by name.
    public var outputs: [String: OutputRecord]
    /// Milliseconds the step took when it ran.
    public var durationMilliseconds: Int

    /// An entry in the current layout.
    public init(
        key: String, op: String, step: String, components: KeyComponents, outputs: [String: OutputRecord],
        durationMilliseconds: Int
    ) {
        layout = Self.layoutVersion
        self.key = key
        self.op = op
        self.step = step
        self.components = components
        self.outputs = outputs
        self.durationMilliseconds = durationMilliseconds
    }

    private enum CodingKeys: String, CodingKey {
        case layout, key, op, step, components, outputs, durationMilliseconds
    }

    /// Reads an entry; one of another layout (or of none: layout 1) is a decoding error.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        layout = try container.decodeIfPresent(Int.self, forKey: .layout) ?? 1
        guard layout == Self.layoutVersion else {
            throw DecodingError.dataCorruptedError(
                forKey: .layout, in: container,
                debugDescription: "cache entry layout \(layout), this Quire reads \(Self.layoutVersion)")
        }
        key = try container.decode(String.self, forKey: .key)
        op = try container.decode(String.self, forKey: .op)
        step = try container.decode(String.self, forKey: .step)
        components = try container.decode(KeyComponents.self, forKey: .components)
        outputs = try container.decode([String: OutputRecord].self, forKey: .outputs)
        durationMilliseconds = try container.decode(Int.self, forKey: .durationMilliseconds)
    }
}

/// One output of a step: where its bytes are and what it looks like.
public struct OutputRecord: Codable, Sendable, Equatable {
    /// The value's kind.
    public var kind: ValueKind
    /// SHA-256 of the encoded value: the blob's name, and what downstream keys use.
    public var digest: String
    /// Size of the encoded value.
    public var byteCount: Int
    /// What the report, the JSON summary and `when:` need, without reading the blob.
    public var summary: OutputSummary

    /// A record of an output of `kind`.
    public init(kind: ValueKind, digest: String, byteCount: Int, summary: OutputSummary) {
        self.kind = kind
        self.digest = digest
        self.byteCount = byteCount
        self.summary = summary
    }

    // `kindSummary`, not layout 1's `summary`: a Quire that reads layout 1 then finds no summary
    // and ignores the entry, instead of reading one it would render empty.
    private enum CodingKeys: String, CodingKey {
        case kind, digest, byteCount
        case summary = "kindSummary"
    }
}
