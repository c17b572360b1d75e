import Foundation
import QuireEngine
import QuireNotebook
import QuireReport
import QuireRunner
import QuireSupport

/// A run as GitHub-flavoured Markdown, for a pull request's job summary (`$GITHUB_STEP_SUMMARY`):
/// per notebook its status, the monitors that are not ok and its headline metrics.
///
/// Every piece of notebook or data text is escaped (``MarkdownSummary/text(_:)``,
/// ``MarkdownSummary/cell(_:)``), so a title or a column name cannot add markup, links or table
/// cells; numbers follow `NumberFormat`. The same outcome gives the same bytes.
public struct MarkdownSummary: Sendable {
    /// The run summarised.
    public var outcome: RunOutcome
    /// Where the reports were written, as given (`reports`), to name each report.
    public var outputDirectory: String
    /// Leave timings (a latency monitor's values) out, as reproducible reports do.
    public var reproducible: Bool
    /// The `--fail-on` level, if any: the summary says when it tripped.
    public var failOn: MonitorStatus?

    /// A summary of `outcome`, whose reports are in `outputDirectory`.
    public init(outcome: RunOutcome, outputDirectory: String, reproducible: Bool = false, failOn: MonitorStatus? = nil)
    {
        self.outcome = outcome
        self.outputDirectory = outputDirectory
        self.reproducible = reproducible
        self.failOn = failOn
    }

    /// At most this many rows of monitors, diagnostics or stale steps per notebook; the rest are counted.
    public static let maximumRows = 50

    /// The summary, ending in a blank line so that summaries appended one after another stay apart.
    public var markdown: String {
        var out = "## Quire run\n\n"
        for notebook in outcome.notebooks { out += section(notebook) }
        return out
    }

    /// One notebook's section.
    func section(_ notebook: NotebookOutcome) -> String {
        let title =
            notebook.result.map { QuotedValues(run: $0).title(of: $0.plan.notebook) } ?? notebook.location.reportName
        var out = "### \(Self.text(title))\n\n"
        var facts = ["**\(Self.text(status(of: notebook)))**", Self.text(notebook.location.pathInProject)]
        if let steps = notebook.stepCountText, notebook.explanations == nil { facts.append(steps) }
        if let report = notebook.report {
            facts.append("report " + Self.text((outputDirectory as NSString).appendingPathComponent(report)))
        }
        out += facts.joined(separator: " · ") + "\n\n"
        switch notebook.ending {
        case .invalidNotebook(let diagnostics):
            out += list(
                diagnostics.filter { $0.severity == .error }.sortedByLocation().map { diagnostic in
                    let place = diagnostic.range.map { "\($0.start.line):\($0.start.column): " } ?? ""
                    return Self.text(place + diagnostic.message + " [\(diagnostic.id)]")
                })
        case .stale(let stale):
            out += list(stale.map { Self.text("\($0.id): " + $0.reasons.joined(separator: "; ")) })
        case .outputFailed(let error):
            out += Self.text("\(error)") + "\n\n"
        case .notCached(let missing):
            out += list(missing.map { Self.text("\($0.id): " + ($0.failure?.message ?? "not in the cache")) })
        case .succeeded, .stepsFailed, .gateTripped:
            break
        }
        for failure in notebook.artifactFailures {
            out += "- cannot export \(Self.text(failure.step)): \(Self.text(failure.message))\n"
        }
        if !notebook.artifactFailures.isEmpty { out += "\n" }
        if let result = notebook.result, !result.succeeded {
            let failed = result.results.filter { $0.status == .failed }
            out += list(
                failed.map { step in
                    let line = step.failure?.range?.start.line ?? result.plan.step(step.id)?.source.range.start.line
                    let place = line.map { " (line \($0))" } ?? ""
                    return Self.text("\(step.id)\(place): \(step.failure?.message ?? "failed")")
                })
        }
        out += monitorTable(notebook.monitorFindings)
        if let result = notebook.result {
            let metrics = RunSummary.headlineMetrics(of: result)
            if !metrics.isEmpty {
                out += "| metric | value |\n|---|---:|\n"
                for metric in metrics {
                    out += "| \(Self.cell(metric.name)) | \(NumberFormat.decimal(metric.value)) |\n"
                }
                out += "\n"
            }
        }
        return out
    }

