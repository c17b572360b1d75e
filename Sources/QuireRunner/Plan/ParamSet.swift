import QuireNotebook

/// The values of a notebook's parameters for one run: the front-matter defaults, overridden by
/// `--params FILE.yaml`, then by `-p name=value`.
public struct ParamSet: Sendable, Hashable {
    /// Values by name, in the order the front matter declares them.
    public private(set) var values: [(name: String, value: ParameterValue)]

    /// Equal when the same names hold the same values in the same order.
    public static func == (lhs: ParamSet, rhs: ParamSet) -> Bool {
        lhs.values.map(\.name) == rhs.values.map(\.name) && lhs.values.map(\.value) == rhs.values.map(\.value)
    }

    /// Hashes the names and values in order, consistent with `==`.
    public func hash(into hasher: inout Hasher) {
        for (name, value) in values {
            hasher.combine(name)
            hasher.combine(value)
        }
    }

    /// The declared parameters with their defaults.
    public init(frontMatter: FrontMatter?) {
        values = (frontMatter?.params ?? []).map { ($0.name.value, ParameterValue(yaml: $0.value)) }
    }

    /// The value of the parameter `name`, or nil when it is not declared.
    public subscript(name: String) -> ParameterValue? {
        values.first { $0.name == name }?.value
    }

    /// Why an override was refused; the CLI reports it as a usage error.
    public struct OverrideError: Error, Sendable, CustomStringConvertible {
        /// The message, naming the parameter and what was wrong.
        public var description: String
    }

    /// Sets `name` from the text of a `-p name=value`, typed like the declared default.
    public mutating func override(_ name: String, text: String) throws(OverrideError) {
        guard let index = values.firstIndex(where: { $0.name == name }) else {
            throw undeclared(name)
        }
        let current = values[index].value
        let value: ParameterValue?
        switch current {
        case .integer: value = Int(text).map(ParameterValue.integer)
        case .number: value = Double(text).map(ParameterValue.number)
        case .bool: value = ["true": true, "false": false][text].map(ParameterValue.bool)
        case .string, .null: value = .string(text)
        case .list, .mapping, .input:
            value = (try? YAMLNode.parse(text)).flatMap { $0 }.map(ParameterValue.init(yaml:))
        }
        guard let value, value.sameType(as: current) || current == .null else {
            throw OverrideError(
                description: "-p \(name)=\(text): '\(name)' is \(current.typeName) (default \(current.displayText)); "
                    + "'\(text)' is not")
        }
        values[index].value = value
    }

    /// Sets every parameter of a YAML mapping (`--params FILE.yaml`).
    public mutating func override(with node: YAMLNode, file: String) throws(OverrideError) {
        guard let pairs = node.pairs else {
            throw OverrideError(description: "\(file): a params file is a mapping of parameter names to values")
        }
        for pair in pairs {
            guard let name = pair.key.scalar?.text else { continue }
            guard let index = values.firstIndex(where: { $0.name == name }) else { throw undeclared(name, file: file) }
            let value = ParameterValue(yaml: pair.value)
            let current = values[index].value
            guard value.sameType(as: current) || current == .null else {
                throw OverrideError(
                    description: "\(file):\(pair.value.range.start): '\(name)' is \(current.typeName) "
                        + "(default \(current.displayText)), not \(value.typeName)")
            }
            values[index].value = value
        }
    }

    private func undeclared(_ name: String, file: String? = nil) -> OverrideError {
        let names = values.map(\.name)
        let place = file.map { "\($0): " } ?? "-p \(name): "
        var message = place + "the notebook declares no parameter '\(name)'"
        if let guess = Suggestion.closest(to: name, among: names) {
            message += "; did you mean '\(guess)'?"
        } else if !names.isEmpty {
            message += "; it declares " + names.joined(separator: ", ")
        }
        return OverrideError(description: message)
    }
}

extension ParameterValue {
    /// A YAML value as a parameter value, scalars typed by the core schema.
    public init(yaml node: YAMLNode) {
        switch node.value {
        case .scalar(let scalar):
            switch scalar.kind {
            case .null: self = .null
            case .bool: self = .bool(node.bool ?? false)
            case .int: self = node.int.map(ParameterValue.integer) ?? .string(scalar.text)
            case .float: self = node.double.map(ParameterValue.number) ?? .string(scalar.text)
            case .string: self = .string(scalar.text)
            }
        case .sequence(let elements):
            self = .list(elements.map(ParameterValue.init(yaml:)))
        case .mapping(let pairs):
            self = .mapping(pairs.map { Pair($0.key.scalar?.text ?? "", ParameterValue(yaml: $0.value)) })
        }
    }

    /// Whether two values have the same type (an integer counts as a number).
    func sameType(as other: ParameterValue) -> Bool {
        switch (self, other) {
        case (.null, .null), (.bool, .bool), (.integer, .integer), (.string, .string), (.list, .list),
            (.mapping, .mapping), (.input, .input), (.number, .number), (.integer, .number):
            return true
        default:
            return false
        }
    }

    var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .integer: "an integer"
        case .number: "a number"
        case .string: "text"
        case .list: "a list"
        case .mapping: "a mapping"
        case .input: "a reference"
        }
    }
}
