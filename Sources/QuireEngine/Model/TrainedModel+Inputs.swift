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
    public var inputs: [ModelInput] {
        // Issue 18 (the score helper): the raw columns behind `transforms` and derive expressions.
        zip(features, featureKinds).map { ModelInput(name: $0, kind: $1) }
    }
}
