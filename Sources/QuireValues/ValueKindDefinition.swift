import Foundation
import QuireSupport

/// Everything Quire knows about one kind of value, in one place: how it is stored in the cache,
/// what a cache entry keeps of it, how a report shows it, how the JSON summary and Prometheus
/// describe it, and what `when:` conditions may ask of it.
///
/// A kind is a type with only static members (an `enum` without cases). Adding a kind is a file
/// holding such a type and a line in ``ValueKinds/standard``; an op produces it with
/// `StepValue(MyKind.self, value)`.
///
/// Everything after the value is computed is done from the ``Summary``, never from the value: a
/// warm run reads the summary from the cache entry and no blob, so the report, the JSON summary
/// and `when:` must be the same from either. Display choices (how many preview rows to show)
/// are not part of the summary; they come in as ``RenderOptions`` when rendering.
public protocol ValueKindDefinition: Sendable {
    /// The value steps pass along (a `Frame`, a `TrainedModel`).
    associatedtype Value: Sendable
    /// What a cache entry keeps of a value: enough to render it without reading its blob.
    ///
    /// It is stored as JSON in the entry. Changing its coded layout needs a new
    /// `CacheEntry.layoutVersion`, or old entries would render differently from fresh ones.
    associatedtype Summary: Codable, Sendable

    /// The kind's name and article.
    static var kind: ValueKind { get }

    /// The bytes stored in the cache. Equal values must give equal bytes: the cache key of every
    /// step downstream is made from their digest.
    ///
    /// - Throws: When the value cannot be encoded.
    static func encode(_ value: Value) throws -> [UInt8]

    /// Hands the bytes of ``encode(_:)`` to `sink` in pieces, so a large value is stored and
    /// hashed without being copied into one buffer first. By default, ``encode(_:)`` in one piece.
    ///
    /// - Throws: When the value cannot be encoded, or what `sink` throws.
    static func write(_ value: Value, into sink: (UnsafeRawBufferPointer) throws -> Void) throws

    /// Reads a value back from the bytes ``encode(_:)`` wrote.
    ///
    /// - Throws: When the bytes are not such a value.
    static func decode(_ bytes: [UInt8]) throws -> Value

    /// Reads a value back from bytes in memory (a cache object mapped from its file).
    ///
    /// - Throws: When the bytes are not such a value.
    static func decode(mapped bytes: UnsafeRawBufferPointer) throws -> Value

    /// Whether ``decode(mapped:)`` checks the bytes itself (its format has a checksum), so a cache
    /// can trust what it reads without computing the bytes' SHA-256 again.
    static var checksItsBytes: Bool { get }

    /// What the cache entry keeps of `value`.
    static func summary(of value: Value) -> Summary

    /// Named numbers a `when:` condition may use, as `step.output.name` (`customers.rows`).
    static func scalars(of summary: Summary) -> [String: Double]

    /// True/false facts a `when:` condition may use (`drift.detected`); nil when the kind has none.
    static func flags(of summary: Summary) -> [String: Bool]?

    /// The output as a report shows it, under the output's `name`.
    static func render(_ summary: Summary, name: String, options: RenderOptions) -> HTML

    /// The kind's keys of the output's object in the JSON summary (`rows`, `columns`, …), beside
    /// the `kind`, `digest`, `bytes` and `scalars` every output has.
    static func json(of summary: Summary) -> [String: JSONValue]

    /// Metrics the output contributes to its step's `metrics` object in the JSON summary.
    static func metrics(of summary: Summary) -> [String: Double]

    /// The Prometheus gauge families the kind exports, in the order they are written.
    static var gauges: [GaugeFamily] { get }

    /// The kind's samples of ``gauges`` for one output; the exporter adds the notebook and step labels.
    ///
    /// - Parameters:
    ///   - output: The output's name.
    ///   - reproducible: Leave out what differs between runs of the same inputs (timings).
    static func samples(of summary: Summary, output: String, reproducible: Bool) -> [GaugeSample]
}

extension ValueKindDefinition {
    /// ``encode(_:)`` in one piece.
    public static func write(_ value: Value, into sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        try encode(value).withUnsafeBytes { try sink($0) }
    }

    /// ``decode(_:)`` of a copy.
    public static func decode(mapped bytes: UnsafeRawBufferPointer) throws -> Value {
        try decode([UInt8](bytes))
    }

    /// The bytes carry no checksum of their own.
    public static var checksItsBytes: Bool { false }

    /// No flags.
    public static func flags(of summary: Summary) -> [String: Bool]? { nil }

    /// No keys beyond the common ones.
    public static func json(of summary: Summary) -> [String: JSONValue] { [:] }

    /// No step metrics.
    public static func metrics(of summary: Summary) -> [String: Double] { [:] }

    /// No gauges.
    public static var gauges: [GaugeFamily] { [] }

    /// No samples.
    public static func samples(of summary: Summary, output: String, reproducible: Bool) -> [GaugeSample] { [] }
}

extension ValueKindDefinition where Value: Codable {
    /// Sorted-key JSON: equal values, equal bytes.
    public static func encode(_ value: Value) throws -> [UInt8] {
        Array(try JSONCoding.encoder.encode(value))
    }

    /// Reads the JSON ``encode(_:)`` wrote.
    public static func decode(_ bytes: [UInt8]) throws -> Value {
        try JSONCoding.decoder.decode(Value.self, from: Data(bytes))
    }
}

extension ValueKindDefinition where Summary == Value {
    /// The value is its own summary.
    public static func summary(of value: Value) -> Summary { value }
}

/// Display choices for rendering an output: they are decided by whoever renders, never stored.
public struct RenderOptions: Sendable, Hashable {
    /// Leave out what differs between runs of the same inputs (training times, latencies).
    public var reproducible: Bool
    /// Rows of a frame shown in its preview; a summary keeps at most
    /// ``FrameSummary/previewLimit``.
    public var previewRows: Int

    /// Options; by default ten preview rows, volatile facts shown.
    public init(reproducible: Bool = false, previewRows: Int = 10) {
        self.reproducible = reproducible
        self.previewRows = previewRows
    }
}

/// A Prometheus gauge family: its name and help text.
public struct GaugeFamily: Sendable, Hashable {
    /// The metric name (`quire_frame_rows`); unique across kinds.
    public var name: String
    /// The `# HELP` text.
    public var help: String

    /// A family named `name`.
    public init(_ name: String, help: String) {
        self.name = name
        self.help = help
    }
}

/// One sample of a gauge family.
public struct GaugeSample: Sendable {
    /// The family's name.
    public var family: String
    /// Labels after the notebook and step labels, in order.
    public var labels: [(name: String, value: String)]
    /// The sample's value.
    public var value: Double

    /// A sample of `family`.
    public init(_ family: String, labels: [(name: String, value: String)] = [], _ value: Double) {
        self.family = family
        self.labels = labels
        self.value = value
    }
}
