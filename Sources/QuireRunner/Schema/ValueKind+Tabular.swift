extension ValueKind {
    /// What an op that reads rows of named columns accepts (`chart`): a frame or a table
    /// (a leaderboard, tuning results). Only a schema's input uses it; no value has this kind.
    public static let frameOrTable = ValueKind("frame or table", article: "a frame or a table")

    /// What an op that reads any step's numbers accepts (`assert`): an output of any kind. Only
    /// a schema's input uses it; no value has this kind.
    public static let anyOutput = ValueKind("output", article: "any step's output")

    /// Whether an input declared of this kind takes a value of `kind`.
    public func accepts(_ kind: ValueKind) -> Bool {
        self == kind || self == .anyOutput || (self == .frameOrTable && (kind == .frame || kind == .table))
    }
}
