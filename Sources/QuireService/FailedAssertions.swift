import QuireEngine
import QuireRunner

extension RunResult {
    /// The rows at alert of monitors that fail the run (`assert` steps, unless `fail_run: false`),
    /// in step and row order: they end the run as a tripped gate (exit 3) without `--fail-on`.
    public var failedAssertions: [MonitorFinding] {
        var findings: [MonitorFinding] = []
        for step in results {
            for name in step.outputs.keys.sorted() {
                guard let monitor = step.outputs[name]?.summary.monitor, monitor.failsRun == true else { continue }
                for row in monitor.rows where row.status == .alert {
                    findings.append(MonitorFinding(step: step.id, row: row))
                }
            }
        }
        return findings
    }
}
