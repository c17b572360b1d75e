import QuireEngine

/// `explain`: permutation importance of each feature.
struct ExplainOp: Operation {
    static let schema = OpSchema(
        name: "explain", summary: "Permutation importance: how much the score drops when each feature is shuffled.",
        parameters: [
            .init("model", .input(.model), required: true, "the model"),
            .init("data", .input(.frame), required: true, "rows with the target, ideally unseen in training"),
            .init("repeats", .integer, default: .integer(5), range: .between(1, 1000), "shuffles per feature"),
            .init("scoring", .string, "the metric (default accuracy or r2)"),
            .seed("random seed of the shuffles"),
        ],
        outputs: [.init("importances", .table, "per feature: mean and std of the score drop, largest first")],
        examples: [
            .init("drivers", "explain: {model: tuned, data: split.test, scoring: roc_auc, repeats: 3, seed: 1}")
        ])

    struct Parameters: Decodable, Sendable {
        var model: StepReference
        var data: StepReference
        var repeats: Int
        var scoring: String?
        var seed: Int
    }

    static func run(_ parameters: Parameters, in context: OpContext) throws -> [String: StepValue] {
        do {
            let result = try PermutationImportance.compute(
                model: try context.model(parameters.model), frame: try context.frame(parameters.data),
                metric: parameters.scoring, repeats: parameters.repeats, seed: parameters.seed.seedBits,
                threads: context.threads)
            let order = result.features.indices.sorted {
                (result.importancesMean[$0], result.features[$1]) > (result.importancesMean[$1], result.features[$0])
            }
            let table = Table(
                columns: ["feature", "importance (\(result.metric) drop)", "std"],
                rows: order.map {
                    [
                        .text(result.features[$0]), .number(result.importancesMean[$0]),
                        .number(result.importancesStd[$0]),
                    ]
                })
            return ["importances": .table(table)]
        } catch let error as ModelError {
            throw context.failure(
                error, at: error.parameter == "scoring" && parameters.scoring != nil ? "scoring" : "data")
        }
    }
}
