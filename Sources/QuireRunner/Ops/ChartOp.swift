import QuireChart
import QuireEngine
import QuireNotebook
import QuireSupport

/// `chart`: a chart of a frame's or table's columns, drawn in the report as SVG (docs/charts.md).
/// The step's value is the chart already laid out in data units and downsampled, so the cache
/// entry stays small however many rows it reads.
struct ChartOp: Operation {
    static let scales = ScaleKind.allCases.map(\.rawValue)

    static let schema = OpSchema(
        name: "chart",
        summary:
            "Draw a chart of a frame's or table's columns as SVG in the report: line, point, bar, area, histogram, box, heatmap or rule, with colour, size and small multiples; large data is downsampled (docs/charts.md).",
        parameters: [
            .init(
                "from", .input(.frameOrTable), required: true,
                "the frame or table to draw (a leaderboard, tuning results)"),
            .init(
                "mark", .choice(Mark.allCases.map(\.rawValue)), required: true,
                "what to draw: `line`, `point` (scatter), `bar`, `area`, `histogram`, `box`, `heatmap` or `rule` (reference lines at a column's values)"
            ),
            .init("x", .column, "the column along the horizontal axis"),
            .init("y", .column, "the column along the vertical axis (a bar without `y` counts rows)"),
            .init(
                "color", .column,
                "the column that colours the marks: categories in the Okabe-Ito palette (at most 8); numbers shade points; a heatmap's cell value"
            ),
            .init("size", .column, "the numeric column that sizes points (area proportional to the value)"),
            .init("facet", .column, "the column that splits the chart into small multiples, one per value, wrapping"),
            .init(
                "x_scale", .choice(scales),
                "the horizontal scale; by default by the column's kind (numbers: linear, dates: time, text: categorical)"
            ),
            .init("y_scale", .choice(scales), "the vertical scale; by default by the column's kind"),
            .init(
                "stack", .boolean, default: .bool(false),
                "stack bars and areas of different colours (else bars side by side, areas overlaid); a histogram's colours always stack"
            ),
            .init(
                "bins", .integer, default: .integer(20), range: .between(1, 200),
                "a histogram's most bins (edges at round numbers)"),
            .init("columns", .integer, default: .integer(3), range: .between(1, 12), "small multiples per row"),
            rulesParameter,
            .init("title", .string, "the chart's title"),
            .init("caption", .string, "the caption; by default one is written from the encodings"),
        ],
        outputs: [.init("chart", .chart, "the chart, drawn in the report; its `rows` and `panels` are scalars")],
        examples: [
            .init("plan_chart", "chart: {from: by_plan, mark: bar, x: plan, y: churn_rate, title: Churn by plan}"),
            .init(
                "leaderboard_chart",
                "chart: {from: leaderboard, mark: bar, x: evaluation, y: roc_auc, rules: [{y: 0.5, label: chance}]}"),
            .init(
                "usage_histogram",
                "chart: {from: customers, mark: histogram, x: monthly_usage_gb, color: churned, bins: 15}"),
            .init("tuning_curve", "chart: {from: tuned.results, mark: line, x: max_depth, y: \"mean accuracy\"}"),
        ])

    static let rulesParameter: OpSchema.Parameter = {
        var parameter = OpSchema.Parameter(
            "rules", .list(.mapping(.scalar)),
            "reference lines: `{y: 0.7, label: target}` (horizontal) or `{x: 2024-03-01}` (vertical; a date on a time axis)"
        )
        parameter.check = { value, node in checkRules(value, node) }
        return parameter
    }()

    struct Parameters: Decodable, Sendable {
        var from: StepReference
        var mark: String
        var x: String?
        var y: String?
        var color: String?
        var size: String?
        var facet: String?
        var xScale: String?
        var yScale: String?
        var stack: Bool
        var bins: Int
        var columns: Int
        var rules: [ParameterValue]?
        var title: String?
        var caption: String?

        var encodings: [(String, String)] {
            [("x", x), ("y", y), ("color", color), ("size", size), ("facet", facet)].compactMap { name, column in
                column.map { (name, $0) }
            }
        }
    }

    // MARK: Plan-time checks

