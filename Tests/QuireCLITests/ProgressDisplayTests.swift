import Foundation
import QuireEngine
import QuireRunner
import Synchronization
import Testing

@testable import quire

/// How `quire run` shows progress: the words, the live bars and the log lines, on a fake clock.
@Suite struct ProgressDisplayTests {
    /// A clock the test moves and the text the display wrote.
    final class Screen: Sendable {
        private let time = Mutex(0.0)
        private let text = Mutex("")
        var now: Double {
            get { time.withLock { $0 } }
            set { time.withLock { $0 = newValue } }
        }
        var written: String { text.withLock { $0 } }
        func clear() { text.withLock { $0 = "" } }

        func progress(style: ProgressStyle, steps: [String] = ["train", "load"], quiet: Bool = false) -> quire.Progress
        {
            quire.Progress(
                path: "nb.md", source: nil, stepIDs: steps, quiet: quiet, style: style, clock: { self.now },
                write: { piece in self.text.withLock { $0 += piece } })
        }
    }

    static let log = ProgressStyle(live: false, colors: false, logInterval: 10, redrawInterval: 0.1, width: 80)
    static let terminal = ProgressStyle(live: true, colors: true, logInterval: 10, redrawInterval: 0.1, width: 80)

    static func forest(_ done: Int, of total: Int = 200) -> ProgressSnapshot {
        ProgressSnapshot(
            label: "forest", unit: "trees", done: done, total: total, fraction: Double(done) / Double(total))
    }

    static func result(_ id: String, _ status: StepStatus = .ok) -> StepResult {
        var result = StepResult(id: id, op: "train", status: status)
        result.durationMilliseconds = 12
        return result
    }

