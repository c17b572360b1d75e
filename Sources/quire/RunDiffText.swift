import QuireHistory
import QuireService

/// A comparison as `quire diff` prints it: per notebook the two runs, then a table per kind of
/// difference (laid out as `quire history` lays out its table), the unchanged ones counted.
struct RunDiffText {
    var diffs: RunDiffSet
    /// List unchanged entries too.
    var all: Bool

    var text: String {
        var out: [String] = []
        for diff in diffs.diffs { out.append(section(diff)) }
        let only =
            diffs.onlyInB.map { "\($0): new (only \(diffs.b) has its summary)\n" }
            + diffs.onlyInA.map { "\($0): removed (only \(diffs.a) has its summary)\n" }
        if !only.isEmpty { out.append(only.joined()) }
        if out.isEmpty { out.append("No notebook has a summary at both \(diffs.a) and \(diffs.b).\n") }
        return out.joined(separator: "\n")
    }

    private func section(_ diff: RunDiff) -> String {
        var out = "\(diff.b.notebook)\n"
        out += "  A  \(diffs.a): \(RunDiffFormat.run(diff.a))\n"
        out += "  B  \(diffs.b): \(RunDiffFormat.run(diff.b))\n\n"
        if diff.isSame && !all {
            return out + "No difference: the same params, data, code, step keys, metrics and monitors.\n"
        }
        var notes: [String] = []

        let params = diff.params.filter { all || $0.change != .same }
        out += table(
            ["param", "A", "B", "change"], params.map { [$0.name, $0.a ?? "—", $0.b ?? "—", change($0.change)] })
        notes += [RunDiffFormat.same(diff.params.count - params.count, "param")].compactMap { $0 }

        let files = diff.files.filter { all || $0.change != .same }
        out += table(
            ["data file", "A", "B", "change"],
            files.map { [$0.name, RunDiffFormat.digest($0.a), RunDiffFormat.digest($0.b), change($0.change)] })
        notes += [RunDiffFormat.same(diff.files.count - files.count, "data file")].compactMap { $0 }

        let code = diff.code.filter { all ? $0.a != nil || $0.b != nil : $0.change == .changed }
        out += table(
            ["code and engine", "A", "B"],
            code.map {
                [
                    RunDiffFormat.factName($0.name), RunDiffFormat.factValue($0.name, $0.a),
                    RunDiffFormat.factValue($0.name, $0.b),
                ]
            })
        if !all && code.isEmpty { notes.append("the same code and engine") }

        let changedKeys = diff.changedKeys.map(\.id)
        if !changedKeys.isEmpty {
            out += "computed from something different (the key changed): \(changedKeys.joined(separator: ", "))\n\n"
        }
        let steps = diff.steps.filter { all || $0.statusChanged || $0.change == .added || $0.change == .removed }
        out += table(
            ["step", "op", "A", "B", "key"],
            steps.map { [$0.id, $0.op, $0.statusA ?? "—", $0.statusB ?? "—", change($0.change)] })
        let sameKeys = all ? 0 : diff.steps.filter { $0.change == .same }.count
        notes += [RunDiffFormat.same(sameKeys, "step", "with the same key")].compactMap { $0 }

        let metrics = diff.metrics.filter { all || $0.change != .same }
        out += table(
            ["metric", "A", "B", "Δ", "Δ %", "verdict"],
            metrics.map {
                [
                    $0.key, RunDiffFormat.value($0.a), RunDiffFormat.value($0.b), RunDiffFormat.delta($0.delta),
                    RunDiffFormat.relative($0.relative), RunDiffFormat.verdict($0),
                ]
            }, right: [1, 2, 3, 4])
        notes += [RunDiffFormat.same(diff.metrics.count - metrics.count, "metric")].compactMap { $0 }

        let monitors = diff.monitors.filter { all || $0.change != .same }
        out += table(
            ["monitor", "status", "A", "B", "Δ", "verdict"],
            monitors.map {
                [
                    RunDiffFormat.monitor($0), RunDiffFormat.statuses($0.statusA, $0.statusB),
                    RunDiffFormat.value($0.a),
                    RunDiffFormat.value($0.b), RunDiffFormat.delta($0.delta),
                    $0.worse ? "worse" : $0.better ? "better" : "",
                ]
            }, right: [2, 3, 4])
        notes += [RunDiffFormat.same(diff.monitors.count - monitors.count, "monitor row")].compactMap { $0 }

        if !notes.isEmpty { out += notes.joined(separator: "; ") + "\n" }
        return out
    }

    private func table(_ header: [String], _ rows: [[String]], right: Set<Int> = []) -> String {
        rows.isEmpty ? "" : HistoryTable.layout([header] + rows, rightAligned: right) + "\n"
    }

    private func change(_ change: RunDiff.Change) -> String {
        change == .same ? "" : change.rawValue
    }
}
