import QuireEngine
import QuireNotebook
import QuireSupport

/// `assert`: metric gates. Bounds on any step's numbers (an evaluation's metrics, a table's row,
/// a frame's `rows`), absolute or relative to a baseline run; a monitor whose rows at alert fail
/// the run (exit 3) unless `fail_run: false`.
///
/// ```yaml
/// assert: {from: eval, roc_auc: {min: 0.70, warn_min: 0.75}, log_loss: {max: 0.4}}
/// assert: {from: eval, against: {git: main}, roc_auc: {max_drop: 0.01}}
/// ```
/// Every key besides the parameters below names a number of the `from` output (the fields
/// ``QuotableFields/numbers(of:)`` lists, which prose can quote and `when:` can test).
struct AssertOp: Operation {
    /// The parameters that are not gates.
    static let parameterNames = ["from", "against", "row", "where", "fail_run"]

    static let schema: OpSchema = {
        var against = OpSchema.Parameter(
            "against", .any,
            "the baseline of relative gates (`max_drop`, `max_rise`): `previous` (the last run) or `{git: REF}` (the JSON summary committed at REF)"
        )
        against.check = { value, node in againstDiagnostics(value, node) }
        var schema = OpSchema(
            name: "assert",
            summary:
                "Gate a step's metrics: `roc_auc: {min: 0.70}`, also relative to a baseline run; a failed gate fails the run (exit 3).",
            parameters: [
                .init(
                    "from", .input(.anyOutput), required: true,
                    "the step whose numbers are gated: an evaluation, a table (a row of it), any output's numbers"),
                against,
                .init(
                    "row", .integer, range: .between(0, 1_000_000_000),
                    "a table: the row gated, from 0 (default 0: the best of `tune`'s results and `compare`'s leaderboard)"
                ),
                .init(
                    "where", .expression, "a table: gate the first row where this holds (`evaluation == \"forest\"`)"),
                .init(
                    "fail_run", .boolean, default: .bool(true),
                    "a gate at alert ends the run with exit 3 even without `--fail-on`; false leaves it to `--fail-on`"),
            ],
            outputs: [
                .init(
                    "monitor", .monitor, "one row per gate test: the metric, `min`/`max`/`max_drop`/`max_rise`, status")
            ],
            examples: [
                .init("gate", "assert: {from: quality, roc_auc: {min: 0.6, warn_min: 0.7}, log_loss: {max: 0.7}}"),
                .init(
                    "best_gate",
                    "assert: {from: leaderboard, where: 'evaluation == \"tuned_quality\"', roc_auc: {min: 0.6}}"),
            ])
        schema.otherParameter = { name in gateParameter(name) }
        schema.inputCheck = { parameters, step, inputs in inputDiagnostics(parameters, step: step, inputs: inputs) }
        schema.dependentCatalog = [
            (
                "METRIC: {…}",
                [
                    .init("min", .number, range: .finite, "alert when the metric is below it"),
                    .init("warn_min", .number, range: .finite, "warn when it is below this (≥ `min`)"),
                    .init("max", .number, range: .finite, "alert when the metric is above it"),
                    .init("warn_max", .number, range: .finite, "warn when it is above this (≤ `max`)"),
                    .init(
                        "max_drop", .number, range: .atLeast(0),
                        "alert when it is lower than the baseline's by more than this (needs `against`)"),
                    .init(
                        "warn_max_drop", .number, range: .atLeast(0),
                        "warn when it dropped by more than this (≤ `max_drop`)"),
                    .init(
                        "max_rise", .number, range: .atLeast(0),
                        "alert when it is higher than the baseline's by more than this (needs `against`)"),
                    .init(
                        "warn_max_rise", .number, range: .atLeast(0),
                        "warn when it rose by more than this (≤ `max_rise`)"),
                ]
            )
        ]
        return schema
    }()

    struct Parameters: Decodable, Sendable {
        var from: StepReference
        var against: ParameterValue?
        var row: Int?
        var `where`: String?
        var failRun: Bool
    }

