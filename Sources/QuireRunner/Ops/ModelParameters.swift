import QuireEngine
import QuireNotebook
import QuireSupport

// What `train` and `tune` share: the model's parameters (algorithm, target, features,
// preprocessing, task, seed) and the algorithm's hyperparameters, which sit beside them in the
// body. Which hyperparameters are allowed depends on the algorithm, so the schemas list them
// through `dependentParameters` and the planner checks them before anything runs.

/// The parameters of a model to fit, written in the body of `train` and `tune`.
struct ModelParameters: InlineParameters {
    /// Their schema: `train`'s parameters, which `tune` also takes.
    static let schema: [OpSchema.Parameter] = [
        .init("data", .input(.frame), required: true, "the training rows"),
        .init(
            "algorithm", .choice(Algorithm.allCases.map(\.rawValue)), required: true,
            "the algorithm; its hyperparameters sit beside it"),
        .init("target", .column, "the column to predict (none for kmeans)"),
        .init("features", .list(.column), "the input columns (default: every other column)"),
        .init(
            "preprocess", .list(.choice(PreprocessStep.names)), "fitted transforms, in order (fitted on `data` only)"),
        .init(
            "task", .choice(ModelTask.allCases.map(\.rawValue)),
            "classification, regression or clustering (default: from the target's type)"),
        .seed("random seed (forests, boosting, kmeans)"),
    ]

    /// The hyperparameters of the algorithm given, for ``OpSchema/dependentParameters``.
    static let dependentParameters: @Sendable ([String: ParameterValue]) -> [OpSchema.Parameter] = {
        $0["algorithm"]?.string.map(hyperparameterSchema(of:)) ?? []
    }

    /// Every algorithm's hyperparameters, for the catalog.
    static var dependentCatalog: [(heading: String, parameters: [OpSchema.Parameter])] {
        Algorithm.allCases.map { ("algorithm: \($0.rawValue)", hyperparameterSchema(of: $0.rawValue)) }
    }

    var data: StepReference
    var algorithm: Algorithm
    var target: String?
    var features: [String]?
    var preprocess: [String]?
    var task: ModelTask?
    var seed: Int
    /// The algorithm's hyperparameters, given or defaulted.
    var hyperparameters: DependentParameters

    /// The engine's spec of the model.
    var spec: ModelSpec {
        var spec = ModelSpec(algorithm: algorithm, target: target, seed: seed.seedBits)
        spec.features = features
        spec.task = task
        spec.preprocess = (preprocess ?? []).compactMap(PreprocessStep.init(name:))
        spec.hyperparameters = hyperparameters.values.mapValues(\.hyperValue)
        return spec
    }

    /// The parameter an engine error concerns: the hyperparameter or setting it names, else the
    /// target or the features for a column, else the algorithm.
    func parameter(of error: ModelError) -> String {
        error.parameter ?? (error.column == nil ? "algorithm" : (error.column == target ? "target" : "features"))
    }
}

extension ModelParameters {

    /// Plan-time checks of `target` and `features` against the training frame, and a warning for
    /// each categorical feature `one_hot` would turn into ``ModelTrainer/manyCategories`` columns or more.
    func checkColumns(in context: SchemaContext) throws {
        let frame = try context.frame(data)
        context.column(target, at: "target", in: frame)
        if let features { context.columns(features, at: "features", in: frame) }
        guard let oneHot = preprocess?.firstIndex(of: "one_hot"), let rows = frame.sampleRows else { return }
        for name in features ?? frame.names where name != target {
            guard let column = frame[name], column.kind == .categorical, let distinct = column.distinct,
                distinct >= ModelTrainer.manyCategories
            else { continue }
            let range = features?.firstIndex(of: name).flatMap { context.range(of: "features", element: $0) }
            context.report(
                .warning(
                    .manyCategories,
                    "`\(name)` has \(NumberFormat.integer(distinct)) distinct values in the "
                        + "\(NumberFormat.count(rows, "row")) `check` read; one_hot would turn it into that many columns",
                    at: range ?? context.range(of: "preprocess", element: oneHot),
                    hint: "an identifier is not a feature: leave it out with `features:` or a `drop` step"))
        }
    }
}

/// The parameters an algorithm adds to `train` and `tune`, from the engine's hyperparameter specs.
func hyperparameterSchema(of algorithm: String) -> [OpSchema.Parameter] {
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
    /// The value as the engine's hyperparameter value.
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
