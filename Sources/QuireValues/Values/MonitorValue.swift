import QuireEngine

/// A monitoring step's value: rows of (subject, test, value, threshold, status) and the details
/// behind them (per-column drift with histograms, expectation results, latency quantiles).
public struct MonitorValue: Sendable, Codable, Equatable {
    /// One check and its outcome.
    public struct Row: Sendable, Codable, Equatable {
        /// What was checked: a column, an expectation, a quantile.
        public var subject: String
        /// How: the drift method, the expectation, `p95`.
        public var test: String
        /// The measured value, if any.
        public var value: Double?
        /// The threshold it is compared with, if any.
        public var threshold: Double?
        /// The outcome.
        public var status: MonitorStatus
        /// More about the outcome, in words.
        public var detail: String?
        /// A timing: it differs between runs, so reproducible outputs leave the value out.
        public var volatile: Bool?

        /// A row; `volatile` marks a timing.
        public init(
            subject: String, test: String, value: Double?, threshold: Double?, status: MonitorStatus,
            detail: String? = nil,
            volatile: Bool = false
        ) {
            self.subject = subject
            self.test = test
            self.value = value
            self.threshold = threshold
            self.status = status
            self.detail = detail
            self.volatile = volatile ? true : nil
        }

        /// Whether the value is a timing, left out of reproducible outputs.
        public var isVolatile: Bool { volatile ?? false }
    }

    /// `drift`, `expect` or `latency`.
    public var kind: String
    /// The checks, in order.
    public var rows: [Row]
    /// The drift test's result, for `drift`.
    public var drift: DriftResult?
    /// Each expectation's result, for `expect`.
    public var expectations: [ExpectationResult]?
    /// Latency quantiles and throughput, when timed.
    public var latency: [String: Double]?

    /// A monitoring result of `kind` with its rows and details.
    public init(
        kind: String, rows: [Row], drift: DriftResult? = nil, expectations: [ExpectationResult]? = nil,
        latency: [String: Double]? = nil
    ) {
        self.kind = kind
        self.rows = rows
        self.drift = drift
        self.expectations = expectations
        self.latency = latency
    }

    /// The worst status of any row.
    public var status: MonitorStatus { rows.map(\.status).max() ?? .ok }
}
