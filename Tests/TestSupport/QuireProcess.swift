import Foundation

/// Runs the built `quire` binary, as a user or CI job would.
public struct QuireProcess {
    public struct Output: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
        /// Killed because it outlived the timeout given to ``QuireProcess/run(_:in:environment:stdin:timeout:)``.
        public var timedOut = false
        /// Ended by a signal it did not handle (a crash or a trap); `status` is then the signal.
        public var crashed = false
    }

    /// The `quire` executable built beside the test bundle (or `$QUIRE_BINARY`).
    public static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["QUIRE_BINARY"] { return URL(fileURLWithPath: path) }
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        // `swift test` runs `<build>/debug/QuirePackageTests.xctest`; the binary sits beside it.
        for _ in 0..<3 {
            let candidate = directory.appendingPathComponent("quire")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return directory.appendingPathComponent("quire")
    }

    /// Runs `quire arguments…` in `directory` with `environment` added, and waits for it.
    public static func run(
        _ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:], stdin: Data? = nil,
        timeout: TimeInterval? = nil
    ) throws -> Output {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // The watchdog and the reader are threads of their own, not Dispatch's global queue: with
        // many tests blocked reading pipes, that queue's few threads would starve the watchdog.
        let finished = DispatchSemaphore(value: 0)
        if let timeout {
            let pid = process.processIdentifier
            Thread { if finished.wait(timeout: .now() + timeout) == .timedOut { kill(pid, SIGKILL) } }.start()
        }
        let started = Date()
        // Read both pipes concurrently so a full pipe never blocks the child.
        let group = DispatchGroup()
        nonisolated(unsafe) var outData = Data()
        nonisolated(unsafe) var errData = Data()
        group.enter()
        Thread {
            outData = out.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }.start()
        errData = err.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        finished.signal()
        let signalled = process.terminationReason == .uncaughtSignal
        let timedOut =
            signalled && process.terminationStatus == SIGKILL
            && timeout.map { Date().timeIntervalSince(started) >= $0 } == true
        return Output(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self), timedOut: timedOut, crashed: signalled && !timedOut)
    }
}

/// A temporary directory removed when the value is deinitialised.
public final class TemporaryDirectory {
    public let url: URL

    public init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("quire-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// Writes `text` to `name` inside the directory and returns its URL.
    @discardableResult
    public func write(_ text: String, to name: String) throws -> URL {
        try write(Data(text.utf8), to: name)
    }

    @discardableResult
    public func write(_ data: Data, to name: String) throws -> URL {
        let file = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: file)
        return file
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }
}
