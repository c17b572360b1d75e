/// What a raw row given to a model must hold.
public struct ModelInput: Sendable, Hashable {
    /// The column's name.
    public var name: String
    /// Its kind: numbers, text (categories) or dates.
    public var kind: ColumnKind

    /// A column named `name` of kind `kind`.
    public init(name: String, kind: ColumnKind) {
        self.name = name
        self.kind = kind
    }
}

extension TrainedModel {
    /// The columns a row must have for ``predict(_:threads:)``, in order: the model's features,
    /// or, for an exported model that takes raw rows, the columns its transforms read.
    ///
    /// Worked out by following a row through the model: each transform in order reads its
    /// columns (a `derive` column reads those its expression names), then the model reads its
    /// features; a column read before any transform made it is an input, with the kind it is
    /// read as (a derive's columns as they were when the step ran, an imputer's by its fill
    /// value, the scalers' numeric, the encoders' categorical, a feature its training kind).
    /// The order is that of the first reads, so a model without transforms lists its features.
    public var inputs: [ModelInput] {
        var made: Set<String> = []
        var seen: Set<String> = []
        var inputs: [ModelInput] = []
        func read(_ name: String, _ kind: ColumnKind) {
            guard !made.contains(name), seen.insert(name).inserted else { return }
            inputs.append(ModelInput(name: name, kind: kind))
        }
        for transform in transforms ?? [] {
            switch transform {
            case .derive(let derived):
                let kinds = Dictionary(
                    derived.reads.map { ($0.name, $0.kind) }, uniquingKeysWith: { first, _ in first })
                for (entry, names) in zip(derived.entries, derived.entryReads) {
                    for name in names { if let kind = kinds[name] { read(name, kind) } }
                    made.insert(entry.name)
                }
            case .impute(let imputer):
                for (name, fill) in zip(imputer.columns, imputer.fills) {
                    switch fill {
                    case .number: read(name, .numeric)
                    case .string: read(name, .categorical)
                    }
                }
            case .standardize, .minMax, .robust:
                for name in transform.columns { read(name, .numeric) }
            case .oneHot(let encoder):
                for name in encoder.columns { read(name, .categorical) }
                for index in encoder.columns.indices { made.formUnion(encoder.outputNames(for: index)) }
            case .ordinal, .target:
                for name in transform.columns { read(name, .categorical) }
            }
        }
        for (name, kind) in zip(features, featureKinds) { read(name, kind) }
        return inputs
    }
}
