import Foundation
import QuireEngine
import QuireHistory
import QuireSupport

extension RunDiff.Judgement {
    /// The engine's rules: a metric's direction as `tune` and `compare` pick the best
    /// (``Evaluation/greaterIsBetter(_:)``), and monitor statuses ordered `ok < warn < alert`
    /// (``MonitorStatus``).
    public static let engine = RunDiff.Judgement(
        higherIsBetter: { Evaluation.greaterIsBetter($0) },
        severity: { status in
            MonitorStatus(rawValue: status).flatMap { MonitorStatus.allCases.sorted().firstIndex(of: $0) }
        })
}

/// How `quire diff` words and numbers a comparison, in its text table and its Markdown alike.
public enum RunDiffFormat {
    /// A value: four significant digits, `—` when absent or not a number.
    public static func value(_ value: Double?) -> String { NumberFormat.decimal(value) }

    /// A change, signed: `+0.0213`, `-1.5`, `0`; `—` when there is none to compute.
    public static func delta(_ delta: Double?) -> String {
        guard let delta else { return "—" }
        return (delta > 0 ? "+" : "") + NumberFormat.decimal(delta, significantDigits: 3)
    }

    /// A relative change, signed: `+2.6%`; `—` when A is 0 or absent.
    public static func relative(_ relative: Double?) -> String {
        guard let relative else { return "—" }
        return (relative > 0 ? "+" : "") + NumberFormat.percent(relative, significantDigits: 2)
    }

    /// A digest or commit as people compare them: its first 12 characters (a commit's 7).
    public static func digest(_ digest: String?, length: Int = 12) -> String {
        digest.map { String($0.prefix(length)) } ?? "—"
    }

    /// A fact of the code and engine, as its row names it.
    public static func factName(_ name: String) -> String {
        switch name {
        case "notebook_digest": "notebook"
        case "quire_version": "quire"
        case "git_commit": "commit"
        case "git_dirty": "uncommitted changes"
        default: name
        }
    }

    /// A fact's value as shown.
    public static func factValue(_ name: String, _ value: String?) -> String {
        switch name {
        case "notebook_digest": digest(value)
        case "git_commit": digest(value, length: 7)
        case "git_dirty": value.map { $0 == "true" ? "yes" : "no" } ?? "—"
        default: value ?? "—"
        }
    }

    /// `#3, 2026-12-07 05:03:49 UTC, succeeded`, or `main:reports/churn.json, ok`.
    public static func run(_ run: RunSnapshot) -> String {
        var parts: [String] = []
        if let id = run.id { parts.append("#\(id)") } else if let source = run.source { parts.append(source) }
        if let started = run.startedAt {
            parts.append(RunSnapshot.timestamp(started).prefix(19).replacingOccurrences(of: "T", with: " ") + " UTC")
        }
        parts.append(run.id == nil ? run.status : run.ending)
        if let monitors = run.monitorStatus { parts.append("monitors \(monitors)") }
        return parts.joined(separator: ", ")
    }

    /// `2 params the same`: what was left out as unchanged, or nil when nothing was.
    public static func same(_ count: Int, _ noun: String, _ what: String = "the same") -> String? {
        count == 0 ? nil : NumberFormat.count(count, noun) + " " + what
    }

    /// `step: subject test`, and A's test when it was written differently (a bound changed).
    public static func monitor(_ row: RunDiff.Monitor) -> String {
        guard let test = row.testA, test != row.test else { return row.key }
        return row.key + " (was \(test))"
    }

    /// `better`, `worse` or nothing.
    public static func verdict(_ metric: RunDiff.Metric) -> String { metric.verdict?.rawValue ?? "" }

    /// One part of a notebook's comparison: a table (its verdict column, if any, holds `better`,
    /// `worse` or nothing), or the steps whose key changed.
    public enum Part: Sendable, Equatable {
        /// A table with at least one row.
        case table(header: [String], rows: [[String]], right: Set<Int>, verdict: Int?)
        /// The steps computed from something different.
        case changedKeys([String])
    }

