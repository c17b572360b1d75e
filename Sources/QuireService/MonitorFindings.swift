import QuireEngine
import QuireReport
import QuireRunner
import QuireSupport

/// A monitor row of a run that is not ok, with the step that produced it: what the console's
/// last line counts, what `--fail-on` names and what the Markdown summary tabulates.
public struct MonitorFinding: Sendable, Equatable {
    /// The monitoring step's id.
    public var step: String
    /// The row: subject (a column, an expectation, a quantile), test, value and status.
    public var row: MonitorValue.Row

    /// The row's value in the one number format: a p-value test's as a p-value (`3.2e-7`), any
    /// other as a decimal; `—` when absent, or when it is a timing and `reproducible`.
    public func value(reproducible: Bool) -> String {
        guard let value = row.value, !(reproducible && row.isVolatile) else { return "—" }
        if DriftMethod(rawValue: row.test)?.isPValueTest == true { return NumberFormat.pValue(value) }
        return NumberFormat.decimal(value)
    }
}

extension NotebookOutcome {
    /// Every monitor row at warn or alert, worst first, then in step and row order.
    public var monitorFindings: [MonitorFinding] {
        guard let result else { return [] }
        var findings: [MonitorFinding] = []
        for step in result.results {
            for name in step.outputs.keys.sorted() {
                for row in step.outputs[name]?.summary.monitor?.rows ?? [] where row.status != .ok {
                    findings.append(MonitorFinding(step: step.id, row: row))
                }
            }
        }
        return findings.enumerated().sorted {
            ($1.element.row.status, $0.offset) < ($0.element.row.status, $1.offset)
        }.map(\.element)
    }

    /// How many monitor rows there are at each status (nil when nothing was monitored).
    public var monitorCounts: [MonitorStatus: Int]? {
        guard let result else { return nil }
        var counts: [MonitorStatus: Int] = [:]
        for step in result.results {
            for record in step.outputs.values {
                for row in record.summary.monitor?.rows ?? [] { counts[row.status, default: 0] += 1 }
            }
        }
        return counts.isEmpty ? nil : counts
    }

    /// The monitor rows at or above `level`: those that trip a `--fail-on level` gate.
    public func findings(atLeast level: MonitorStatus) -> [MonitorFinding] {
        monitorFindings.filter { $0.row.status >= level }
    }

    /// `6 alerts, 1 warning`, counting monitor rows at alert and at warn; `monitors ok` when
    /// every row is ok; nil when nothing was monitored.
    public var monitorCountText: String? {
        guard let counts = monitorCounts else { return nil }
        let parts = RunStatus.monitorCounts(alerts: counts[.alert] ?? 0, warnings: counts[.warn] ?? 0)
        return parts.isEmpty ? "monitors ok" : parts.joined(separator: ", ")
    }

    /// `8 steps (5 ran, 3 cached)`: every step, and how many ended each way (nil when none ran).
    public var stepCountText: String? {
        guard let result else { return nil }
        var counts: [String] = []
        for status in StepStatus.allCases where result.count(status) > 0 {
            counts.append("\(NumberFormat.integer(result.count(status))) \(ReportRenderer.label(status))")
        }
        let total = NumberFormat.count(result.results.count, "step")
        return counts.isEmpty ? total : "\(total) (\(counts.joined(separator: ", ")))"
    }

    /// The first step that failed, in plan order.
    public var firstFailedStep: String? {
        result?.results.first { $0.status == .failed }?.id
    }
}
