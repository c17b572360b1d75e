import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// How `quire run` shows progress on stderr, decided once from the terminal and the environment
/// (and given directly by tests, which need neither a terminal nor to wait).
struct ProgressStyle: Sendable {
    /// Redraw a live block of lines in place (stderr is a terminal that moves the cursor).
    var live: Bool
    /// Paint the step marks (a terminal, no `NO_COLOR`, not `TERM=dumb`).
    var colors: Bool
    /// Seconds between two log lines of one step when not live (`QUIRE_PROGRESS_INTERVAL`, else 10).
    var logInterval: Double
    /// Seconds between two redraws of the live block (at most ten a second).
    var redrawInterval: Double
    /// Columns of the terminal: live lines are cut to fit, so none wraps.
    var width: Int

    /// The default seconds between log lines.
    static let defaultLogInterval = 10.0

    /// The style for stderr as it is now.
    static func standardError(environment: [String: String] = ProcessInfo.processInfo.environment) -> ProgressStyle {
        let terminal = isatty(STDERR_FILENO) == 1
        return ProgressStyle(terminal: terminal, environment: environment, width: terminal ? terminalWidth() : nil)
    }

    /// The style for a stream that is (or is not) a terminal, in `environment`.
    init(terminal: Bool, environment: [String: String], width: Int? = nil) {
        let dumb = environment["TERM"] == "dumb"
        let noColor = !(environment["NO_COLOR"] ?? "").isEmpty
        live = terminal && !dumb
        colors = terminal && !dumb && !noColor
        logInterval =
            environment["QUIRE_PROGRESS_INTERVAL"].flatMap(Double.init).flatMap { $0.isFinite && $0 >= 0 ? $0 : nil }
            ?? Self.defaultLogInterval
        redrawInterval = 0.1
        self.width = max(20, width ?? 80)
    }

    /// A style given field by field (tests).
    init(live: Bool, colors: Bool, logInterval: Double, redrawInterval: Double, width: Int) {
        self.live = live
        self.colors = colors
        self.logInterval = logInterval
        self.redrawInterval = redrawInterval
        self.width = width
    }

    /// Whether `TERM=dumb`: a terminal that moves no cursor and shows no colour.
    static var dumbTerminal: Bool {
        getenv("TERM").map { String(cString: $0) == "dumb" } ?? false
    }

    /// The columns of the terminal on stderr (80 when it does not say).
    private static func terminalWidth() -> Int {
        var size = winsize()
        guard ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
        return Int(size.ws_col)
    }
}
