import QuireNotebook
import QuireReport
import QuireRunner

/// Reads, parses and plans notebooks, collecting every diagnostic: what `run`, `check`,
/// `explain`, `graph` and `watch` all start with.
public struct NotebookLoader: Sendable {
    /// How prose is read (rendered, checked, raw HTML, files outside the root).
    public var parserOptions: NotebookParser.Options
    /// Parameter values given outside the notebook.
    public var parameters: ParameterOverrides
    /// The operations steps may use.
    public var registry: OpRegistry

    /// A loader with these options.
    public init(
        parserOptions: NotebookParser.Options = [], parameters: ParameterOverrides = .init(),
        registry: OpRegistry = .standard
    ) {
        self.parserOptions = parserOptions
        self.parameters = parameters
        self.registry = registry
    }

    /// A notebook as read: its location, bytes and text, every diagnostic, and its plan when it
    /// has no errors.
    public struct Loaded: Sendable {
        /// Where the notebook is.
        public var location: NotebookLocation
        /// The file's bytes (empty when it could not be read).
        public var bytes: [UInt8]
        /// The decoded text, for printing diagnostics with their lines (nil when unreadable).
        public var source: SourceText?
        /// Every problem found, errors and warnings, in the order found.
        public var diagnostics: [Diagnostic]
        /// The plan, when the notebook has no errors.
        public var plan: Plan?

        /// The number of error diagnostics.
        public var errorCount: Int { diagnostics.filter { $0.severity == .error }.count }
        /// The number of warning diagnostics.
        public var warningCount: Int { diagnostics.filter { $0.severity == .warning }.count }

        /// The plan if the notebook may run: it planned and has no errors (nor warnings, when
        /// `strict`).
        public func validPlan(strict: Bool = false) -> Plan? {
            errorCount > 0 || (strict && warningCount > 0) ? nil : plan
        }
    }

    /// Reads, parses and plans the notebook at `path`.
    ///
    /// - Throws: ``ParameterError`` when the parameter overrides do not fit the notebook (a
    ///   usage error, not a problem of the notebook).
    public func load(_ path: String) throws(ParameterError) -> Loaded {
        let location = NotebookLocation(path: path)
        var loaded = Loaded(location: location, bytes: [], source: nil, diagnostics: [], plan: nil)
        switch NotebookParser.readNotebook(path) {
        case .success(let read): loaded.bytes = read
        case .failure(let diagnostic):
            loaded.diagnostics = [diagnostic]
            return loaded
        }
        let parser = NotebookParser(options: parserOptions, projectRoot: location.projectRoot)
        let result = parser.parse(bytes: loaded.bytes, path: path)
        loaded.source = result.source
        loaded.diagnostics = result.diagnostics
        guard let notebook = result.notebook else { return loaded }
        loaded.diagnostics += Diagrams.diagnostics(in: notebook)
        loaded.diagnostics += Diagrams.typeNotes(in: notebook)
        guard result.isValid else { return loaded }
        switch Planner(registry: registry).plan(notebook, params: try parameters.params(for: notebook)) {
        case .success(let plan):
            loaded.plan = plan
            loaded.diagnostics += plan.warnings
        case .failure(let error): loaded.diagnostics += error.diagnostics
        }
        return loaded
    }
}