    /// The parameter a gate key stands for: any value, checked by ``MetricGate/parse(_:_:)`` at
    /// its settings' positions.
    static func gateParameter(_ name: String) -> OpSchema.Parameter {
        var parameter = OpSchema.Parameter(name, .any, "a gate on the metric '\(name)'")
        parameter.check = { value, node in gateDiagnostics(name, value, node) }
        return parameter
    }

    /// A gate's problem at its position: the setting's key (unknown) or value, else the gate.
    static func gateDiagnostics(_ name: String, _ value: ParameterValue, _ node: YAMLNode) -> [Diagnostic] {
        do throws(MetricGate.Problem) {
            _ = try MetricGate.parse(name, value)
            return []
        } catch {
            var hint = error.hint
            // `form: eval` is a misspelt parameter, not a gate on a metric 'form'.
            if value.pairs == nil, let parameter = Suggestion.closest(to: name, among: parameterNames) {
                hint = "did you mean '\(parameter)'?"
            }
            let setting = error.setting.flatMap { key in node.pairs?.first { $0.key.string == key } }
            let range = (error.atKey ? setting?.key.range : setting?.value.range) ?? node.range
            return [.error(.assertSetting, error.message, at: range, hint: hint)]
        }
    }

    /// `against` must be `previous` or `{git: REF}`.
    static func againstDiagnostics(_ value: ParameterValue, _ node: YAMLNode) -> [Diagnostic] {
        if BaselineReference(value) != nil { return [] }
        var hint = "write `against: previous` or `against: {git: main}`"
        if let word = value.string, let suggestion = Suggestion.didYouMean(word, among: ["previous"]) {
            hint = suggestion
        } else if let key = value.pairs?.first?.key, key != "git", value.pairs?.count == 1 {
            hint = Suggestion.didYouMean(key, among: ["git"]) ?? hint
        }
        return [
            .error(
                .assertSetting, "`against` must be `previous` or `{git: REF}`, not \(value.displayText)",
                at: node.range,
                hint: hint)
        ]
    }

    /// What needs the `from` output's kind: each gate names one of its numbers, `row` and
    /// `where` pick a row of a table (one of them), a relative gate has a baseline, and there is
    /// at least one gate.
    static func inputDiagnostics(
        _ parameters: [String: ParameterValue], step: Step, inputs: [StepReference: OpSchema.ResolvedInput]
    ) -> [Diagnostic] {
        guard case .input(let from)? = parameters["from"], let input = inputs[from] else { return [] }
        // As written: `quality`, not `quality.metrics`.
        let written = step.parameters?["from"]?.string ?? from.description
        var found: [Diagnostic] = []
        let gates = (step.parameters?.pairs ?? []).compactMap { pair in
            pair.key.string.flatMap { parameterNames.contains($0) ? nil : (name: $0, key: pair.key, value: pair.value) }
        }
        if gates.isEmpty {
            found.append(
                .error(
                    .assertSetting, "'assert' gates nothing", at: step.op?.range,
                    hint: "add a gate beside `from`, e.g. `roc_auc: {min: 0.7}` (a metric of '\(from.step)')"))
        }
        let isTable = input.kind == .table
        for name in ["row", "where"] where parameters[name] != nil && !isTable {
            found.append(
                .error(
                    .assertSetting,
                    "`\(name)` picks a row of a table, and '\(written)' (\(input.op)) gives \(input.kind.article)",
                    at: step.parameters?[name]?.range, hint: "drop `\(name)`"))
        }
        if isTable, parameters["row"] != nil, parameters["where"] != nil {
            found.append(
                .error(
                    .assertSetting, "give `row` or `where`, not both", at: step.parameters?["where"]?.range,
                    hint: "`row` picks a row by its position, `where` the first row where a condition holds"))
        }
        let (names, open) = QuotableFields.numbers(of: input.kind)
        for gate in gates {
            // A gate that is not a mapping was reported already (it may be a misspelt parameter).
            if !open && !names.contains(gate.name) && parameters[gate.name]?.pairs != nil {
                let metrics = Set(ModelTask.allCases.flatMap { Evaluation.metricNames(for: $0, classCount: 3) })
                var hint =
                    Suggestion.didYouMean(gate.name, among: names)
                    ?? (names.isEmpty
                        ? "it has no numbers to gate" : "its numbers are " + names.joined(separator: ", "))
                if metrics.contains(gate.name) && input.kind != .evaluation {
                    hint = "'\(from.step)' has no metrics: gate the evaluation of a model (an `evaluate` step) instead"
                }
                found.append(
                    .error(
                        .assertMetric,
                        "'\(written)' (\(input.op)) gives \(input.kind.article), which has no number '\(gate.name)'",
                        at: gate.key.range, hint: hint))
            }
            if parameters["against"] == nil,
                let gate = try? MetricGate.parse(gate.name, parameters[gate.name] ?? .null),
                gate.isRelative
            {
                let setting = gates.first { $0.name == gate.metric }?.value.pairs?.first {
                    ["max_drop", "max_rise", "warn_max_drop", "warn_max_rise"].contains($0.key.string ?? "")
                }
                found.append(
                    .error(
                        .assertSetting,
                        "'\(gate.metric)': `\(setting?.key.string ?? "max_drop")` compares with a baseline, and the step has no `against`",
                        at: setting?.key.range ?? step.op?.range,
                        hint:
                            "add `against: previous` (the last run) or `against: {git: main}` (main's committed summary)"
                    ))
            }
        }
        return found
    }

