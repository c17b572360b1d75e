import Foundation
import QuireSupport

/// `quire history export --csv`: every run as long ("tidy") rows, one per param, step, metric
/// and monitor row, ready for pandas, a spreadsheet or a database.
public enum HistoryExport {
    /// The header row's columns.
    public static let columns = [
        "run", "notebook", "started_at", "run_status", "git_commit", "git_dirty", "kind", "step", "name", "test",
        "value", "status",
    ]

    /// The CSV text (RFC 4180, `\n` line ends) of `runs`.
    public static func csv(_ runs: [RunSnapshot]) -> String {
        var out = columns.joined(separator: ",") + "\n"
        for run in runs {
            let prefix = [
                run.id.map(String.init) ?? "", run.notebook, run.startedAt.map(RunSnapshot.timestamp) ?? "", run.status,
                run.gitCommit ?? "", run.gitDirty.map { $0 ? "true" : "false" } ?? "",
            ].map(field).joined(separator: ",")
            func row(_ fields: [String]) {
                out += prefix
                for value in fields {
                    out += ","
                    out += field(value)
                }
                out += "\n"
            }
            for (name, value) in run.params.sorted(by: { $0.key < $1.key }) {
                row(["param", "", name, "", value, ""])
            }
            for step in run.steps {
                row(["step", step.id, step.op, "", number(step.durationMs), step.status])
            }
            for metric in run.metrics {
                row(["metric", metric.step, metric.name, "", number(metric.value), ""])
            }
            for monitor in run.monitors {
                row(["monitor", monitor.step, monitor.subject, monitor.test, number(monitor.value), monitor.status])
            }
        }
        return out
    }

    /// A number in shortest round-trip form, or empty.
    private static func number(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "" }
        return JSONValue.number(value).compactText
    }

    /// `text` as a CSV field: quoted when it holds a comma, a quote or a line break.
    private static func field(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
