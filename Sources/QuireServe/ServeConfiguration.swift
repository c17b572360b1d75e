/// What `quire serve` is asked to do.
public struct ServeConfiguration: Sendable {
    /// The exported model file.
    public var modelPath: String
    /// The address to listen on (default `127.0.0.1`: loopback only).
    public var host = "127.0.0.1"
    /// The port (default 8080; 0 picks a free one).
    public var port = 8080
    /// Where request logs go (`--log-requests`), or nil for none.
    public var logDirectory: String?
    /// Rows per request log file before it is rotated (default 100,000).
    public var logRotateRows = 100_000
    /// The largest request body accepted (default 1 MiB); larger ones get 413.
    public var maxBodyBytes = 1 << 20
    /// Seconds between checks of the model file for changes (default 1).
    public var pollSeconds = 1.0
    /// The longest a stop waits for requests in flight (default 30 s), so a client that sends
    /// half a request cannot keep the server from exiting.
    public var drainSeconds = 30.0
    /// Event-loop threads (default: one per core).
    public var threads: Int?

    /// A configuration serving `modelPath` with the defaults.
    public init(modelPath: String) {
        self.modelPath = modelPath
    }
}
