import Foundation

/// Decodes `Decodable` values from a ``JSONTree`` with the rules of ``JSONCoding/decoder``:
/// integers must fit their type exactly, a `Double` reads any number or the strings `"nan"`,
/// `"inf"` and `"-inf"`, keys are used as they are. `Data`, `Date`, `URL` and `Decimal`, which
/// Foundation's decoder treats specially, are handed to it with their subtree's JSON text.
struct JSONTreeDecoder: Decoder {
    let node: JSONTree
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    static func unwrap<Value: Decodable>(_ node: JSONTree, as type: Value.Type, codingPath: [any CodingKey]) throws
        -> Value
    {
        // The tree itself (not `Optional<JSONTree>`, which must read `null` as nil).
        if type == JSONTree.self, let tree = node as? Value { return tree }
        if type == Data.self || type == Date.self || type == URL.self || type == Decimal.self {
            return try JSONCoding.decoder.decode(type, from: JSONEncoder().encode(node))
        }
        return try Value(from: JSONTreeDecoder(node: node, codingPath: codingPath))
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = node else {
            throw Self.mismatch([String: Any].self, node, codingPath)
        }
        return KeyedDecodingContainer(KeyedContainer<Key>(members: members, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let values) = node else { throw Self.mismatch([Any].self, node, codingPath) }
        return UnkeyedContainer(values: values, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SingleValueContainer(node: node, codingPath: codingPath)
    }

    // MARK: - Scalars

    static func mismatch(_ type: Any.Type, _ node: JSONTree, _ codingPath: [any CodingKey]) -> DecodingError {
        if node == .null {
            return .valueNotFound(
                type, .init(codingPath: codingPath, debugDescription: "Expected \(type) value but found null instead."))
        }
        return .typeMismatch(
            type,
            .init(codingPath: codingPath, debugDescription: "Expected to decode \(type) but found \(node.typeName)."))
    }

    static func bool(_ node: JSONTree, _ codingPath: [any CodingKey]) throws -> Bool {
        guard case .bool(let flag) = node else { throw mismatch(Bool.self, node, codingPath) }
        return flag
    }

    static func string(_ node: JSONTree, _ codingPath: [any CodingKey]) throws -> String {
        guard case .string(let text) = node else { throw mismatch(String.self, node, codingPath) }
        return text
    }

    static func double(_ node: JSONTree, _ codingPath: [any CodingKey]) throws -> Double {
        switch node {
        case .number(let number): return number
        case .integer(let integer): return Double(integer)
        case .string("nan"): return .nan
        case .string("inf"): return .infinity
        case .string("-inf"): return -.infinity
        default: throw mismatch(Double.self, node, codingPath)
        }
    }

    static func float(_ node: JSONTree, _ codingPath: [any CodingKey]) throws -> Float {
        let number = try double(node, codingPath)
        let single = Float(number)
        guard single.isFinite || !number.isFinite else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: codingPath, debugDescription: "Number \(number) does not fit in Float."))
        }
        return single
    }

    static func integer<Integer: FixedWidthInteger>(_ node: JSONTree, _ codingPath: [any CodingKey]) throws -> Integer {
        let exact: Integer?
        switch node {
        case .integer(let integer): exact = Integer(exactly: integer)
        case .number(let number): exact = Integer(exactly: number)
        default: throw mismatch(Integer.self, node, codingPath)
        }
        guard let exact else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: codingPath, debugDescription: "Number does not fit in \(Integer.self)."))
        }
        return exact
    }

    // MARK: - Containers

    struct PathKey: CodingKey {
        var stringValue: String
        var intValue: Int?
        init(stringValue: String) { self.stringValue = stringValue }
        init(intValue: Int) {
            stringValue = "Index \(intValue)"
            self.intValue = intValue
        }
    }

    struct KeyedContainer<K: CodingKey>: KeyedDecodingContainerProtocol {
        let members: [String: JSONTree]
        let codingPath: [any CodingKey]

        var allKeys: [K] { members.keys.compactMap { K(stringValue: $0) } }

        func contains(_ key: K) -> Bool { members[key.stringValue] != nil }

        private func node(_ key: K) throws -> JSONTree {
            guard let node = members[key.stringValue] else {
                throw DecodingError.keyNotFound(
                    key,
                    .init(codingPath: codingPath, debugDescription: "No value associated with key \(key.stringValue)."))
            }
            return node
        }

        func decodeNil(forKey key: K) throws -> Bool { try node(key) == .null }
        func decode(_ type: Bool.Type, forKey key: K) throws -> Bool {
            try JSONTreeDecoder.bool(node(key), codingPath + [key])
        }
        func decode(_ type: String.Type, forKey key: K) throws -> String {
            try JSONTreeDecoder.string(node(key), codingPath + [key])
        }
        func decode(_ type: Double.Type, forKey key: K) throws -> Double {
            try JSONTreeDecoder.double(node(key), codingPath + [key])
        }
        func decode(_ type: Float.Type, forKey key: K) throws -> Float {
            try JSONTreeDecoder.float(node(key), codingPath + [key])
        }
        func decode(_ type: Int.Type, forKey key: K) throws -> Int { try integer(key) }
        func decode(_ type: Int8.Type, forKey key: K) throws -> Int8 { try integer(key) }
        func decode(_ type: Int16.Type, forKey key: K) throws -> Int16 { try integer(key) }
        func decode(_ type: Int32.Type, forKey key: K) throws -> Int32 { try integer(key) }
        func decode(_ type: Int64.Type, forKey key: K) throws -> Int64 { try integer(key) }
        func decode(_ type: UInt.Type, forKey key: K) throws -> UInt { try integer(key) }
        func decode(_ type: UInt8.Type, forKey key: K) throws -> UInt8 { try integer(key) }
        func decode(_ type: UInt16.Type, forKey key: K) throws -> UInt16 { try integer(key) }
        func decode(_ type: UInt32.Type, forKey key: K) throws -> UInt32 { try integer(key) }
        func decode(_ type: UInt64.Type, forKey key: K) throws -> UInt64 { try integer(key) }
        private func integer<Integer: FixedWidthInteger>(_ key: K) throws -> Integer {
            try JSONTreeDecoder.integer(node(key), codingPath + [key])
        }
        func decode<T: Decodable>(_ type: T.Type, forKey key: K) throws -> T {
            try JSONTreeDecoder.unwrap(node(key), as: type, codingPath: codingPath + [key])
        }

        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: K) throws
            -> KeyedDecodingContainer<NestedKey>
        {
            try JSONTreeDecoder(node: node(key), codingPath: codingPath + [key]).container(keyedBy: type)
        }
        func nestedUnkeyedContainer(forKey key: K) throws -> any UnkeyedDecodingContainer {
            try JSONTreeDecoder(node: node(key), codingPath: codingPath + [key]).unkeyedContainer()
        }
        func superDecoder() throws -> any Decoder {
            JSONTreeDecoder(node: members["super"] ?? .null, codingPath: codingPath + [PathKey(stringValue: "super")])
        }
        func superDecoder(forKey key: K) throws -> any Decoder {
            JSONTreeDecoder(node: members[key.stringValue] ?? .null, codingPath: codingPath + [key])
        }
    }

    struct UnkeyedContainer: UnkeyedDecodingContainer {
        let values: [JSONTree]
        let codingPath: [any CodingKey]
        var currentIndex = 0

        init(values: [JSONTree], codingPath: [any CodingKey]) {
            self.values = values
            self.codingPath = codingPath
        }

        var count: Int? { values.count }
        var isAtEnd: Bool { currentIndex >= values.count }

        private mutating func next(_ type: Any.Type) throws -> (JSONTree, [any CodingKey]) {
            guard !isAtEnd else {
                throw DecodingError.valueNotFound(
                    type,
                    .init(
                        codingPath: codingPath + [PathKey(intValue: currentIndex)],
                        debugDescription: "Unkeyed container is at end."))
            }
            defer { currentIndex += 1 }
            return (values[currentIndex], codingPath + [PathKey(intValue: currentIndex)])
        }

        mutating func decodeNil() throws -> Bool {
            guard !isAtEnd else {
                throw DecodingError.valueNotFound(
                    Any?.self, .init(codingPath: codingPath, debugDescription: "Unkeyed container is at end."))
            }
            if values[currentIndex] == .null {
                currentIndex += 1
                return true
            }
            return false
        }
        mutating func decode(_ type: Bool.Type) throws -> Bool {
            let (node, path) = try next(type)
            return try JSONTreeDecoder.bool(node, path)
        }
        mutating func decode(_ type: String.Type) throws -> String {
            let (node, path) = try next(type)
            return try JSONTreeDecoder.string(node, path)
        }
        mutating func decode(_ type: Double.Type) throws -> Double {
            let (node, path) = try next(type)
            return try JSONTreeDecoder.double(node, path)
        }
        mutating func decode(_ type: Float.Type) throws -> Float {
            let (node, path) = try next(type)
            return try JSONTreeDecoder.float(node, path)
        }
        mutating func decode(_ type: Int.Type) throws -> Int { try integer() }
        mutating func decode(_ type: Int8.Type) throws -> Int8 { try integer() }
        mutating func decode(_ type: Int16.Type) throws -> Int16 { try integer() }
        mutating func decode(_ type: Int32.Type) throws -> Int32 { try integer() }
        mutating func decode(_ type: Int64.Type) throws -> Int64 { try integer() }
        mutating func decode(_ type: UInt.Type) throws -> UInt { try integer() }
        mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try integer() }
        mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try integer() }
        mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try integer() }
        mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try integer() }
        private mutating func integer<Integer: FixedWidthInteger>() throws -> Integer {
            let (node, path) = try next(Integer.self)
            return try JSONTreeDecoder.integer(node, path)
        }
        mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
            let (node, path) = try next(type)
            return try JSONTreeDecoder.unwrap(node, as: type, codingPath: path)
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
            -> KeyedDecodingContainer<NestedKey>
        {
            let (node, path) = try next([String: Any].self)
            return try JSONTreeDecoder(node: node, codingPath: path).container(keyedBy: type)
        }
        mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
            let (node, path) = try next([Any].self)
            return try JSONTreeDecoder(node: node, codingPath: path).unkeyedContainer()
        }
        mutating func superDecoder() throws -> any Decoder {
            let (node, path) = try next(Any.self)
            return JSONTreeDecoder(node: node, codingPath: path)
        }
    }

    struct SingleValueContainer: SingleValueDecodingContainer {
        let node: JSONTree
        let codingPath: [any CodingKey]

        func decodeNil() -> Bool { node == .null }
        func decode(_ type: Bool.Type) throws -> Bool { try JSONTreeDecoder.bool(node, codingPath) }
        func decode(_ type: String.Type) throws -> String { try JSONTreeDecoder.string(node, codingPath) }
        func decode(_ type: Double.Type) throws -> Double { try JSONTreeDecoder.double(node, codingPath) }
        func decode(_ type: Float.Type) throws -> Float { try JSONTreeDecoder.float(node, codingPath) }
        func decode(_ type: Int.Type) throws -> Int { try JSONTreeDecoder.integer(node, codingPath) }
        func decode(_ type: Int8.Type) throws -> Int8 { try JSONTreeDecoder.integer(node, codingPath) }
        func decode(_ type: Int16.Type) throws -> Int16 { try JSONTreeDecoder.integer(node, codingPath) }
        func decode(_ type: Int32.Type) throws -> Int32 { try JSONTreeDecoder.integer(node, codingPath) }
        func decode(_ type: Int64.Type) throws -> Int64 { try JSONTreeDecoder.integer(node, codingPath) }
        func decode(_ type: UInt.Type) throws -> UInt { try JSONTreeDecoder.integer(node, codingPath) }
        func decode(_ type: UInt8.Type) throws -> UInt8 { try JSONTreeDecoder.integer(node, codingPath) }
        func decode(_ type: UInt16.Type) throws -> UInt16 { try JSONTreeDecoder.integer(node, codingPath) }
        func decode(_ type: UInt32.Type) throws -> UInt32 { try JSONTreeDecoder.integer(node, codingPath) }
        func decode(_ type: UInt64.Type) throws -> UInt64 { try JSONTreeDecoder.integer(node, codingPath) }
        func decode<T: Decodable>(_ type: T.Type) throws -> T {
            try JSONTreeDecoder.unwrap(node, as: type, codingPath: codingPath)
        }
    }
}

extension JSONTree {
    /// The JSON type's name, for errors.
    var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .integer, .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
