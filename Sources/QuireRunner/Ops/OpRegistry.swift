/// The operations steps can use, keyed by name.
public struct OpRegistry: Sendable {
    private var operations: [String: any Operation.Type]

    /// A registry of `operations`; of two with one name, the last wins.
    public init(_ operations: [any Operation.Type]) {
        self.operations = Dictionary(operations.map { ($0.schema.name, $0) }, uniquingKeysWith: { _, last in last })
    }

    /// Every operation Quire ships.
    public static let standard = OpRegistry([
        LoadOp.self, GenerateOp.self, SelectOp.self, DropOp.self, FilterOp.self, DeriveOp.self, SplitOp.self,
        ProfileOp.self, TrainOp.self, EvaluateOp.self, PredictOp.self, ExportOp.self, LoadModelOp.self,
        TuneOp.self, CompareOp.self, ExplainOp.self, DriftOp.self, ExpectOp.self, LatencyOp.self, SortOp.self,
        RenameOp.self, JoinOp.self, WriteOp.self, AggregateOp.self, SampleOp.self, ConcatOp.self, DistinctOp.self,
        PivotOp.self, MeltOp.self, ImputeOp.self, EncodeOp.self, ScaleOp.self, CastOp.self,
        ChartOp.self, AssertOp.self,
    ])

    /// Operation names, sorted.
    public var names: [String] { operations.keys.sorted() }

    /// The schema of the operation `name`, if there is one.
    public func schema(named name: String) -> OpSchema? { operations[name]?.schema }

    /// The operation `name`, if there is one.
    public func operation(named name: String) -> (any Operation.Type)? { operations[name] }

    /// Adds (or replaces) an operation.
    public mutating func register(_ operation: any Operation.Type) {
        operations[operation.schema.name] = operation
    }
}