    /// Checks each rule's keys and value at its position.
    static func checkRules(_ value: ParameterValue, _ node: YAMLNode) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for (index, element) in (value.list ?? []).enumerated() {
            let at = node.elements.map { index < $0.count ? $0[index].range : node.range } ?? node.range
            if case .failure(let error) = rule(element) {
                diagnostics.append(.error(.chartSetting, "`rules`: " + error.message, at: at, hint: error.hint))
            }
        }
        return diagnostics
    }

    /// A rule from its mapping: one of `x` or `y` (a number, or a date as text), and an
    /// optional `label`.
    static func rule(_ value: ParameterValue) -> Result<Rule, ChartError> {
        let hint = "write `{y: 0.7, label: target}`, or `{x: 2024-03-01}` for a date"
        guard let pairs = value.pairs else {
            return .failure(ChartError("a rule is a mapping", hint: hint, at: "rules"))
        }
        var axis: Rule.Axis?
        var position: Double?
        var label: String?
        for pair in pairs {
            switch pair.key {
            case "x", "y":
                guard axis == nil else {
                    return .failure(ChartError("a rule has one of `x` or `y`, not both", hint: hint, at: "rules"))
                }
                axis = pair.key == "x" ? .x : .y
                if let number = pair.value.number {
                    position = number
                } else if let text = pair.value.string, let seconds = DateText.parse(text) {
                    position = seconds
                } else {
                    return .failure(
                        ChartError(
                            "a rule's `\(pair.key)` is a number or a date, not '\(pair.value.displayText)'", hint: hint,
                            at: "rules"))
                }
            case "label":
                label = pair.value.displayText
            default:
                return .failure(
                    ChartError(
                        "a rule has no key '\(pair.key)'",
                        hint: Suggestion.didYouMean(pair.key, among: ["x", "y", "label"]) ?? hint, at: "rules"))
            }
        }
        guard let axis, let position else {
            return .failure(ChartError("a rule needs `x` or `y`", hint: hint, at: "rules"))
        }
        return .success(Rule(axis: axis, value: position, label: label))
    }

    static func outputSchemas(_ parameters: Parameters, in context: SchemaContext) throws -> [String: FrameSchema]? {
        guard let mark = Mark(rawValue: parameters.mark) else { return [:] }
        let allowed = ChartBuilder.encodings(of: mark).allowed
        for (encoding, _) in parameters.encodings where !allowed.contains(encoding) {
            context.report(
                .error(
                    .chartSetting, "`\(encoding)`: a \(mark.rawValue) chart does not use \(encoding)",
                    at: context.range(of: encoding),
                    hint: mark == .histogram && encoding == "y"
                        ? "a histogram counts rows of x; for values by category use `mark: bar`"
                        : "its encodings are " + allowed.sorted().joined(separator: ", ")))
        }
        // Columns are checked only where the input's schema is known (frames; tables are not).
        guard let input = context.frameIfKnown(parameters.from) else { return [:] }
        for (encoding, column) in parameters.encodings {
            context.column(column, at: encoding, in: input)
        }
        func kind(_ name: String?) -> ColumnKind? { name.flatMap { input[$0]?.kind } }
        func refuse(_ message: String, at parameter: String, hint: String) {
            context.report(.error(.chartSetting, message, at: context.range(of: parameter), hint: hint))
        }
        for (encoding, column, scale) in [
            ("x", parameters.x, parameters.xScale), ("y", parameters.y, parameters.yScale),
        ] {
            guard let column, let kind = kind(column), let scale = scale.flatMap(ScaleKind.init(rawValue:)) else {
                continue
            }
            if kind == .categorical && (scale == .log || scale == .time || scale == .linear) {
                refuse(
                    "`\(encoding)_scale`: '\(column)' is a text column; a \(scale.rawValue) scale needs \(scale == .time ? "dates" : "numbers")",
                    at: "\(encoding)_scale", hint: "use `\(encoding)_scale: categorical`, or another column")
            } else if kind == .numeric && scale == .time {
                refuse(
                    "`\(encoding)_scale`: time needs a date column, and '\(column)' is numeric",
                    at: "\(encoding)_scale", hint: "turn it into dates with `cast`, or use `\(encoding)_scale: linear`")
            }
        }
        if mark == .histogram, let x = parameters.x, kind(x) == .categorical {
            refuse(
                "`x`: a histogram bins numbers or dates, and '\(x)' is a text column", at: "x",
                hint: "count the rows of each category with `mark: bar` and no `y`")
        }
        if let size = parameters.size, kind(size) != nil, kind(size) != .numeric {
            refuse(
                "`size`: '\(size)' is not numeric; size needs numbers", at: "size", hint: "use `color` for categories")
        }
        if mark == .heatmap, let color = parameters.color, kind(color) != nil, kind(color) != .numeric {
            refuse(
                "`color`: a heatmap shades cells by a numeric column, and '\(color)' is not numeric", at: "color",
                hint: "leave `color` out to shade by the count of rows")
        }
        return [:]
    }

    // MARK: Running

    static func run(_ parameters: Parameters, in context: OpContext) throws -> [String: StepValue] {
        guard let mark = Mark(rawValue: parameters.mark) else {
            throw context.failure(.invalidArgument, "unknown mark '\(parameters.mark)'", at: "mark")
        }
        var rules: [Rule] = []
        for value in parameters.rules ?? [] {
            switch rule(value) {
            case .success(let rule): rules.append(rule)
            case .failure(let error):
                throw context.failure(.invalidArgument, "`rules`: " + error.message, hint: error.hint, at: "rules")
            }
        }
        let spec = ChartSpec(
            mark: mark, x: parameters.x, y: parameters.y, color: parameters.color, size: parameters.size,
            facet: parameters.facet, xScale: parameters.xScale.flatMap(ScaleKind.init(rawValue:)),
            yScale: parameters.yScale.flatMap(ScaleKind.init(rawValue:)), stack: parameters.stack,
            bins: parameters.bins,
            columns: parameters.columns, rules: rules, title: parameters.title, caption: parameters.caption)
        let names = Set(parameters.encodings.map(\.1))
        let (columns, rows) = try Self.columns(names, of: parameters.from, in: context)
        do {
            return ["chart": .chart(try ChartBuilder.build(spec, columns: columns, rows: rows))]
        } catch {
            throw context.failure(.invalidArgument, error.message, hint: error.hint, at: error.parameter)
        }
    }

    /// The columns the chart names, read from the frame or table (a table's column of numbers
    /// only is numeric; any text makes it text), with the rows.
    static func columns(
        _ names: Set<String>, of reference: StepReference, in context: OpContext
    ) throws -> ([String: ChartColumn], Int) {
        var columns: [String: ChartColumn] = [:]
        if let frame = context.inputs[reference]?.frame {
            for name in names.sorted() where frame[name] == nil {
                throw missing(name, among: frame.columns.map(\.name), in: context)
            }
            for column in frame.columns where names.contains(column.name) {
                switch column.values {
                case .numeric(let values): columns[column.name] = .numbers(values)
                case .date(let values): columns[column.name] = .dates(values)
                case .categorical(let values): columns[column.name] = .texts((0..<values.count).map { values[$0] })
                }
            }
            return (columns, frame.rowCount)
        }
        guard let table = context.inputs[reference]?.table else {
            throw StepFailure(.internalError, "internal error: input '\(reference)' is neither a frame nor a table")
        }
        for name in names.sorted() where !table.columns.contains(name) {
            throw missing(name, among: table.columns, in: context)
        }
        for (index, name) in table.columns.enumerated() where names.contains(name) {
            let cells = table.rows.map { index < $0.count ? $0[index] : .text("") }
            let numbers = cells.compactMap { cell -> Double? in
                if case .number(let value) = cell { return value }
                return nil
            }
            if numbers.count == cells.count {
                columns[name] = .numbers(numbers)
            } else {
                columns[name] = .texts(
                    cells.map {
                        switch $0 {
                        case .text(let text): text
                        case .number(let number): NumberFormat.decimal(number, significantDigits: 6, grouping: false)
                        }
                    })
            }
        }
        return (columns, table.rows.count)
    }

    /// An encoding names a column the input does not have: at the encoding, with "did you mean".
    static func missing(_ name: String, among available: [String], in context: OpContext) -> StepFailure {
        let parameters = (try? Self.parameters(of: context.step))?.encodings ?? []
        let encoding = parameters.first { $0.1 == name }?.0 ?? "from"
        return context.failure(
            .invalidArgument, "`\(encoding)`: '\(name)' is not a column of the input",
            hint: Suggestion.didYouMean(name, among: available)
                ?? "its columns are " + available.prefix(8).map { "'\($0)'" }.joined(separator: ", "),
            at: encoding)
    }
}
