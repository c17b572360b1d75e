import Foundation
import QuireEngine
import QuireNotebook
import QuireSupport

/// What an op's ``Operation/outputSchemas(_:in:)`` gets at plan time: its inputs' schemas, where
/// its parameters are written, and the checks that report a problem there.
///
/// The checks report and carry on (each returns what it could decide); ``frame(_:)`` throws
/// ``Unknown`` when an input's schema is not known, which makes every output unknown too, so
/// nothing downstream of an op without the hook is checked. See docs/architecture.md, "What
/// `check` knows of the columns".
public final class SchemaContext {
    /// Thrown by ``frame(_:)`` when the input's schema is not known; the planner catches it.
    public struct Unknown: Error {}

    /// The step being checked.
    public let step: Step
    /// The op's schema (for the shorthand parameter's position).
    public let schema: OpSchema
    /// The directory relative paths start in (the notebook's), absolute.
    public let baseDirectory: String
    /// The project root: plan-time reads stay inside it.
    public let projectRoot: String
    /// The problems found so far.
    public private(set) var diagnostics: [Diagnostic] = []
    private let inputs: [StepReference: FrameSchema]

    /// A context for `step` with the schemas known so far.
    public init(
        step: Step, schema: OpSchema, inputs: [StepReference: FrameSchema], baseDirectory: String,
        projectRoot: String
    ) {
        self.step = step
        self.schema = schema
        self.inputs = inputs
        self.baseDirectory = baseDirectory
        self.projectRoot = projectRoot
    }

    // MARK: Inputs

    /// The schema of the frame `reference` names.
    ///
    /// - Throws: ``Unknown`` when it is not known (its step's op has no hook, or could not tell).
    public func frame(_ reference: StepReference) throws(Unknown) -> FrameSchema {
        guard let schema = inputs[reference] else { throw Unknown() }
        return schema
    }

    /// The schema of the frame `reference` names, or nil when it is not known (or not given).
    public func frameIfKnown(_ reference: StepReference?) -> FrameSchema? {
        reference.flatMap { inputs[$0] }
    }

    // MARK: Positions

    /// The node the parameter `name` is written as, if it is written.
    public func node(of name: String) -> YAMLNode? {
        guard let node = step.parameters else { return nil }
        if let value = node[name] { return value }
        if node.pairs == nil, schema.shorthand == name { return node }
        return nil
    }

    /// Where the parameter `name` is written (the op key when it is not).
    public func range(of name: String) -> SourceRange? {
        node(of: name)?.range ?? step.op?.range
    }

    /// Where the `index`th element of the list parameter `name` is written (the parameter when
    /// it is not a list as written).
    public func range(of name: String, element index: Int) -> SourceRange? {
        guard let node = node(of: name) else { return range(of: name) }
        if let elements = node.elements, index < elements.count { return elements[index].range }
        return node.range
    }

    /// Where the key `key` of the mapping parameter `name` is written.
    public func range(of name: String, key: String) -> SourceRange? {
        node(of: name)?.pairs?.first { $0.key.string == key }?.key.range ?? range(of: name)
    }

    /// The absolute, symlink-resolved path of a file a step reads, or nil when it lies outside
    /// the project root (plan-time reads never leave it; the run reports such a file).
    public func file(_ path: String) -> String? {
        let absolute = path.hasPrefix("/") ? path : baseDirectory + "/" + path
        // A missing file (the common case of a notebook not yet given its data) costs one stat.
        guard FileManager.default.fileExists(atPath: absolute) else { return nil }
        let resolved = URL(fileURLWithPath: absolute).standardizedFileURL.resolvingSymlinksInPath().path
        let root = projectRoot.hasSuffix("/") ? projectRoot : projectRoot + "/"
        return resolved.hasPrefix(root) ? resolved : nil
    }

    // MARK: Checks

    /// Reports `diagnostic`.
    public func report(_ diagnostic: Diagnostic) {
        diagnostics.append(diagnostic)
    }

    /// Checks that `frame` has the column `name`, else reports it at `range` with "did you
    /// mean"; `role` says what the name is (`'sort' column`).
    @discardableResult
    public func column(
        _ name: String, in frame: FrameSchema, at range: SourceRange?, role: String, warning: Bool = false
    ) -> Bool {
        guard !frame.mayHave(name) else { return true }
        let hint =
            Suggestion.didYouMean(name, among: frame.names)
            ?? (frame.names.isEmpty ? "the frame has no columns" : "its columns are " + Self.list(frame.names))
        let message = "\(role) '\(name)' is not a column of the frame"
        report(
            warning
                ? .warning(.unknownColumn, message, at: range, hint: hint)
                : .error(.unknownColumn, message, at: range, hint: hint))
        return false
    }

