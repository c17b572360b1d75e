import Foundation
import QuireSupport

/// A fitted model with everything needed to apply it: preprocessing, features, classes and
/// learned parameters.
///
/// `Codable` and `Sendable`. ``encoded()`` gives the versioned JSON format of docs/models.md,
/// and ``decode(_:)`` reads it back; a decoded model predicts bit-identical values. Equality
/// ignores ``trainingSeconds``.
public struct TrainedModel: Sendable, Codable, Equatable {
    /// The version of the JSON format that ``encoded()`` writes for a model without ``transforms``.
    public static let formatVersion = 1
    /// The version written for a model with ``transforms`` (an export that takes raw rows): a
    /// reader of version 1 would ignore the transforms and predict from untransformed rows, so
    /// such a model must be refused by it.
    public static let transformsVersion = 2
    /// The version written for a model whose ``transforms`` compute `derive` columns
    /// (``FittedTransform/derive(_:)``), and the newest version this Quire reads: a reader of
    /// version 2 does not know that transform, so it refuses such a model by its version.
    public static let deriveVersion = 3
    /// The newest format version this Quire reads.
    public static let newestVersion = deriveVersion
    /// The format marker in the JSON (`"quire-model"`).
    public static let formatName = "quire-model"

    /// Always ``formatName``.
    public var format: String
    /// The format version this model was written with.
    public var version: Int
    /// The algorithm.
    public var algorithm: Algorithm
    /// The task learned.
    public var task: ModelTask
    /// The target column (nil for clustering).
    public var target: String?
    /// The input columns the model reads, in order, before preprocessing.
    public var features: [String]
    /// The kind of each feature at training time.
    public var featureKinds: [ColumnKind]
    /// Fitted preprocessing, applied in order.
    public var preprocessing: [FittedTransform]
    /// Class labels in prediction order (sorted, as scikit-learn's `classes_`); for clustering,
    /// `"0"`, `"1"`, …; empty for regression.
    public var classes: [String]
    /// Every hyperparameter with the value used (defaults included).
    public var hyperparameters: Hyperparameters
    /// The seed used.
    public var seed: UInt64
    /// Coefficients or importances and fit facts.
    public var summary: ModelSummary
    /// Non-fatal problems, e.g. `logistic_regression did not converge in max_iter=100 iterations`.
    public var warnings: [String]
    /// Rows the model was trained on.
    public var trainingRows: Int
    /// Wall-clock seconds of ``ModelTrainer/fit(_:on:threads:)`` (not part of equality).
    public var trainingSeconds: Double
    /// The learned parameters.
    var estimator: FittedEstimator
    /// Fitted transforms applied in order to the raw rows before anything else (`export`'s
    /// `transforms`: `impute`, `encode`, `scale` steps fitted outside `train`); nil when there are
    /// none, so the JSON of a model without them is unchanged.
    public var transforms: [FittedTransform]? = nil

    /// Whether ``predictProbabilities(_:threads:)`` is available.
    public var hasProbabilities: Bool { task == .classification }

    /// Equal when everything but ``trainingSeconds`` is equal.
    public static func == (a: TrainedModel, b: TrainedModel) -> Bool {
        var b2 = b
        b2.trainingSeconds = a.trainingSeconds
        return a.format == b2.format && a.version == b2.version && a.algorithm == b2.algorithm && a.task == b2.task
            && a.target == b2.target && a.features == b2.features && a.featureKinds == b2.featureKinds
            && a.preprocessing == b2.preprocessing && a.classes == b2.classes
            && a.hyperparameters == b2.hyperparameters && a.seed == b2.seed && a.summary == b2.summary
            && a.warnings == b2.warnings && a.trainingRows == b2.trainingRows && a.estimator == b2.estimator
            && a.transforms == b2.transforms
    }

    /// The model with `transforms` applied to raw rows before its own (and before any transforms
    /// it carries already); the format version becomes ``transformsVersion``, or ``deriveVersion``
    /// when a transform computes `derive` columns. Derived columns that neither the model nor a
    /// later transform reads are left out (``DerivedColumns/keeping(_:)``), so a row need not
    /// hold the columns only they read.
    public func taking(rawRowsThrough transforms: [FittedTransform]) -> TrainedModel {
        guard !transforms.isEmpty else { return self }
        var model = self
        var needed = Set(features)
        var kept: [FittedTransform] = []
        for transform in (transforms + (self.transforms ?? [])).reversed() {
            if case .derive(let derived) = transform {
                let (left, stillNeeded) = derived.keeping(needed)
                needed = stillNeeded
                if let left { kept.append(.derive(left)) }
            } else {
                needed.formUnion(transform.columns)
                kept.append(transform)
            }
        }
        model.transforms = kept.reversed()
        let derives = kept.contains { if case .derive = $0 { true } else { false } }
        model.version = derives ? Self.deriveVersion : Self.transformsVersion
        return model
    }

