import ArgumentParser
import Foundation
import QuireEngine
import QuireNotebook
import QuireReport
import QuireRunner
import QuireService
import QuireSupport

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run notebooks and write their reports (HTML, JSON summary).",
        discussion: """
            Each notebook is validated first; one with errors is not run and its previous report is \
            left untouched (exit 2). Steps run in dependency order, independent ones in parallel; \
            every step's outputs are cached by content under .quire/cache, so a re-run only does \
            the work whose inputs changed (`quire explain` says why a step would run). A failing step \
            does not stop independent steps; its dependents are "not run"; the report is still \
            written and the exit code is 1.

            Reports are written to OUTPUT/NAME.html, OUTPUT/NAME.json and OUTPUT/NAME.prom (NAME being \
            the notebook's file name without `.md`), with exported models in OUTPUT/models, as one \
            set, with OUTPUT/index.html (every report in OUTPUT, from the JSON summaries there): all \
            are written to temporary files first and renamed into place only when all were written. \
            When one cannot be written (disk full, permission denied), nothing of the new set is \
            visible, the previous set is kept whole, and the exit code is 74. Temporary files left by \
            a killed run are removed by the next one.

            For CI: --summary-md FILE appends a Markdown summary (for $GITHUB_STEP_SUMMARY); it is \
            opened before anything runs, and one that cannot be opened or written exits 74. \
            --diagnostics-format github prints problems as workflow commands that annotate a pull \
            request. See docs/running.md.
            """)

    @Argument(help: "Notebook files (.md) to run.", completion: .file(extensions: ["md"]))
    var notebooks: [String]

    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("Directory for the reports.", valueName: "dir"))
    var output = "reports"

    @OptionGroup var parameters: ParameterOptions
    @OptionGroup var cache: CacheOptions
    @OptionGroup var history: HistoryOptions

    @Flag(help: "Do not record the run in the run history.")
    var noHistory = false

    @Option(name: .shortAndLong, help: "Steps run at once (default: the number of cores). Results do not depend on it.")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(
        help: ArgumentHelp(
            "Threads that compute at once, steps and their kernels together (default: the number of cores); for a process sharing its machine, as a Dask or Argo task does. Results do not depend on it.",
            valueName: "n"))
    var threads: Int?

    @Option(
        help: ArgumentHelp("Run STEP and every step that depends on it even if cached (repeatable).", valueName: "step")
    )
    var force: [String] = []

    @Flag(
        help:
            "Run nothing and read no cache: check the committed NAME.json in the output directory; exit 4, naming what is stale and why. For CI."
    )
    var frozen = false

    @Option(
        help: ArgumentHelp(
            "Run this step alone, as one task of a distributed run: read the steps it depends on from the cache (exit 4 naming any that is missing), write its outputs to the cache, and nothing else.",
            valueName: "step"))
    var only: String?

    @Option(
        help: ArgumentHelp(
            "With --only: the SHA-256 of the notebook the plan was made from (`quire plan --json`'s notebook.digest); exit 4 if the notebook changed since.",
            valueName: "sha256"))
    var planned: String?

    @Option(
        help: ArgumentHelp(
            "Exit 3, after writing everything, when a monitor reaches this status (warn or alert): the gate a CI job uses to trigger retraining.",
            valueName: "status"))
    var failOn: FailLevel?

    enum FailLevel: String, ExpressibleByArgument, CaseIterable {
        case warn, alert
    }

    @Flag(help: "Let steps read files, and prose embed images, from outside the notebook's project root.")
    var allowOutsideRoot = false

    @Flag(help: "Keep raw HTML in prose, through an allowlist (no scripts, forms, frames or redirects).")
    var allowRawHTML = false

    @Option(
        name: .customLong("mermaid-js"),
        help: ArgumentHelp(
            "A local mermaid.js: diagram types Quire does not draw (sequence, gantt, …) are drawn by it in the reader's browser.",
            valueName: "file"))
    var mermaidJS: String?

    @Flag(
        help:
            "Leave wall times out of the outputs, so the same inputs give byte-identical files (also when SOURCE_DATE_EPOCH is set); reports are dated by SOURCE_DATE_EPOCH, else by the notebook's last git commit."
    )
    var reproducible = false

    @Flag(name: .shortAndLong, help: "Print only problems.")
    var quiet = false

    @Option(
        help: ArgumentHelp(
            "Append a Markdown summary (status, monitors not ok, headline metrics) to FILE, e.g. $GITHUB_STEP_SUMMARY; written also when steps fail or the gate trips.",
            valueName: "file"), completion: .file())
    var summaryMd: String?

    @OptionGroup var diagnostics: DiagnosticsOptions

    func validate() throws {
        if notebooks.isEmpty {
            throw ValidationError("Give at least one notebook, e.g. `quire run notebooks/churn.md`.")
        }
        if jobs < 1 { throw ValidationError("--jobs must be at least 1.") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1.") }
        if only != nil && notebooks.count != 1 {
            throw ValidationError("--only runs a step of one notebook: give exactly one.")
        }
        if only != nil && frozen { throw ValidationError("--only runs a step and --frozen runs nothing: give one.") }
        if planned != nil && only == nil {
            throw ValidationError("--planned checks the plan of an --only task: give --only too.")
        }
        var seen: [String: String] = [:]
        for path in notebooks {
            let name = NotebookLocation.reportName(of: path)
            if let other = seen[name] {
                throw ValidationError(
                    "'\(other)' and '\(path)' would both write \(name).html; run them with different --output directories."
                )
            }
            seen[name] = path
            // Every run writes the output directory's index.html, which would replace this report.
            if name == "index" {
                throw ValidationError(
                    "'\(path)' would write index.html, which is the index of the reports in \(output); rename the notebook."
                )
            }
        }
    }

    /// `SOURCE_DATE_EPOCH`, the fixed time reproducible builds use, if set to a whole number of
    /// seconds (the specification's only form; `nan` or `1e9` are ignored).
    var sourceDateEpoch: Double? {
        ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"].flatMap { Int($0) }.map(Double.init)
    }

    var isReproducible: Bool {
        reproducible || ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"] != nil
    }

    /// The text of `--mermaid-js`.
    func readMermaidScript() throws -> String? {
        guard let mermaidJS else { return nil }
        switch NotebookParser.readFile(mermaidJS, noun: "script") {
        case .success(let bytes): return String(decoding: bytes, as: UTF8.self)
        case .failure(let diagnostic): throw ValidationError("--mermaid-js \(mermaidJS): \(diagnostic.message)")
        }
    }

    /// The request for the run service.
    func request() throws -> RunRequest {
        var request = RunRequest(
            notebooks: notebooks, outputDirectory: output, parameters: parameters.values, jobs: jobs,
            cache: cache.choice)
        request.threads = threads
        request.force = force
        request.frozen = frozen
        request.only = only
        request.plannedDigest = planned
        request.failOn = failOn.map { $0 == .warn ? .warn : .alert }
        request.allowOutsideRoot = allowOutsideRoot
        request.allowRawHTML = allowRawHTML
        request.reproducible = isReproducible
        request.sourceDateEpoch = sourceDateEpoch
        request.mermaidScript = try readMermaidScript()
        request.history = noHistory ? .none : history.historyDb.map(RunRequest.History.file) ?? .inProjectRoot
        return request
    }

    func run() throws {
        diagnostics.apply()
        let request = try request()
        // Opened first: a summary that cannot be written fails the command before anything runs.
        let summary = try summaryMd.map { path throws(CommandFailure) in try OutputFile(path: path) }
        let printer = RunPrinter(output: output, quiet: quiet, failOn: failOn?.rawValue, only: only)
        let outcome = try RunService().run(request) { printer.handle($0) }
        if !quiet, let total = RunLines.totals(outcome, frozen: frozen) { Console.out(total) }
        try summary?.append(
            MarkdownSummary(
                outcome: outcome, outputDirectory: output, reproducible: isReproducible, failOn: request.failOn
            )
            .markdown)
        if Outcome(outcome) != .success { throw CommandFailure.run(outcome) }
    }
}
