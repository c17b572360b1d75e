// The one mechanism that turns a planned step's `ParameterValue`s into an op's `Parameters`
// struct: a `Decoder` driven by the op's schema. A field `testSize` reads the parameter
// `test_size`; an absent value takes the schema's default, so defaults are written once (in the
// schema) and the struct only declares types. The planner has checked types, ranges and rules
// before an op runs, so a decoding error here is a bug (`internal`), never a user mistake.

extension OpSchema {
    /// Decodes an op's parameters from a step's values.
    ///
    /// A field reads the parameter of its name in snake case (`nSamples` reads `n_samples`); an
    /// absent parameter takes ``OpSchema/Parameter/defaultValue``, and an `Optional` field is nil
    /// when there is neither. Lists decode from `.list`, mappings from `.mapping` (keys in the order
    /// written with ``OrderedMapping``), choices into `String`-backed enums, references into
    /// ``StepReference``, and any value into ``ParameterValue``.
    ///
    /// - Throws: `DecodingError` when a value does not fit its field: a mismatch between the struct
    ///   and the schema, which `ParameterDecodingTests` walks the registry to prevent.
    public func decode<Parameters: Decodable>(
        _ type: Parameters.Type, from values: [String: ParameterValue]
    ) throws -> Parameters {
        try Parameters(from: ParameterDecoder(step: StepValues(schema: self, values: values), source: .step))
    }
}

/// A group of parameters written beside an op's own, decoded from the same step rather than from a
/// parameter of the field's name: `train`'s ``ModelParameters`` (which `tune` reuses), or an
/// algorithm's ``DependentParameters``.
public protocol InlineParameters: Decodable, Sendable {}

/// The values of an op's dependent parameters (``OpSchema/dependentParameters``: an algorithm's
/// hyperparameters), given or defaulted, by name.
public struct DependentParameters: InlineParameters, Equatable {
    /// Name → value, for every dependent parameter given or with a default.
    public var values: [String: ParameterValue]

    /// Reads the dependent parameters of the step being decoded.
    public init(from decoder: any Decoder) throws {
        guard let decoder = decoder as? ParameterDecoder else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "dependent parameters decode only from a step"))
        }
        values = decoder.step.dependentValues()
    }
}

/// A mapping parameter's entries in the order written (`derive`'s columns, `generate`'s shifts).
public struct OrderedMapping<Value: Decodable & Sendable>: Decodable, Sendable {
    /// One key and its value.
    public struct Entry: Sendable {
        /// The key as written.
        public var key: String
        /// Its value.
        public var value: Value
    }

    /// The entries, in the order written.
    public var entries: [Entry]

    /// Reads every entry of a mapping.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: NameKey.self)
        entries = try container.allKeys.map {
            Entry(key: $0.stringValue, value: try container.decode(Value.self, forKey: $0))
        }
    }

    /// The keys, in the order written.
    public var keys: [String] { entries.map(\.key) }

    /// The value of the first entry named `key`.
    public subscript(key: String) -> Value? { entries.first { $0.key == key }?.value }
}

extension ParameterValue: Decodable {
    /// The value itself, for a field that takes any value (checked by the op or by a schema rule).
    public init(from decoder: any Decoder) throws {
        guard let decoder = decoder as? ParameterDecoder, case .value(let value) = decoder.source else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "a ParameterValue decodes only from a step"))
        }
        self = value
    }
}

extension StepReference: Decodable {
    /// A reference parameter (`.input`), or `step` / `step.output` as text.
    public init(from decoder: any Decoder) throws {
        if let decoder = decoder as? ParameterDecoder, case .value(.input(let reference)) = decoder.source {
            self = reference
            return
        }
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let reference = ParameterReader.reference(text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "'\(text)' is not a step reference"))
        }
        self = reference
    }
}

/// Any key: a field's name, or a mapping's key with its position among the pairs.
struct NameKey: CodingKey {
    var stringValue: String
    var intValue: Int?

    init(stringValue: String) { self.stringValue = stringValue }

