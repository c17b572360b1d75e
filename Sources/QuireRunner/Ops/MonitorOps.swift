import Foundation
import QuireEngine
import QuireNotebook

// The monitoring operations: drift, expect, latency. Each produces a monitor: rows with an
// ok/warn/alert status that the report tabulates, the JSON summary lists, Prometheus exports and
// `--fail-on` gates on.

private let methodNames = DriftMethod.allCases.map(\.rawValue)

struct DriftOp: Operation {
    static let schema = OpSchema(
        name: "drift",
        summary: "Compare current data with a reference, column by column, with Evidently's tests and thresholds.",
        parameters: [
            .init("reference", .input(.frame), "the data the model knows (e.g. the training rows)"),
            .init(
                "reference_profile", .path,
                "instead of `reference`: a saved reference profile (`quire reference DATA.csv -o FILE`), so a large reference need not be read again"
            ),
            .init("current", .input(.frame), required: true, "the data it now sees"),
            .init(
                "method", .choice(methodNames),
                "one test for every column (default: chosen per column, as Evidently does)"),
            .init(
                "threshold", .number, range: .atLeast(0),
                "drift when the score passes it (p-value tests: p ≤ threshold; distances: ≥ threshold)"),
            .init(
                "warn_threshold", .number, range: .atLeast(0),
                "start of the warn band (default: p ≤ 2× threshold, or distance ≥ 0.8× threshold)"),
            .init(
                "columns", .mapping(.mapping(.scalar)),
                nested: ["threshold": .atLeast(0), "warn_threshold": .atLeast(0)],
                "per column: {method, threshold, warn_threshold}"),
            .init("include", .list(.column), "the columns to test (default: every column in both frames)"),
            .init(
                "drift_share", .number, default: .number(0.5), range: .greaterThan(0, atMost: 1),
                "dataset drift when this share of columns drifts"),
            .init(
                "bins", .integer, range: .between(1, 10_000),
                "bins for psi, kl and jensen_shannon on numbers (default: Sturges' rule)"),
            .init("model", .input(.model), "also test the drift of this model's predictions"),
        ],
        outputs: [.init("monitor", .monitor, "per column: test, score, threshold, status; `detected`, `share`")])

