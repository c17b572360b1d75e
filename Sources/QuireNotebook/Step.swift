/// A ```` ```step id ```` block: one operation with its parameters.
///
/// Everything is kept with its position so that later stages (op schemas, references, the
/// runner) report problems at the exact place in the file. A step that has errors is still
/// kept, with what could be read, so that all problems are reported in one pass.
public struct Step: Hashable, Sendable {
    /// The reserved keys that may stand beside the op key in a step body.
    public static let reservedKeys: Set<String> = ["needs", "when", "title", "timeout", "resources"]
    /// Longest step id, in characters: ids name cache entries, files and diagram nodes.
    public static let maxIDLength = 64

    /// The step's id (empty when the info string has none).
    public var id: String
    /// Where the id is written; the first word of the info string when there is no valid id.
    public var idRange: SourceRange
    /// The whole block, opening fence to closing fence.
    public var range: SourceRange
    /// The info string after the fence (`step split echo=false`).
    public var infoRange: SourceRange
    /// Display-only options from the info string; never part of a cache key.
    public var displayOptions: [DisplayOption]
    /// The YAML body as written, line endings normalised to LF.
    public var source: String
    /// File line of the body's first line.
    public var firstBodyLine: Int
    /// The parsed body (nil when empty or not valid YAML).
    public var body: YAMLNode?
    /// The operation key (`load`, `split`, …) and where it is written.
    public var op: Located<String>?
    /// The value of the operation key: a mapping of parameters, or a scalar shorthand.
    public var parameters: YAMLNode?
    /// `needs:` — steps that must run first without passing data.
    public var needs: [Located<String>]
    /// `when:` — the expression deciding whether the step runs.
    public var when: Located<String>?
    /// `title:` — a display title.
    public var title: Located<String>?
    /// `timeout:` in seconds.
    public var timeout: Located<Double>?
    /// `resources:` — what the step asks of the machine that runs it.
    public var resources: Located<StepResources>?
    /// Every `${params.name}` in the body, with its position.
    public var paramReferences: [Located<String>]
    /// Whether a closing fence ends the block.
    public var isClosed: Bool

    /// Creates an empty, closed step; the reader fills in the body, op and keys.
    public init(id: String, idRange: SourceRange, range: SourceRange, infoRange: SourceRange) {
        self.id = id
        self.idRange = idRange
        self.range = range
        self.infoRange = infoRange
        self.displayOptions = []
        self.source = ""
        self.firstBodyLine = range.start.line + 1
        self.body = nil
        self.op = nil
        self.parameters = nil
        self.needs = []
        self.when = nil
        self.title = nil
        self.timeout = nil
        self.resources = nil
        self.paramReferences = []
        self.isClosed = true
    }

    /// The value of the display option `name`, if given.
    public func displayOption(_ name: String) -> String? {
        displayOptions.last { $0.name == name }?.value
    }
}

/// A display-only option from a step's info string: `echo=false`.
public struct DisplayOption: Hashable, Sendable {
    /// The options Quire knows, with what they do.
    public static let known: [String: String] = [
        "echo": "show the step's source (default true)",
        "output": "show the step's outputs (default true)",
        "fold": "show the source folded, to be expanded by the reader (default false)",
    ]

    /// The option name, before `=`.
    public var name: String
    /// The option value as written, after `=`.
    public var value: String
    /// Where `name=value` is written.
    public var range: SourceRange

    /// Creates the option `name=value` written at `range`.
    public init(name: String, value: String, range: SourceRange) {
        self.name = name
        self.value = value
        self.range = range
    }
}
