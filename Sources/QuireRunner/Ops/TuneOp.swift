import QuireEngine
import QuireNotebook

/// `tune`: searches hyperparameters by k-fold cross-validation and refits the best model.
struct TuneOp: Operation {
    static let schema: OpSchema = {
        var grid = OpSchema.Parameter(
            "grid", .mapping(.list(.scalar)), required: true,
            "hyperparameter → candidate values, e.g. {C: [0.1, 1, 10]}, each in its hyperparameter's range")
        grid.holdsCandidates = true
        var schema = OpSchema(
            name: "tune",
            summary:
                "Search hyperparameters by (stratified) k-fold cross-validation; the best model is refitted on all rows.",
            parameters: ModelParameters.schema + [
                grid,
                .init(
                    "search", .choice(Search.allCases.map(\.rawValue)), default: .string("grid"),
                    "every combination, or `n_iter` random ones"),
                .init(
                    "n_iter", .integer, default: .integer(10), range: .between(1, 10_000),
                    "random search: candidates tried"),
                .init(
                    "cv", .integer, default: .integer(5), range: .between(2, 1000),
                    "folds (stratified for classification)"),
                .init(
                    "scoring", .string, "the metric to maximise (default accuracy or r2); loss metrics are minimised"),
            ],
            outputs: [
                .init("model", .model, "the best model, refitted on all rows"),
                .init("results", .table, "every candidate with its mean and std score and rank"),
            ],
            primaryOutput: "model", dependentParameters: ModelParameters.dependentParameters,
            examples: [
                .init(
                    "tuned",
                    """
                    tune:
                      data: split.train
                      algorithm: random_forest
                      target: churned
                      features: [plan_id, monthly_usage_gb, support_calls]
                      preprocess: [impute]
                      grid: {max_depth: [3, 6]}
                      n_estimators: 20
                      cv: 3
                      seed: 7
                    """
                )
            ])
        schema.dependentCatalog = ModelParameters.dependentCatalog
        return schema
    }()

    /// How candidates are chosen.
    enum Search: String, Decodable, CaseIterable {
        case grid, random
    }

    struct Parameters: Decodable, Sendable {
        /// `train`'s parameters, written beside the search's.
        var model: ModelParameters
        var grid: OrderedMapping<[ParameterValue]>
        var search: Search
        var nIter: Int
        var cv: Int
        var scoring: String?
    }

    /// The most combinations a grid may have (each is cross-validated).
    static let largestGrid = 100_000

    /// Checks the target and features as `train` does.
    static func outputSchemas(_ parameters: Parameters, in context: SchemaContext) throws -> [String: FrameSchema]? {
        try parameters.model.checkColumns(in: context)
        return [:]
    }

    static func run(_ parameters: Parameters, in context: OpContext) throws -> [String: StepValue] {
        let spec = parameters.model.spec
        var grid: [String: [HyperValue]] = [:]
        let allowed = Set(spec.algorithm.hyperparameters.map(\.name))
        for entry in parameters.grid.entries {
            guard allowed.contains(entry.key) else {
                throw context.failure(
                    .init(rawValue: ModelError.Code.unknownHyperparameter.rawValue),
                    "\(spec.algorithm.rawValue) has no hyperparameter '\(entry.key)'",
                    hint: Suggestion.didYouMean(entry.key, among: allowed) ?? "its hyperparameters are "
                        + allowed.sorted().joined(separator: ", "),
                    at: "grid")
            }
            grid[entry.key] = entry.value.map(\.hyperValue)
        }
        // Both searches list every combination first: refuse a grid too large to list.
        var combinations = 1
        for values in grid.values {
            let (product, overflow) = combinations.multipliedReportingOverflow(by: values.count)
            combinations = overflow ? .max : product
        }
        guard combinations <= Self.largestGrid else {
            throw context.failure(
                .invalidArgument,
                "the grid has \(combinations == .max ? "too many" : String(combinations)) combinations, "
                    + "more than \(Self.largestGrid)",
                hint: "give fewer values per hyperparameter", at: "grid")
        }
        let seed = spec.seed
        let candidates =
            parameters.search == .random
            ? Tuning.randomCandidates(grid, count: parameters.nIter, seed: seed) : Tuning.grid(grid)
        do {
            let result = try Tuning.search(
                spec, on: try context.frame(parameters.model.data), candidates: candidates, folds: parameters.cv,
                scoring: parameters.scoring, shuffle: true, seed: seed, threads: context.threads)
            let names = grid.keys.sorted()
            // A hyperparameter whose candidates are all numbers is a column of numbers (a chart
            // can draw the score against it); any other is text.
            let numeric = Set(names.filter { name in result.results.allSatisfy { $0.parameters[name]?.number != nil } })
            func cell(_ value: HyperValue?, _ name: String) -> Table.Cell {
                numeric.contains(name) ? .number(value?.number ?? .nan) : .text(value?.description ?? "")
            }
            let table = Table(
                columns: ["rank"] + names + ["mean \(result.metric)", "std"],
                rows: result.results.sorted { $0.rank < $1.rank }.map { row in
                    [.number(Double(row.rank))] + names.map { cell(row.parameters[$0], $0) }
                        + [.number(row.meanScore), .number(row.stdScore)]
                },
                metrics: [result.metric: result.results.first { $0.rank == 1 }?.meanScore ?? .nan])
            return ["model": .model(result.best), "results": .table(table)]
        } catch let error as ModelError {
            // A hyperparameter's problem lies in its grid candidates; the folds' in `cv`.
            if let name = error.parameter, let node = context.step.source.parameters?["grid"]?[name] {
                throw StepFailure(.init(of: error), error.message, hint: error.hint, range: node.range, cause: error)
            }
            let parameter = error.parameter.flatMap { ["cv", "scoring"].contains($0) ? $0 : nil } ?? "grid"
            throw context.failure(error, at: parameter)
        }
    }
}
