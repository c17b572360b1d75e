import Foundation
import TestSupport
import Testing

/// Progress of `quire run` as a CI log and a terminal see it, from the built binary.
@Suite(.tags(.slow)) struct ProgressCLITests {
    static let notebook = """
        # Progress

        ```step data
        generate: {kind: classification, n_samples: 5000, n_features: 6, seed: 3}
        ```

        ```step train
        train: {data: data, algorithm: random_forest, target: target, n_estimators: 20, seed: 1}
        ```
        """

    static func project() throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory()
        try directory.write(notebook, to: "progress.md")
        return directory
    }

    @Test func aLogGetsProgressLinesForALongStep() throws {
        let project = try Self.project()
        // An interval of 0: every report of the engine is a line, so the test need not wait.
        let run = try QuireProcess.run(
            ["run", "progress.md"], in: project.url, environment: ["QUIRE_PROGRESS_INTERVAL": "0"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("  train: forest 0/20 trees, 0%\n"), "\(run.stderr)")
        #expect(run.stderr.contains("  train: forest 20/20 trees, 100%\n"), "\(run.stderr)")
        #expect(run.stderr.contains("  data: generate "), "\(run.stderr)")
        #expect(!run.stderr.contains("\u{1B}"))
        // The default interval, 10 s, is longer than these steps: no progress lines at all.
        let again = try QuireProcess.run(["run", "--force", "train", "progress.md"], in: project.url)
        #expect(again.status == 0)
        #expect(!again.stderr.contains("trees"), "\(again.stderr)")
        // --quiet prints none.
        let quiet = try QuireProcess.run(
            ["run", "--quiet", "--force", "train", "progress.md"], in: project.url,
            environment: ["QUIRE_PROGRESS_INTERVAL": "0"])
        #expect(quiet.status == 0)
        #expect(quiet.stderr.isEmpty, "\(quiet.stderr)")
    }

    /// Runs `quire arguments…` with stderr on a pseudo-terminal (util-linux `script`), and returns
    /// what the terminal got; nil when `script` is not installed.
    static func onTerminal(_ arguments: [String], in directory: URL, environment: [String: String]) throws -> String? {
        let script = URL(fileURLWithPath: "/usr/bin/script")
        guard FileManager.default.isExecutableFile(atPath: script.path) else { return nil }
        let command = ([QuireProcess.binary.path] + arguments).map { "'\($0)'" }.joined(separator: " ")
        let process = Process()
        process.executableURL = script
        process.arguments = ["-qec", command, "/dev/null"]
        process.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = nil
        env["TERM"] = "xterm"
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    @Test func aTerminalGetsBarsAndADumbOneNoEscapeSequences() throws {
        let project = try Self.project()
        guard let live = try Self.onTerminal(["run", "progress.md"], in: project.url, environment: [:]) else { return }
        // A live block (cleared and redrawn in place) and coloured marks.
        #expect(live.contains("\u{1B}[2K"), "\(live)")
        #expect(live.contains("\u{1B}[32m✓"), "\(live)")
        let noColor = try Self.onTerminal(
            ["run", "--force", "train", "progress.md"], in: project.url, environment: ["NO_COLOR": "1"])
        #expect(noColor?.contains("\u{1B}[32m") == false, "\(noColor ?? "")")
        for environment in [["TERM": "dumb"], ["TERM": "dumb", "NO_COLOR": "1"]] {
            let dumb = try Self.onTerminal(
                ["run", "--force", "train", "progress.md"], in: project.url,
                environment: environment.merging(["QUIRE_PROGRESS_INTERVAL": "0"]) { $1 })
            #expect(dumb?.contains("train: forest 20/20 trees, 100%") == true, "\(dumb ?? "")")
            #expect(dumb?.contains("\u{1B}") == false, "\(dumb ?? "")")
        }
    }
}
