import ArgumentParser
import QuireNotebook
import QuireSupport

@main
struct Quire: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quire",
        abstract: "Run Markdown notebooks of ML experiments into self-contained HTML reports.",
        discussion: """
            A notebook is CommonMark with fenced `step` blocks. `quire check` validates notebooks, \
            `quire run` renders them into reports/, `quire dump` shows how a notebook was read.

            Exit codes: 0 success, 1 a step failed, 2 invalid notebook, 3 a monitoring gate \
            tripped, 4 stale steps under --frozen, 64 command-line usage error, 69 `quire push` \
            could not deliver the metrics, 74 I/O error writing the outputs (disk full, permission \
            denied; nothing of the new report set is visible and the previous one is kept). \
            `quire watch` exits 0 when stopped with Ctrl-C (SIGINT) or SIGTERM.
            """,
        version: QuireVersion.string,
        subcommands: [
            RunCommand.self, Check.self, Explain.self, Graph.self, Watch.self, Ops.self, CacheCommand.self, Push.self,
            Reference.self,
            MermaidCommand.self,
            Dump.self,
        ],
        defaultSubcommand: nil
    )
}

/// Exit codes, as documented in DESIGN.md and `quire --help`. Decided here and nowhere else.
enum Outcome: Int32, Comparable {
    case success = 0
    case stepFailed = 1
    case invalidNotebook = 2
    case gateTripped = 3
    case stale = 4
    case usage = 64
    /// A service Quire needs did not answer or refused (sysexits' EX_UNAVAILABLE): `quire push`.
    case unavailable = 69
    /// EX_IOERR: an output could not be written (the path and the OS's reason are printed).
    case ioError = 74

    static func < (lhs: Outcome, rhs: Outcome) -> Bool {
        lhs.severity < rhs.severity
    }

    /// Which outcome wins when several notebooks end differently.
    private var severity: Int {
        switch self {
        case .success: 0
        case .gateTripped: 1
        case .stale: 2
        case .stepFailed: 3
        case .invalidNotebook: 4
        case .ioError: 5
        case .usage: 6
        case .unavailable: 7  // only `push` ends so, with one notebook: never weighed against the others
        }
    }

    var exitCode: ExitCode { ExitCode(rawValue) }
}