    init(intValue: Int) {
        self.stringValue = String(intValue)
        self.intValue = intValue
    }

    init(_ name: String, position: Int?) {
        self.stringValue = name
        self.intValue = position
    }

    /// `nSamples` → `n_samples`, `p50Ms` → `p50_ms`: a Swift field's name as a notebook writes it.
    static func snakeCase(_ name: String) -> String {
        var out = ""
        for character in name {
            if character.isUppercase {
                out += "_" + character.lowercased()
            } else {
                out.append(character)
            }
        }
        return out
    }
}

/// A step's values and its schema: what the top-level container reads.
struct StepValues {
    let schema: OpSchema
    let values: [String: ParameterValue]

    /// The name a field's key reads: itself, or its snake case, whichever the schema has.
    func name(for key: any CodingKey) -> String {
        let name = key.stringValue
        if values[name] != nil || schema.parameter(named: name) != nil { return name }
        return NameKey.snakeCase(name)
    }

    /// The value given, else the schema's default.
    func value(named name: String) -> ParameterValue? {
        values[name] ?? schema.parameter(named: name)?.defaultValue
    }

    /// The dependent parameters' values, given or defaulted.
    func dependentValues() -> [String: ParameterValue] {
        var found: [String: ParameterValue] = [:]
        for parameter in schema.dependentParameters?(values) ?? [] {
            if let value = values[parameter.name] ?? parameter.defaultValue { found[parameter.name] = value }
        }
        return found
    }
}

/// Decodes `Decodable` types from a step's parameters (``Source/step``) or from one value.
struct ParameterDecoder: Decoder {
    enum Source {
        /// The step: named parameters with the schema's defaults.
        case step
        /// One value (a parameter, an element of a list, a value of a mapping).
        case value(ParameterValue)
    }

    let step: StepValues
    let source: Source
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(step: StepValues, source: Source, codingPath: [any CodingKey] = []) {
        self.step = step
        self.source = source
        self.codingPath = codingPath
    }

    func child(_ value: ParameterValue, at key: any CodingKey) -> ParameterDecoder {
        ParameterDecoder(step: step, source: .value(value), codingPath: codingPath + [key])
    }

    func mismatch(_ expected: Any.Type, _ what: String) -> DecodingError {
        .typeMismatch(expected, .init(codingPath: codingPath, debugDescription: "expected \(what)"))
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        switch source {
        case .step:
            return KeyedDecodingContainer(StepContainer<Key>(decoder: self))
        case .value(.mapping(let pairs)):
            return KeyedDecodingContainer(MappingContainer<Key>(decoder: self, pairs: pairs))
        case .value:
            throw mismatch([String: ParameterValue].self, "a mapping")
        }
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .value(.list(let values)) = source else { throw mismatch([ParameterValue].self, "a list") }
        return ListContainer(decoder: self, values: values)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        guard case .value(let value) = source else { throw mismatch(ParameterValue.self, "one value") }
        return ValueContainer(decoder: self, value: value)
    }

    /// A value as `T`: inline groups from the step itself, anything else from `value`.
    func decode<T: Decodable>(_ type: T.Type, _ value: ParameterValue?, at key: any CodingKey) throws -> T {
        guard let value else {
            throw DecodingError.keyNotFound(
                key, .init(codingPath: codingPath, debugDescription: "no value and no default for '\(key.stringValue)'")
            )
        }
        return try T(from: child(value, at: key))
    }
}

/// A keyed container that finds each key's value by name: what `StepContainer` and
/// `MappingContainer` share.
private protocol NamedValues: KeyedDecodingContainerProtocol {
    var decoder: ParameterDecoder { get }
    /// The value written under `key`, if any.
    func value(_ key: Key) -> ParameterValue?
}

extension NamedValues {
    func contains(_ key: Key) -> Bool { value(key) != nil }