    static func run(_ parameters: Parameters, in context: OpContext) throws -> [String: StepValue] {
        guard let value = context.inputs[parameters.from] else {
            throw StepFailure(.internalError, "internal error: no value for input \(parameters.from)")
        }
        let summary = OutputSummary(value)
        let baselines = try baselines(parameters.against, in: context)
        let row = try row(of: summary, parameters, in: context)
        var rows: [MonitorValue.Row] = []
        for (name, node) in gates(of: context.step) {
            let gate: MetricGate
            do throws(MetricGate.Problem) {
                gate = try MetricGate.parse(name, context.step.parameters[name] ?? .null)
            } catch {
                throw StepFailure(.invalidArgument, error.message, hint: error.hint, range: node.range)
            }
            let number = try Self.number(name, in: summary, row: row, at: node, context: context)
            rows += gate.rows(value: number, baseline: baselines?.value(for: name))
        }
        var monitor = MonitorValue(kind: "assert", rows: rows)
        monitor.failsRun = parameters.failRun ? true : nil
        return ["monitor": .monitor(monitor)]
    }

    /// The gates in the order written, with their keys' nodes.
    static func gates(of step: PlannedStep) -> [(name: String, key: YAMLNode)] {
        (step.source.parameters?.pairs ?? []).compactMap { pair in
            guard let name = pair.key.string, !parameterNames.contains(name), step.parameters[name] != nil else {
                return nil
            }
            return (name, pair.key)
        }
    }

    /// The table row a gate reads: `row`, the first row where `where` holds, else 0 (the best);
    /// nil for an output that is not a table.
    static func row(of summary: OutputSummary, _ parameters: Parameters, in context: OpContext) throws -> Int? {
        guard let table = summary.as(TableKind.self) else { return nil }
        if let row = parameters.row {
            guard row < table.rows.count else {
                throw context.failure(
                    .invalidArgument, "the table has \(NumberFormat.count(table.rows.count, "row")), so no row \(row)",
                    hint: "rows count from 0", at: "row")
            }
            return row
        }
        guard let condition = parameters.where else { return table.rows.isEmpty ? nil : 0 }
        do {
            let marker = "\u{1}row"
            var columns = [Column(name: marker, numbers: table.rows.indices.map(Double.init))]
            for (index, name) in table.columns.enumerated() {
                let cells = table.rows.map { index < $0.count ? $0[index] : .text("") }
                if cells.allSatisfy({ if case .number = $0 { true } else { false } }) {
                    columns.append(
                        Column(name: name, numbers: cells.map { if case .number(let n) = $0 { n } else { .nan } }))
                } else {
                    columns.append(
                        Column(
                            name: name,
                            strings: cells.map {
                                switch $0 {
                                case .text(let text): text
                                case .number(let number): NumberFormat.decimal(number, grouping: false)
                                }
                            }))
                }
            }
            let kept = try Frame(columns: columns, rowCount: table.rows.count).filter(condition)
            guard let first = try kept.column(named: marker).numbers?.first else {
                throw context.failure(
                    .invalidArgument, "no row of the table has \(condition)",
                    hint: "its rows: "
                        + table.rows.prefix(5).map { $0.map(\.text).joined(separator: " · ") }
                        .joined(separator: "; "), at: "where")
            }
            return Int(first)
        } catch let error as ExpressionError {
            throw context.failure(error, at: "where")
        } catch let error as FrameError {
            throw context.failure(error, at: "where")
        }
    }

