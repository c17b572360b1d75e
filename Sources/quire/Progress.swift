import Foundation
import QuireNotebook
import QuireRunner
import Synchronization

/// Prints a run's progress: on a terminal, a live line for the running steps and a line per
/// finished step; otherwise plain lines. `--quiet` prints only failures.
final class Progress: Sendable {
    private let live: Bool
    private let quiet: Bool
    private let colors: Bool
    private let path: String
    private let source: SourceText?
    private let width: Int
    /// The steps running now; the lock also keeps one event's lines together.
    private let running = Mutex<[String]>([])

    init(path: String, source: SourceText?, stepIDs: [String], quiet: Bool) {
        self.path = path
        self.source = source
        self.quiet = quiet
        self.colors = Console.colorsOnStandardError
        self.live = !quiet && isatty(STDERR_FILENO) == 1
        self.width = max(stepIDs.map(\.count).max() ?? 0, 4)
    }

    func handle(_ event: RunEvent) {
        running.withLock { running in
            switch event {
            case .started(let id):
                running.append(id)
                redrawLive(running)
            case .finished(let result):
                running.removeAll { $0 == result.id }
                if live { Console.error("\r\u{1B}[2K") }
                if !quiet || result.status == .failed { Console.error(line(for: result)) }
                if let failure = result.failure { Console.error(diagnostic(for: failure, result: result)) }
                redrawLive(running)
            }
        }
    }

    private func redrawLive(_ running: [String]) {
        guard live, !running.isEmpty else { return }
        Console.error("\r\u{1B}[2K  running " + running.joined(separator: ", ") + " …")
    }

    private func line(for result: StepResult) -> String {
        let (mark, color): (String, String) =
            switch result.status {
            case .ok: ("✓", "32")
            case .cached: ("●", "36")
            case .failed: ("✗", "31")
            case .skipped: ("–", "2")
            case .notRun: ("–", "2")
            }
        let id = result.id.padding(toLength: width, withPad: " ", startingAt: 0)
        let op = result.op.padding(toLength: 9, withPad: " ", startingAt: 0)
        var detail: String
        switch result.status {
        case .ok: detail = "ran in \(result.durationMilliseconds) ms"
        case .cached: detail = "cached"
        case .failed: detail = "failed"
        case .skipped: detail = "skipped (\(result.note ?? ""))"
        case .notRun: detail = "not run (\(result.note ?? ""))"
        }
        let painted = colors ? "\u{1B}[\(color)m\(mark)\u{1B}[0m" : mark
        return "  \(painted) \(id)  \(op) \(detail)\n"
    }

    private func diagnostic(for failure: StepFailure, result: StepResult) -> String {
        let diagnostic = Diagnostic.error(
            .stepFailed, "step '\(result.id)' failed: \(failure.message)", at: failure.range, hint: failure.hint)
        return Console.render([diagnostic], path: path, source: source, colors: colors)
    }
}
