import Foundation

extension QuireProcess {
    /// Runs a documented shell command as a user types it, in `directory`, with the built `quire`
    /// first on `PATH` (bash, `-eo pipefail`); returns its exit status and its standard output,
    /// with standard error too unless `separateErrors`.
    public static func shell(_ command: String, in directory: URL, separateErrors: Bool = false) throws -> (
        status: Int32, output: String
    ) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-eo", "pipefail", "-c", command]
        process.currentDirectoryURL = directory
        process.environment = ["PATH": binary.deletingLastPathComponent().path + ":/usr/bin:/bin", "NO_COLOR": "1"]
        let out = Pipe()
        process.standardOutput = out
        if !separateErrors { process.standardError = out }
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }
}
