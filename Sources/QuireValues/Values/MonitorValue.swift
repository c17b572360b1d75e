import QuireEngine

/// A monitoring step's value: rows of checks (subject, test, value, the bands in which the
/// value warns or alerts, status) and the details behind them (per-column drift with
/// histograms, expectation results, latency quantiles).
public struct MonitorValue: Sendable, Codable, Equatable {
    /// What a row's value is: it decides how the value reads and names it in the bands' text.
    public enum Measure: String, Sendable, Codable, CaseIterable {
        /// A test's p-value (`p ≤ 0.05`).
        case pValue = "p_value"
        /// A distance or divergence (`distance ≥ 0.1`).
        case distance
        /// The share of tested columns that drifted.
        case driftedShare = "drifted_share"
        /// The share of counted values (or rows) that pass an expectation.
        case passingShare = "passing_share"
        /// A column's mean.
        case mean
        /// A column's standard deviation.
        case std
        /// A number of rows.
        case rows
        /// A duration in milliseconds.
        case milliseconds
        /// A throughput in rows per second.
        case rowsPerSecond = "rows_per_second"
        /// A metric or other number of a step that an `assert` gate bounds (`roc_auc`, `rows`);
        /// the row's subject names it.
        case metric

        /// The name the bands' text gives the value (`p`, `distance`, `passing`; empty for
        /// durations and rates, whose unit follows the number).
        public var name: String {
            switch self {
            case .pValue: "p"
            case .distance: "distance"
            case .driftedShare: "drifted"
            case .passingShare: "passing"
            case .mean: "mean"
            case .std: "std"
            case .rows: "rows"
            case .milliseconds, .rowsPerSecond, .metric: ""
            }
        }
    }

    /// A band of values, as the union of up to four half-lines: a value is in it when it is
    /// below ``below``, at most ``atMost``, above ``above`` or at least ``atLeast`` (each that
    /// is set). "Outside [a, b]" is `below: a, above: b`.
    public struct Band: Sendable, Codable, Equatable {
        /// Values strictly below this are in the band.
        public var below: Double?
        /// Values at or below this are in the band.
        public var atMost: Double?
        /// Values strictly above this are in the band.
        public var above: Double?
        /// Values at or above this are in the band.
        public var atLeast: Double?

        /// A band from its half-lines; `nil` when none is set.
        public init?(below: Double? = nil, atMost: Double? = nil, above: Double? = nil, atLeast: Double? = nil) {
            guard below != nil || atMost != nil || above != nil || atLeast != nil else { return nil }
            self.below = below
            self.atMost = atMost
            self.above = above
            self.atLeast = atLeast
        }

        /// Whether `value` lies in the band.
        public func contains(_ value: Double) -> Bool {
            (below.map { value < $0 } ?? false) || (atMost.map { value <= $0 } ?? false)
                || (above.map { value > $0 } ?? false) || (atLeast.map { value >= $0 } ?? false)
        }

        /// Whether low values, high values or values outside a range fall in the band.
        public var direction: Direction {
            let low = below != nil || atMost != nil
            let high = above != nil || atLeast != nil
            return low && high ? .outside : low ? .low : .high
        }

        private enum CodingKeys: String, CodingKey {
            case below
            case atMost = "at_most"
            case above
            case atLeast = "at_least"
        }
    }

    /// Which values are worse.
    public enum Direction: String, Sendable, Codable {
        /// Low values warn or alert (p-values, passing shares).
        case low = "lower_is_worse"
        /// High values warn or alert (distances, drifted shares, latencies).
        case high = "higher_is_worse"
        /// Values outside a range alert (`mean_between`, `row_count`).
        case outside = "outside_is_worse"
    }

    /// One check and its outcome.
    public struct Row: Sendable, Codable, Equatable {
        /// What was checked: a column, an expectation, a quantile.
        public var subject: String
        /// How: the drift method, the expectation, `p95`.
        public var test: String
        /// The measured value, if any.
        public var value: Double?
        /// The one number the value was compared with, if any: a drift threshold, a latency
        /// limit, or an expectation's `mostly` (kept as it always was; ``alert``, ``warn`` and
        /// ``mostly`` say what it means).
        public var threshold: Double?
        /// The outcome.
        public var status: MonitorStatus
        /// More about the outcome, in words.
        public var detail: String?
        /// A timing: it differs between runs, so reproducible outputs leave the value out.
        public var volatile: Bool?
        /// What ``value`` is (`nil` in rows stored before it existed, or when there is no value).
        public var measure: Measure?
        /// The values that warn (where ``alert`` does not apply), if any.
        public var warn: Band?
        /// The values that alert, if any.
        public var alert: Band?
        /// For expectations counted value by value: the share that must pass.
        public var mostly: Double?
        /// Drift with a p-value test: the test's statistic beside its p-value (Kolmogorov–Smirnov's
        /// D, chi-square's χ², the z-test's z).
        public var statistic: Double?
        /// Drift: the reference's values in brief (mean and std, or the top categories).
        public var reference: DriftSample?
        /// Drift: the current data's values in brief.
        public var current: DriftSample?
        /// Drift against a compact reference profile whose points are approximate: the interval
        /// the value against the data itself lies in.
        public var valueRange: ClosedRange<Double>?

        /// A row; `volatile` marks a timing.
        public init(
            subject: String, test: String, value: Double?, threshold: Double?, status: MonitorStatus,
            detail: String? = nil,
            volatile: Bool = false, measure: Measure? = nil, warn: Band? = nil, alert: Band? = nil,
            mostly: Double? = nil, statistic: Double? = nil, reference: DriftSample? = nil,
            current: DriftSample? = nil, valueRange: ClosedRange<Double>? = nil
        ) {
            self.subject = subject
            self.test = test
            self.value = value
            self.threshold = threshold
            self.status = status
            self.detail = detail
            self.volatile = volatile ? true : nil
            self.measure = measure
            self.warn = warn
            self.alert = alert
            self.mostly = mostly
            self.statistic = statistic
            self.reference = reference
            self.current = current
            self.valueRange = valueRange
        }

        /// Whether the value is a timing, left out of reproducible outputs.
        public var isVolatile: Bool { volatile ?? false }

        /// Which values are worse, from the alert band (else the warn band); `nil` without bands.
        public var direction: Direction? { (alert ?? warn)?.direction }
    }

    /// `drift`, `expect`, `latency` or `assert`.
    public var kind: String
    /// The checks, in order.
    public var rows: [Row]
    /// The drift test's result, for `drift`.
    public var drift: DriftResult?
    /// Each expectation's result, for `expect`.
    public var expectations: [ExpectationResult]?
    /// Latency quantiles and throughput, when timed.
    public var latency: [String: Double]?
    /// An `assert` step's gates: rows at alert end the run as a tripped gate (exit 3) even
    /// without `--fail-on` (nil for every other monitor, and for `assert` with `fail_run: false`).
    public var failsRun: Bool?

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
