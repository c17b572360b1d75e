import Foundation
import QuireEngine
import QuireNotebook

// The modelling operations: train, evaluate, predict, export. Hyperparameters sit beside
// `algorithm` in the body; which names are allowed depends on the algorithm, so the schema
// lists them through `dependentParameters` and the planner checks them before anything runs.

private let algorithmNames = Algorithm.allCases.map(\.rawValue)

/// The parameters an algorithm adds to `train`, from the engine's hyperparameter specs.
func hyperparameters(of algorithm: String) -> [OpSchema.Parameter] {
    guard let algorithm = Algorithm(rawValue: algorithm) else { return [] }
    return algorithm.hyperparameters.map { spec in
        let type: ParameterType
        var range: ParameterRange?
        switch spec.kind {
        case .integer(let minimum, let maximum, _):
            type = .integer
            range = .between(Double(minimum), Double(maximum))
        case .number(let minimum, let maximum, let lowerExclusive, let upperExclusive):
            type = .number
            range = ParameterRange(
                lower: .init(minimum, included: !lowerExclusive),
                upper: maximum.isInfinite ? nil : .init(maximum, included: !upperExclusive))
        case .choice(let words): type = .choice(words)
        case .choiceOrNumber(_, let maximumCount):
            // A fraction in (0, 1] or a count; the engine tells the two apart when it trains.
            type = .scalar
            range = .greaterThan(0, atMost: Double(maximumCount))
        case .flag: type = .boolean
        }
        var value: ParameterValue?
        switch spec.defaultValue {
        case .int(let number): value = .integer(number)
        case .double(let number): value = .number(number)
        case .string(let text): value = .string(text)
        case .bool(let flag): value = .bool(flag)
        case .null: value = nil
        }
        var parameter = OpSchema.Parameter(spec.name, type, default: value, range: range, spec.doc)
        if case .choiceOrNumber(let words, let maximumCount) = spec.kind {
            // The engine's own test, so that `check` refuses exactly what training would.
            parameter.rule = .init(
                accepts:
                    "one of \(words.joined(separator: ", ")), null, a fraction in (0, 1] or a count from 1 to \(maximumCount)",
                test: { (try? spec.validate($0.hyperValue)) != nil })
        }
        return parameter
    }
}

extension ParameterValue {
    var hyperValue: HyperValue {
        switch self {
        case .integer(let number): .int(number)
        case .number(let number): .double(number)
        case .bool(let flag): .bool(flag)
        case .string(let text): .string(text)
        default: .null
        }
    }
}

extension OpContext {
    func model(_ name: String) throws -> TrainedModel {
        guard case .input(let reference) = self[name], let model = inputs[reference]?.model else {
            throw StepFailure("internal error: input '\(name)' is not a model")
        }
        return model
    }

    /// A model error at the parameter it concerns.
    func failure(_ error: ModelError, at name: String) -> StepFailure {
        failure(error.message, hint: error.hint, at: name)
    }
}

struct TrainOp: Operation {
    static let schema: OpSchema = {
        var schema = baseSchema
        schema.dependentCatalog = Algorithm.allCases.map {
            ("algorithm: \($0.rawValue)", hyperparameters(of: $0.rawValue))
        }
        return schema
    }()

    static let baseSchema = OpSchema(
        name: "train", summary: "Fit a model: preprocessing fitted on the training rows only, then the algorithm.",
        parameters: [
            .init("data", .input(.frame), required: true, "the training rows"),
            .init(
                "algorithm", .choice(algorithmNames), required: true, "the algorithm; its hyperparameters sit beside it"
            ),
            .init("target", .column, "the column to predict (none for kmeans)"),
            .init("features", .list(.column), "the input columns (default: every other column)"),
            .init(
                "preprocess", .list(.choice(PreprocessStep.names)),
                "fitted transforms, in order (fitted on `data` only)"),
            .init(
                "task", .choice(ModelTask.allCases.map(\.rawValue)),
                "classification, regression or clustering (default: from the target's type)"),
            .init("seed", .integer, default: .integer(0), range: .finite, "random seed (forests, boosting, kmeans)"),
        ],
        outputs: [.init("model", .model, "the fitted model")],
        dependentParameters: { $0["algorithm"]?.string.map(hyperparameters(of:)) ?? [] })

