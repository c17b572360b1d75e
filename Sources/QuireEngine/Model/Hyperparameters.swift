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

    // Checked reads for the trainer. ``init(_:for:)`` validated every value and filled in every
    // default, so these fail only if the trainer reads a name its algorithm does not declare; the
    // error then names that hyperparameter instead of trapping.

    /// A whole-number hyperparameter (`max_iter`).
    ///
    /// - Throws: ``ModelError`` `invalid-hyperparameter` naming it, when it is not an integer.
    func integer(_ name: String) throws -> Int {
        guard let value = self[name].integer else { throw Self.notDeclared(name, as: "an integer") }
        return value
    }

    /// A whole-number hyperparameter that may be null (`max_depth`): nil for null.
    func nullableInteger(_ name: String) throws -> Int? {
        if case .null = self[name], values[name] != nil { return nil }
        return try integer(name)
    }

    /// A numeric hyperparameter (`alpha`, `tol`).
    func number(_ name: String) throws -> Double {
        guard let value = self[name].number else { throw Self.notDeclared(name, as: "a number") }
        return value
    }

    /// A word hyperparameter (`criterion`, `class_weight`), nil when null.
    func string(_ name: String) -> String? {
        if case .string(let value) = self[name] { return value }
        return nil
    }

    /// A true/false hyperparameter (`fit_intercept`).
    func flag(_ name: String) throws -> Bool {
        guard case .bool(let value) = self[name] else { throw Self.notDeclared(name, as: "true or false") }
        return value
    }

    private static func notDeclared(_ name: String, as kind: String) -> ModelError {
        ModelError(
            .invalidHyperparameter, "internal error: hyperparameter `\(name)` is not \(kind)",
            hint: "the algorithm's schema and its trainer disagree; please report it", parameter: name)
    }
}
