import QuireNotebook

// Diagnostics of planning: op names, parameters, references and the graph. docs/diagnostics.md
// lists each with an example.
extension Diagnostic.ID {
    public static let unknownOp: Self = "unknown-op"
    public static let unknownParameter: Self = "unknown-parameter"
    public static let parameterType: Self = "parameter-type"
    public static let missingParameter: Self = "missing-parameter"
    public static let unknownStep: Self = "unknown-step"
    public static let unknownOutput: Self = "unknown-output"
    public static let inputKind: Self = "input-kind"
    public static let cycle: Self = "cycle"
    public static let badCondition: Self = "bad-condition"
    public static let expectationSetting: Self = "expectation-setting"
    public static let exportDuplicateName: Self = "export-duplicate-name"
}
