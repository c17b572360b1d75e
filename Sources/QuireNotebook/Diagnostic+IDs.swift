// The catalogue of notebook diagnostics. docs/diagnostics.md lists each with an example; an id,
// once published, keeps its meaning.
extension Diagnostic.ID {
    // Reading the file.
    /// The path is missing, a directory, a FIFO, socket or device, unreadable, or larger than 256 MiB.
    public static let fileUnreadable = Self(domain: "notebook", "file-unreadable")
    /// A byte sequence is not UTF-8.
    public static let invalidUTF8 = Self(domain: "notebook", "invalid-utf8")
    /// The file contains a NUL byte.
    public static let binaryFile = Self(domain: "notebook", "binary-file")
    /// The file's extension names data or a report, not Markdown.
    public static let notANotebook = Self(domain: "notebook", "not-a-notebook")
    // Front matter.
    /// The file starts with `---` and no closing `---` follows.
    public static let frontMatterUnterminated = Self(domain: "notebook", "front-matter-unterminated")
    /// The front matter is not valid YAML.
    public static let frontMatterYAML = Self(domain: "notebook", "front-matter-yaml")
    /// Front matter is not a mapping, or `title`, `description`, `params`, `defaults` have the wrong type.
    public static let frontMatterType = Self(domain: "notebook", "front-matter-type")
    // Fenced blocks.
    /// A fenced block is never closed and runs to the end of the file.
    public static let unclosedFence = Self(domain: "notebook", "unclosed-fence")
    /// A `step` block sits inside a list or a quote.
    public static let nestedStep = Self(domain: "notebook", "nested-step")
    // Step headers.
    /// A step has no id after `step`.
    public static let stepMissingID = Self(domain: "notebook", "step-missing-id")
    /// The id does not match `[a-z][a-z0-9_-]*`.
    public static let stepInvalidID = Self(domain: "notebook", "step-invalid-id")
    /// Two steps share an id.
    public static let stepDuplicateID = Self(domain: "notebook", "step-duplicate-id")
    /// An unknown display option, or a value other than `true`/`false`.
    public static let displayOption = Self(domain: "notebook", "display-option")
    // Step bodies.
    /// A step's body is empty.
    public static let stepEmpty = Self(domain: "notebook", "step-empty")
    /// The body is not valid YAML.
    public static let stepYAML = Self(domain: "notebook", "step-yaml")
    /// The body is a list or a scalar, or a key is not a name.
    public static let stepNotMapping = Self(domain: "notebook", "step-not-mapping")
    /// The body has only reserved keys.
    public static let stepNoOp = Self(domain: "notebook", "step-no-op")
    /// The body has more than one operation key.
    public static let stepSeveralOps = Self(domain: "notebook", "step-several-ops")
    /// `needs`, `when`, `title`, `timeout` or `resources` has the wrong type or value.
    public static let reservedKeyType = Self(domain: "notebook", "reserved-key-type")
    /// A body or the front matter expands to more than 100,000 values through aliases.
    public static let yamlTooComplex = Self(domain: "notebook", "yaml-too-complex")
    /// A `--params` file is not valid YAML.
    public static let yamlSyntax = Self(domain: "notebook", "yaml-syntax")
    // Prose.
    /// An image in prose cannot be embedded (missing, not a supported image, too large): it becomes a link.
    public static let imageNotEmbedded = Self(domain: "notebook", "image-not-embedded")
    /// An image's path, symlinks followed, leads outside the project root.
    public static let imageOutsideRoot = Self(domain: "notebook", "image-outside-root")
    /// An image's bytes are not the type its extension names.
    public static let imageContentMismatch = Self(domain: "notebook", "image-content-mismatch")
    /// With `--allow-raw-html`, raw HTML outside the allowlist is removed.
    public static let rawHTMLRemoved = Self(domain: "notebook", "raw-html-removed")
    /// A `{{ … }}` quoting a value is never closed on its line, empty, or not a reference.
    public static let quoteSyntax = Self(domain: "notebook", "quote-syntax")
    /// The format after `|` in a quoted value is not one Quire writes.
    public static let quoteFormat = Self(domain: "notebook", "quote-format")
    // Diagrams.
    /// A mermaid flowchart, sequence diagram or mindmap cannot be drawn.
    public static let mermaidSyntax = Self(domain: "notebook", "mermaid-syntax")
    /// Quire draws the diagram, but mermaid.js would reject the line.
    public static let mermaidPortability = Self(domain: "notebook", "mermaid-portability")
    /// A flowchart would draw more than 10,000 links, or subgraphs or a mindmap nest more than 64 levels.
    public static let mermaidTooLarge = Self(domain: "notebook", "mermaid-too-large")
    /// A diagram of a type Quire does not draw natively (gantt, classDiagram, …): only mermaid.js draws it.
    public static let mermaidNotNative = Self(domain: "notebook", "mermaid-not-native")
    // Parameters.
    /// `when.
    public static let undeclaredParam = Self(domain: "notebook", "undeclared-param")
    /// `${…}` that is not `${params.name}`, or a `${` never closed.
    public static let badSubstitution = Self(domain: "notebook", "bad-substitution")
    // Ranges (checked by the planner for op parameters, by the step reader for `timeout`).
    /// A number outside its parameter's declared range, NaN or infinite, a `timeout.
    public static let parameterRange = Self(domain: "notebook", "param-range")
    // Limits.
    /// A body, the front matter or a `--params` file nests lists and mappings more than 64 levels deep.
    public static let yamlTooDeep = Self(domain: "notebook", "yaml-too-deep")
    /// A step id is longer than 64 characters.
    public static let stepIDTooLong = Self(domain: "notebook", "step-id-too-long")

    /// Every id above, for the test that holds the catalogue and docs/diagnostics.md together.
    public static let catalogue: [Self] = [
        .fileUnreadable,
        .invalidUTF8,
        .binaryFile,
        .notANotebook,
        .frontMatterUnterminated,
        .frontMatterYAML,
        .frontMatterType,
        .unclosedFence,
        .nestedStep,
        .stepMissingID,
        .stepInvalidID,
        .stepDuplicateID,
        .displayOption,
        .stepEmpty,
        .stepYAML,
        .stepNotMapping,
        .stepNoOp,
        .stepSeveralOps,
        .reservedKeyType,
        .yamlTooComplex,
        .yamlSyntax,
        .imageNotEmbedded,
        .imageOutsideRoot,
        .imageContentMismatch,
        .rawHTMLRemoved,
        .quoteSyntax,
        .quoteFormat,
        .mermaidSyntax,
        .mermaidPortability,
        .mermaidTooLarge,
        .mermaidNotNative,
        .undeclaredParam,
        .badSubstitution,
        .parameterRange,
        .yamlTooDeep,
        .stepIDTooLong,
    ]

    /// A diagnostic of QuireMermaid, under its own id (`mermaid.flowchart.unclosed-shape`), as
    /// `quire mermaid` prints it; docs/mermaid.md lists them.
    public static func mermaid(_ id: String) -> Self { Self(domain: "mermaid", id) }
}