    /// What a notebook's comparison shows, in order — params, data files, code and engine, the
    /// steps whose key changed, steps, metrics, monitors — and what was counted as unchanged
    /// (`2 params the same`); with `all`, unchanged entries are listed too. The text table and
    /// the Markdown render these alike.
    public static func parts(of diff: RunDiff, all: Bool) -> (parts: [Part], unchanged: [String]) {
        var parts: [Part] = []
        var notes: [String] = []
        func table(_ header: [String], _ rows: [[String]], right: Set<Int> = [], verdict: Int? = nil) {
            if !rows.isEmpty { parts.append(.table(header: header, rows: rows, right: right, verdict: verdict)) }
        }
        func change(_ change: RunDiff.Change) -> String { change == .same ? "" : change.rawValue }

        let params = diff.params.filter { all || $0.change != .same }
        table(["param", "A", "B", "change"], params.map { [$0.name, $0.a ?? "—", $0.b ?? "—", change($0.change)] })
        notes += [same(diff.params.count - params.count, "param")].compactMap { $0 }

        let files = diff.files.filter { all || $0.change != .same }
        table(
            ["data file", "A", "B", "change"], files.map { [$0.name, digest($0.a), digest($0.b), change($0.change)] })
        notes += [same(diff.files.count - files.count, "data file")].compactMap { $0 }

        let code = diff.code.filter { all ? $0.a != nil || $0.b != nil : $0.change == .changed }
        table(
            ["code and engine", "A", "B"],
            code.map { [factName($0.name), factValue($0.name, $0.a), factValue($0.name, $0.b)] })
        if !all && code.isEmpty { notes.append("the same code and engine") }

        let changedKeys = diff.changedKeys.map(\.id)
        if !changedKeys.isEmpty { parts.append(.changedKeys(changedKeys)) }
        let steps = diff.steps.filter { all || $0.statusChanged || $0.change == .added || $0.change == .removed }
        table(
            ["step", "op", "A", "B", "key"],
            steps.map { [$0.id, $0.op, $0.statusA ?? "—", $0.statusB ?? "—", change($0.change)] })
        let sameKeys = all ? 0 : diff.steps.filter { $0.change == .same }.count
        notes += [same(sameKeys, "step", "with the same key")].compactMap { $0 }

        let metrics = diff.metrics.filter { all || $0.change != .same }
        table(
            ["metric", "A", "B", "Δ", "Δ %", "verdict"],
            metrics.map {
                [$0.key, value($0.a), value($0.b), delta($0.delta), relative($0.relative), verdict($0)]
            }, right: [1, 2, 3, 4], verdict: 5)
        notes += [same(diff.metrics.count - metrics.count, "metric")].compactMap { $0 }

        let monitors = diff.monitors.filter { all || $0.change != .same }
        table(
            ["monitor", "status", "A", "B", "Δ", "verdict"],
            monitors.map {
                [
                    monitor($0), statuses($0.statusA, $0.statusB), value($0.a), value($0.b), delta($0.delta),
                    $0.worse ? "worse" : $0.better ? "better" : "",
                ]
            }, right: [2, 3, 4], verdict: 5)
        notes += [same(diff.monitors.count - monitors.count, "monitor row")].compactMap { $0 }
        return (parts, notes)
    }

    /// `ok → alert`, `added (warn)`.
    public static func statuses(_ a: String?, _ b: String?) -> String {
        switch (a, b) {
        case (nil, let b?): "added (\(b))"
        case (let a?, nil): "removed (was \(a))"
        case (let a?, let b?): a == b ? a : "\(a) → \(b)"
        case (nil, nil): "—"
        }
    }
}

/// A comparison as a GitHub pull-request comment or job summary: per notebook, Markdown tables of
/// what differs, the rest counted. Every piece of notebook and data text goes through
/// ``MarkdownSummary/text(_:)`` or ``MarkdownSummary/cell(_:)``.
public struct RunDiffMarkdown: Sendable {
    /// The comparison.
    public var diffs: RunDiffSet
    /// List unchanged entries too.
    public var all: Bool

    /// The Markdown of `diffs`; with `all`, unchanged entries are listed too.
    public init(_ diffs: RunDiffSet, all: Bool = false) {
        self.diffs = diffs
        self.all = all
    }

    /// The comment, ending in a blank line.
    public var markdown: String {
        var out = "## Quire diff: \(MarkdownSummary.text(diffs.a)) → \(MarkdownSummary.text(diffs.b))\n\n"
        if diffs.diffs.isEmpty && diffs.onlyInA.isEmpty && diffs.onlyInB.isEmpty {
            out += "No notebook has a summary at both.\n\n"
        }
        for diff in diffs.diffs { out += section(diff) }
        for notebook in diffs.onlyInB {
            out +=
                "### \(MarkdownSummary.text(notebook))\n\nnew: only \(MarkdownSummary.text(diffs.b)) has its summary\n\n"
        }
        for notebook in diffs.onlyInA {
            out += "### \(MarkdownSummary.text(notebook))\n\n"
            out += "removed: only \(MarkdownSummary.text(diffs.a)) has its summary\n\n"
        }
        return out
    }

    private func section(_ diff: RunDiff) -> String {
        let title = diff.b.title.isEmpty ? diff.b.notebook : diff.b.title
        var out = "### \(MarkdownSummary.text(title))\n\n"
        out += "\(MarkdownSummary.text(diff.b.notebook)) · **A** \(MarkdownSummary.text(RunDiffFormat.run(diff.a)))"
        out += " · **B** \(MarkdownSummary.text(RunDiffFormat.run(diff.b)))\n\n"
        if diff.isSame && !all {
            return out + "No difference: the same params, data, code, step keys, metrics and monitors.\n\n"
        }
        let (parts, notes) = RunDiffFormat.parts(of: diff, all: all)
        for part in parts {
            switch part {
            case .table(let header, let rows, let right, let verdict):
                out += table(header, rows, right: right, verdict: verdict)
            case .changedKeys(let steps):
                out += "Computed from something different (the key changed): "
                out += steps.map(MarkdownSummary.text).joined(separator: ", ") + ".\n\n"
            }
        }
        if !notes.isEmpty { out += "_" + notes.joined(separator: "; ") + "._\n\n" }
        return out
    }

    /// A table of escaped cells; a verdict of `worse` is bold.
    private func table(_ header: [String], _ rows: [[String]], right: Set<Int>, verdict: Int?) -> String {
        var out = "| " + header.map(MarkdownSummary.cell).joined(separator: " | ") + " |\n|"
        out += header.indices.map { right.contains($0) ? "---:|" : "---|" }.joined() + "\n"
        for row in rows.prefix(MarkdownSummary.maximumRows) {
            let cells = row.enumerated().map { index, cell in
                index == verdict && cell == "worse" ? "**worse**" : MarkdownSummary.cell(cell)
            }
            out += "| " + cells.joined(separator: " | ") + " |\n"
        }
        if rows.count > MarkdownSummary.maximumRows {
            out += "\nand \(rows.count - MarkdownSummary.maximumRows) more (`quire diff --json` lists every one)\n"
        }
        return out + "\n"
    }
}
