/// Validated hyperparameters of one algorithm: every accepted name with its value or default.
public struct Hyperparameters: Sendable, Hashable, Codable {
    /// Name → value, including defaults.
    public private(set) var values: [String: HyperValue]

    /// Validates user values against the algorithm's schema and fills in defaults.
    ///
    /// - Throws: ``ModelError`` `unknown-hyperparameter` (with a suggestion) or
    ///   `invalid-hyperparameter`.
    public init(_ given: [String: HyperValue], for algorithm: Algorithm) throws {
        let specs = algorithm.hyperparameters
        var values: [String: HyperValue] = [:]
        for spec in specs { values[spec.name] = spec.defaultValue }
        for (name, value) in given.sorted(by: { $0.key < $1.key }) {
            guard let spec = specs.first(where: { $0.name == name }) else {
                let names = specs.map(\.name)
                let hint = Suggestions.closest(to: name, among: names).map { "did you mean `\($0)`? " } ?? ""
                throw ModelError(
                    .unknownHyperparameter, "\(algorithm.rawValue) has no hyperparameter `\(name)`",
                    hint: hint + "it accepts: \(names.joined(separator: ", "))")
            }
            values[name] = try spec.validate(value)
        }
        self.values = values
    }

    /// The value of a hyperparameter (its default when not given).
    public subscript(name: String) -> HyperValue { values[name] ?? .null }

    func integer(_ name: String) -> Int? { self[name].integer }
    func number(_ name: String) -> Double { self[name].number ?? .nan }
    func string(_ name: String) -> String? {
        if case .string(let value) = self[name] { return value }
        return nil
    }
    func flag(_ name: String) -> Bool {
        if case .bool(let value) = self[name] { return value }
        return false
    }
}