    /// The number `name` of the output: a table's cell (column `name`, or `mean name` as `tune`
    /// writes its scores) in `row`, else a `when:` scalar, else a quotable number (`max_value`).
    static func number(
        _ name: String, in summary: OutputSummary, row: Int?, at node: YAMLNode, context: OpContext
    ) throws -> Double {
        if let table = summary.as(TableKind.self) {
            let numeric = table.columns.enumerated().filter { column in
                table.rows.allSatisfy { if case .number = $0[column.offset] { true } else { false } }
            }.map(\.element)
            if let row, let column = [name, "mean " + name].first(where: numeric.contains),
                case .success(.number(let number)) = QuotableFields.value(of: summary, field: column, index: row)
            {
                return number
            }
            if ["rows", "columns"].contains(name) && !table.columns.contains(name) {
                return Double(name == "rows" ? table.rows.count : table.columns.count)
            }
            // An empty table has no row: its headline metric, if it has one.
            if row == nil, let number = table.metrics[name] { return number }
            let candidates = numeric + ["rows", "columns"]
            throw StepFailure(
                .init(rawValue: ModelError.Code.unknownMetric.rawValue),
                table.columns.contains(name)
                    ? "the table's column '\(name)' is not numbers: a gate bounds a number"
                    : "the table has no column '\(name)'",
                hint: Suggestion.didYouMean(name, among: candidates)
                    ?? "its numeric columns are " + numeric.joined(separator: ", "),
                range: node.range)
        }
        if let number = summary.scalars[name] { return number }
        switch QuotableFields.value(of: summary, field: name, index: nil) {
        case .success(.number(let number)): return number
        case .success(.text(let text)):
            throw StepFailure(
                .invalidArgument, "'\(name)' is text ('\(text)'), not a number: a gate bounds a number",
                range: node.range)
        case .success(.flag(let flag)):
            throw StepFailure(
                .invalidArgument, "'\(name)' is \(flag), not a number: a gate bounds a number",
                hint: "test it with `when:` instead", range: node.range)
        case .failure:
            let names = summary.scalars.keys.sorted()
            throw StepFailure(
                .init(rawValue: ModelError.Code.unknownMetric.rawValue),
                "\(summary.kind.article) has no number '\(name)' here",
                hint: Suggestion.didYouMean(name, among: names) ?? "its numbers are " + names.joined(separator: ", "),
                range: node.range)
        }
    }

    /// The baselines of the relative gates: nil without `against`; none ("no baseline") when
    /// `against` was not resolved (nothing supplied it) or the baseline run has none.
    ///
    /// - Throws: ``StepFailure`` `baseline-unavailable` at `against` when the service could not
    ///   read the baseline (a ref that does not resolve, a commit without the report).
    static func baselines(_ against: ParameterValue?, in context: OpContext) throws -> ResolvedBaseline? {
        guard let against else { return nil }
        let resolved = ResolvedBaseline(against)
        if let error = resolved.error {
            throw context.failure(.baselineUnavailable, error, hint: resolved.hint, at: "against")
        }
        return resolved
    }
}

extension StepFailure.Code {
    /// A relative gate's baseline cannot be read: the git ref does not resolve, the commit has no
    /// such report, the report cannot be read.
    public static let baselineUnavailable = Self(rawValue: "baseline-unavailable")
}

extension Table.Cell {
    /// The cell as text, numbers with four significant digits.
    fileprivate var text: String {
        switch self {
        case .text(let text): text
        case .number(let number): NumberFormat.decimal(number)
        }
    }
}
