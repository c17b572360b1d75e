import ArgumentParser
import Foundation
import QuireHistory
import QuireRunner
import QuireService

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare two runs: params, data, code, step keys, metrics and monitors, with deltas.",
        discussion: """
            A and B each name a run: a run id of the history (`quire history` lists them), `last` \
            or `last~N` (the notebook's latest runs), a JSON summary file (reports/NAME.json), or \
            a git revision, whose committed summary is read (`main`, `origin/main`, `HEAD~1`). \
            Two git revisions without --notebook compare every notebook whose summary either has \
            (one only one side has is listed as new or removed). \
            Unchanged entries are counted, not listed, unless --all. Exit 0 whatever differs. \
            See docs/history.md.
            """)

    @Argument(
        help: ArgumentHelp("The first run (a run id, last, last~N, a .json summary or a git revision).", valueName: "a")
    )
    var a: String

    @Argument(help: ArgumentHelp("The second run, named the same ways.", valueName: "b"))
    var b: String

    @Option(
        help: ArgumentHelp(
            "The notebook, when A and B do not say it (a run id does; so does a history of one notebook).",
            valueName: "notebook"), completion: .file(extensions: ["md"]))
    var notebook: String?

    @Option(
        name: .customLong("metric"),
        help: ArgumentHelp(
            "Only this metric: a name (roc_auc: in every step) or step.metric (repeatable; default: every metric).",
            valueName: "name"))
    var metrics: [String] = []

    @Flag(help: "Print a GitHub pull-request comment (Markdown tables).")
    var md = false

    @Flag(help: "Print the comparison as JSON (docs/history.md).")
    var json = false

    @Flag(help: "List unchanged params, files, steps, metrics and monitors too.")
    var all = false

    @Option(name: .customShort("o"), help: ArgumentHelp("Write to FILE instead of standard output.", valueName: "file"))
    var file: String?

    @Option(
        name: .customLong("output"),
        help: ArgumentHelp(
            "The reports directory, as `quire run -o` wrote it: where a git revision's summaries are read.",
            valueName: "dir"))
    var output = "reports"

    @OptionGroup var history: HistoryOptions

    func validate() throws {
        if md && json { throw ValidationError("--md and --json are two formats: give one.") }
    }

    func run() throws {
        // Opened first: a file that cannot be written fails before anything is read.
        let file = try self.file.map { path throws(CommandFailure) in
            try OutputFile(path: path, append: false, noun: "the diff")
        }
        let diffs: RunDiffSet
        do { diffs = try compare() } catch { throw CommandFailure.history(error) }
        let text: String
        if json {
            text = diffs.json.text
        } else if md {
            text = RunDiffMarkdown(diffs, all: all).markdown
        } else {
            text = RunDiffText(diffs: diffs, all: all).text
        }
        guard let file else {
            Console.out(text)
            return
        }
        try file.append(text)
    }

    /// Resolves A and B and compares them.
    private func compare() throws(HistoryError) -> RunDiffSet {
        let references = (RunReference(a), RunReference(b))
        let root = HistoryOptions.projectRoot(notebook: notebook)
        // The database is opened only when a reference is read from it: a newer or broken one
        // does not stop a comparison of two commits.
        let store: HistoryStore?
        let path = history.path(projectRoot: root)
        if (references.0.needsDatabase || references.1.needsDatabase) && FileManager.default.fileExists(atPath: path) {
            store = try HistoryStore(path: path, create: false)
        } else {
            store = nil
        }
        // --output as `quire run -o` takes it: relative to the working directory.
        let resolver = RunResolver(
            store: store, projectRoot: root,
            outputDirectory: RunResolver.outputDirectory(output, relativeTo: root) ?? output)
        var name = notebook.map { NotebookLocation(path: $0).pathInProject }
        if name == nil, case .git(let revisionA) = references.0, case .git(let revisionB) = references.1 {
            return try compareEveryNotebook(revisionA, revisionB, resolver: resolver)
        }
        // The reference that says its notebook is read first: the other is read for that notebook.
        func rank(_ reference: RunReference) -> Int {
            switch reference {
            case .id, .file: 0
            case .last: 1
            case .git: 2
            }
        }
        func resolve(_ reference: RunReference) throws(HistoryError) -> RunSnapshot {
            let run = try resolver.resolve(reference, notebook: name)
            if name == nil { name = run.notebook }
            return run
        }
        let runA: RunSnapshot
        let runB: RunSnapshot
        if rank(references.1) < rank(references.0) {
            runB = try resolve(references.1)
            runA = try resolve(references.0)
        } else {
            runA = try resolve(references.0)
            runB = try resolve(references.1)
        }
        return RunDiffSet(a: a, b: b, diffs: [try selectingMetrics(RunDiff(runA, runB, judgement: .engine))])
    }

    /// The diff with only the --metric metrics, when some are named.
    ///
    /// - Throws: ``HistoryError/unknownMetric(_:notebook:suggestion:)`` for a name neither run has.
    private func selectingMetrics(_ diff: RunDiff) throws(HistoryError) -> RunDiff {
        guard !metrics.isEmpty else { return diff }
        let keys = Set(try MetricSelection.keys(metrics, in: [diff.a, diff.b], notebook: diff.b.notebook))
        return RunDiff(diff, metrics: diff.metrics.filter { keys.contains($0.key) })
    }

    /// Every notebook whose summary is committed at both revisions.
    private func compareEveryNotebook(_ revisionA: String, _ revisionB: String, resolver: RunResolver)
        throws(HistoryError) -> RunDiffSet
    {
        let runsA = try resolver.committedRuns(at: revisionA)
        let runsB = try resolver.committedRuns(at: revisionB)
        let pattern = RunResolver.summaryPath(notebook: "NAME.md", outputDirectory: resolver.outputDirectory)
        // One side without summaries is a first pull request: every notebook is new. Neither
        // having any is a mistake (a revision before the reports, another --output).
        if runsA.isEmpty && runsB.isEmpty { throw .noSummaryAtCommit(ref: revisionA, path: pattern) }
        var diffs: [RunDiff] = []
        var unknown: HistoryError?
        for notebook in runsB.keys.sorted() {
            guard let runA = runsA[notebook], let runB = runsB[notebook] else { continue }
            let diff = RunDiff(runA, runB, judgement: .engine)
            do {
                diffs.append(try selectingMetrics(diff))
            } catch {
                // A --metric that one notebook lacks: that notebook shows no metrics.
                unknown = unknown ?? error
                diffs.append(RunDiff(diff, metrics: []))
            }
        }
        if let unknown, !diffs.isEmpty, diffs.allSatisfy({ $0.metrics.isEmpty }) { throw unknown }
        return RunDiffSet(
            a: a, b: b, diffs: diffs, onlyInA: runsA.keys.filter { runsB[$0] == nil }.sorted(),
            onlyInB: runsB.keys.filter { runsA[$0] == nil }.sorted())
    }
}

extension RunDiff {
    /// `diff` with only `metrics`.
    fileprivate init(_ diff: RunDiff, metrics: [Metric]) {
        self = diff
        self.metrics = metrics
    }
}
