import Foundation
import QuireSupport

/// git, run as a child process for what the history needs of a repository: the commit and
/// whether tracked files changed, a file as committed, a commit's date.
///
/// git reads only its own repository here: no pager, no signature check, no file-system monitor
/// hook, no prompt, messages in English.
public enum Git {
    /// What git printed on standard output, and its exit status.
    public struct Output: Sendable {
        /// Standard output.
        public var stdout: Data
        /// Standard error, for messages.
        public var stderr: String
        /// The exit status (nonzero: git refused).
        public var status: Int32
    }

    /// Runs `git ARGUMENTS` in `directory`; nil when git is not on `PATH` or cannot start.
    public static func run(_ arguments: [String], in directory: String) -> Output? {
        guard let git = executable(named: "git") else { return nil }
        var environment = ProcessInfo.processInfo.environment
        environment["LC_ALL"] = "C"
        environment["GIT_TERMINAL_PROMPT"] = "0"
        environment["GIT_OPTIONAL_LOCKS"] = "0"
        let options = ["-C", directory, "--no-pager", "-c", "core.fsmonitor=false", "-c", "log.showSignature=false"]
        guard
            let output = ChildProcess.run(
                git.path, options + arguments, environment: environment.map { "\($0.key)=\($0.value)" })
        else { return nil }
        return Output(
            stdout: Data(output.stdout), stderr: String(decoding: output.stderr, as: UTF8.self), status: output.status)
    }

    /// The commit checked out in `directory`'s repository and whether any tracked file under
    /// `directory` differs from it (untracked files do not count, nor the rest of a larger
    /// repository); nil outside a repository or without git.
    public static func state(of directory: String) -> (commit: String, dirty: Bool)? {
        guard
            let output = run(
                ["status", "--porcelain=v2", "--branch", "--untracked-files=no", "--", "."], in: directory),
            output.status == 0
        else { return nil }
        var commit: String?
        var dirty = false
        for line in String(decoding: output.stdout, as: UTF8.self).split(separator: "\n") {
            if line.hasPrefix("# branch.oid ") {
                let oid = line.dropFirst("# branch.oid ".count)
                if oid != "(initial)" { commit = String(oid) }
            } else if !line.hasPrefix("#") {
                dirty = true
            }
        }
        return commit.map { ($0, dirty) }
    }

    /// The first executable `name` in an absolute directory of `PATH` (a relative one would
    /// resolve inside the notebook's repository).
    private static func executable(named name: String) -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") where directory.hasPrefix("/") {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }
}