    static func run(_ context: OpContext) throws -> [String: StepValue] {
        guard let algorithm = Algorithm(rawValue: context.string("algorithm") ?? "") else {
            throw context.failure("unknown algorithm", at: "algorithm")
        }
        var spec = ModelSpec(
            algorithm: algorithm, target: context.string("target"),
            seed: UInt64(bitPattern: Int64(context.integer("seed") ?? 0)))
        if context["features"] != nil { spec.features = context.strings("features") }
        spec.task = context.string("task").flatMap(ModelTask.init(rawValue:))
        spec.preprocess = context.strings("preprocess").compactMap(PreprocessStep.init(name:))
        for parameter in hyperparameters(of: algorithm.rawValue) {
            if let value = context[parameter.name] { spec.hyperparameters[parameter.name] = value.hyperValue }
        }
        do {
            return [
                "model": .model(try ModelTrainer.fit(spec, on: try context.frame("data"), threads: context.threads))
            ]
        } catch let error as ModelError {
            let name =
                error.parameter
                ?? (error.column == nil ? "algorithm" : (error.column == spec.target ? "target" : "features"))
            throw context.failure(error, at: name)
        } catch let error as FrameError {
            throw context.failure(error.message, hint: error.hint, at: "data")
        }
    }
}

struct EvaluateOp: Operation {
    static let schema = OpSchema(
        name: "evaluate", summary: "Score a model on a frame: scikit-learn's metrics, confusion matrix and curves.",
        parameters: [
            .init("model", .input(.model), required: true, "the model"),
            .init("data", .input(.frame), required: true, "rows with the target column, unseen in training"),
        ],
        outputs: [.init("metrics", .evaluation, "metrics by scikit-learn's names without `_score`, and curves")])

    static func run(_ context: OpContext) throws -> [String: StepValue] {
        do {
            let evaluation = try Evaluation.evaluate(
                model: try context.model("model"), frame: try context.frame("data"), threads: context.threads)
            return ["metrics": .evaluation(evaluation)]
        } catch let error as ModelError {
            throw context.failure(error, at: "data")
        }
    }
}

struct PredictOp: Operation {
    static let schema = OpSchema(
        name: "predict", summary: "Add the model's predictions (and class probabilities) as columns.",
        parameters: [
            .init("model", .input(.model), required: true, "the model"),
            .init("data", .input(.frame), required: true, "the rows to predict"),
            .init("column", .string, default: .string("prediction"), "the name of the prediction column"),
        ],
        outputs: [
            .init("frame", .frame, "the rows with `prediction` and, for classifiers, `probability_CLASS` columns")
        ])

    static func run(_ context: OpContext) throws -> [String: StepValue] {
        let model = try context.model("model")
        var frame = try context.frame("data")
        let name = context.string("column") ?? "prediction"
        do {
            if model.task == .classification {
                frame = try frame.setting(
                    Column(name: name, strings: try model.predictLabels(frame, threads: context.threads)))
                let probabilities = try model.predictProbabilities(frame, threads: context.threads)
                for (index, label) in model.classes.enumerated() {
                    frame = try frame.setting(
                        Column(name: "probability_\(label)", numbers: probabilities.map { $0[index] }))
                }
            } else {
                frame = try frame.setting(
                    Column(name: name, numbers: try model.predict(frame, threads: context.threads)))
            }
        } catch let error as ModelError {
            throw context.failure(error, at: "data")
        } catch let error as FrameError {
            throw context.failure(error.message, hint: error.hint, at: "column")
        }
        return ["frame": .frame(frame)]
    }
}

struct ExportOp: Operation {
    static let schema = OpSchema(
        name: "export",
        summary:
            "Write the model as a versioned JSON file (`OUTPUT/models/NAME.json`) that reproduces its predictions.",
        parameters: [
            .init("model", .input(.model), required: true, "the model"),
            .init("name", .string, required: true, "the file's name, without `.json`"),
        ],
        shorthand: nil,
        outputs: [.init("model", .model, "the exported model (the file is written beside the report)")])

    static func run(_ context: OpContext) throws -> [String: StepValue] {
        let name = context.string("name") ?? ""
        guard !name.isEmpty,
            name.unicodeScalars.allSatisfy({
                $0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_.".unicodeScalars.contains($0)
            }),
            !name.hasPrefix(".")
        else {
            throw context.failure(
                "'\(name)' is not a file name", hint: "use letters, digits, '-', '_' and '.'", at: "name")
        }
        return ["model": .model(try context.model("model"))]
    }
}

struct LoadModelOp: Operation {
    static let schema = OpSchema(
        name: "load_model",
        summary: "Read a model file written by `export`; it predicts exactly as the model that was exported.",
        parameters: [.init("path", .path, required: true, "the model file (`.json`), relative to the notebook")],
        shorthand: "path", outputs: [.init("model", .model, "the model, as trained")])

