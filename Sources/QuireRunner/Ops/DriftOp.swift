import Foundation
import QuireEngine
import QuireNotebook
import QuireSupport

/// `drift`: compares current data with a reference, column by column (Evidently's tests and
/// thresholds); a monitor.
struct DriftOp: Operation {
    static let schema = OpSchema(
        name: "drift",
        summary: "Compare current data with a reference, column by column, with Evidently's tests and thresholds.",
        parameters: [
            .init("reference", .input(.frame), "the data the model knows (e.g. the training rows)"),
            .init(
                "reference_profile", .path,
                "instead of `reference`: a saved reference profile (`quire reference DATA.csv -o FILE`, `--compact` for one that stays small), so a large reference need not be read again"
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
                "bins for psi, kl and jensen_shannon on numbers (default: Sturges' rule; 10 with quantile binning)"),
            .init(
                "binning", .choice(DriftBinning.allCases.map(\.rawValue)), default: .string("equal_width"),
                "bins of numbers for psi, kl, jensen_shannon: equal_width (Evidently) or quantile (reference deciles)"),
            .init("model", .input(.model), "also test the drift of this model's predictions"),
        ],
        outputs: [.init("monitor", .monitor, "per column: test, score, threshold, status; `detected`, `share`")],
        examples: [
            .init(
                "shift",
                "drift: {reference: split.train, current: split.test, include: [monthly_usage_gb, support_calls]}")
        ])

    private static let methodNames = DriftMethod.allCases.map(\.rawValue)

    struct Parameters: Decodable, Sendable {
        var reference: StepReference?
        var referenceProfile: String?
        var current: StepReference
        var method: DriftMethod?
        var threshold: Double?
        var warnThreshold: Double?
        var columns: OrderedMapping<ColumnSettings>?
        var include: [String]?
        var driftShare: Double
        var bins: Int?
        var binning: DriftBinning
        var model: StepReference?
    }

    /// One column's settings in `columns`. The method is checked when the step runs, so that a
    /// misspelt one points at `columns` with "did you mean" (a method that is not text is ignored).
    struct ColumnSettings: Decodable, Sendable {
        var method: ParameterValue?
        var threshold: Double?
        var warnThreshold: Double?
    }

    /// `include` must name columns of both frames (the reference's when it is known).
    static func outputSchemas(_ parameters: Parameters, in context: SchemaContext) throws -> [String: FrameSchema]? {
        let current = try context.frame(parameters.current)
        let reference = context.frameIfKnown(parameters.reference)
        for (index, name) in (parameters.include ?? []).enumerated() {
            let range = context.range(of: "include", element: index)
            if context.column(name, in: current, at: range, role: "`include`:"), let reference {
                context.column(name, in: reference, at: range, role: "`include`: the reference's column")
            }
        }
        return [:]
    }