    /// `succeeded`, `succeeded · 6 alerts`, `failed at step split`, `invalid: 2 errors`…
    func status(of notebook: NotebookOutcome) -> String {
        var status: String
        switch notebook.ending {
        case .invalidNotebook(let diagnostics):
            let errors = diagnostics.filter { $0.severity == .error }.count
            return "invalid notebook: \(NumberFormat.count(errors, "error")), not run"
        case .stale(let stale):
            return "stale: \(NumberFormat.count(stale.count, "step")) would run (--frozen)"
        case .outputFailed:
            return "failed: the report could not be written"
        case .notCached(let missing):
            return "not run (--only): \(NumberFormat.count(missing.count, "step")) it reads not in the cache"
        case .succeeded where notebook.explanations != nil:
            return "up to date (--frozen)"
        case .succeeded, .gateTripped:
            status = "succeeded"
        case .stepsFailed:
            if let step = notebook.firstFailedStep {
                status = "failed at step \(step)"
                let failed = notebook.result?.count(.failed) ?? 1
                if failed > 1 { status += " (\(NumberFormat.count(failed, "step")) failed)" }
            } else if !notebook.artifactFailures.isEmpty {
                status = "failed: an artifact could not be exported"
            } else {
                status = "failed"
            }
        }
        let findings = notebook.monitorFindings
        if !findings.isEmpty, let counts = notebook.monitorCountText { status += " · " + counts }
        if let worst = notebook.gateTripped, let failOn {
            status += " · monitoring gate tripped (\(worst.rawValue), --fail-on \(failOn.rawValue))"
        } else if !notebook.failedAssertions.isEmpty {
            status += " · assertion failed (\(NumberFormat.count(notebook.failedAssertions.count, "gate")) at alert)"
        }
        return status
    }

    /// The monitors that are not ok, worst first.
    func monitorTable(_ findings: [MonitorFinding]) -> String {
        guard !findings.isEmpty else { return "" }
        var out = "| step | monitor | column | value | status |\n|---|---|---|---:|---|\n"
        for finding in findings.prefix(Self.maximumRows) {
            let cells = [
                finding.step, finding.row.test, finding.row.subject, finding.value(reproducible: reproducible),
                finding.row.status.rawValue,
            ]
            out += "| " + cells.map(Self.cell).joined(separator: " | ") + " |\n"
        }
        if findings.count > Self.maximumRows {
            out += "\nand \(findings.count - Self.maximumRows) more in the report\n"
        }
        return out + "\n"
    }

    /// A bulleted list of already escaped items, cut at ``maximumRows``.
    private func list(_ items: [String]) -> String {
        guard !items.isEmpty else { return "" }
        var out = items.prefix(Self.maximumRows).map { "- \($0)\n" }.joined()
        if items.count > Self.maximumRows { out += "- and \(items.count - Self.maximumRows) more\n" }
        return out + "\n"
    }

    /// `text` as inline Markdown that reads as itself: the punctuation that could start markup
    /// inside a line (emphasis, code, links, images, tables, strikethrough, math) is
    /// backslash-escaped, `&`, `<` and `>` become entities (no raw HTML), and line breaks become
    /// spaces. The summary never starts a line with such text, so line-start markup (`1.`, `-`)
    /// needs no escape.
    public static func text(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\\", "`", "*", "_", "[", "]", "|", "~", "#", "!", "$":
                out += "\\" + String(character)
            case "\n", "\r", "\r\n", "\t": out += " "
            default: out.append(character)
            }
        }
        return out
    }

    /// `text` as a table cell: ``text(_:)``, and never empty.
    public static func cell(_ text: String) -> String {
        let escaped = Self.text(text).trimmingCharacters(in: .whitespaces)
        return escaped.isEmpty ? " " : escaped
    }
}
