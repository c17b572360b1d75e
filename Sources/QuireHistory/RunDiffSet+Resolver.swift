import Foundation

extension RunResolver {
    /// Every notebook's run whose summary is committed at `revision` in the output directory
    /// (`reports/NAME.json` for `NAME.md`), by notebook path. JSON files there that are not a
    /// notebook's summary (a `write:` export) are passed over.
    ///
    /// - Throws: ``HistoryError/unknownRef(_:suggestion:)`` when `revision` names no commit.
    public func committedRuns(at revision: String) throws(HistoryError) -> [String: RunSnapshot] {
        guard !revision.hasPrefix("-"),
            let commit = Git.run(
                ["rev-parse", "--verify", "--quiet", "--end-of-options", revision + "^{commit}"], in: projectRoot),
            commit.status == 0
        else {
            throw .unknownRef(revision, suggestion: suggestion(for: revision))
        }
        let sha = String(decoding: commit.stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let directory = Self.summaryPath(notebook: "x.md", outputDirectory: outputDirectory).dropLast("x.json".count)
        guard let listed = Git.run(["ls-tree", "--name-only", "-z", sha, "--", "./\(directory)"], in: projectRoot),
            listed.status == 0
        else { return [:] }
        var runs: [String: RunSnapshot] = [:]
        for path in String(decoding: listed.stdout, as: UTF8.self).split(separator: "\0").map(String.init)
        where path.hasSuffix(".json") {
            guard let shown = Git.run(["show", "\(sha):./\(path)"], in: projectRoot), shown.status == 0,
                var run = try? RunSnapshot(summary: shown.stdout, source: "\(revision):\(path)"),
                Self.summaryPath(notebook: run.notebook, outputDirectory: outputDirectory) == path
            else { continue }
            run.gitCommit = sha
            run.gitDirty = false
            runs[run.notebook] = run
        }
        return runs
    }
}