    static func run(_ context: OpContext) throws -> [String: StepValue] {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: context.path("path")))
        } catch {
            throw context.failure(
                "cannot read the model file \(context.string("path") ?? "")",
                hint: "export a model with `export: {model: …, name: …}` (it writes OUTPUT/models/NAME.json)",
                at: "path")
        }
        do {
            return ["model": .model(try TrainedModel.decode(data))]
        } catch let error as ModelError {
            throw context.failure(error, at: "path")
        }
    }
}

extension OpContext {
    /// The model spec of a `train`-like step: algorithm, target, features, preprocessing, seed and
    /// the algorithm's hyperparameters given beside it.
    func modelSpec() throws -> ModelSpec {
        guard let algorithm = Algorithm(rawValue: string("algorithm") ?? "") else {
            throw failure("unknown algorithm", at: "algorithm")
        }
        var spec = ModelSpec(
            algorithm: algorithm, target: string("target"), seed: UInt64(bitPattern: Int64(integer("seed") ?? 0)))
        if self["features"] != nil { spec.features = strings("features") }
        spec.task = string("task").flatMap(ModelTask.init(rawValue:))
        spec.preprocess = strings("preprocess").compactMap(PreprocessStep.init(name:))
        for parameter in hyperparameters(of: algorithm.rawValue) {
            if let value = self[parameter.name] { spec.hyperparameters[parameter.name] = value.hyperValue }
        }
        return spec
    }

    func evaluation(_ reference: StepReference) -> Evaluation? {
        if let evaluation = inputs[reference]?.evaluation { return evaluation }
        return nil
    }
}

