/// What `quire diff A B` compares: one notebook's two runs, or, for two git revisions without a
/// notebook, every notebook whose summary is committed at both.
public struct RunDiffSet: Sendable, Equatable {
    /// A as it was named (`last~1`, `origin/main`, `3`).
    public var a: String
    /// B as it was named.
    public var b: String
    /// One comparison per notebook, by notebook path.
    public var diffs: [RunDiff]
    /// Notebooks whose summary only A has.
    public var onlyInA: [String]
    /// Notebooks whose summary only B has.
    public var onlyInB: [String]

    /// The comparisons of references `a` and `b`.
    public init(a: String, b: String, diffs: [RunDiff], onlyInA: [String] = [], onlyInB: [String] = []) {
        self.a = a
        self.b = b
        self.diffs = diffs
        self.onlyInA = onlyInA
        self.onlyInB = onlyInB
    }
}
