import QuireEngine
import QuireNotebook
import QuireSupport

/// `expect`: data-quality expectations (Great Expectations' names), each with `mostly`; a monitor.
struct ExpectOp: Operation {
    static let names = [
        "not_null", "unique", "between", "in_set", "matches", "row_count", "mean_between", "std_between",
        "column_exists",
        "type_is",
    ]

    /// The settings each expectation takes; any other key is refused (a misspelling would
    /// otherwise pass unnoticed).
    static let settings: [String: [String]] = [
        "not_null": ["column", "mostly"], "unique": ["column", "mostly"],
        "between": ["column", "min", "max", "mostly"], "in_set": ["column", "values", "mostly"],
        "matches": ["column", "regex", "mostly"], "row_count": ["min", "max"],
        "mean_between": ["column", "min", "max"], "std_between": ["column", "min", "max"],
        "column_exists": ["column"], "type_is": ["column", "type"],
    ]

    static let schema: OpSchema = {
        var expectations = OpSchema.Parameter(
            "expectations", .list(.mapping(.mapping(.any))), required: true,
            nested: ["mostly": .greaterThan(0, atMost: 1), "min": .finite, "max": .finite],
            "a list of `- NAME: {column: …, mostly: 0.95, …}`")
        expectations.check = { value, node in diagnostics(value, node) }
        return OpSchema(
            name: "expect",
            summary: "Check data-quality expectations (not_null, between, in_set, …), each with `mostly`.",
            parameters: [
                .init("from", .input(.frame), required: true, "the frame to check"),
                expectations,
                .init("warn_only", .boolean, default: .bool(false), "report failures as warn instead of alert"),
            ],
            outputs: [
                .init(
                    "monitor", .monitor, "per expectation: observed value, failing rows and examples, status; `passed`")
            ],
            examples: [
                .init(
                    "checks",
                    """
                    expect:
                      from: customers
                      expectations:
                        - not_null: {column: customer_id}
                        - between: {column: support_calls, min: 0, max: 9}
                        - in_set: {column: churned, values: [0, 1]}
                    """
                )
            ])
    }()

    /// Plan-time checks of the expectations, the same `expectation(_:_:)` makes when the step runs:
    /// each problem at the expectation, the setting's key (unknown) or its value.
    static func diagnostics(_ value: ParameterValue, _ node: YAMLNode) -> [Diagnostic] {
        let entries = value.list ?? []
        let written = node.elements?.count == entries.count ? node.elements : nil
        var found: [Diagnostic] = []
        for (index, entry) in entries.enumerated() {
            guard let pair = entry.pairs?.first else { continue }
            let entryNode = written?[index]
            let first = entryNode?.pairs?.first
            if let extra = entryNode?.pairs?.dropFirst().first {
                found.append(
                    .error(
                        .expectationSetting,
                        "an expectation is one `NAME: {settings}`; '\(extra.key.string ?? "")' is a second one",
                        at: extra.key.range, hint: "start each expectation on its own `- ` line"))
                continue
            }
            do {
                _ = try expectation(pair.key, pair.value)
            } catch let problem as Problem {
                let setting = problem.setting.flatMap { name in first?.value.pairs?.first { $0.key.string == name } }
                let range =
                    (problem.atKey ? setting?.key.range : setting?.value.range) ?? first?.key.range ?? node.range
                found.append(.error(.expectationSetting, problem.message, at: range, hint: problem.hint))
            } catch {}
        }
        return found
    }

    struct Parameters: Decodable, Sendable {
        var from: StepReference
        /// Each entry is one `NAME: {settings}`, checked by ``diagnostics(_:_:)`` before the step runs.
        var expectations: [ParameterValue]
        var warnOnly: Bool
    }

    /// A column an expectation names that the frame lacks is a warning, not an error: the run
    /// accepts it and fails the expectation (`column_exists` tests exactly that, so is skipped).
    static func outputSchemas(_ parameters: Parameters, in context: SchemaContext) throws -> [String: FrameSchema]? {
        let frame = try context.frame(parameters.from)
        let written = context.node(of: "expectations")?.elements
        for (index, entry) in parameters.expectations.enumerated() {
            guard let pair = entry.pairs?.first, pair.key != "column_exists",
                let column = pair.value.pairs?.first(where: { $0.key == "column" })?.value.string
            else { continue }
            let node = written?.count == parameters.expectations.count ? written?[index] : nil
            let range = node?.pairs?.first?.value["column"]?.range ?? context.range(of: "expectations")
            context.column(column, in: frame, at: range, role: "`\(pair.key)`:", warning: true)
        }
        return [:]
    }

    static func run(_ parameters: Parameters, in context: OpContext) throws -> [String: StepValue] {
        var expectations: [Expectation] = []
        let written = context.step.source.parameters?["expectations"]?.elements
        for (index, entry) in parameters.expectations.enumerated() {
            guard let pair = entry.pairs?.first else { continue }
            let node = written?.count == parameters.expectations.count ? written?[index] : nil
            do {
                expectations.append(try expectation(pair.key, pair.value))
            } catch let problem as Problem {
                // At the expectation itself (or the setting at fault), not the whole list.
                let entry = node?.pairs?.first
                let range = problem.setting.flatMap { entry?.value[$0]?.range } ?? entry?.key.range
                throw StepFailure(
                    .invalidArgument, problem.message, hint: problem.hint,
                    range: range ?? context.range(of: "expectations"))
            }
        }
        let results = Expectations.evaluate(expectations, on: try context.frame(parameters.from))
        let warnOnly = parameters.warnOnly
        let rows = results.map { result in
            let examples = result.examples.map { "row \($0.row): \($0.value)" }.joined(separator: "; ")
            let check = Self.check(result.expectation)
            return MonitorValue.Row(
                subject: result.column ?? "frame", test: result.description, value: result.observedValue,
                threshold: result.expectation.mostly, status: result.success ? .ok : (warnOnly ? .warn : .alert),
                detail: result.success
                    ? "observed \(result.observed)"
                    : "observed \(result.observed); \(NumberFormat.integer(result.failingCount)) of \(NumberFormat.integer(result.total)) failing"
                        + (examples.isEmpty ? "" : " (\(examples))"),
                measure: check.measure, warn: warnOnly ? check.failing : nil, alert: warnOnly ? nil : check.failing,
                mostly: check.mostly)
        }
        return ["monitor": .monitor(MonitorValue(kind: "expect", rows: rows, expectations: results))]
    }