    func decodeNil(forKey key: Key) throws -> Bool { value(key) == nil || value(key) == .null }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        try decoder.child(value(key) ?? .null, at: key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try decoder.child(value(key) ?? .null, at: key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder { decoder }

    func superDecoder(forKey key: Key) throws -> any Decoder { decoder.child(value(key) ?? .null, at: key) }
}

/// The step's named parameters.
private struct StepContainer<Key: CodingKey>: NamedValues {
    let decoder: ParameterDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }

    var allKeys: [Key] {
        decoder.step.schema.parameters.compactMap {
            decoder.step.value(named: $0.name) == nil ? nil : Key(stringValue: $0.name)
        }
    }

    func value(_ key: Key) -> ParameterValue? { decoder.step.value(named: decoder.step.name(for: key)) }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        if let inline = type as? any InlineParameters.Type {
            guard let group = try inline.init(from: decoder) as? T else { throw decoder.mismatch(type, "a group") }
            return group
        }
        return try decoder.decode(type, value(key), at: key)
    }
}

/// A mapping value's pairs, in the order written.
private struct MappingContainer<Key: CodingKey>: NamedValues {
    let decoder: ParameterDecoder
    let pairs: [ParameterValue.Pair]
    var codingPath: [any CodingKey] { decoder.codingPath }

    var allKeys: [Key] {
        pairs.enumerated().compactMap { index, pair in
            // A `NameKey` keeps the pair's position, so that each entry reads its own value.
            NameKey(pair.key, position: index) as? Key ?? Key(stringValue: pair.key)
        }
    }

    func value(_ key: Key) -> ParameterValue? {
        if let position = (key as? NameKey)?.intValue, pairs.indices.contains(position),
            pairs[position].key == key.stringValue
        {
            return pairs[position].value
        }
        let snake = NameKey.snakeCase(key.stringValue)
        return (pairs.first { $0.key == key.stringValue } ?? pairs.first { $0.key == snake })?.value
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try decoder.decode(type, value(key), at: key)
    }
}

/// A list value's elements.
private struct ListContainer: UnkeyedDecodingContainer {
    let decoder: ParameterDecoder
    let values: [ParameterValue]
    var currentIndex = 0
    var codingPath: [any CodingKey] { decoder.codingPath }
    var count: Int? { values.count }
    var isAtEnd: Bool { currentIndex >= values.count }

    init(decoder: ParameterDecoder, values: [ParameterValue]) {
        self.decoder = decoder
        self.values = values
    }

    mutating func next() throws -> ParameterDecoder {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(
                ParameterValue.self, .init(codingPath: codingPath, debugDescription: "the list has no more elements"))
        }
        defer { currentIndex += 1 }
        return decoder.child(values[currentIndex], at: NameKey(intValue: currentIndex))
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, values[currentIndex] == .null else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try T(from: next()) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        try next().container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { try next().unkeyedContainer() }

    mutating func superDecoder() throws -> any Decoder { try next() }
}

/// One scalar value.
private struct ValueContainer: SingleValueDecodingContainer {
    let decoder: ParameterDecoder
    let value: ParameterValue
    var codingPath: [any CodingKey] { decoder.codingPath }

    func decodeNil() -> Bool { value == .null }

    func decode(_ type: Bool.Type) throws -> Bool {
        guard case .bool(let flag) = value else { throw decoder.mismatch(type, "true or false") }
        return flag
    }

    func decode(_ type: String.Type) throws -> String {
        guard case .string(let text) = value else { throw decoder.mismatch(type, "text") }
        return text
    }

    func decode(_ type: Double.Type) throws -> Double {
        guard let number = value.number else { throw decoder.mismatch(type, "a number") }
        return number
    }

    func decode(_ type: Float.Type) throws -> Float { Float(try decode(Double.self)) }

    func decode(_ type: Int.Type) throws -> Int { try integer(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try integer(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try integer(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try integer(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try integer(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try integer(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(type) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T { try T(from: decoder) }

    private func integer<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        switch value {
        case .integer(let integer):
            if let exact = T(exactly: integer) { return exact }
        case .number(let number):
            if let exact = T(exactly: number) { return exact }
        default:
            break
        }
        throw decoder.mismatch(type, "an integer that fits \(type)")
    }
}
