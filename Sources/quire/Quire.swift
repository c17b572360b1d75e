import ArgumentParser
import QuireHistory
import QuireNotebook
import QuireReport
import QuireService
import QuireSupport

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@main
struct Quire: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quire",
        abstract: "Run Markdown notebooks of ML experiments into self-contained HTML reports.",
        discussion: """
            A notebook is CommonMark with fenced `step` blocks. `quire check` validates notebooks, \
            `quire run` renders them into reports/, `quire dump` shows how a notebook was read.

            Exit codes: 0 success, 1 a step failed, 2 invalid notebook, 3 a monitoring gate \
            tripped (--fail-on, or an `assert` gate at alert), 4 stale steps under --frozen (or, under --only, an input not in the cache or a notebook changed since it was planned), 64 command-line usage error (including a data \
            file given to `quire reference` that is not valid CSV; a run, metric or git revision \
            `quire history` or `quire diff` cannot find; a model `quire serve` cannot load; a model or data file `quire score` cannot use), 65 the run \
            history cannot be read (corrupt, or written by a newer Quire), 69 `quire push` could not \
            deliver the metrics or `quire serve` cannot listen, 74 I/O error writing the outputs (disk full, permission \
            denied; nothing of the new report set is visible and the previous one is kept) or the \
            --summary-md file, or the cache --only needs. \
            `quire watch` and `quire serve` exit 0 when stopped with Ctrl-C (SIGINT) or SIGTERM.
            """,
        version: BuildInfo.version,
        subcommands: [
            RunCommand.self, Check.self, Explain.self, PlanCommand.self, Graph.self, Watch.self, HistoryCommand.self,
            DiffCommand.self,
            Ops.self,
            CacheCommand.self, Push.self, ExportCommand.self,
            Reference.self,
            Score.self, Serve.self,
            MermaidCommand.self,
            Dump.self,
        ],
        defaultSubcommand: nil
    )

    /// Parses the arguments, runs the command, and ends the process with the exit code
    /// ``termination(for:)`` gives, printing its message.
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        var parsed: ParsableCommand.Type?
        do {
            var command: ParsableCommand
            do {
                command = try parseAsRoot(arguments)
            } catch {
                if let unknown = unknownSubcommand(in: arguments) {
                    Console.error(unknown.message.map { $0 + "\n" } ?? "")
                    Console.terminate(unknown.code)
                }
                throw error
            }
            parsed = type(of: command)
            try command.run()
        } catch {
            let termination = termination(for: error, in: parsed)
            if let message = termination.message, !message.isEmpty {
                if termination.code == 0 {
                    Console.out(message + "\n")
                } else {
                    Console.error(message + "\n")
                }
            }
            Console.terminate(termination.code)
        }
    }

    /// How a command ends: the message to print (stdout when the code is 0, else stderr) and the
    /// exit code.
    struct Termination: Equatable {
        var message: String?
        var code: Int32
    }

    /// The one mapping from anything a command throws to a message and an exit code, as
    /// swift-argument-parser's `MessageInfo` does for its own errors (to which it defers: help,
    /// `--version`, usage errors and any other error, which exits 1).
    ///
    /// `command` is the subcommand that was running, if parsing got that far: a usage error it
    /// throws shows its usage.
    static func termination(for error: Error, in command: ParsableCommand.Type? = nil) -> Termination {
        switch error {
        case let failure as CommandFailure:
            switch failure {
            case .invalidNotebook: return Termination(message: nil, code: Outcome.invalidNotebook.rawValue)
            case .run(let outcome): return Termination(message: nil, code: Outcome(outcome).rawValue)
            case .unavailable(let message): return Termination(message: message, code: Outcome.unavailable.rawValue)
            case .badData(let message): return Termination(message: message, code: Outcome.usage.rawValue)
            case .output(let error):
                return Termination(message: "error: \(error)", code: Outcome.ioError.rawValue)
            case .history(let error):
                let message = "error: \(error)" + (error.hint.map { "\nhint: \($0)" } ?? "")
                return Termination(message: message, code: Outcome(error).rawValue)
            }
        case let error as RunServiceError:
            if case .cacheUnavailable = error {
                return Termination(message: "error: \(error)", code: Outcome.ioError.rawValue)
            }
            if case .planChanged = error {
                return Termination(message: "error: \(error)", code: Outcome.stale.rawValue)
            }
            return termination(for: ValidationError(error.description), in: command)
        case let error as ParameterError:
            return termination(for: ValidationError(error.description), in: command)
        case let error as ValidationError:
            guard let command, command != Quire.self else { fallthrough }
            return validationFailure(error, in: command)
        default:
            return Termination(message: fullMessage(for: error), code: exitCode(for: error).rawValue)
        }
    }
}

/// How a command failed, for ``Quire/termination(for:)`` to turn into a message and an exit code.
enum CommandFailure: Error {
    /// A notebook (or a diagram) is invalid; its diagnostics were printed.
    case invalidNotebook
    /// A run ended; its problems were printed as they happened.
    case run(RunOutcome)
    /// A service Quire needs did not answer or refused (`quire push`).
    case unavailable(String)
    /// A data file given on the command line cannot be read as such (`quire reference`).
    case badData(String)
    /// An output could not be written.
    case output(OutputError)
    /// The run history could not answer (`quire history`, `quire diff`).
    case history(HistoryError)
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
    /// EX_DATAERR: the run history cannot be read (corrupt, locked, from a newer Quire) or a
    /// summary it is asked to compare is not one.
    case dataError = 65
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
        case .dataError: 6  // only `history` and `diff` end so: never weighed against a run's
        case .unavailable: 7  // only `push` ends so, with one notebook: never weighed against the others
        }
    }

    /// A history question that could not be answered: 64 when the command line names something
    /// that is not there (a run, a metric, a revision), 65 when the data cannot be read.
    init(_ error: HistoryError) {
        switch error {
        case .database, .newerDatabase, .unreadableSummary: self = .dataError
        case .unknownRun, .notEnoughRuns, .noRuns, .unknownMetric, .unknownRef, .noSummaryAtCommit, .notebookNeeded:
            self = .usage
        }
    }

    /// How a notebook's run ended, as an exit code.
    init(_ ending: NotebookOutcome.Ending) {
        switch ending {
        case .succeeded: self = .success
        case .stepsFailed: self = .stepFailed
        case .gateTripped: self = .gateTripped
        case .invalidNotebook: self = .invalidNotebook
        case .stale, .notCached: self = .stale
        case .outputFailed: self = .ioError
        }
    }

    /// How a run of notebooks ended: the most severe of its notebooks' endings (the index is
    /// written with each notebook's set).
    init(_ outcome: RunOutcome) {
        self = outcome.notebooks.map { Outcome($0.ending) }.max() ?? .success
    }
}