    static func run(_ parameters: Parameters, in context: OpContext) throws -> [String: StepValue] {
        var options = DriftOptions(
            method: parameters.method, threshold: parameters.threshold, warnThreshold: parameters.warnThreshold,
            driftShare: parameters.driftShare, bins: parameters.bins,
            binning: parameters.binning == .equalWidth ? nil : parameters.binning)
        options.include = parameters.include
        for entry in parameters.columns?.entries ?? [] {
            let settings = entry.value
            let method = settings.method?.string
            if let method, DriftMethod(rawValue: method) == nil {
                throw context.failure(
                    .invalidArgument, "'\(method)' is not a drift method",
                    hint: Suggestion.didYouMean(method, among: methodNames), at: "columns")
            }
            options.columns[entry.key] = ColumnDriftOptions(
                method: method.flatMap(DriftMethod.init(rawValue:)), threshold: settings.threshold,
                warnThreshold: settings.warnThreshold)
        }
        var current = try context.frame(parameters.current)
        do {
            let referenceInput: StepReference
            switch (parameters.reference, parameters.referenceProfile) {
            case (let reference?, nil):
                referenceInput = reference
            case (nil, let file?):
                let profile = try referenceProfile(file, in: context)
                let result = try Drift.compare(reference: profile, current: current, options: options)
                return ["monitor": .monitor(Self.monitor(result))]
            default:
                throw context.failure(
                    .invalidArgument, "give either `reference` (a frame) or `reference_profile` (a saved profile)",
                    at: "reference")
            }
            var reference = try context.frame(referenceInput)
            // The frames' digests name their data; with a model, its predictions are data too.
            var scope: DriftMemo.Scope?
            if let referenceDigest = context.inputDigests[referenceInput],
                let currentDigest = context.inputDigests[parameters.current]
            {
                if let modelInput = parameters.model {
                    if let modelDigest = context.inputDigests[modelInput] {
                        let suffix = " with predictions of " + modelDigest
                        scope = DriftMemo.Scope(reference: referenceDigest + suffix, current: currentDigest + suffix)
                    }
                } else {
                    scope = DriftMemo.Scope(reference: referenceDigest, current: currentDigest)
                }
            }
            if let modelInput = parameters.model {
                let model = try context.model(modelInput)
                let predict = { (frame: Frame) throws -> Column in
                    model.task == .classification
                        ? Column(name: "prediction", strings: try model.predictLabels(frame, threads: context.threads))
                        : Column(name: "prediction", numbers: try model.predict(frame, threads: context.threads))
                }
                reference = try reference.setting(try predict(reference))
                current = try current.setting(try predict(current))
                if options.include != nil { options.include?.append("prediction") }
            }
            let result = try Drift.compare(reference: reference, current: current, options: options, scope: scope)
            return ["monitor": .monitor(Self.monitor(result))]
        } catch let error as FrameError {
            throw context.failure(error, otherwiseAt: "current")
        } catch let error as ModelError {
            throw context.failure(error, at: "model")
        }
    }

    /// A reference profile written by `quire reference`.
    static func referenceProfile(_ file: String, in context: OpContext) throws -> DriftReference {
        guard let data = FileManager.default.contents(atPath: context.path(file)) else {
            throw context.failure(
                .unreadableFile, "cannot read the reference profile \(file)",
                hint: "write one with `quire reference DATA.csv -o FILE`", at: "reference_profile")
        }
        do {
            return try JSONCoding.decoder.decode(DriftReference.self, from: data)
        } catch {
            if case .dataCorrupted(let detail) = error as? DecodingError, !detail.codingPath.isEmpty {
                throw context.failure(
                    .badFormat,
                    "the reference profile \(file) is corrupt: \(Self.field(detail.codingPath)) \(detail.debugDescription)",
                    hint: "write it again with `quire reference DATA.csv -o FILE`", at: "reference_profile",
                    cause: error)
            }
            throw context.failure(
                .badFormat, "\(file) is not a reference profile",
                hint: "write one with `quire reference DATA.csv -o FILE`",
                at: "reference_profile", cause: error)
        }
    }

    /// A JSON field's path as written in the file: `columns[0].counts`.
    static func field(_ path: [any CodingKey]) -> String {
        path.reduce(into: "") { text, key in
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += (text.isEmpty ? "" : ".") + key.stringValue
            }
        }
    }

    /// One row per column, then the dataset row.
    static func monitor(_ result: DriftResult) -> MonitorValue {
        var rows = result.columns.map { column in
            // p-value tests drift at p ≤ threshold, distances at distance ≥ threshold.
            let pValue = column.method.isPValueTest
            return MonitorValue.Row(
                subject: column.column, test: column.method.rawValue, value: column.score, threshold: column.threshold,
                status: column.status, detail: column.note, measure: pValue ? .pValue : .distance,
                warn: pValue
                    ? MonitorValue.Band(atMost: column.warnThreshold)
                    : MonitorValue.Band(atLeast: column.warnThreshold),
                alert: pValue
                    ? MonitorValue.Band(atMost: column.threshold) : MonitorValue.Band(atLeast: column.threshold),
                statistic: pValue ? column.statistic : nil, reference: column.reference, current: column.current,
                valueRange: column.scoreRange)
        }
        rows.append(
            MonitorValue.Row(
                subject: "dataset", test: "share of drifted columns", value: result.driftShare,
                threshold: result.driftShareThreshold, status: result.datasetDrift ? .alert : .ok,
                detail:
                    "\(NumberFormat.integer(result.driftedCount)) of \(NumberFormat.integer(result.columns.count)) columns drifted",
                measure: .driftedShare, alert: MonitorValue.Band(atLeast: result.driftShareThreshold)))
        return MonitorValue(kind: "drift", rows: rows, drift: result)
    }
}
