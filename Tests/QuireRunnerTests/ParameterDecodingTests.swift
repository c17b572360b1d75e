import Foundation
import QuireEngine
import QuireNotebook
import QuireRunner
import Testing

/// Every op's `Parameters` is decoded from its schema: one field per parameter, and the schema's
/// defaults (written nowhere else) when nothing is given.
@Suite struct ParameterDecodingTests {
    /// A value of `type` for a required parameter that has no default.
    static func placeholder(_ type: ParameterType) -> ParameterValue {
        switch type {
        case .input(let kind): .input(StepReference(step: "upstream", output: kind.rawValue))
        case .choice(let words): .string(words.first ?? "")
        case .list(let element): .list([placeholder(element)])
        case .mapping: .mapping([])
        case .integer: .integer(1)
        case .number: .number(1)
        case .boolean: .bool(true)
        case .string, .path, .expression, .column, .scalar, .any: .string("x")
        }
    }

    /// A decoded field as the parameter value it holds; nil for an absent optional.
    static func parameterValue(_ value: Any) -> ParameterValue? {
        let mirror = Mirror(reflecting: value)
        if mirror.displayStyle == .optional { return mirror.children.first.flatMap { parameterValue($0.value) } }
        switch value {
        case let value as ParameterValue: return value
        case let value as StepReference: return .input(value)
        case let value as Int: return .integer(value)
        case let value as Double: return .number(value)
        case let value as Bool: return .bool(value)
        case let value as String: return .string(value)
        case let value as any RawRepresentable: return (value.rawValue as? String).map(ParameterValue.string)
        default: break
        }
        if mirror.displayStyle == .collection { return .list(mirror.children.compactMap { parameterValue($0.value) }) }
        if String(describing: type(of: value)).hasPrefix("OrderedMapping"), let entries = mirror.children.first {
            let pairs = Mirror(reflecting: entries.value).children.compactMap { entry -> ParameterValue.Pair? in
                let parts = Mirror(reflecting: entry.value).children.map(\.value)
                guard parts.count == 2, let key = parts[0] as? String, let value = parameterValue(parts[1]) else {
                    return nil
                }
                return .init(key, value)
            }
            return .mapping(pairs)
        }
        return nil
    }

    /// The fields of decoded parameters by parameter name (`testSize` → `test_size`), with inline
    /// groups (``ModelParameters``) flattened; the dependent parameters apart.
    static func fields(_ parameters: Any) -> (fields: [String: Any], dependent: DependentParameters?) {
        var fields: [String: Any] = [:]
        var dependent: DependentParameters?
        for child in Mirror(reflecting: parameters).children {
            guard let label = child.label else { continue }
            if let group = child.value as? DependentParameters {
                dependent = group
            } else if child.value is any InlineParameters {
                let inner = Self.fields(child.value)
                fields.merge(inner.fields) { first, _ in first }
                dependent = dependent ?? inner.dependent
            } else {
                let name = label.reduce(into: "") { text, character in
                    text += character.isUppercase ? "_" + character.lowercased() : String(character)
                }
                fields[name] = child.value
            }
        }
        return (fields, dependent)
    }

    static let operations = OpRegistry.standard.names.compactMap { OpRegistry.standard.operation(named: $0) }

    /// One file per op (`Sources/QuireRunner/Ops/NameOp.swift`), and every one is registered.
    @Test func registryHoldsEveryOp() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Sources/QuireRunner/Ops")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix("Op.swift") }
        let registered = Set(Self.operations.map { String(describing: $0) + ".swift" })
        #expect(Set(files) == registered)
        #expect(Self.operations.count >= 20)
    }

    @Test(arguments: operations.map { $0.schema.name })
    func defaultsComeFromTheSchema(_ name: String) throws {
        let operation = try #require(OpRegistry.standard.operation(named: name))
        let schema = operation.schema
        var given: [String: ParameterValue] = [:]
        for parameter in schema.parameters where parameter.isRequired && parameter.defaultValue == nil {
            given[parameter.name] = Self.placeholder(parameter.type)
        }
        let decoded = try operation.parameters(from: given)
        let (fields, dependent) = Self.fields(decoded)

        // One field per parameter of the schema, and no other.
        #expect(Set(fields.keys) == Set(schema.parameters.map(\.name)), "\(name): fields and schema differ")
        for parameter in schema.parameters {
            let expected = given[parameter.name] ?? parameter.defaultValue
            let actual = fields[parameter.name].flatMap(Self.parameterValue)
            #expect(actual == expected, "\(name).\(parameter.name): \(String(describing: actual))")
        }

        // Dependent parameters (an algorithm's hyperparameters) take their defaults too.
        if let dependentParameters = schema.dependentParameters {
            let expected = Dictionary(
                dependentParameters(given).compactMap { parameter in parameter.defaultValue.map { (parameter.name, $0) }
                },
                uniquingKeysWith: { first, _ in first })
            #expect(!expected.isEmpty)
            #expect(dependent?.values == expected, "\(name): hyperparameters")
        }
    }

    @Test func givenValuesWinOverDefaults() throws {
        let operation = try #require(OpRegistry.standard.operation(named: "split"))
        let decoded = try operation.parameters(from: [
            "from": .input(StepReference(step: "d", output: "frame")), "test_size": .number(0.3),
            "stratify": .string("label"),
        ])
        let fields = Self.fields(decoded).fields
        #expect(fields["test_size"].flatMap(Self.parameterValue) == .number(0.3))
        #expect(fields["stratify"].flatMap(Self.parameterValue) == .string("label"))
        #expect(fields["seed"].flatMap(Self.parameterValue) == .integer(0))
        #expect(fields["order_by"].flatMap(Self.parameterValue) == nil)
    }

    @Test func mappingsKeepTheirWrittenOrder() throws {
        let schema = try #require(OpRegistry.standard.schema(named: "derive"))
        struct Derive: Decodable {
            var columns: OrderedMapping<String>
        }
        let columns: [ParameterValue.Pair] = [.init("z", .string("a + 1")), .init("a", .string("z * 2"))]
        let decoded = try schema.decode(Derive.self, from: ["columns": .mapping(columns)])
        #expect(decoded.columns.keys == ["z", "a"])
        #expect(decoded.columns["a"] == "z * 2")
    }

    @Test func aValueOfTheWrongTypeIsADecodingError() throws {
        let schema = try #require(OpRegistry.standard.schema(named: "profile"))
        struct Profile: Decodable {
            var top: Int
        }
        #expect(throws: DecodingError.self) { try schema.decode(Profile.self, from: ["top": .string("five")]) }
        #expect(try schema.decode(Profile.self, from: [:]).top == 5)
    }
}
