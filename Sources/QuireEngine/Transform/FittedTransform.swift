/// Any fitted preprocessing step, for storing a pipeline inside a model.
///
/// Encoded as JSON-friendly `{"kind": "standardize", "standardize": {...}}`.
public enum FittedTransform: Sendable, Hashable, Codable {
    case impute(Imputer)
    case standardize(Standardizer)
    case minMax(MinMaxScaler)
    case oneHot(OneHotEncoder)
    case ordinal(OrdinalEncoder)
    case robust(RobustScaler)
    case target(TargetEncoder)
    /// Columns computed by `derive`'s expressions, row by row (only in an exported model's
    /// `transforms`, model format version 3).
    case derive(DerivedColumns)

    /// The operation name used in notebooks (`impute`, `standardize`, `min_max`, `one_hot`, `ordinal`,
    /// `robust`, `target`, `derive`).
    public var kind: String {
        switch self {
        case .impute: "impute"
        case .standardize: "standardize"
        case .minMax: "min_max"
        case .oneHot: "one_hot"
        case .ordinal: "ordinal"
        case .robust: "robust"
        case .target: "target"
        case .derive: "derive"
        }
    }

    /// Applies the fitted transform.
    ///
    /// - Throws: ``FrameError`` when the frame lacks a fitted column or a column changed kind.
    public func apply(to frame: Frame) throws -> Frame {
        switch self {
        case .impute(let t): try t.apply(to: frame)
        case .standardize(let t): try t.apply(to: frame)
        case .minMax(let t): try t.apply(to: frame)
        case .oneHot(let t): try t.apply(to: frame)
        case .ordinal(let t): try t.apply(to: frame)
        case .robust(let t): try t.apply(to: frame)
        case .target(let t): try t.apply(to: frame)
        case .derive(let t): try t.apply(to: frame)
        }
    }

    /// The columns the transform reads, in fit order (for `derive`: the columns its expressions
    /// read that the frame held before it).
    public var columns: [String] {
        switch self {
        case .impute(let t): t.columns
        case .standardize(let t): t.columns
        case .minMax(let t): t.columns
        case .oneHot(let t): t.columns
        case .ordinal(let t): t.columns
        case .robust(let t): t.columns
        case .target(let t): t.columns
        case .derive(let t): t.reads.map(\.name)
        }
    }

    private enum CodingKeys: String, CodingKey {
        case kind, impute, standardize, minMax = "min_max", oneHot = "one_hot", ordinal, robust, target, derive
    }

    /// Reads a transform saved by ``encode(to:)``; an unknown `kind` is a data-corrupted error.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try container.decode(String.self, forKey: .kind)
        switch kind {
        case "impute": self = .impute(try container.decode(Imputer.self, forKey: .impute))
        case "standardize": self = .standardize(try container.decode(Standardizer.self, forKey: .standardize))
        case "min_max": self = .minMax(try container.decode(MinMaxScaler.self, forKey: .minMax))
        case "one_hot": self = .oneHot(try container.decode(OneHotEncoder.self, forKey: .oneHot))
        case "ordinal": self = .ordinal(try container.decode(OrdinalEncoder.self, forKey: .ordinal))
        case "robust": self = .robust(try container.decode(RobustScaler.self, forKey: .robust))
        case "target": self = .target(try container.decode(TargetEncoder.self, forKey: .target))
        case "derive": self = .derive(try container.decode(DerivedColumns.self, forKey: .derive))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .kind, in: container, debugDescription: "unknown transform kind \(kind)")
        }
    }

    /// Writes the transform as `kind` and the fitted parameters under the key named by the kind.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        switch self {
        case .impute(let t): try container.encode(t, forKey: .impute)
        case .standardize(let t): try container.encode(t, forKey: .standardize)
        case .minMax(let t): try container.encode(t, forKey: .minMax)
        case .oneHot(let t): try container.encode(t, forKey: .oneHot)
        case .ordinal(let t): try container.encode(t, forKey: .ordinal)
        case .robust(let t): try container.encode(t, forKey: .robust)
        case .target(let t): try container.encode(t, forKey: .target)
        case .derive(let t): try container.encode(t, forKey: .derive)
        }
    }
}
