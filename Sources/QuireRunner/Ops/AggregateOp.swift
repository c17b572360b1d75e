import QuireEngine
import QuireNotebook
import QuireSupport

/// `aggregate`: one row per group of equal keys, with named aggregations (pandas'
/// `groupby(by).agg(name=(column, function))`).
struct AggregateOp: Operation {
    static let functions = Aggregation.Function.allCases.map(\.rawValue)

    /// Other libraries' names for the functions (SQL, R, numpy), for the hint.
    static let aliases = [
        "avg": "mean", "average": "mean", "n": "count", "len": "size", "length": "size", "unique": "nunique",
        "n_distinct": "nunique", "distinct": "nunique", "stddev": "std", "sd": "std", "variance": "var",
        "percentile": "quantile", "total": "sum", "minimum": "min", "maximum": "max",
    ]

    /// The fractions a quantile's `q` accepts (pandas' default is 0.5).
    static let quantileRange = ParameterRange.between(0, 1)

    static let schema: OpSchema = {
        var columns = OpSchema.Parameter(
            "columns", .mapping(.mapping(.scalar)), required: true,
            "output name → `{FUNCTION: column}`, in order after the keys; functions: "
                + functions.joined(separator: ", ") + " (`{quantile: column, q: 0.9}`, `q` \(quantileRange))")
        columns.check = { value, node in diagnostics(value, node) }
        return OpSchema(
            name: "aggregate",
            summary:
                "One row per group of equal keys, in sorted key order, with named aggregations (count, sum, mean, quantile, …).",
            parameters: [
                .from,
                .init(
                    "by", .list(.column), default: .list([]),
                    "the key columns, the first one first; none: the whole frame is one group"),
                columns,
                .init(
                    "dropna", .boolean, default: .bool(true),
                    "leave out rows with a missing key (pandas' `dropna`); false: missing is a key of its own, last"),
            ],
            outputs: [.init("frame", .frame, "the keys, then one column per aggregation; one row per group")],
            examples: [
                .init(
                    "by_plan",
                    """
                    aggregate:
                      from: features
                      by: [plan]
                      columns:
                        customers: {count: customer_id}
                        churn_rate: {mean: churned}
                        median_tenure_days: {median: tenure_days}
                        p90_usage: {quantile: monthly_usage_gb, q: 0.9}
                    """
                )
            ])
    }()

    struct Parameters: Decodable, Sendable {
        var from: StepReference
        var by: [String]
        var columns: OrderedMapping<ParameterValue>
        var dropna: Bool
    }

    /// The keys, then one column per output: its kind from the aggregation and its column's
    /// kind when that is known. A misspelt key or aggregated column is reported at its name.
    static func outputSchemas(_ parameters: Parameters, in context: SchemaContext) throws -> [String: FrameSchema]? {
        let input = try context.frame(parameters.from)
        context.columns(parameters.by, at: "by", in: input)
        var columns = parameters.by.map { input[$0] ?? .init($0, nil) }
        for entry in parameters.columns.entries {
            guard let aggregation = try? aggregation(entry.key, entry.value) else { return nil }
            // At the column's name inside `{function: column}`, where the run reports it too.
            let written = context.node(of: "columns")?[entry.key]?.pairs?.first { $0.key.string != "q" }?.value
            let known = context.column(
                aggregation.column, in: input, at: written?.range ?? context.range(of: "columns", key: entry.key),
                role: "`\(entry.key)`:")
            let kind = known ? input[aggregation.column]?.kind : nil
            columns.append(.init(entry.key, kind.flatMap { try? aggregation.outputKind(for: $0) }))
        }
        return ["frame": FrameSchema(columns)]
    }

    static func run(_ parameters: Parameters, in context: OpContext) throws -> [String: StepValue] {
        let written = context.step.source.parameters?["columns"]
        var aggregations: [Aggregation] = []
        for entry in parameters.columns.entries {
            do {
                aggregations.append(try aggregation(entry.key, entry.value))
            } catch let problem as Problem {
                throw StepFailure(
                    .invalidArgument, problem.message, hint: problem.hint,
                    range: place(of: problem, in: Self.pair(entry.key, of: written))?.range
                        ?? context.range(of: "columns"))
            }
        }
        let frame = try context.frame(parameters.from)
        let keys = parameters.by
        do {
            _ = try Frame.aggregatedSchema(frame.schema, by: keys, aggregations)
        } catch let error as FrameError {
            throw failure(error, keys: keys, aggregations, frame.schema, in: context)
        }
        do {
            let result = try frame.aggregated(
                by: keys, aggregations, keepMissingKeys: !parameters.dropna, threads: context.threads)
            return ["frame": .frame(result)]
        } catch let error as FrameError {
            throw context.failure(error, otherwiseAt: "columns")
        }
    }

