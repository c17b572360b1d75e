import QuireEngine

/// A monitoring step's value: rows of (subject, test, value, threshold, status) and the details
/// behind them (per-column drift with histograms, expectation results, latency quantiles).
public struct MonitorValue: Sendable, Codable, Equatable {
    public struct Row: Sendable, Codable, Equatable {
        /// What was checked: a column, an expectation, a quantile.
        public var subject: String
        /// How: the drift method, the expectation, `p95`.
        public var test: String
        public var value: Double?
        public var threshold: Double?
        public var status: MonitorStatus
        public var detail: String?
        /// A timing: it differs between runs, so reproducible outputs leave the value out.
        public var volatile: Bool?

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

        public var isVolatile: Bool { volatile ?? false }
    }

    /// `drift`, `expect` or `latency`.
    public var kind: String
    public var rows: [Row]
    public var drift: DriftResult?
    public var expectations: [ExpectationResult]?
    /// Latency quantiles and throughput, when timed.
    public var latency: [String: Double]?

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

    /// Numbers `when:` can use: `status` (0 ok, 1 warn, 2 alert), drift `share` and `drifted`,
    /// expectation `failed`, latency `p50_ms` … `throughput`.
    public var scalars: [String: Double] {
        var scalars: [String: Double] = ["status": Double(MonitorStatus.allCases.firstIndex(of: status) ?? 0)]
        if let drift {
            scalars["share"] = drift.driftShare
            scalars["drifted"] = Double(drift.driftedCount)
        }
        if let expectations { scalars["failed"] = Double(expectations.filter { !$0.success }.count) }
        for (name, value) in latency ?? [:] { scalars[name] = value }
        return scalars
    }

    /// True/false facts `when:` can use: `detected` (dataset drift), `passed` (every expectation).
    public var flags: [String: Bool] {
        var flags: [String: Bool] = ["ok": status == .ok, "alert": status == .alert]
        if let drift { flags["detected"] = drift.datasetDrift }
        if let expectations { flags["passed"] = expectations.allSatisfy(\.success) }
        return flags
    }
}
