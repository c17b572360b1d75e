import QuireEngine
import QuireRunner
import QuireSupport
import QuireValues

/// A run's overall status as a reader sees it first, worded and coloured the same in a report's
/// header and in the index: whether its steps succeeded (and if not, where they failed), and how
/// many monitor rows alert or warn.
///
/// The words carry the status, the colour only repeats it: `succeeded`, `succeeded · 6 alerts`,
/// `succeeded · 2 warnings`, `failed at step train (line 42) +1 more · 6 alerts`.
public struct RunStatus: Sendable, Equatable {
    /// A step that failed, and the notebook line its error points at.
    public struct FailedStep: Sendable, Equatable {
        /// The step's id.
        public var id: String
        /// The line of the error in the notebook (the step's operation when the error has no place).
        public var line: Int?

        /// The failed step `id`, whose error is at `line`.
        public init(id: String, line: Int?) {
            self.id = id
            self.line = line
        }
    }

    /// Whether every step succeeded, came from the cache or was skipped.
    public var succeeded: Bool
    /// The failed steps, in notebook order.
    public var failedSteps: [FailedStep]
    /// Monitor rows with status `alert`.
    public var alerts: Int
    /// Monitor rows with status `warn`.
    public var warnings: Int

    /// A status; `failedSteps` in notebook order.
    public init(succeeded: Bool, failedSteps: [FailedStep] = [], alerts: Int = 0, warnings: Int = 0) {
        self.succeeded = succeeded
        self.failedSteps = failedSteps
        self.alerts = alerts
        self.warnings = warnings
    }

    /// The status of `run`: its failed steps and its monitor rows counted by status.
    public init(_ run: RunResult) {
        var failed: [FailedStep] = []
        var alerts = 0
        var warnings = 0
        for result in run.results {
            if let failure = result.failure {
                let step = run.plan.step(result.id)
                let range = failure.range ?? step?.source.op?.range ?? step?.source.range
                failed.append(FailedStep(id: result.id, line: range?.start.line))
            }
            for record in result.outputs.values {
                for row in record.summary.monitor?.rows ?? [] {
                    if row.status == .alert { alerts += 1 }
                    if row.status == .warn { warnings += 1 }
                }
            }
        }
        self.init(succeeded: run.succeeded, failedSteps: failed, alerts: alerts, warnings: warnings)
    }

    /// The pill's colour class: `failed`, `alert`, `warn` or `ok`.
    public var style: String {
        !succeeded ? "failed" : alerts > 0 ? "alert" : warnings > 0 ? "warn" : "ok"
    }

    /// The status in words, as plain text (the pill without its links).
    public var text: String {
        var parts = [headline]
        if let first = failedSteps.first {
            parts[0] += " at step \(first.id)" + Self.line(first) + more
        }
        parts += monitorCounts
        return parts.joined(separator: " · ")
    }

    /// The status as a pill whose text says everything its colour says.
    ///
    /// - Parameters:
    ///   - stepLink: The link to a step's section, by step id (nil: the id is not linked).
    ///   - alertsLink: Where the alert count links to (the first alerting monitor table).
    ///   - warningsLink: Where the warning count links to (the first warning monitor table).
    public func pill(stepLink: (String) -> String?, alertsLink: String?, warningsLink: String?) -> HTML {
        var content = HTML.text(headline)
        if let first = failedSteps.first {
            content += .text(" at step ")
            let id = HTML.element("code", [:], .text(first.id))
            content += stepLink(first.id).map { .element("a", ["href": $0], id) } ?? id
            content += .text(Self.line(first))
            if failedSteps.count > 1 {
                let others = failedSteps.dropFirst().map(\.id).joined(separator: ", ")
                content += .element("span", ["title": others], .text(more))
            }
        }
        let counts: [(text: String, count: Int, link: String?)] = [
            (NumberFormat.count(alerts, "alert"), alerts, alertsLink),
            (NumberFormat.count(warnings, "warning"), warnings, warningsLink),
        ]
        for (words, count, link) in counts where count > 0 {
            // A count stays on one line with its noun.
            let text = words.replacingOccurrences(of: " ", with: "\u{00A0}")
            content += .text(" · ")
            content += link.map { .element("a", ["href": $0], .text(text)) } ?? .text(text)
        }
        return .element("span", ["class": "badge run-status \(style)"], content)
    }

    private var headline: String { succeeded ? "succeeded" : "failed" }

    private var more: String { failedSteps.count > 1 ? " +\(failedSteps.count - 1) more" : "" }

    private var monitorCounts: [String] { Self.monitorCounts(alerts: alerts, warnings: warnings) }

    /// The monitor rows that are not ok, in words (`6 alerts`, `1 warning`): what the report's
    /// status, the console's last line and the Markdown summary say.
    public static func monitorCounts(alerts: Int, warnings: Int) -> [String] {
        (alerts > 0 ? [NumberFormat.count(alerts, "alert")] : [])
            + (warnings > 0 ? [NumberFormat.count(warnings, "warning")] : [])
    }

    private static func line(_ step: FailedStep) -> String { step.line.map { " (line \($0))" } ?? "" }

}
