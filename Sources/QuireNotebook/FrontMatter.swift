/// The YAML between `---` lines at the very top of a notebook.
///
/// The known keys are typed; every other key is kept in ``extra`` for later stages and tools.
public struct FrontMatter: Hashable, Sendable {
    /// A declared parameter: its name and default value.
    public struct Param: Hashable, Sendable {
        /// The parameter name and where it is written.
        public var name: Located<String>
        /// The default value as written; `-p`/`--params` may override it.
        public var value: YAMLNode

        /// Creates a parameter `name` with default `value`.
        public init(name: Located<String>, value: YAMLNode) {
            self.name = name
            self.value = value
        }
    }

    /// From the opening `---` to the closing `---` (or `...`).
    public var range: SourceRange
    /// The whole YAML mapping (nil when the front matter is empty).
    public var root: YAMLNode?
    /// `title`, shown as the report's title; nil when absent.
    public var title: Located<String>?
    /// `description`, shown under the report's title; nil when absent.
    public var description: Located<String>?
    /// `params`, in the order written.
    public var params: [Param]
    /// `defaults`, kept as written for the runner.
    public var defaults: YAMLNode?
    /// Every other key.
    public var extra: [YAMLNode.Pair]

    /// Creates front matter spanning `range`; every key is optional.
    public init(
        range: SourceRange, root: YAMLNode? = nil, title: Located<String>? = nil,
        description: Located<String>? = nil, params: [Param] = [], defaults: YAMLNode? = nil,
        extra: [YAMLNode.Pair] = []
    ) {
        self.range = range
        self.root = root
        self.title = title
        self.description = description
        self.params = params
        self.defaults = defaults
        self.extra = extra
    }

    /// The declared parameter named `name`.
    public func param(named name: String) -> Param? {
        params.first { $0.name.value == name }
    }
}
