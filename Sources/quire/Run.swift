import ArgumentParser
import Foundation
import QuireEngine
import QuireNotebook
import QuireReport
import QuireRunner
import QuireSupport

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
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
            set: all are written to temporary files first and renamed into place only when all were \
            written. When one cannot be written (disk full, permission denied), nothing of the new set \
            is visible, the previous set is kept whole, and the exit code is 74. Temporary files left \
            by a killed run are removed by the next one.
            """)

    @Argument(help: "Notebook files (.md) to run.")
    var notebooks: [String]

    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("Directory for the reports.", valueName: "dir"))
    var output = "reports"

    @OptionGroup var parameters: ParameterOptions
    @OptionGroup var cache: CacheOptions

    @Option(name: .shortAndLong, help: "Steps run at once (default: the number of cores). Results do not depend on it.")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(
        help: ArgumentHelp("Run STEP and every step that depends on it even if cached (repeatable).", valueName: "step")
    )
    var force: [String] = []

    @Flag(help: "Run nothing; exit 4, listing them, if any step would need to run. For CI.")
    var frozen = false

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
            "Leave wall times out of the outputs, so the same inputs give byte-identical files (also when SOURCE_DATE_EPOCH is set)."
    )
    var reproducible = false

    @Flag(name: .shortAndLong, help: "Print only problems.")
    var quiet = false

    func validate() throws {
        if notebooks.isEmpty {
            throw ValidationError("Give at least one notebook, e.g. `quire run notebooks/churn.md`.")
        }
        if jobs < 1 { throw ValidationError("--jobs must be at least 1.") }
        var seen: [String: String] = [:]
        for path in notebooks {
            let name = Self.reportName(for: path)
            if let other = seen[name] {
                throw ValidationError(
                    "'\(other)' and '\(path)' would both write \(name).html; run them with different --output directories."
                )
            }
            seen[name] = path
            // Several notebooks get an index.html, which would replace this notebook's report.
            if name == "index" && notebooks.count > 1 {
                throw ValidationError(
                    "'\(path)' would write index.html, which a run of several notebooks writes as their index; rename the notebook or run it alone."
                )
            }
        }
    }

    static func reportName(for path: String) -> String {
        let file = URL(fileURLWithPath: path).lastPathComponent
        return file.hasSuffix(".md") ? String(file.dropLast(3)) : file
    }

    /// `SOURCE_DATE_EPOCH`, the fixed time reproducible builds use, if set.
    var sourceDateEpoch: Double? {
        ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"].flatMap(Double.init)
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

    func run() throws {
        var parserOptions: NotebookParser.Options = [.renderProse]
        if allowRawHTML { parserOptions.insert(.allowRawHTML) }
        if allowOutsideRoot { parserOptions.insert(.allowFilesOutsideRoot) }
        let pipeline = Pipeline(parserOptions: parserOptions, parameters: parameters)
        let mermaidScript = try readMermaidScript()
        var outcome = Outcome.success
        var entries: [IndexRenderer.Entry] = []
        if !frozen { recoverOutputs() }
        for path in notebooks {
            let (planned, _, _) = try pipeline.plan(path)
            guard let planned else {
                Console.error("\(path): not run; fix the errors above (the previous report, if any, is kept)\n")
                outcome = max(outcome, .invalidNotebook)
                let root = RunOptions.projectRoot(forNotebookIn: (path as NSString).deletingLastPathComponent)
                entries.append(
                    .init(
                        title: Self.reportName(for: path), notebook: RunOptions.path(path, relativeToRoot: root),
                        report: nil, status: "invalid", counts: [:]))
                continue
            }
            let (result, entry) = try run(planned, mermaidScript: mermaidScript)
            outcome = max(outcome, result)
            if let entry { entries.append(entry) }
        }
        // The index is a set of its own, written after every notebook's.
        if notebooks.count > 1 && !frozen {
            let index = OutputSet(directory: output)
            do throws(OutputError) {
                try index.stage(IndexRenderer(reproducible: isReproducible).render(entries), as: "index.html")
                try index.commit()
            } catch {
                Console.error("error: \(error) (the previous index, if any, is kept)\n")
                outcome = max(outcome, .ioError)
            }
        }
        if outcome != .success { throw outcome.exitCode }
    }

    /// Completes or removes what runs killed while writing into the output directory left behind.
    private func recoverOutputs() {
        let recovery = OutputSet.recover(in: output, subdirectories: ["models"])
        for journal in recovery.rejected {
            Console.error(
                "\(OutputSet(directory: output).path(of: journal)): warning: removed a commit journal that names renames no commit makes; nothing was renamed\n"
            )
        }
        guard !quiet, !(recovery.completed.isEmpty && recovery.removed.isEmpty) else { return }
        var done: [String] = []
        if !recovery.completed.isEmpty {
            done.append("completed the interrupted write of \(recovery.completed.joined(separator: ", "))")
        }
        if !recovery.removed.isEmpty {
            done.append("removed \(Console.plural(recovery.removed.count, "temporary file")) of a killed run")
        }
        Console.error("\(output): note: \(done.joined(separator: "; "))\n")
    }

    private func run(_ planned: Pipeline.Planned, mermaidScript: String?) throws -> (Outcome, IndexRenderer.Entry?) {
        let plan = planned.plan
        var options = RunOptions(baseDirectory: planned.directory, projectRoot: planned.projectRoot)
        options.jobs = jobs
        options.allowOutsideRoot = allowOutsideRoot
        var lock: FileLock?
        if !cache.noCache {
            do {
                let store = try CacheStore(directory: cache.directory(projectRoot: planned.projectRoot))
                lock = try FileLock(path: store.lockPath, mode: .shared)
                options.cache = store
            } catch {
                Console.error("\(planned.path): warning: \(error); running without the cache\n")
            }
        }
        for id in force {
            guard plan.step(id) != nil else {
                let hint = Suggestion.didYouMean(id, among: plan.steps.map(\.id)).map { " (\($0))" } ?? ""
                throw ValidationError("--force \(id): '\(planned.path)' has no step '\(id)'\(hint)")
            }
            options.force.formUnion(plan.steps(dependingOn: id).map(\.id))
        }
        let previous = options.cache?.record(for: planned.absolutePath)
        if frozen {
            return (checkFrozen(planned, options: options, previous: previous), nil)
        }
        let started = Date()
        let progress = Progress(path: planned.path, source: planned.source, stepIDs: plan.steps.map(\.id), quiet: quiet)
        let executor = Executor(plan: plan, options: options) { progress.handle($0) }
        let run = executor.run()
        for warning in run.warnings { Console.error("\(planned.path): warning: \(warning)\n") }
        if let store = options.cache {
            do { try store.save(RunRecord(notebook: planned.absolutePath, run: run)) } catch {
                Console.error("\(planned.path): warning: \(error)\n")
            }
        }
        withExtendedLifetime(lock) {}

        let name = Self.reportName(for: planned.path)
        let directory = output as NSString
        // Reports name the notebook relative to the project root, never by an absolute path.
        let notebookPath = options.pathInProject(planned.absolutePath)
        let (exports, exported) = exportedModels(of: run, executor: executor, planned: planned, path: notebookPath)
        let digest = Digest.sha256(planned.bytes)
        let summary = RunSummary(
            run: run, notebookPath: notebookPath, notebookDigest: digest, reproducible: isReproducible)
        let info = ReportRenderer.RunInfo(
            date: ISO8601DateFormatter().string(from: started), host: ProcessInfo.processInfo.hostName)
        let reportOptions = ReportRenderer.Options(
            reproducible: isReproducible, runInfo: info, notebookDigest: digest, mermaidScript: mermaidScript,
            notebookPath: notebookPath)
        let html = ReportRenderer(options: reportOptions).render(plan.notebook, run: run)
        let prometheus = PrometheusExporter(
            run: run, notebook: name,
            timestamp: isReproducible ? sourceDateEpoch : Date().timeIntervalSince1970.rounded(),
            reproducible: isReproducible)
        // One set: the models, then the metrics and summary, the page last; all or nothing.
        let set = OutputSet(directory: output)
        do throws(OutputError) {
            for export in exports { try set.stage(export.text, as: "models/\(export.name).json") }
            try set.stage(prometheus.text, as: name + ".prom")
            try set.stage(summary.json.text, as: name + ".json")
            try set.stage(html, as: name + ".html")
            try set.commit()
        } catch {
            Console.error(
                "\(planned.path): error: \(error) (no file of this report was replaced; the previous ones, if any, are kept)\n"
            )
            let entry = IndexRenderer.Entry(
                title: plan.notebook.title, notebook: notebookPath, report: nil, status: "not written", counts: [:])
            return (.ioError, entry)
        }
        if !quiet {
            for export in exports {
                Console.out(
                    "\(planned.path): exported \(export.step) → \(set.path(of: "models/\(export.name).json"))\n")
            }
            var counts: [String] = []
            for status in StepStatus.allCases where run.count(status) > 0 {
                counts.append("\(run.count(status)) \(ReportRenderer.label(status))")
            }
            Console.out(
                "\(planned.path): \(counts.joined(separator: ", ")) → \(directory.appendingPathComponent(name + ".html"))\n"
            )
        }
        var counts: [StepStatus: Int] = [:]
        for status in StepStatus.allCases { counts[status] = run.count(status) }
        // Headline metrics: one per evaluation (ROC AUC, else accuracy, R², RMSE), by step.
        var metrics: [(name: String, value: Double)] = []
        for result in run.results {
            for record in result.outputs.values {
                guard let evaluation = record.summary.evaluation,
                    let metric = ["roc_auc", "accuracy", "r2", "rmse"].first(where: { evaluation.metrics[$0] != nil })
                else { continue }
                metrics.append(("\(result.id).\(metric)", evaluation.metrics[metric]!))
            }
        }
        let entry = IndexRenderer.Entry(
            title: plan.notebook.title, notebook: notebookPath, report: name + ".html",
            status: run.succeeded ? "succeeded" : "failed", counts: counts, metrics: Array(metrics.prefix(4)),
            monitorStatus: summary.monitorStatus?.rawValue)
        if let failOn, let worst = summary.monitorStatus, worst >= (failOn == .warn ? .warn : .alert) {
            Console.error("\(planned.path): monitoring reached \(worst.rawValue) (--fail-on \(failOn.rawValue))\n")
            return (run.succeeded && exported ? .gateTripped : .stepFailed, entry)
        }
        return (run.succeeded && exported ? .success : .stepFailed, entry)
    }

    /// The model file of every `export` step that succeeded, for OUTPUT/models/NAME.json: the
    /// model (which reproduces its predictions) with where it came from. `ok` is false when a model
    /// could not be exported (the error is printed).
    private func exportedModels(
        of run: QuireRunner.Run, executor: Executor, planned: Pipeline.Planned, path notebookPath: String
    ) -> (files: [(step: String, name: String, text: String)], ok: Bool) {
        var files: [(step: String, name: String, text: String)] = []
        var ok = true
        for step in run.plan.steps where step.op == "export" {
            guard let result = run.result(step.id), result.status == .ok || result.status == .cached,
                let name = step.parameters["name"]?.string
            else { continue }
            do {
                guard var model = try executor.value(of: StepReference(step: step.id, output: "model")).model
                else { continue }
                model.trainingSeconds = 0
                let modelJSON = String(decoding: try model.encoded(prettyPrinted: false), as: UTF8.self)
                var inputs: [String: JSONValue] = [:]
                for (reference, digest) in result.components?.inputs ?? [:] { inputs[reference] = .string(digest) }
                var params: [String: JSONValue] = [:]
                for (key, value) in run.plan.params.values { params[key] = .string(value.displayText) }
                let manifest: JSONValue = .object([
                    "format": "quire-export", "version": 1, "name": .string(name),
                    "quire_version": .string(QuireVersion.string),
                    "notebook": .object([
                        "path": .string(notebookPath), "digest": .string(Digest.sha256(planned.bytes)),
                    ]),
                    "step": .string(step.id), "cache_key": result.key.map(JSONValue.string) ?? .null,
                    "inputs": .object(inputs), "params": .object(params),
                ])
                // The manifest first, then the model exactly as the engine encodes it.
                let text = "{\n\"manifest\": " + manifest.text.dropLast() + ",\n\"model\": " + modelJSON + "\n}\n"
                files.append((step.id, name, text))
            } catch {
                Console.error("\(planned.path): error: cannot export \(step.id): \(error)\n")
                ok = false
            }
        }
        return (files, ok)
    }

    private func checkFrozen(_ planned: Pipeline.Planned, options: RunOptions, previous: RunRecord?) -> Outcome {
        let explanations = Executor(plan: planned.plan, options: options).explain(previous: previous)
        let stale = explanations.filter { $0.verdict == .miss || $0.verdict == .blocked }
        guard !stale.isEmpty else {
            if !quiet { Console.out("\(planned.path): up to date (\(Console.plural(explanations.count, "step")))\n") }
            return .success
        }
        Console.error("\(planned.path): \(Console.plural(stale.count, "step")) would run (--frozen runs nothing):\n")
        for explanation in stale {
            Console.error("  \(explanation.id): \(explanation.reasons.joined(separator: "; "))\n")
        }
        return .stale
    }
}
