import QuireEngine

/// `generate`: a seeded synthetic frame (scikit-learn's `make_classification`, `make_regression`,
/// `make_blobs`), optionally shifted or scaled to demonstrate drift.
struct GenerateOp: Operation {
    static let schema = OpSchema(
        name: "generate", summary: "Make a seeded synthetic frame: classification, regression or blobs.",
        parameters: [
            .init("kind", .choice(Kind.allCases.map(\.rawValue)), required: true, "what to generate"),
            .init("n_samples", .integer, default: .integer(100), range: .between(1, 100_000_000), "rows"),
            .init("n_features", .integer, range: .between(1, 10_000), "feature columns (default 20, 10, 2 by kind)"),
            .init(
                "n_informative", .integer, range: .between(0, 10_000),
                "informative features (classification 2, regression 10)"),
            .init(
                "n_redundant", .integer, range: .between(0, 10_000),
                "classification: linear combinations of informative features (default 2)"),
            .init("n_classes", .integer, range: .between(2, 1000), "classification: classes (default 2)"),
            .init("class_sep", .number, range: .between(-1e6, 1e6), "classification: class separation (default 1.0)"),
            .init(
                "flip_y", .number, range: .between(0, 1),
                "classification: share of labels flipped at random (default 0.01)"),
            .init("noise", .number, range: .between(0, 1e6), "regression: standard deviation of the noise (default 0)"),
            .init("centers", .integer, range: .between(1, 10_000), "blobs: clusters (default 3)"),
            .init(
                "cluster_std", .number, range: .between(0, 1e6),
                "blobs: standard deviation of each cluster (default 1.0)"),
            .init("shift", .mapping(.number), range: .finite, "columns to shift by a constant, to demonstrate drift"),
            .init("scale", .mapping(.number), range: .finite, "columns to scale by a factor, to demonstrate drift"),
            .seed("random seed; the same seed gives the same bytes"),
        ],
        shorthand: "kind", outputs: [.init("frame", .frame, "the generated rows")],
        examples: [
            .init("synthetic", "generate: {kind: classification, n_samples: 500, n_features: 6, seed: 3}")
        ])

    /// What to generate.
    enum Kind: String, Decodable, CaseIterable {
        case classification, regression, blobs
    }

    /// The defaults of the kind-specific settings are the engine's (``ClassificationSpec``…),
    /// since they differ by kind.
    struct Parameters: Decodable, Sendable {
        var kind: Kind
        var nSamples: Int
        var nFeatures: Int?
        var nInformative: Int?
        var nRedundant: Int?
        var nClasses: Int?
        var classSep: Double?
        var flipY: Double?
        var noise: Double?
        var centers: Int?
        var clusterStd: Double?
        var shift: OrderedMapping<Double>?
        var scale: OrderedMapping<Double>?
        var seed: Int
    }

    /// The columns of the same generator on a few rows (names and kinds do not depend on the
    /// row count); unknown when that fails (the run reports why).
    static func outputSchemas(_ parameters: Parameters, in context: SchemaContext) throws -> [String: FrameSchema]? {
        var few = parameters
        few.nSamples = min(parameters.nSamples, 64)
        few.shift = nil
        few.scale = nil
        if let features = few.nFeatures, features > 1000 { return nil }
        guard let frame = try? frame(few) else { return nil }
        let schema = FrameSchema(frame.schema)
        for (name, mapping) in [("shift", parameters.shift), ("scale", parameters.scale)] {
            for key in mapping?.keys ?? [] {
                context.column(key, in: schema, at: context.range(of: name, key: key), role: "`\(name)`:")
            }
        }
        return ["frame": schema]
    }

    static func run(_ parameters: Parameters, in context: OpContext) throws -> [String: StepValue] {
        do {
            return ["frame": .frame(try frame(parameters))]
        } catch let error as FrameError {
            throw context.failure(error, otherwiseAt: "kind")
        }
    }

    /// The generated frame.
    static func frame(_ parameters: Parameters) throws -> Frame {
        let seed = parameters.seed.seedBits
        let samples = parameters.nSamples
        var frame: Frame
        switch parameters.kind {
        case .regression:
            var spec = RegressionSpec(samples: samples)
            if let value = parameters.nFeatures {
                spec.features = value
                spec.informative = min(spec.informative, value)
            }
            if let value = parameters.nInformative { spec.informative = value }
            if let value = parameters.noise { spec.noise = value }
            frame = try DataGenerator.regression(spec, seed: seed)
        case .blobs:
            var spec = BlobsSpec(samples: samples)
            if let value = parameters.nFeatures { spec.features = value }
            if let value = parameters.centers { spec.centers = value }
            if let value = parameters.clusterStd { spec.clusterStd = value }
            frame = try DataGenerator.blobs(spec, seed: seed)
        case .classification:
            var spec = ClassificationSpec(samples: samples)
            if let value = parameters.nFeatures { spec.features = value }
            if let value = parameters.nInformative { spec.informative = value }
            if let value = parameters.nRedundant { spec.redundant = value }
            if let value = parameters.nClasses { spec.classes = value }
            if let value = parameters.classSep { spec.classSep = value }
            if let value = parameters.flipY { spec.flipY = value }
            frame = try DataGenerator.classification(spec, seed: seed)
        }
        frame = try shifted(frame, parameters)
        return frame
    }

    /// `x × scale + shift` on the columns named, in column-name order; an error names the
    /// parameter (`shift` or `scale`) that lists the column at fault.
    static func shifted(_ frame: Frame, _ parameters: Parameters) throws -> Frame {
        var shifts: [String: ColumnShift] = [:]
        for entry in parameters.shift?.entries ?? [] {
            shifts[entry.key, default: ColumnShift(column: entry.key)].shift = entry.value
        }
        for entry in parameters.scale?.entries ?? [] {
            shifts[entry.key, default: ColumnShift(column: entry.key)].scale = entry.value
        }
        var frame = frame
        for (name, shift) in shifts.sorted(by: { $0.key < $1.key }) {
            do {
                frame = try frame.shifting([shift])
            } catch let error as FrameError {
                throw error.about(parameters.shift?[name] != nil ? "shift" : "scale")
            }
        }
        return frame
    }
}
