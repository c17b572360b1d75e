import QuireNotebook

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where the CLI writes: results to stdout, diagnostics and progress to stderr.
struct Console {
    /// Colors only on a terminal, and never when `NO_COLOR` is set (https://no-color.org) or `TERM=dumb`.
    static var colorsOnStandardError: Bool {
        isatty(STDERR_FILENO) == 1 && (getenv("NO_COLOR").map { String(cString: $0).isEmpty } ?? true)
            && !ProgressStyle.dumbTerminal
    }

    static func out(_ text: String) {
        write(text, to: STDOUT_FILENO)
    }

    static func error(_ text: String) {
        write(text, to: STDERR_FILENO)
    }

    /// Unbuffered, so stdout and stderr interleave in the order written.
    private static func write(_ text: String, to descriptor: Int32) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            bytes = bytes.dropFirst(written)
        }
    }

    /// Prints diagnostics to stderr and returns how many errors and warnings there were.
    @discardableResult
    static func report(_ diagnostics: [Diagnostic], source: SourceText?, path: String) -> (errors: Int, warnings: Int) {
        error(render(diagnostics, path: path, source: source, colors: colorsOnStandardError))
        return (
            diagnostics.filter { $0.severity == .error }.count, diagnostics.filter { $0.severity == .warning }.count
        )
    }

    /// Ends the process with `code`.
    static func terminate(_ code: Int32) -> Never {
        exit(code)
    }
}
