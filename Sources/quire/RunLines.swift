import Foundation
import QuireEngine
import QuireNotebook
import QuireReport
import QuireRunner
import QuireService
import QuireSupport

/// The lines `quire run` ends with: per notebook its steps, alerts and warnings and its report;
/// for several notebooks a total; and the monitors that tripped `--fail-on`.
enum RunLines {
    /// `churn.md: 8 steps (5 ran, 3 cached) · 6 alerts, 1 warning → reports/churn.html`.
    static func notebook(_ outcome: NotebookOutcome, output: String) -> String? {
        guard let steps = outcome.stepCountText else { return nil }
        var line = "\(outcome.location.path): \(steps)"
        if let monitors = outcome.monitorCountText { line += " · " + monitors }
        let report = (output as NSString).appendingPathComponent(outcome.location.reportName + ".html")
        return line + " → \(report)\n"
    }

    /// For several notebooks: `3 notebooks: 27 steps (24 ran, 3 cached) · 6 alerts → reports/index.html`.
    /// Under `--frozen` (`frozen`), what was checked: `3 notebooks: 2 up to date, 1 stale`.
    static func totals(_ outcome: RunOutcome, frozen: Bool = false) -> String? {
        guard outcome.notebooks.count > 1 else { return nil }
        if frozen { return frozenTotals(outcome) }
        var stepCounts: [StepStatus: Int] = [:]
        var monitorCounts: [MonitorStatus: Int] = [:]
        var monitored = false
        var notRun = 0
        for notebook in outcome.notebooks {
            if let result = notebook.result {
                for step in result.results { stepCounts[step.status, default: 0] += 1 }
            } else {
                notRun += 1
            }
            if let counts = notebook.monitorCounts {
                monitored = true
                monitorCounts.merge(counts, uniquingKeysWith: +)
            }
        }
        var line = NumberFormat.count(outcome.notebooks.count, "notebook")
        if notRun > 0 { line += " (\(notRun) not run)" }
        let total = stepCounts.values.reduce(0, +)
        let parts = StepStatus.allCases.compactMap { status in
            stepCounts[status].map { "\(NumberFormat.integer($0)) \(ReportRenderer.label(status))" }
        }
        line += ": " + NumberFormat.count(total, "step") + (parts.isEmpty ? "" : " (\(parts.joined(separator: ", ")))")
        if monitored {
            let counts = RunStatus.monitorCounts(
                alerts: monitorCounts[.alert] ?? 0, warnings: monitorCounts[.warn] ?? 0)
            line += " · " + (counts.isEmpty ? "monitors ok" : counts.joined(separator: ", "))
        }
        if case .written(let index) = outcome.index { line += " → \(index)" }
        return line + "\n"
    }

    /// `3 notebooks: 2 up to date, 1 stale (--frozen runs nothing)`.
    private static func frozenTotals(_ outcome: RunOutcome) -> String {
        var upToDate = 0
        var stale = 0
        var invalid = 0
        for notebook in outcome.notebooks {
            switch notebook.ending {
            case .succeeded: upToDate += 1
            case .invalidNotebook: invalid += 1
            default: stale += 1
            }
        }
        var parts: [String] = []
        if upToDate > 0 { parts.append("\(upToDate) up to date") }
        if stale > 0 { parts.append("\(stale) stale") }
        if invalid > 0 { parts.append("\(invalid) invalid") }
        return NumberFormat.count(outcome.notebooks.count, "notebook") + ": " + parts.joined(separator: ", ")
            + " (--frozen runs nothing)\n"
    }

    /// At most this many tripped monitors are named; the rest are counted.
    static let maximumNamed = 50

    /// Prints which monitors tripped the gate: a line each (`alert: drift · x01 · wasserstein = 0.9614`),
    /// or with `--diagnostics-format github`, an error annotation each at its step.
    static func printGate(_ outcome: NotebookOutcome, failOn: String) {
        guard let worst = outcome.gateTripped else { return }
        let level = MonitorStatus(rawValue: failOn) ?? worst
        let tripped = outcome.findings(atLeast: level)
        let path = outcome.location.path
        if Console.github {
            for finding in tripped.prefix(maximumNamed) {
                // The step's first line (its fence): GitHub marks one line better than a block.
                let start = outcome.result?.plan.step(finding.step)?.source.range.start
                let range = start.map { SourceRange(start: $0, end: $0) }
                Console.problem(
                    .error, path: path, range: range, title: "fail-on \(failOn)",
                    message: "monitor \(describe(finding)) is \(finding.row.status.rawValue)", text: "")
            }
        }
        var text =
            "\(path): monitoring reached \(worst.rawValue) (--fail-on \(failOn)): "
            + "\(NumberFormat.count(tripped.count, "monitor")) at \(failOn) or worse\n"
        for finding in tripped.prefix(maximumNamed) {
            text += "  \(finding.row.status.rawValue): \(describe(finding))\n"
        }
        if tripped.count > maximumNamed { text += "  … and \(tripped.count - maximumNamed) more (see the report)\n" }
        Console.error(text)
    }

    /// Prints the `assert` gates at alert that failed the run without `--fail-on`: a line each
    /// (`alert: gate · roc_auc · min = 0.65`), or with `--diagnostics-format github`, an error
    /// annotation each at its step.
    static func printFailedAssertions(_ outcome: NotebookOutcome) {
        let failed = outcome.failedAssertions
        let path = outcome.location.path
        if Console.github {
            for finding in failed.prefix(maximumNamed) {
                let start = outcome.result?.plan.step(finding.step)?.source.range.start
                let range = start.map { SourceRange(start: $0, end: $0) }
                Console.problem(
                    .error, path: path, range: range, title: "assert",
                    message: "gate \(describe(finding)) is \(finding.row.status.rawValue)", text: "")
            }
        }
        var text = "\(path): assertion failed: \(NumberFormat.count(failed.count, "gate")) at alert\n"
        for finding in failed.prefix(maximumNamed) {
            text += "  \(finding.row.status.rawValue): \(describe(finding))\n"
        }
        if failed.count > maximumNamed { text += "  … and \(failed.count - maximumNamed) more (see the report)\n" }
        Console.error(text)
    }

    /// `drift · x01 · wasserstein = 0.9614`: the step, the subject, the test and the value.
    static func describe(_ finding: MonitorFinding) -> String {
        let value = finding.value(reproducible: false)
        return "\(finding.step) · \(finding.row.subject) · \(finding.row.test)" + (value == "—" ? "" : " = \(value)")
    }
}