struct TuneOp: Operation {
    static let schema: OpSchema = {
        var schema = OpSchema(
            name: "tune",
            summary:
                "Search hyperparameters by (stratified) k-fold cross-validation; the best model is refitted on all rows.",
            parameters: TrainOp.baseSchema.parameters + [
                {
                    var grid = OpSchema.Parameter(
                        "grid", .mapping(.list(.scalar)), required: true,
                        "hyperparameter → candidate values, e.g. {C: [0.1, 1, 10]}, each in its hyperparameter's range")
                    grid.holdsCandidates = true
                    return grid
                }(),
                .init(
                    "search", .choice(["grid", "random"]), default: .string("grid"),
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
            primaryOutput: "model",
            dependentParameters: { $0["algorithm"]?.string.map(hyperparameters(of:)) ?? [] })
        schema.dependentCatalog = TrainOp.schema.dependentCatalog
        return schema
    }()

    /// The most combinations a grid may have (each is cross-validated).
    static let largestGrid = 100_000

    static func run(_ context: OpContext) throws -> [String: StepValue] {
        let spec = try context.modelSpec()
        var grid: [String: [HyperValue]] = [:]
        let allowed = Set(spec.algorithm.hyperparameters.map(\.name))
        for pair in context["grid"]?.pairs ?? [] {
            guard allowed.contains(pair.key) else {
                throw context.failure(
                    "\(spec.algorithm.rawValue) has no hyperparameter '\(pair.key)'",
                    hint: Suggestion.didYouMean(pair.key, among: allowed) ?? "its hyperparameters are "
                        + allowed.sorted().joined(separator: ", "),
                    at: "grid")
            }
            grid[pair.key] = (pair.value.list ?? []).map(\.hyperValue)
        }
        // Both searches list every combination first: refuse a grid too large to list.
        var combinations = 1
        for values in grid.values {
            let (product, overflow) = combinations.multipliedReportingOverflow(by: values.count)
            combinations = overflow ? .max : product
        }
        guard combinations <= Self.largestGrid else {
            throw context.failure(
                "the grid has \(combinations == .max ? "too many" : String(combinations)) combinations, "
                    + "more than \(Self.largestGrid)",
                hint: "give fewer values per hyperparameter", at: "grid")
        }
        let seed = UInt64(bitPattern: Int64(context.integer("seed") ?? 0))
        let candidates =
            context.string("search") == "random"
            ? Tuning.randomCandidates(grid, count: context.integer("n_iter") ?? 10, seed: seed) : Tuning.grid(grid)
        do {
            let result = try Tuning.search(
                spec, on: try context.frame("data"), candidates: candidates, folds: context.integer("cv") ?? 5,
                scoring: context.string("scoring"), shuffle: true, seed: seed, threads: context.threads)
            let names = grid.keys.sorted()
            let table = Table(
                columns: ["rank"] + names + ["mean \(result.metric)", "std"],
                rows: result.results.sorted { $0.rank < $1.rank }.map { row in
                    [.number(Double(row.rank))] + names.map { .text(row.parameters[$0]?.description ?? "") }
                        + [.number(row.meanScore), .number(row.stdScore)]
                },
                metrics: [result.metric: result.results.first { $0.rank == 1 }?.meanScore ?? .nan])
            return ["model": .model(result.best), "results": .table(table)]
        } catch let error as ModelError {
            // A hyperparameter's problem lies in its grid candidates; the folds' in `cv`.
            if let name = error.parameter, let node = context.step.source.parameters?["grid"]?[name] {
                throw StepFailure(error.message, hint: error.hint, range: node.range)
            }
            throw context.failure(error, at: ["cv", "scoring"].contains(error.parameter) ? error.parameter! : "grid")
        }
    }
}

struct CompareOp: Operation {
    static let schema = OpSchema(
        name: "compare", summary: "Rank evaluations on their shared metrics: a leaderboard.",
        parameters: [
            .init("evaluations", .list(.input(.evaluation)), required: true, "the evaluations to compare"),
            .init("metric", .string, "the metric to rank by (default accuracy or r2)"),
        ],
        shorthand: "evaluations",
        outputs: [.init("leaderboard", .table, "one row per evaluation, best first")])

    static func run(_ context: OpContext) throws -> [String: StepValue] {
        let references = (context["evaluations"]?.list ?? []).compactMap { value -> StepReference? in
            if case .input(let reference) = value { return reference }
            return nil
        }
        let evaluations = references.compactMap { reference in
            context.evaluation(reference).map { (reference.step, $0) }
        }
        guard let first = evaluations.first else { throw context.failure("nothing to compare", at: "evaluations") }
        let metric = context.string("metric") ?? Evaluation.defaultMetric(for: first.1.task)
        let shared = evaluations.map { Set($0.1.metrics.keys) }.reduce(Set(first.1.metrics.keys)) {
            $0.intersection($1)
        }
        guard shared.contains(metric) else {
            throw context.failure(
                "not every evaluation has the metric '\(metric)'",
                hint: Suggestion.didYouMean(metric, among: shared) ?? "shared metrics: "
                    + shared.sorted().joined(separator: ", "),
                at: "metric")
        }
        let sign = Evaluation.greaterIsBetter(metric) ? -1.0 : 1.0
        let ranked = evaluations.sorted { (sign * $0.1.metrics[metric]!, $0.0) < (sign * $1.1.metrics[metric]!, $1.0) }
        let others = shared.subtracting([metric]).sorted().filter { EvaluationMetricOrder.headline.contains($0) }
        let table = Table(
            columns: ["rank", "evaluation", metric] + others,
            rows: ranked.enumerated().map { index, entry in
                [.number(Double(index + 1)), .text(entry.0), .number(entry.1.metrics[metric]!)]
                    + others.map { .number(entry.1.metrics[$0]!) }
            },
            metrics: [metric: ranked[0].1.metrics[metric]!])
        return ["leaderboard": .table(table)]
    }
}

/// Which metrics a leaderboard shows beside the one it ranks by.
enum EvaluationMetricOrder {
    static let headline: Set<String> = [
        "accuracy", "balanced_accuracy", "f1", "f1_macro", "roc_auc", "log_loss", "r2", "rmse", "mae",
    ]
}

struct ExplainOp: Operation {
    static let schema = OpSchema(
        name: "explain", summary: "Permutation importance: how much the score drops when each feature is shuffled.",
        parameters: [
            .init("model", .input(.model), required: true, "the model"),
            .init("data", .input(.frame), required: true, "rows with the target, ideally unseen in training"),
            .init("repeats", .integer, default: .integer(5), range: .between(1, 1000), "shuffles per feature"),
            .init("scoring", .string, "the metric (default accuracy or r2)"),
            .init("seed", .integer, default: .integer(0), range: .finite, "random seed of the shuffles"),
        ],
        outputs: [.init("importances", .table, "per feature: mean and std of the score drop, largest first")])

    static func run(_ context: OpContext) throws -> [String: StepValue] {
        do {
            let result = try PermutationImportance.compute(
                model: try context.model("model"), frame: try context.frame("data"), metric: context.string("scoring"),
                repeats: context.integer("repeats") ?? 5, seed: UInt64(bitPattern: Int64(context.integer("seed") ?? 0)),
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
            throw context.failure(error, at: error.parameter == "scoring" && context["scoring"] != nil ? "scoring" : "data")
        }
    }
}
