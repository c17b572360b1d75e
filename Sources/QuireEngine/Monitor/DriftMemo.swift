import Synchronization

/// The figures drift computes per column whatever the test: each side's ``DriftSample`` (the mean
/// and standard deviation, two exact passes over the values) and, for numbers, the histogram of
/// the pair. A notebook's drift steps on the same reference and current data (`psi` and `ks`, say)
/// compute them once: the first step stores them here and the others find them, by the identity
/// of the data the caller gives (the runner gives its frames' content digests), so no step ever
/// gets figures of other data. A step that asks while another computes the same figures waits for
/// them. Entries hold no values, only the figures; past ``limit`` of either kind, all are dropped.
public final class DriftMemo: Sendable {
    /// The process's memo.
    public static let shared = DriftMemo()

    /// Entries of each kind kept before the memo starts over.
    static let limit = 4096

    /// Which data a drift compares: an identity per side (equal identities, equal data; a frame's
    /// content digest, with that of a model whose predictions were added), with the memo.
    public struct Scope: Sendable {
        let memo: DriftMemo
        let reference: String
        let current: String

        /// Figures of `reference` and `current` data kept in `memo`.
        public init(memo: DriftMemo = .shared, reference: String, current: String) {
            self.memo = memo
            self.reference = reference
            self.current = current
        }
    }

    struct SideKey: Hashable {
        var data: String
        var column: String
    }

    struct PairKey: Hashable {
        var reference: String
        var current: String
        var column: String
        var bins: Int?
    }

    /// One entry, computed once: whoever finds it empty fills it while holding its lock.
    final class Slot<Value: Sendable>: Sendable {
        let value = Mutex<Value?>(nil)

        func get(_ compute: () -> Value) -> Value {
            value.withLock { stored in
                if let stored { return stored }
                let computed = compute()
                stored = computed
                return computed
            }
        }
    }

    private struct State {
        var samples: [SideKey: Slot<DriftSample>] = [:]
        var histograms: [PairKey: Slot<DriftHistogram>] = [:]
    }

    private let state = Mutex(State())

    /// An empty memo.
    public init() {}

    /// The summary of `column` of one side (`\.reference` or `\.current`) of the data `scope`
    /// names: the memo's, or `compute()` stored there; without a scope, `compute()`.
    static func sample(
        in scope: Scope?, of side: KeyPath<Scope, String>, column: String, _ compute: () -> DriftSample
    ) -> DriftSample {
        guard let scope else { return compute() }
        return scope.memo.slot(\.samples, SideKey(data: scope[keyPath: side], column: column)).get(compute)
    }

    /// The histogram of `column` of the pair `scope` names, kept for numbers only (a categorical
    /// one lists every category, and counting it again is cheap); else `compute()`.
    static func histogram(
        in scope: Scope?, column: String, bins: Int?, numeric: Bool, _ compute: () -> DriftHistogram
    ) -> DriftHistogram {
        guard let scope, numeric else { return compute() }
        let key = PairKey(reference: scope.reference, current: scope.current, column: column, bins: bins)
        return scope.memo.slot(\.histograms, key).get(compute)
    }

    /// The entry for `key` in one of the tables, made empty if there is none.
    private func slot<Key: Hashable, Value>(_ table: WritableKeyPath<State, [Key: Slot<Value>]>, _ key: Key)
        -> Slot<Value>
    {
        state.withLock { state in
            if let slot = state[keyPath: table][key] { return slot }
            if state[keyPath: table].count >= Self.limit { state[keyPath: table].removeAll() }
            let slot = Slot<Value>()
            state[keyPath: table][key] = slot
            return slot
        }
    }

    /// How many figures the memo holds, of each kind.
    public var count: (samples: Int, histograms: Int) {
        state.withLock { ($0.samples.count, $0.histograms.count) }
    }

    /// Whether the memo holds the summary of `column` of the data named `data`.
    public func hasSample(of data: String, column: String) -> Bool {
        state.withLock { $0.samples[SideKey(data: data, column: column)] != nil }
    }
}
