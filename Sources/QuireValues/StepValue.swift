import Foundation

/// A value a step produced, as it flows to the steps that use it and into the cache: a value of
/// some ``ValueKindDefinition`` together with that definition.
///
/// Ops make one with a kind's constructor (`.frame(frame)`, or `StepValue(MyKind.self, value)`)
/// and read one with a kind's accessor (`value.frame`, or `value.as(MyKind.self)`).
public struct StepValue: Sendable {
    /// The definition of the value's kind.
    public let definition: any ValueKindDefinition.Type
    private let value: any Sendable

    /// `value`, of kind `kind`.
    public init<Kind: ValueKindDefinition>(_ kind: Kind.Type, _ value: Kind.Value) {
        self.definition = kind
        self.value = value
    }

    /// The kind's name and article.
    public var kind: ValueKind { definition.kind }

    /// The value, when it is of kind `kind`.
    public func `as`<Kind: ValueKindDefinition>(_ kind: Kind.Type) -> Kind.Value? {
        ObjectIdentifier(definition) == ObjectIdentifier(kind) ? value as? Kind.Value : nil
    }

    /// The bytes stored in the cache; equal values give equal bytes.
    ///
    /// - Throws: When the kind cannot encode the value.
    public func encoded() throws -> [UInt8] {
        try definition.encode(any: value)
    }

    /// Hands the bytes of ``encoded()`` to `sink` in pieces (a frame's columns from their buffers).
    ///
    /// - Throws: When the kind cannot encode the value, or what `sink` throws.
    public func write(into sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        try definition.write(any: value, into: sink)
    }

    /// Reads a value of kind `kind` back from the bytes ``encoded()`` wrote.
    ///
    /// - Throws: ``ValueKindError`` when `kinds` has no such kind, or the kind's decoding error.
    public static func decode(_ kind: ValueKind, from bytes: [UInt8], kinds: ValueKinds = .standard) throws
        -> StepValue
    {
        guard let definition = kinds.definition(of: kind) else { throw ValueKindError.unknown(kind) }
        return try definition.decodeValue(bytes)
    }

    /// Reads a value of kind `kind` from bytes in memory, as ``decode(_:from:kinds:)`` does.
    ///
    /// - Throws: ``ValueKindError`` when `kinds` has no such kind, or the kind's decoding error.
    public static func decode(_ kind: ValueKind, mapped bytes: UnsafeRawBufferPointer, kinds: ValueKinds = .standard)
        throws -> StepValue
    {
        guard let definition = kinds.definition(of: kind) else { throw ValueKindError.unknown(kind) }
        return try definition.decodeMappedValue(bytes)
    }
}

/// A value kind the cache names but the registry in use does not know.
public enum ValueKindError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No definition for the kind.
    case unknown(ValueKind)
    /// A value handed to a kind that is not of its type (a programming error in an op).
    case mismatched(ValueKind)

    /// The error in words.
    public var description: String {
        switch self {
        case .unknown(let kind): "no value kind named '\(kind.name)' is registered"
        case .mismatched(let kind): "internal error: a value of another type was given as \(kind.article)"
        }
    }
}

extension ValueKindDefinition {
    /// ``encode(_:)`` for a value known only as `any Sendable`.
    static func encode(any value: any Sendable) throws -> [UInt8] {
        guard let value = value as? Value else { throw ValueKindError.mismatched(kind) }
        return try encode(value)
    }

    /// ``write(_:into:)`` for a value known only as `any Sendable`.
    static func write(any value: any Sendable, into sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard let value = value as? Value else { throw ValueKindError.mismatched(kind) }
        try write(value, into: sink)
    }

    /// ``decode(_:)`` wrapped as a ``StepValue``.
    static func decodeValue(_ bytes: [UInt8]) throws -> StepValue {
        StepValue(Self.self, try decode(bytes))
    }

    /// ``decode(mapped:)`` wrapped as a ``StepValue``.
    static func decodeMappedValue(_ bytes: UnsafeRawBufferPointer) throws -> StepValue {
        StepValue(Self.self, try decode(mapped: bytes))
    }

    /// The summary of a value known only as `any Sendable`.
    static func outputSummary(of value: any Sendable) -> OutputSummary? {
        guard let value = value as? Value else { return nil }
        return OutputSummary(Self.self, summary(of: value))
    }
}

extension StepValue {
    /// What the cache entry keeps of the value (its kind's summary, `when:` scalars and flags).
    var outputSummary: OutputSummary {
        definition.outputSummary(of: value) ?? OutputSummary(kind: kind)
    }
}
