// The catalog of notebook diagnostics. docs/diagnostics.md lists each with an example; an id,
// once published, keeps its meaning.
extension Diagnostic.ID {
    // Reading the file.
    public static let fileUnreadable: Self = "file-unreadable"
    public static let invalidUTF8: Self = "invalid-utf8"
    public static let binaryFile: Self = "binary-file"
    public static let notANotebook: Self = "not-a-notebook"
    // Front matter.
    public static let frontMatterUnterminated: Self = "front-matter-unterminated"
    public static let frontMatterYAML: Self = "front-matter-yaml"
    public static let frontMatterType: Self = "front-matter-type"
    // Fenced blocks.
    public static let unclosedFence: Self = "unclosed-fence"
    public static let nestedStep: Self = "nested-step"
    // Step headers.
    public static let stepMissingID: Self = "step-missing-id"
    public static let stepInvalidID: Self = "step-invalid-id"
    public static let stepDuplicateID: Self = "step-duplicate-id"
    public static let displayOption: Self = "display-option"
    // Step bodies.
    public static let stepEmpty: Self = "step-empty"
    public static let stepYAML: Self = "step-yaml"
    public static let stepNotMapping: Self = "step-not-mapping"
    public static let stepNoOp: Self = "step-no-op"
    public static let stepSeveralOps: Self = "step-several-ops"
    public static let reservedKeyType: Self = "reserved-key-type"
    public static let yamlTooComplex: Self = "yaml-too-complex"
    // Prose.
    public static let imageNotEmbedded: Self = "image-not-embedded"
    public static let imageOutsideRoot: Self = "image-outside-root"
    public static let imageContentMismatch: Self = "image-content-mismatch"
    public static let rawHTMLRemoved: Self = "raw-html-removed"
    // Parameters.
    public static let undeclaredParam: Self = "undeclared-param"
    public static let badSubstitution: Self = "bad-substitution"
    // Ranges (checked by the planner for op parameters, by the step reader for `timeout`).
    public static let parameterRange: Self = "param-range"
    // Limits.
    public static let yamlTooDeep: Self = "yaml-too-deep"
    public static let stepIDTooLong: Self = "step-id-too-long"
}
