import Foundation
import QuireEngine
import QuireNotebook
import QuireRunner
import QuireSupport
import Synchronization

/// Prints a run's progress to stderr: a line per finished step and, while steps run, where they
/// are (``ProgressStyle``).
///
/// - On a terminal: a live block with a line per running step — its phase, a bar, done/total,
///   the percentage and the time left — redrawn in place at most ten times a second.
/// - Otherwise (a log, CI, or `TERM=dumb`): a line per running step about every 10 s
///   (`QUIRE_PROGRESS_INTERVAL`), `  train: forest 37/200 trees, 18%, ~1m40s left`; a step
///   shorter than that prints none.
/// - `--quiet`: only failures.
///
/// Time comes from `clock` (seconds) and text goes to `write`, so tests need neither a terminal
/// nor to wait.
final class Progress: Sendable {
    private let quiet: Bool
    private let style: ProgressStyle
    private let path: String
    private let source: SourceText?
    private let width: Int
    private let clock: @Sendable () -> Double
    private let write: @Sendable (String) -> Void
    /// The steps running now and what is drawn; the lock also keeps one event's lines together.
    private let state: Mutex<State>

    /// A running step and how far its current phase has come.
    private struct Running {
        var id: String
        var snapshot: ProgressSnapshot?
        /// When the phase began (or the step, before any phase) and its share done then.
        var phaseStart: Double
        var phaseStartFraction = 0.0
        /// When the last log line was printed (at first, when the step started).
        var lastLogged: Double
    }

    private struct State {
        var running: [Running] = []
        /// Lines of the live block on screen.
        var drawn = 0
        var lastDraw = -Double.infinity
    }

    init(
        path: String, source: SourceText?, stepIDs: [String], quiet: Bool,
        style: ProgressStyle = .standardError(),
        clock: @escaping @Sendable () -> Double = { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 },
        write: @escaping @Sendable (String) -> Void = { Console.error($0) }
    ) {
        self.path = path
        self.source = source
        self.quiet = quiet
        self.style = style
        self.clock = clock
        self.write = write
        self.width = max(stepIDs.map(\.count).max() ?? 0, 4)
        self.state = Mutex(State())
    }

    private var live: Bool { style.live && !quiet }

    func handle(_ event: RunEvent) {
        let now = clock()
        state.withLock { state in
            switch event {
            case .started(let id):
                state.running.append(Running(id: id, phaseStart: now, lastLogged: now))
                redraw(&state, now: now, force: true)
            case .progress(let id, let snapshot):
                guard !quiet, let index = state.running.firstIndex(where: { $0.id == id }) else { return }
                update(&state.running[index], with: snapshot, now: now)
                if live {
                    redraw(&state, now: now, force: false)
                } else if now - state.running[index].lastLogged >= style.logInterval {
                    state.running[index].lastLogged = now
                    let step = state.running[index]
                    write(ProgressFormat.logLine(step: id, snapshot, secondsLeft: secondsLeft(step, now: now)))
                }
            case .finished(let result):
                state.running.removeAll { $0.id == result.id }
                var text = clear(&state)
                if !quiet || result.status == .failed { text += line(for: result) }
                if let failure = result.failure { text += diagnostic(for: failure, result: result) }
                write(text)
                redraw(&state, now: now, force: true)
            }
        }
    }

    /// Keeps the phase's start when the snapshot continues it; starts a new phase otherwise.
    private func update(_ step: inout Running, with snapshot: ProgressSnapshot, now: Double) {
        let previous = step.snapshot
        if previous == nil || previous?.label != snapshot.label || previous?.unit != snapshot.unit
            || snapshot.fraction < (previous?.fraction ?? 0)
        {
            step.phaseStart = now
            step.phaseStartFraction = snapshot.fraction
        }
        step.snapshot = snapshot
    }

    private func secondsLeft(_ step: Running, now: Double) -> Double? {
        guard let snapshot = step.snapshot else { return nil }
        return ProgressFormat.secondsLeft(
            fraction: snapshot.fraction, since: step.phaseStart, from: step.phaseStartFraction, now: now)
    }

    /// What moves the cursor back over the live block and clears it.
    private func clear(_ state: inout State) -> String {
        guard live, state.drawn > 0 else { return "" }
        let text = "\r\u{1B}[2K" + String(repeating: "\u{1B}[1A\u{1B}[2K", count: state.drawn - 1)
        state.drawn = 0
        return text
    }

    /// Draws the live block again: always for a step starting or finishing, for progress at most
    /// once per ``ProgressStyle/redrawInterval``.
    private func redraw(_ state: inout State, now: Double, force: Bool) {
        guard live, force || now - state.lastDraw >= style.redrawInterval else { return }
        state.lastDraw = now
        var text = clear(&state)
        let lines = state.running.map { step in
            ProgressFormat.liveLine(
                step: step.id, padTo: width, step.snapshot, secondsLeft: secondsLeft(step, now: now), width: style.width
            )
        }
        text += lines.joined(separator: "\n")
        state.drawn = lines.count
        if !text.isEmpty { write(text) }
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
        case .ok: detail = "ran in \(NumberFormat.integer(result.durationMilliseconds)) ms"
        case .cached: detail = "cached"
        case .failed: detail = "failed"
        case .skipped: detail = "skipped (\(result.note ?? ""))"
        case .notRun: detail = "not run (\(result.note ?? ""))"
        }
        let painted = style.colors ? "\u{1B}[\(color)m\(mark)\u{1B}[0m" : mark
        return "  \(painted) \(id)  \(op) \(detail)\n"
    }

    private func diagnostic(for failure: StepFailure, result: StepResult) -> String {
        let diagnostic = Diagnostic.error(
            .stepFailed, "step '\(result.id)' failed: \(failure.message)", at: failure.range, hint: failure.hint)
        return Console.render([diagnostic], path: path, source: source, colors: style.colors)
    }
}
