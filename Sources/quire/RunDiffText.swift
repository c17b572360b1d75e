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
        let (parts, notes) = RunDiffFormat.parts(of: diff, all: all)
        for part in parts {
            switch part {
            case .table(let header, let rows, let right, _):
                out += HistoryTable.layout([header] + rows, rightAligned: right) + "\n"
            case .changedKeys(let steps):
                out += "computed from something different (the key changed): \(steps.joined(separator: ", "))\n\n"
            }
        }
        if !notes.isEmpty { out += notes.joined(separator: "; ") + "\n" }
        return out
    }
}
