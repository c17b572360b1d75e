import QuireEngine
import QuireNotebook

/// `compare`: a leaderboard of evaluations on their shared metrics.
struct CompareOp: Operation {
    static let schema = OpSchema(
        name: "compare", summary: "Rank evaluations on their shared metrics: a leaderboard.",
        parameters: [
            .init("evaluations", .list(.input(.evaluation)), required: true, "the evaluations to compare"),
            .init("metric", .string, "the metric to rank by (default accuracy or r2)"),
        ],
        shorthand: "evaluations",
        outputs: [.init("leaderboard", .table, "one row per evaluation, best first")],
        examples: [
            .init("leaderboard", "compare: {evaluations: [quality, tuned_quality], metric: roc_auc}")
        ])

    struct Parameters: Decodable, Sendable {
        var evaluations: [StepReference]
        var metric: String?
    }

    /// The metrics a leaderboard shows beside the one it ranks by.
    static let headline: Set<String> = [
        "accuracy", "balanced_accuracy", "f1", "f1_macro", "roc_auc", "log_loss", "r2", "rmse", "mae",
    ]

    static func run(_ parameters: Parameters, in context: OpContext) throws -> [String: StepValue] {
        let evaluations = parameters.evaluations.compactMap { reference in
            context.evaluation(reference).map { (step: reference.step, metrics: $0.metrics, task: $0.task) }
        }
        guard let first = evaluations.first else {
            throw context.failure(.invalidArgument, "nothing to compare", at: "evaluations")
        }
        let metric = parameters.metric ?? Evaluation.defaultMetric(for: first.task)
        let shared = evaluations.map { Set($0.metrics.keys) }.reduce(Set(first.metrics.keys)) { $0.intersection($1) }
        guard shared.contains(metric) else {
            throw context.failure(
                .init(rawValue: ModelError.Code.unknownMetric.rawValue),
                "not every evaluation has the metric '\(metric)'",
                hint: Suggestion.didYouMean(metric, among: shared) ?? "shared metrics: "
                    + shared.sorted().joined(separator: ", "),
                at: "metric")
        }
        // Every evaluation has every shared metric.
        func score(_ entry: (step: String, metrics: [String: Double], task: ModelTask), _ name: String) -> Double {
            entry.metrics[name] ?? .nan
        }
        let sign = Evaluation.greaterIsBetter(metric) ? -1.0 : 1.0
        let ranked = evaluations.sorted { (sign * score($0, metric), $0.step) < (sign * score($1, metric), $1.step) }
        let others = shared.subtracting([metric]).sorted().filter { headline.contains($0) }
        let table = Table(
            columns: ["rank", "evaluation", metric] + others,
            rows: ranked.enumerated().map { index, entry in
                [.number(Double(index + 1)), .text(entry.step), .number(score(entry, metric))]
                    + others.map { .number(score(entry, $0)) }
            },
            metrics: [metric: score(ranked[0], metric)])
        return ["leaderboard": .table(table)]
    }
}
