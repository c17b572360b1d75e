import Foundation
import QuireNotebook
import QuireReport
import QuireRunner
import QuireService
import QuireSupport
import Synchronization

/// Prints what the run service reports, as `quire run` always has: diagnostics and progress to
/// stderr, each notebook's result line to stdout.
final class RunPrinter: Sendable {
    private let output: String
    private let quiet: Bool
    private let failOn: String?
    /// `--only STEP`: the step run alone.
    private let only: String?
    /// The progress display of the notebook running now (events come from the executor's threads).
    private let progress = Mutex<Progress?>(nil)

    init(output: String, quiet: Bool, failOn: String?, only: String? = nil) {
        self.output = output
        self.quiet = quiet
        self.failOn = failOn
        self.only = only
    }

    func handle(_ event: RunServiceEvent) {
        switch event {
        case .recovered(let recovery): print(recovery)
        case .loaded(let location, let diagnostics, let source):
            Console.report(diagnostics, source: source, path: location.path)
        case .started(let location, let source, let steps):
            let display = Progress(path: location.path, source: source, stepIDs: steps, quiet: quiet)
            progress.withLock { $0 = display }
        case .step(_, let event):
            progress.withLock { $0 }?.handle(event)
        case .warning(let location, let message):
            Console.problem(
                .warning, path: location.path, title: "quire", message: message,
                text: "\(location.path): warning: \(message)\n")
        case .unreadableSummary(let path, let reason):
            Console.problem(
                .warning, path: path, title: "quire", message: "not a readable run summary (\(reason))",
                text: "\(path): warning: not a readable run summary (\(reason)); index.html leaves it out\n")
        case .finished(let outcome):
            progress.withLock { $0 = nil }
            print(outcome)
        }
    }

    /// What runs killed while writing into the output directory left behind, and what was done.
    private func print(_ recovery: OutputSet.Recovery) {
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
            done.append("removed \(NumberFormat.count(recovery.removed.count, "temporary file")) of a killed run")
        }
        Console.error("\(output): note: \(done.joined(separator: "; "))\n")
    }

    /// How a notebook ended.
    private func print(_ outcome: NotebookOutcome) {
        let path = outcome.location.path
        for failure in outcome.artifactFailures {
            Console.problem(
                .error, path: path, range: outcome.result?.plan.step(failure.step)?.source.range, title: "export",
                message: "cannot export \(failure.step): \(failure.message)",
                text: "\(path): error: cannot export \(failure.step): \(failure.message)\n")
        }
        switch outcome.ending {
        case .invalidNotebook:
            Console.error("\(path): not run; fix the errors above (the previous report, if any, is kept)\n")
            return
        case .stale(let stale):
            let steps = stale.isEmpty ? "" : ", \(NumberFormat.count(stale.count, "step")) would run"
            Console.error("\(path): stale\(steps) (--frozen runs nothing):\n")
            for reason in outcome.staleReasons { Console.error("  \(reason)\n") }
            for explanation in stale {
                Console.error("  \(explanation.id): \(explanation.reasons.joined(separator: "; "))\n")
            }
            if let hint = outcome.staleHint { Console.error("  hint: \(hint)\n") }
            return
        case .outputFailed(let error):
            Console.error(
                "\(path): error: \(error) (no file of this report was replaced; the previous ones, if any, are kept)\n"
            )
            return
        case .notCached(let missing):
            let steps = NumberFormat.count(missing.count, "step")
            Console.error("\(path): --only \(only ?? ""): not run; it reads \(steps) not in the cache:\n")
            for step in missing {
                Console.error("  \(step.id): not in the cache (key \(step.key ?? "unknown"))\n")
            }
            for reason in outcome.staleReasons { Console.error("  \(reason)\n") }
            Console.error(
                "  hint: run \(missing.count == 1 ? "it" : "them") first (`--only STEP`), or the whole notebook\n")
            return
        case .succeeded, .stepsFailed, .gateTripped:
            break
        }
        if let explanations = outcome.explanations {
            if !quiet { Console.out("\(path): up to date (\(NumberFormat.count(explanations.count, "step")))\n") }
            return
        }
        if let only, let result = outcome.result?.result(only) {
            // One task of a distributed run: its outputs are in the cache; no report was written.
            if !quiet { Console.out("\(path): --only \(only): \(result.status.rawValue)\n") }
            return
        }
        let set = OutputSet(directory: output)
        if !quiet, outcome.result != nil {
            for artifact in outcome.artifacts {
                Console.out("\(path): exported \(artifact.step) → \(set.path(of: artifact.path))\n")
            }
            if let line = RunLines.notebook(outcome, output: output) { Console.out(line) }
        }
        if let failOn {
            RunLines.printGate(outcome, failOn: failOn)
        } else if !outcome.failedAssertions.isEmpty {
            RunLines.printFailedAssertions(outcome)
        }
    }
}
