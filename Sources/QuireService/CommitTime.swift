import Foundation

/// The time of the last git commit of a notebook: the time a reproducible run's metrics carry
/// when `SOURCE_DATE_EPOCH` is not set, so the same checkout always gives the same value.
enum CommitTime {
    /// Seconds since the epoch of the last commit that touched `path`, or nil when there is none
    /// (git is missing, the file is outside a repository or was never committed).
    static func of(_ path: String, in directory: String) -> Double? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", directory, "log", "-1", "--format=%ct", "--", path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return Int(text).map(Double.init)
    }
}
