import Synchronization

/// What every connection's handler shares: the model, the metrics, the request log, the limits,
/// and whether the server is stopping.
final class ServerState: Sendable {
    let store: ModelStore
    let metrics: ServeMetrics
    let log: RequestLog?
    let maxBodyBytes: Int
    private let stopping = Atomic<Bool>(false)

    init(store: ModelStore, metrics: ServeMetrics, log: RequestLog?, maxBodyBytes: Int) {
        self.store = store
        self.metrics = metrics
        self.log = log
        self.maxBodyBytes = maxBodyBytes
    }

    /// Whether a stop has begun: connections close after their response, `/readyz` says 503.
    var isDraining: Bool { stopping.load(ordering: .relaxed) }

    /// Begins the stop.
    func drain() { stopping.store(true, ordering: .relaxed) }
}
