/// The result of ``Frame/split(_:)``; each set keeps its rows in the input's order (or in time
/// order for a time split).
public struct FrameSplit: Sendable, Equatable {
    /// Training rows.
    public var train: Frame
    /// Test rows.
    public var test: Frame
    /// Validation rows, when ``SplitOptions/validSize`` is set.
    public var valid: Frame?
}
