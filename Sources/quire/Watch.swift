import ArgumentParser
import Foundation
import QuireNotebook
import QuireRunner
import QuireService
import QuireSupport
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

struct Watch: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Run a notebook, then again whenever it or a file it reads changes.",
        discussion: """
            Checks the notebook, the --params file and every file its steps read (by size, \
            modification time and inode) every --interval seconds, and runs `quire run` once changes \
            have settled (debounced). The cache makes each re-run do only the work whose inputs \
            changed. -p and --params are passed to `quire run`, as are the arguments after `--` \
            (e.g. `quire watch nb.md -- --fail-on alert`); a notebook with errors is reported and \
            watched until it is fixed.

            Stop it with Ctrl-C (SIGINT) or SIGTERM: a run in progress is stopped too, and the exit \
            code is 0. Exit code 2 when the notebook cannot be read at the start (missing, a \
            directory, a FIFO or device, a data file), 64 for a usage error, including arguments \
            `quire run` would refuse.
            """)

    @Argument(help: "The notebook file (.md).", completion: .file(extensions: ["md"]))
    var notebook: String

    @OptionGroup var parameters: ParameterOptions

    @Option(help: ArgumentHelp("Seconds between checks.", valueName: "seconds"))
    var interval: Double = 0.5

    @Argument(parsing: .postTerminator, help: "Arguments for `quire run`.")
    var runArguments: [String] = []

    func validate() throws {
        guard interval.isFinite, interval > 0, interval <= 3600 else {
            throw ValidationError("--interval must be a number of seconds above 0 and at most 3600.")
        }
    }

    /// The arguments of each `quire run`: the notebook after `--`, so a name starting with `-` is kept.
    var childArguments: [String] { parameters.arguments + runArguments + ["--", notebook] }

    func run() throws {
        // A notebook that cannot be read at all is a mistake in the command, not an edit in progress.
        switch NotebookParser.readNotebook(notebook) {
        case .failure(let diagnostic):
            Console.report([diagnostic], source: nil, path: notebook)
            throw CommandFailure.invalidNotebook
        case .success(let bytes):
            let parsed = NotebookParser().parse(bytes: bytes, path: notebook)
            if parsed.isValid, let readable = parsed.notebook { _ = try parameters.params(for: readable) }
        }
        do {
            _ = try RunCommand.parseAsRoot(childArguments)
        } catch {
            throw ValidationError("not valid for `quire run`: \(RunCommand.message(for: error))")
        }
        let executable = Self.executablePath()
        let stop = StopSignal()
        var previous: [String: String]?
        while !stop.received {
            let stamps = Self.stamps(of: watchedFiles())
            if stamps != previous {
                if previous != nil {
                    // Debounce: wait until a whole interval passes without further change.
                    if stop.wait(seconds: interval) { break }
                    if Self.stamps(of: watchedFiles()) != stamps { continue }
                }
                previous = stamps
                Console.out("── \(CivilDate.iso8601(Date())) running \(notebook)\n")
                let status = try runOnce(executable: executable, stop: stop)
                if stop.received { break }
                Console.out("── exit \(status); watching for changes (Ctrl-C stops)\n")
            }
            if stop.wait(seconds: interval) { break }
        }
        Console.out("── stopped\n")
    }

    /// Runs `quire run` once and returns its exit status; on a stop signal, passes it on and waits.
    private func runOnce(executable: String, stop: StopSignal) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["run"] + childArguments
        try process.run()
        // Foundation starts the child in its own process group, so Ctrl-C reaches only `watch`.
        var signalled = false
        var deadline: Date?
        while process.isRunning {
            if signalled {
                // The stop signal stays raised, so `wait` would return at once: poll the child gently.
                usleep(20_000)
            } else if stop.wait(seconds: 0.05) {
                signalled = true
                kill(process.processIdentifier, stop.signal)
                deadline = Date().addingTimeInterval(5)
            }
            if let deadline, Date() > deadline {
                kill(process.processIdentifier, SIGKILL)
                break
            }
        }
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// The notebook, the params file and, when the notebook plans, the files its steps read.
    private func watchedFiles() -> [String] {
        var files = [notebook]
        if let paramsFile = parameters.paramsFile { files.append(paramsFile) }
        if let planned = try? Pipeline(parameters: parameters).planQuietly(notebook) {
            for step in planned.plan.steps {
                for file in step.files {
                    files.append(file.hasPrefix("/") ? file : planned.location.directory + "/" + file)
                }
            }
        }
        return files
    }

    /// Size, modification time and inode of each file (an editor's save-by-rename changes the inode).
    private static func stamps(of files: [String]) -> [String: String] {
        var stamps: [String: String] = [:]
        for file in files {
            var info = stat()
            guard stat(file, &info) == 0 else {
                stamps[file] = "missing"
                continue
            }
            stamps[file] = "\(info.st_size)/\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)/\(info.st_ino)"
        }
        return stamps
    }

    /// This program's file, to start `quire run` with: `/proc/self/exe` on Linux (right however
    /// `quire` was started, through PATH or a relative path), else Foundation's idea of it, else
    /// `argv[0]` looked up in PATH as a shell would.
    static func executablePath() -> String {
        if let linked = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"),
            FileManager.default.isExecutableFile(atPath: linked)
        {
            return linked
        }
        if let path = Bundle.main.executablePath, FileManager.default.isExecutableFile(atPath: path) { return path }
        let first = CommandLine.arguments[0]
        if first.contains("/") { return URL(fileURLWithPath: first).standardizedFileURL.path }
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let candidate = "\(directory)/\(first)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return first
    }
}

/// SIGINT and SIGTERM, caught so `watch` can stop its run and exit cleanly.
///
/// The handler only writes the signal's number to a pipe (async-signal-safe); waiting is a
/// `poll` on that pipe, so a stop is seen at once, even in the middle of an interval. Caught
/// signals are reset to their defaults in a child at `exec`, so `quire run` is not affected.
final class StopSignal {
    private(set) var received = false
    private(set) var signal: Int32 = SIGINT
    /// The end of the pipe `wait` polls (-1 when no pipe could be made).
    private var readEnd: Int32 = -1

    init() {
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { return }
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        _ = fcntl(ends[1], F_SETFL, O_NONBLOCK)
        readEnd = ends[0]
        stopPipeWriteEnd.store(ends[1], ordering: .releasing)
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { number in
            var byte = UInt8(truncatingIfNeeded: number)
            _ = write(stopPipeWriteEnd.load(ordering: .acquiring), &byte, 1)
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_RESTART
        sigaction(SIGINT, &action, nil)
        sigaction(SIGTERM, &action, nil)
        // A parent may have started us with them blocked (the mask is inherited); let them through.
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        sigaddset(&unblocked, SIGINT)
        sigaddset(&unblocked, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &unblocked, nil)
    }

    /// Waits up to `seconds`; true when a stop signal has arrived (now or before).
    func wait(seconds: Double) -> Bool {
        if received { return true }
        guard readEnd >= 0 else {
            Thread.sleep(forTimeInterval: seconds)
            return false
        }
        var descriptor = pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0)
        let ready = poll(&descriptor, 1, Int32(max(1, (seconds * 1000).rounded())))
        guard ready > 0 else { return false }
        var byte: UInt8 = 0
        if read(readEnd, &byte, 1) == 1 {
            received = true
            signal = Int32(byte)
        }
        return received
    }
}

/// The end of the pipe the signal handler writes to (a C signal handler cannot capture context).
/// A lock-free atomic: loading it is async-signal-safe.
private let stopPipeWriteEnd = Atomic<Int32>(-1)