    /// A problem with the frame's columns, at the key or the aggregation it concerns: an unknown
    /// column at its name, a function that needs numbers at the function, a clashing output at
    /// the output's name.
    private static func failure(
        _ error: FrameError, keys: [String], _ aggregations: [Aggregation], _ schema: Schema,
        in context: OpContext
    ) -> StepFailure {
        let code = StepFailure.Code(of: error)
        guard error.argument == "columns" else {
            let node = context.step.source.parameters?["by"]
            let culprit = keys.firstIndex { schema.kind(of: $0) == nil } ?? keys.indices.last
            let element = culprit.flatMap { index in node?.elements.flatMap { $0.count == keys.count ? $0[index] : nil }
            }
            return StepFailure(
                code, "`by`: " + error.message, hint: error.hint,
                range: element?.range ?? context.range(of: "by"), cause: error)
        }
        // The first aggregation that fails alone (with those before it) is the one at fault.
        let culprit =
            aggregations.indices.first { index in
                (try? Frame.aggregatedSchema(schema, by: keys, Array(aggregations[...index]))) == nil
            } ?? 0
        let pair =
            aggregations.indices.contains(culprit)
            ? Self.pair(aggregations[culprit].name, of: context.step.source.parameters?["columns"]) : nil
        let function = pair?.value.pairs?.first { $0.key.string != "q" }
        var range: SourceRange?
        switch error.code {
        case .unknownColumn: range = function?.value.range
        case .duplicateColumn: range = pair?.key.range
        case .invalidArgument: range = pair?.value["q"]?.range
        default: range = function?.key.range
        }
        var message = error.message
        if error.code == .unknownColumn, aggregations.indices.contains(culprit) {
            message = "`\(aggregations[culprit].name)`: " + message
        }
        return StepFailure(
            code, message, hint: error.hint, range: range ?? pair?.key.range ?? context.range(of: "columns"),
            cause: error)
    }

    /// The entry `name: {…}` of the `columns` mapping as written.
    private static func pair(_ name: String, of node: YAMLNode?) -> YAMLNode.Pair? {
        node?.pairs?.first { $0.key.string == name }
    }

    /// The node a problem is about within an entry: its setting's key or value, else the entry's key.
    private static func place(of problem: Problem, in pair: YAMLNode.Pair?) -> YAMLNode? {
        guard let pair else { return nil }
        guard let setting = problem.setting,
            let found = pair.value.pairs?.first(where: { $0.key.string == setting })
        else { return problem.atEntryValue ? pair.value : pair.key }
        return problem.atKey ? found.key : found.value
    }

    // MARK: Reading an entry

    /// What is wrong with one entry of `columns`, and the setting at fault, if one is.
    struct Problem: Error {
        var message: String
        var hint: String?
        /// The setting's key (`mean`, `q`) the problem is about.
        var setting: String?
        /// Whether the problem is the setting's key (unknown), not its value.
        var atKey = false
        /// Whether the problem is the entry's whole value (not a mapping).
        var atEntryValue = false
        /// The diagnostic `check` reports it as.
        var id: Diagnostic.ID = .aggregationSetting
    }

    /// Plan-time checks of `columns`, the same `aggregation(_:_:)` makes when the step runs: each
    /// problem at the entry, the function's key or its value.
    static func diagnostics(_ value: ParameterValue, _ node: YAMLNode) -> [Diagnostic] {
        var found: [Diagnostic] = []
        for entry in value.pairs ?? [] {
            do {
                _ = try aggregation(entry.key, entry.value)
            } catch let problem as Problem {
                let range = place(of: problem, in: pair(entry.key, of: node))?.range ?? node.range
                found.append(.error(problem.id, problem.message, at: range, hint: problem.hint))
            } catch {}
        }
        return found
    }

    /// The aggregation an entry `name: {FUNCTION: column}` (and `q` for a quantile) asks for.
    static func aggregation(_ name: String, _ value: ParameterValue) throws -> Aggregation {
        let example = "write `\(name): {mean: column}`; functions: " + functions.joined(separator: ", ")
        guard let settings = value.pairs, !settings.isEmpty else {
            throw Problem(
                message: "output '\(name)' needs one aggregation of one column", hint: example, atEntryValue: true)
        }
        var chosen: (function: Aggregation.Function, column: String)?
        for setting in settings where setting.key != "q" {
            guard let function = Aggregation.Function(rawValue: setting.key) else {
                throw Problem(
                    message: "unknown aggregation '\(setting.key)' in output '\(name)'",
                    hint: aliases[setting.key].map { "did you mean '\($0)'?" }
                        ?? Suggestion.didYouMean(setting.key, among: functions)
                        ?? "aggregations are " + functions.joined(separator: ", "),
                    setting: setting.key, atKey: true)
            }
            if let chosen {
                throw Problem(
                    message:
                        "output '\(name)' has two aggregations, \(chosen.function.rawValue) and \(function.rawValue)",
                    hint: "give each aggregation its own output name", setting: setting.key, atKey: true)
            }
            guard let column = columnName(setting.value) else {
                throw Problem(
                    message:
                        "\(function.rawValue) in output '\(name)' needs a column name, not \(setting.value.displayText)",
                    hint: "write `\(name): {\(function.rawValue): column}`", setting: setting.key)
            }
            chosen = (function, column)
        }
        guard let chosen else {
            throw Problem(message: "output '\(name)' has `q` but no quantile", hint: example, setting: "q", atKey: true)
        }
        let q = settings.first { $0.key == "q" }?.value
        if let q, q.number.map(quantileRange.contains) != true {
            throw Problem(
                message: "'q' must be a number \(quantileRange), not \(q.displayText)",
                hint: "write e.g. `\(name): {quantile: \(chosen.column), q: 0.9}`", setting: "q", id: .parameterRange)
        }
        if let q, chosen.function != .quantile {
            throw Problem(
                message: "`q` goes with quantile, not \(chosen.function.rawValue)",
                hint: "write `\(name): {quantile: \(chosen.column), q: \(q.displayText)}`, or drop `q`",
                setting: "q", atKey: true)
        }
        return Aggregation(name, chosen.function, of: chosen.column, quantile: q?.number ?? 0.5)
    }

    /// A column's name as written: text, or a number or boolean YAML read as one.
    private static func columnName(_ value: ParameterValue) -> String? {
        switch value {
        case .string(let text): text
        case .integer, .number, .bool: value.displayText
        default: nil
        }
    }
}