    @Test func words() {
        #expect(ProgressFormat.count(Self.forest(37)) == "37/200 trees")
        let rows = ProgressSnapshot(label: "reading a.csv", unit: "rows", done: 1_234_567, total: nil, fraction: 0.45)
        #expect(ProgressFormat.count(rows) == "1,234,567 rows")
        #expect(ProgressFormat.grouped(999) == "999")
        #expect(ProgressFormat.grouped(1000) == "1,000")
        #expect(ProgressFormat.percent(0.185) == "18%")
        #expect(ProgressFormat.percent(0.999) == "99%")
        #expect(ProgressFormat.percent(1) == "100%")
        #expect(ProgressFormat.eta(0.2) == "~1s")
        #expect(ProgressFormat.eta(12.1) == "~13s")
        #expect(ProgressFormat.eta(100) == "~1m40s")
        #expect(ProgressFormat.eta(3600 + 5 * 60) == "~1h05m")
        #expect(
            ProgressFormat.logLine(step: "train", Self.forest(37), secondsLeft: 100)
                == "  train: forest 37/200 trees, 18%, ~1m40s left\n")
        #expect(
            ProgressFormat.logLine(step: "load", rows, secondsLeft: nil)
                == "  load: reading a.csv 1,234,567 rows, 45%\n")
        #expect(ProgressFormat.bar(0.5, cells: 10) == "[█████░░░░░]")
        #expect(ProgressFormat.bar(1, cells: 4) == "[████]")
        // Time left at the phase's rate so far: 10% in 9 s leaves 81 s.
        let left = ProgressFormat.secondsLeft(fraction: 0.1, since: 1, from: 0, now: 10) ?? 0
        #expect(abs(left - 81) < 1e-9)
        #expect(ProgressFormat.secondsLeft(fraction: 0, since: 1, from: 0, now: 10) == nil)
        #expect(ProgressFormat.secondsLeft(fraction: 1, since: 1, from: 0, now: 10) == nil)
    }

    @Test func aLogGetsALineAboutEveryIntervalPerLongStep() {
        let screen = Screen()
        let progress = screen.progress(style: Self.log)
        progress.handle(.started(id: "train"))
        screen.now = 1
        progress.handle(.progress(id: "train", Self.forest(0)))
        screen.now = 5
        progress.handle(.progress(id: "train", Self.forest(10)))
        #expect(screen.written.isEmpty)
        screen.now = 10
        progress.handle(.progress(id: "train", Self.forest(20)))
        #expect(screen.written == "  train: forest 20/200 trees, 10%, ~1m21s left\n")
        screen.clear()
        screen.now = 15
        progress.handle(.progress(id: "train", Self.forest(30)))
        #expect(screen.written.isEmpty)
        // A short step prints its result line and no progress.
        progress.handle(.started(id: "load"))
        screen.now = 16
        progress.handle(
            .progress(
                id: "load", ProgressSnapshot(label: "reading a.csv", unit: "rows", done: 5, total: nil, fraction: 0.5)))
        progress.handle(.finished(Self.result("load")))
        #expect(screen.written == "  ✓ load   train     ran in 12 ms\n")
        screen.clear()
        screen.now = 20
        progress.handle(.progress(id: "train", Self.forest(40)))
        #expect(screen.written == "  train: forest 40/200 trees, 20%, ~1m16s left\n")
        // Progress of a step that has finished (a timed-out step still stopping) is not shown.
        screen.clear()
        progress.handle(.finished(Self.result("train", .failed)))
        screen.clear()
        screen.now = 100
        progress.handle(.progress(id: "train", Self.forest(50)))
        #expect(screen.written.isEmpty)
        #expect(!screen.written.contains("\u{1B}"))
    }

    @Test func aNewPhaseRestartsTheTimeLeft() {
        let screen = Screen()
        let progress = screen.progress(style: Self.log)
        progress.handle(.started(id: "train"))
        screen.now = 10
        progress.handle(.progress(id: "train", Self.forest(100)))
        #expect(screen.written == "  train: forest 100/200 trees, 50%\n")
        screen.clear()
        // A second phase began at t=10; at t=20 it is 25% done: 30 s left.
        progress.handle(
            .progress(
                id: "train", ProgressSnapshot(label: "boosting", unit: "iterations", done: 0, total: 100, fraction: 0)))
        screen.now = 20
        progress.handle(
            .progress(
                id: "train",
                ProgressSnapshot(label: "boosting", unit: "iterations", done: 25, total: 100, fraction: 0.25)))
        #expect(screen.written == "  train: boosting 25/100 iterations, 25%, ~30s left\n")
    }

    @Test func aTerminalRedrawsABarPerRunningStepInPlace() {
        let screen = Screen()
        let progress = screen.progress(style: Self.terminal)
        progress.handle(.started(id: "train"))
        #expect(screen.written == "  train  running …")
        screen.clear()
        progress.handle(.started(id: "load"))
        // Back to the start of the block's line, then the two lines.
        #expect(screen.written == "\r\u{1B}[2K  train  running …\n  load   running …")
        screen.clear()
        screen.now = 1
        progress.handle(.progress(id: "train", Self.forest(0)))
        screen.clear()
        screen.now = 11
        progress.handle(.progress(id: "train", Self.forest(50)))
        #expect(
            screen.written
                == "\r\u{1B}[2K\u{1B}[1A\u{1B}[2K  train  forest [█████░░░░░░░░░░░░░░░] 50/200 trees  25%  ~30s left\n  load   running …"
        )
        // At most ten redraws a second.
        screen.clear()
        screen.now = 11.05
        progress.handle(.progress(id: "train", Self.forest(51)))
        #expect(screen.written.isEmpty)
        screen.now = 11.2
        progress.handle(.progress(id: "train", Self.forest(52)))
        #expect(screen.written.contains("52/200 trees"))
        // A finished step's line goes above the block, which is drawn again below it.
        screen.clear()
        progress.handle(.finished(Self.result("load")))
        #expect(
            screen.written.hasPrefix(
                "\r\u{1B}[2K\u{1B}[1A\u{1B}[2K  \u{1B}[32m✓\u{1B}[0m load   train     ran in 12 ms\n  train  forest ["))
    }

    @Test func liveLinesNeverWrap() {
        let line = ProgressFormat.liveLine(
            step: "a-very-long-step-name", padTo: 4, Self.forest(5), secondsLeft: 4000, width: 40)
        #expect(line.count == 39)
        #expect(line.hasSuffix("…"))
    }

    @Test func quietShowsNoProgress() {
        let screen = Screen()
        let progress = screen.progress(style: Self.terminal, quiet: true)
        progress.handle(.started(id: "train"))
        screen.now = 100
        progress.handle(.progress(id: "train", Self.forest(10)))
        progress.handle(.finished(Self.result("train")))
        #expect(screen.written.isEmpty)
    }

    @Test func theEnvironmentChoosesTheStyle() {
        let plain = ProgressStyle(terminal: true, environment: [:])
        #expect(plain.live && plain.colors && plain.logInterval == 10)
        let noColor = ProgressStyle(terminal: true, environment: ["NO_COLOR": "1"])
        #expect(noColor.live && !noColor.colors)
        let dumb = ProgressStyle(terminal: true, environment: ["TERM": "dumb"])
        #expect(!dumb.live && !dumb.colors)
        let log = ProgressStyle(terminal: false, environment: ["QUIRE_PROGRESS_INTERVAL": "0.5"])
        #expect(!log.live && !log.colors && log.logInterval == 0.5)
        #expect(ProgressStyle(terminal: false, environment: ["QUIRE_PROGRESS_INTERVAL": "soon"]).logInterval == 10)
        #expect(ProgressStyle(terminal: false, environment: ["QUIRE_PROGRESS_INTERVAL": "-1"]).logInterval == 10)
    }

    @Test(arguments: [["TERM": "dumb"], ["NO_COLOR": "1", "TERM": "dumb"]])
    func aDumbTerminalGetsNoEscapeSequences(_ environment: [String: String]) {
        let screen = Screen()
        var style = ProgressStyle(terminal: true, environment: environment)
        style.logInterval = 0
        let progress = screen.progress(style: style)
        progress.handle(.started(id: "train"))
        progress.handle(.progress(id: "train", Self.forest(10)))
        progress.handle(.finished(Self.result("train")))
        progress.handle(.finished(Self.result("load", .failed)))
        #expect(screen.written.contains("  train: forest 10/200 trees, 5%\n"))
        #expect(!screen.written.contains("\u{1B}"))
    }
}