    /// Checks every name of the list parameter `parameter`, each at its element.
    public func columns(_ names: [String], at parameter: String, in frame: FrameSchema) {
        for (index, name) in names.enumerated() {
            column(name, in: frame, at: range(of: parameter, element: index), role: "`\(parameter)`:")
        }
    }

    /// Checks the column `name` given as the parameter `parameter` (nothing when it is nil).
    public func column(_ name: String?, at parameter: String, in frame: FrameSchema) {
        guard let name else { return }
        column(name, in: frame, at: range(of: parameter), role: "`\(parameter)`:")
    }

    /// Type-checks an expression written as the parameter `parameter` (its mapping entry `key`)
    /// against the frame's columns, reporting a problem at the offending token. Syntax, unknown
    /// functions, argument counts and patterns need no columns: the parameter reader reports
    /// those (`bad-expression`) for every expression, so an expression with one is skipped here.
    ///
    /// A column of unknown kind may be either: the expression is checked with every such column
    /// numeric, then categorical, and a problem is reported only when the columns it uses are
    /// all known, or when both checks find the same problem and it does not depend on kinds (an
    /// unknown column or function, a wrong argument count).
    /// - Returns: the expression's type, when it is certain.
    @discardableResult
    public func expression(
        _ text: String, at parameter: String, key: String? = nil, in frame: FrameSchema?,
        expecting expected: ExpressionType? = nil
    ) -> ExpressionType? {
        guard let frame, let parsed = try? QuireEngine.Expression(text), (try? parsed.checkFunctions()) != nil else {
            return nil
        }
        let usesUnknown =
            frame.hasUnknownKinds && Self.names(in: text).contains { frame[$0].map { $0.kind == nil } ?? false }
        var results: [Result<ExpressionType, ExpressionError>] = []
        for kind in usesUnknown ? [ColumnKind.numeric, .categorical] : [.numeric] {
            do {
                results.append(
                    .success(try parsed.check(against: frame.engineSchema(unknownAs: kind), expecting: expected)))
            } catch let error as ExpressionError {
                results.append(.failure(error))
            } catch {
                return nil
            }
        }
        var types: Set<ExpressionType> = []
        var errors: [ExpressionError] = []
        for result in results {
            switch result {
            case .success(let type): types.insert(type)
            case .failure(let error): errors.append(error)
            }
        }
        if errors.isEmpty { return types.count == 1 ? types.first : nil }
        guard errors.count == results.count, let error = errors.first else { return nil }
        if usesUnknown {
            let independent: Set<ExpressionError.Code> = [.unknownColumn]
            guard errors.allSatisfy({ $0 == error }), independent.contains(error.code) else { return nil }
        }
        // An open frame may have the column (a class's probability after `predict`).
        if error.code == .unknownColumn && frame.isOpen { return nil }
        report(error, at: parameter, key: key)
        return nil
    }

    /// Reports an expression error at its token: the expression's position plus the token's
    /// column, as a failing step does (``OpContext/failure(_:at:key:)``).
    func report(_ error: ExpressionError, at parameter: String, key: String?) {
        var node = self.node(of: parameter)
        if let key { node = node?[key] }
        var range = node?.range ?? self.range(of: parameter)
        // Only when the text is the one written (not `${params.…}`) do columns line up.
        if let node, let scalar = node.scalar, scalar.text == error.expression,
            node.range.start.line == node.range.end.line
        {
            let quote = scalar.isQuoted ? 1 : 0
            let start = node.range.start.column + quote + error.column - 1
            range = SourceRange(line: node.range.start.line, column: start, length: error.length)
        }
        let shown = error.expression.count > 80 ? error.expression.prefix(77) + "…" : error.expression[...]
        let id: Diagnostic.ID =
            error.code == .unknownColumn ? .unknownColumn : .expressionType
        report(.error(id, "in `\(shown)`: \(error.message)", at: range, hint: error.hint))
    }

    /// The column names an expression uses (none when it does not parse).
    static func names(in text: String) -> Set<String> {
        guard let root = try? ExpressionSyntax.parse(text, dialect: .columns) else { return [] }
        var names: Set<String> = []
        var pending = [root]
        while let node = pending.popLast() {
            switch node.kind {
            case .name(let name): names.insert(name)
            case .unary(_, let operand): pending.append(operand)
            case .binary(_, let lhs, let rhs): pending += [lhs, rhs]
            case .inList(let operand, let items, _): pending += [operand] + items
            case .call(_, let arguments): pending += arguments
            case .number, .string, .boolean: break
            }
        }
        return names
    }

    /// Names quoted and joined, the first few.
    static func list(_ names: [String]) -> String {
        names.prefix(8).map { "'\($0)'" }.joined(separator: ", ") + (names.count > 8 ? ", …" : "")
    }
}