    /// What an expectation's row measures, the values that fail it, and its `mostly` (for
    /// expectations counted value by value). `column_exists` and `type_is` measure nothing.
    static func check(_ expectation: Expectation) -> (
        measure: MonitorValue.Measure?, failing: MonitorValue.Band?, mostly: Double?
    ) {
        switch expectation {
        case .notNull, .unique, .between, .inSet, .matches:
            return (.passingShare, MonitorValue.Band(below: expectation.mostly), expectation.mostly)
        case .meanBetween(_, let min, let max): return (.mean, MonitorValue.Band(below: min, above: max), nil)
        case .stdBetween(_, let min, let max): return (.std, MonitorValue.Band(below: min, above: max), nil)
        case .rowCount(let min, let max):
            return (.rows, MonitorValue.Band(below: min.map(Double.init), above: max.map(Double.init)), nil)
        case .columnExists, .typeIs: return (nil, nil, nil)
        }
    }

    /// What is wrong with one expectation, and the setting at fault (`min`), if one is.
    struct Problem: Error {
        var message: String
        var hint: String?
        var setting: String?
        /// Whether the problem is the setting's key (unknown), not its value.
        var atKey = false
    }

    private static func expectation(_ name: String, _ value: ParameterValue) throws -> Expectation {
        let settings = Dictionary((value.pairs ?? []).map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
        func column() throws -> String {
            guard let column = settings["column"]?.string else {
                throw Problem(message: "'\(name)' needs a column", hint: "write `- \(name): {column: name}`")
            }
            return column
        }
        if let allowed = Self.settings[name] {
            for key in (value.pairs ?? []).map(\.key) where !allowed.contains(key) {
                throw Problem(
                    message: "'\(name)' has no setting '\(key)'",
                    hint: Suggestion.didYouMean(key, among: allowed)
                        ?? "its settings are " + allowed.joined(separator: ", "),
                    setting: key, atKey: true)
            }
        }
        let mostly = settings["mostly"]?.number
        let low = settings["min"]?.number
        let high = settings["max"]?.number
        if let low, let high, low > high {
            throw Problem(
                message:
                    "'\(name)' has min \(ParameterRange.written(low)) above max \(ParameterRange.written(high)): nothing can pass",
                hint: "swap them, or drop one", setting: "min")
        }
        switch name {
        case "not_null": return .notNull(column: try column(), mostly: mostly)
        case "unique": return .unique(column: try column(), mostly: mostly)
        case "between": return .between(column: try column(), min: low, max: high, mostly: mostly)
        case "in_set":
            let values = (settings["values"]?.list ?? []).map(\.displayText)
            return .inSet(column: try column(), values: values, mostly: mostly)
        case "matches":
            guard let regex = settings["regex"]?.string else {
                throw Problem(
                    message: "'matches' needs a regex", hint: "write `- matches: {column: id, regex: \"^C[0-9]+$\"}`")
            }
            return .matches(column: try column(), regex: regex, mostly: mostly)
        case "row_count":
            // Counts beyond any frame's size are refused rather than converted (Int(1e300) traps).
            for (setting, bound) in [("min", low), ("max", high)] {
                guard let bound, !(0...1e15).contains(bound) else { continue }
                throw Problem(
                    message:
                        "row_count's \(setting) must be between 0 and 1000000000000000, not \(ParameterRange.written(bound))",
                    hint: "write e.g. `- row_count: {min: 100}`", setting: setting)
            }
            // A count of rows is whole: 3.5 would otherwise be truncated to 3.
            for (setting, bound) in [("min", low), ("max", high)] {
                guard let bound, bound != bound.rounded() else { continue }
                throw Problem(
                    message:
                        "row_count's \(setting) must be a whole number of rows, not \(ParameterRange.written(bound))",
                    hint: "write e.g. `- row_count: {min: 100}`", setting: setting)
            }
            return .rowCount(min: low.map { Int($0) }, max: high.map { Int($0) })
        case "mean_between": return .meanBetween(column: try column(), min: low, max: high)
        case "std_between": return .stdBetween(column: try column(), min: low, max: high)
        case "column_exists": return .columnExists(column: try column())
        case "type_is":
            guard let kind = settings["type"]?.string.flatMap(ColumnKind.init(rawValue:)) else {
                throw Problem(
                    message: "'type_is' needs `type: numeric` or `type: categorical`", hint: nil,
                    setting: settings["type"] == nil ? nil : "type")
            }
            return .typeIs(column: try column(), kind: kind)
        default:
            throw Problem(
                message: "unknown expectation '\(name)'",
                hint: Suggestion.didYouMean(name, among: names) ?? "expectations are " + names.joined(separator: ", "))
        }
    }
}
