import Foundation
import QuireEngine

/// What a notebook's earlier runs measured, for the trend sparklines of its report and of the
/// index: per run its id, when it started, every step metric and monitor row value it recorded,
/// and its worst monitor status.
///
/// A plain input, filled by whoever keeps the history (the run service reads it from the run
/// store); the renderers never read a database. The current run is not in it: the renderers
/// take the current values from the run (or, in the index, from its summary) and draw them as
/// the last point. Reproducible reports show no trends, whatever is given.
public struct ReportTrends: Sendable, Equatable {
    /// How many earlier runs are kept when no limit is given.
    public static let defaultLimit = 20

    /// One series: a step's metric, or one monitor row of a step.
    public enum Key: Sendable, Hashable {
        /// A metric of the step's outputs, by its name in the JSON summary's `metrics` (`roc_auc`).
        case metric(step: String, name: String)
        /// A monitor row of the step: its `subject` and `test`.
        case monitor(step: String, subject: String, test: String)
    }

    /// One earlier run.
    public struct Run: Sendable, Equatable {
        /// The run's id, as `quire history` shows it.
        public var id: String
        /// When the run started.
        public var started: Date
        /// The values it recorded; a series the run did not produce (its step failed, was skipped,
        /// or did not exist yet) is absent.
        public var values: [Key: Double]
        /// The run's worst monitor status; nil when nothing was monitored.
        public var monitorStatus: MonitorStatus?

        /// A run `id` that started at `started` and recorded `values`.
        public init(id: String, started: Date, values: [Key: Double], monitorStatus: MonitorStatus? = nil) {
            self.id = id
            self.started = started
            self.values = values
            self.monitorStatus = monitorStatus
        }
    }

    /// One earlier run's value of a series.
    public struct Point: Sendable, Equatable {
        /// The run's id.
        public var run: String
        /// When the run started.
        public var started: Date
        /// The value; nil when the run did not produce it.
        public var value: Double?
    }

    /// The earlier runs, oldest first, at most ``limit``.
    public private(set) var runs: [Run]
    /// How many earlier runs are kept: the newest ones.
    public let limit: Int

    /// Trends over `runs`, ordered by start (runs that started at the same moment keep the order
    /// given), of which the newest `limit` are kept.
    ///
    /// - Parameters:
    ///   - runs: Earlier runs of the notebook, in any order.
    ///   - limit: How many to keep (at least 1; default ``defaultLimit``).
    public init(runs: [Run], limit: Int = ReportTrends.defaultLimit) {
        self.limit = max(1, limit)
        let ordered = runs.enumerated().sorted { ($0.element.started, $0.offset) < ($1.element.started, $1.offset) }
        self.runs = ordered.suffix(self.limit).map(\.element)
    }

    /// No earlier run: the report renders as it would without history.
    public var isEmpty: Bool { runs.isEmpty }

    /// The earlier runs' values of `key`, oldest first, one per run (nil where the run lacks it).
    public func points(_ key: Key) -> [Point] {
        runs.map { Point(run: $0.id, started: $0.started, value: $0.values[key]) }
    }

    /// Whether some earlier run has a value of `key`.
    public func hasValues(_ key: Key) -> Bool {
        runs.contains { $0.values[key] != nil }
    }

    /// Whether some earlier run has a metric of `step`.
    public func hasMetrics(of step: String) -> Bool {
        runs.contains { run in
            run.values.keys.contains {
                if case .metric(step, _) = $0 { return true }
                return false
            }
        }
    }
}