    /// Predictions: the class index into ``classes`` (classification), the value (regression)
    /// or the cluster index (clustering).
    ///
    /// - Throws: ``ModelError`` when a feature is absent, changed kind, or has missing values
    ///   the model cannot take (name of the column in the message).
    public func predict(_ frame: Frame, threads: Int = 1) throws -> [Double] {
        let out = try outputs(frame, threads: threads)
        guard task == .classification else { return out.values }
        return (0..<out.rows).map { i in
            var best = 0
            for k in 1..<out.columns where out[i, k] > out[i, best] { best = k }
            return Double(best)
        }
    }

    /// Predicted class labels (classification and clustering) as text.
    public func predictLabels(_ frame: Frame, threads: Int = 1) throws -> [String] {
        try predict(frame, threads: threads).map { classes[Int($0)] }
    }

    /// Class probabilities, one row per frame row, one column per class of ``classes``.
    ///
    /// - Throws: ``ModelError`` `unsupported-task` for regression and clustering models, or as
    ///   ``predict(_:threads:)``.
    public func predictProbabilities(_ frame: Frame, threads: Int = 1) throws -> [[Double]] {
        let values = try predictProbabilityRows(frame, threads: threads)
        let width = classes.count
        return (0..<(width == 0 ? 0 : values.count / width)).map { Array(values[($0 * width)..<(($0 + 1) * width)]) }
    }

    /// ``predictProbabilities(_:threads:)`` as one array, row after row (`classes.count` values a
    /// row), for callers that score many rows at once and need no array per row.
    ///
    /// - Throws: as ``predictProbabilities(_:threads:)``.
    public func predictProbabilityRows(_ frame: Frame, threads: Int = 1) throws -> [Double] {
        guard task == .classification else {
            throw ModelError(
                .unsupportedTask, "\(algorithm.rawValue) \(task.rawValue) models give no class probabilities",
                hint: "use predict for values or cluster labels")
        }
        return try outputs(frame, threads: threads).values
    }

    /// The versioned JSON form (sorted keys; floats written so they read back exactly).
    public func encoded(prettyPrinted: Bool = false) throws -> Data {
        try (prettyPrinted ? JSONCoding.prettyEncoder : JSONCoding.encoder).encode(self)
    }

    /// Reads a model written by ``encoded(prettyPrinted:)``, or an export file that holds one in
    /// its `model` field (beside its `manifest`).
    ///
    /// - Throws: ``ModelError`` `bad-format` (not a model, or corrupt) or `unsupported-version`.
    public static func decode(_ data: Data) throws -> TrainedModel {
        struct Header: Decodable {
            var format: String?
            var version: Int?
        }
        struct Export<Model: Decodable>: Decodable {
            var model: Model
        }
        let plain = try? JSONDecoder().decode(Header.self, from: data)
        if plain?.format != formatName,
            let exported = try? JSONDecoder().decode(Export<Header>.self, from: data),
            exported.model.format == formatName
        {
            return try decode(Export<TrainedModel>.self, data, version: exported.model.version).model
        }
        guard let header = plain, header.format == formatName else {
            throw ModelError(.badFormat, "this is not a Quire model file", hint: "export a model with the export op")
        }
        return try decode(TrainedModel.self, data, version: header.version)
    }

    private static func decode<T: Decodable>(_ type: T.Type, _ data: Data, version: Int?) throws -> T {
        guard let version, version <= newestVersion else {
            throw ModelError(
                .unsupportedVersion,
                "model format version \(version.map(String.init) ?? "?") is newer than this Quire reads (\(newestVersion))",
                hint: "upgrade Quire")
        }
        do {
            return try JSONCoding.decoder.decode(type, from: data)
        } catch {
            throw ModelError(.badFormat, "the model file is damaged: \(error)", hint: "export the model again")
        }
    }

    /// The frame → matrix path shared by every prediction: features selected, preprocessing
    /// applied, kinds and missing values checked.
    func matrix(_ frame: Frame, threads: Int) throws -> Matrix {
        var frame = frame
        for transform in transforms ?? [] {
            do {
                frame = try transform.apply(to: frame)
            } catch let error as FrameError {
                throw ModelError(
                    .invalidArgument, "the exported \(transform.kind) transform failed: \(error.message)",
                    hint: error.hint ?? "give the model raw rows with the columns it was exported for")
            }
        }
        return try FeaturePipeline.matrix(
            from: frame, features: features, kinds: featureKinds, preprocessing: preprocessing,
            inputs: summary.inputs, allowMissing: algorithm == .gradientBoosting, threads: threads)
    }

    /// The estimator's outputs for a frame.
    func outputs(_ frame: Frame, threads: Int) throws -> Matrix {
        try estimator.outputs(try matrix(frame, threads: threads), threads: threads)
    }
}