    static func run(_ context: OpContext) throws -> [String: StepValue] {
        var options = DriftOptions(
            method: context.string("method").flatMap(DriftMethod.init(rawValue:)),
            threshold: context.number("threshold"),
            warnThreshold: context.number("warn_threshold"), driftShare: context.number("drift_share") ?? 0.5,
            bins: context.integer("bins"))
        if context["include"] != nil { options.include = context.strings("include") }
        for pair in context["columns"]?.pairs ?? [] {
            let settings = Dictionary(
                (pair.value.pairs ?? []).map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
            let method = settings["method"]?.string
            if let method, DriftMethod(rawValue: method) == nil {
                throw context.failure(
                    "'\(method)' is not a drift method", hint: Suggestion.didYouMean(method, among: methodNames),
                    at: "columns")
            }
            options.columns[pair.key] = ColumnDriftOptions(
                method: method.flatMap(DriftMethod.init(rawValue:)), threshold: settings["threshold"]?.number,
                warnThreshold: settings["warn_threshold"]?.number)
        }
        var current = try context.frame("current")
        guard (context["reference"] == nil) != (context["reference_profile"] == nil) else {
            throw context.failure(
                "give either `reference` (a frame) or `reference_profile` (a saved profile)", at: "reference")
        }
        do {
            if context["reference_profile"] != nil {
                guard let data = FileManager.default.contents(atPath: context.path("reference_profile")) else {
                    throw context.failure(
                        "cannot read the reference profile \(context.string("reference_profile") ?? "")",
                        hint: "write one with `quire reference DATA.csv -o FILE`", at: "reference_profile")
                }
                let profile: DriftReference
                do { profile = try StepValue.jsonDecoder.decode(DriftReference.self, from: data) } catch {
                    let file = context.string("reference_profile") ?? ""
                    if case .dataCorrupted(let detail) = error as? DecodingError, !detail.codingPath.isEmpty {
                        throw context.failure(
                            "the reference profile \(file) is corrupt: \(Self.field(detail.codingPath)) \(detail.debugDescription)",
                            hint: "write it again with `quire reference DATA.csv -o FILE`", at: "reference_profile")
                    }
                    throw context.failure(
                        "\(file) is not a reference profile", hint: "write one with `quire reference DATA.csv -o FILE`",
                        at: "reference_profile")
                }
                let result = try Drift.compare(reference: profile, current: current, options: options)
                return ["monitor": .monitor(Self.monitor(result))]
            }
            var reference = try context.frame("reference")
            if context["model"] != nil {
                let model = try context.model("model")
                let predict = { (frame: Frame) throws -> Column in
                    model.task == .classification
                        ? Column(name: "prediction", strings: try model.predictLabels(frame, threads: context.threads))
                        : Column(name: "prediction", numbers: try model.predict(frame, threads: context.threads))
                }
                reference = try reference.setting(try predict(reference))
                current = try current.setting(try predict(current))
                if options.include != nil { options.include?.append("prediction") }
            }
            let result = try Drift.compare(reference: reference, current: current, options: options)
            return ["monitor": .monitor(Self.monitor(result))]
        } catch let error as FrameError {
            throw context.failure(error, otherwiseAt: "current")
        } catch let error as ModelError {
            throw context.failure(error, at: "model")
        }
    }

    /// A JSON field's path as written in the file: `columns[0].counts`.
    static func field(_ path: [any CodingKey]) -> String {
        path.reduce(into: "") { text, key in
            if let index = key.intValue { text += "[\(index)]" } else { text += (text.isEmpty ? "" : ".") + key.stringValue }
        }
    }

    /// One row per column, then the dataset row.
    static func monitor(_ result: DriftResult) -> MonitorValue {
        var rows = result.columns.map { column in
            MonitorValue.Row(
                subject: column.column, test: column.method.rawValue, value: column.score, threshold: column.threshold,
                status: column.status, detail: column.note)
        }
        rows.append(
            MonitorValue.Row(
                subject: "dataset", test: "share of drifted columns", value: result.driftShare,
                threshold: result.driftShareThreshold, status: result.datasetDrift ? .alert : .ok,
                detail: "\(result.driftedCount) of \(result.columns.count) columns drifted"))
        return MonitorValue(kind: "drift", rows: rows, drift: result)
    }
}

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
        name: "expect", summary: "Check data-quality expectations (not_null, between, in_set, …), each with `mostly`.",
        parameters: [
            .init("from", .input(.frame), required: true, "the frame to check"),
            expectations,
            .init("warn_only", .boolean, default: .bool(false), "report failures as warn instead of alert"),
        ],
        outputs: [
            .init("monitor", .monitor, "per expectation: observed value, failing rows and examples, status; `passed`")
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

    static func run(_ context: OpContext) throws -> [String: StepValue] {
        var expectations: [Expectation] = []
        let written = context.step.source.parameters?["expectations"]?.elements
        for (index, entry) in (context["expectations"]?.list ?? []).enumerated() {
            guard let pair = entry.pairs?.first else { continue }
            let node = written?.count == context["expectations"]?.list?.count ? written?[index] : nil
            do {
                expectations.append(try expectation(pair.key, pair.value))
            } catch let problem as Problem {
                // At the expectation itself (or the setting at fault), not the whole list.
                let entry = node?.pairs?.first
                let range = problem.setting.flatMap { entry?.value[$0]?.range } ?? entry?.key.range
                throw StepFailure(
                    problem.message, hint: problem.hint, range: range ?? context.range(of: "expectations"))
            }
        }
        let results = Expectations.evaluate(expectations, on: try context.frame("from"))
        let warnOnly = context.bool("warn_only") ?? false
        let rows = results.map { result in
            let examples = result.examples.map { "row \($0.row): \($0.value)" }.joined(separator: "; ")
            return MonitorValue.Row(
                subject: result.column ?? "frame", test: result.description, value: result.observedValue,
                threshold: result.expectation.mostly, status: result.success ? .ok : (warnOnly ? .warn : .alert),
                detail: result.success
                    ? "observed \(result.observed)"
                    : "observed \(result.observed); \(result.failingCount) of \(result.total) failing"
                        + (examples.isEmpty ? "" : " (\(examples))"))
        }
        return ["monitor": .monitor(MonitorValue(kind: "expect", rows: rows, expectations: results))]
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
                    message: "row_count's \(setting) must be a whole number of rows, not \(ParameterRange.written(bound))",
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

struct LatencyOp: Operation {
    static let schema = OpSchema(
        name: "latency",
        summary: "Time a model's predictions, single rows and batches, after warm-up: p50/p95/p99/max and throughput.",
        parameters: [
            .init("model", .input(.model), required: true, "the model"),
            .init("data", .input(.frame), required: true, "rows to predict"),
            .init(
                "samples", .integer, default: .integer(200), range: .between(1, 1_000_000),
                "single-row predictions timed"),
            .init(
                "batch", .integer, default: .integer(1000), range: .between(1, 10_000_000),
                "rows per batch for the throughput"),
            .init(
                "warmup", .integer, default: .integer(20), range: .between(0, 1_000_000),
                "predictions run first and not timed"),
            .init("p50_ms", .number, range: .atLeast(0), "alert when the median single-row latency exceeds it"),
            .init("p95_ms", .number, range: .atLeast(0), "alert when the 95th percentile exceeds it"),
            .init("p99_ms", .number, range: .atLeast(0), "alert when the 99th percentile exceeds it"),
        ],
        outputs: [
            .init(
                "monitor", .monitor, "p50, p95, p99 and max in milliseconds (exact sample quantiles), rows per second")
        ])

    static func run(_ context: OpContext) throws -> [String: StepValue] {
        let model = try context.model("model")
        let frame = try context.frame("data")
        guard frame.rowCount > 0 else { throw context.failure("no rows to predict", at: "data") }
        let samples = max(context.integer("samples") ?? 200, 1)
        let clock = ContinuousClock()
        func seconds(_ duration: Duration) -> Double {
            Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
        }
        do {
            for index in 0..<max(context.integer("warmup") ?? 20, 0) {
                _ = try model.predict(frame.rows([index % frame.rowCount]))
            }
            var times: [Double] = []
            for index in 0..<samples {
                let row = frame.rows([index % frame.rowCount])
                let start = clock.now
                _ = try model.predict(row)
                times.append(seconds(start.duration(to: clock.now)) * 1000)
            }
            let batch = frame.rows(Array(0..<min(max(context.integer("batch") ?? 1000, 1), frame.rowCount)))
            let start = clock.now
            _ = try model.predict(batch)
            let throughput = Double(batch.rowCount) / max(seconds(start.duration(to: clock.now)), 1e-9)
            times.sort()
            let quantiles = [
                "p50_ms": quantile(times, 0.5), "p95_ms": quantile(times, 0.95), "p99_ms": quantile(times, 0.99),
                "max_ms": times.last!,
            ]
            var rows: [MonitorValue.Row] = []
            for name in ["p50_ms", "p95_ms", "p99_ms", "max_ms"] {
                let limit = context.number(name)
                rows.append(
                    MonitorValue.Row(
                        subject: "single-row prediction", test: name, value: quantiles[name], threshold: limit,
                        status: limit.map { quantiles[name]! > $0 ? .alert : .ok } ?? .ok, volatile: true))
            }
            rows.append(
                MonitorValue.Row(
                    subject: "batch of \(batch.rowCount)", test: "rows per second", value: throughput, threshold: nil,
                    status: .ok,
                    volatile: true))
            var latency = quantiles
            latency["throughput"] = throughput
            return ["monitor": .monitor(MonitorValue(kind: "latency", rows: rows, latency: latency))]
        } catch let error as ModelError {
            throw context.failure(error, at: "data")
        }
    }

    /// numpy's default (linear) quantile of sorted values.
    static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        let position = q * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = min(lower + 1, sorted.count - 1)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - Double(lower))
    }
}
