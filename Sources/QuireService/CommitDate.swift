import Foundation

/// The date of a file's last commit, as git records it: what a reproducible report is dated by
/// when `SOURCE_DATE_EPOCH` is not set.
enum CommitDate {
    /// The committer date (seconds since 1970) of the last commit that touched the file at
    /// `path`, from `git log -1 --format=%ct -- FILE` run in the file's directory; nil when git is
    /// not on `PATH`, the file is not in a repository or not committed, or git fails.
    ///
    /// Git reads only its own repository's history here: no pager, no signature check, no
    /// file-system monitor hook.
    static func lastCommit(of path: String) -> Double? {
        guard let git = executable(named: "git") else { return nil }
        let file = URL(fileURLWithPath: path)
        let process = Process()
        process.executableURL = git
        process.arguments = [
            "--no-pager", "-c", "core.fsmonitor=false", "-c", "log.showSignature=false",
            "log", "-1", "--format=%ct", "--", file.lastPathComponent,
        ]
        process.currentDirectoryURL = file.deletingLastPathComponent()
        var environment = ProcessInfo.processInfo.environment
        environment["LC_ALL"] = "C"
        environment["GIT_TERMINAL_PROMPT"] = "0"
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else { return nil }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return Int64(text).map(Double.init)
    }

    /// The first executable `name` in an absolute directory of `PATH` (a relative one would
    /// resolve inside the notebook's repository).
    static func executable(named name: String) -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") where directory.hasPrefix("/") {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }
}
