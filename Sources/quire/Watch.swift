import ArgumentParser
import Foundation
import QuireRunner

struct Watch: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a notebook, then again whenever it or a file it reads changes.",
        discussion: """
            Checks the notebook and every file its steps read (by size and modification time) every \
            --interval seconds, and runs `quire run` once changes have settled (debounced). The cache \
            makes each re-run do only the work whose inputs changed. Arguments after `--` are passed \
            to `quire run` (e.g. `quire watch nb.md -- --fail-on alert`). Stop with Ctrl-C.
            """)

    @Argument(help: "The notebook file (.md).")
    var notebook: String

    @Option(help: "Seconds between checks.")
    var interval: Double = 0.5

    @Argument(parsing: .postTerminator, help: "Arguments for `quire run`.")
    var runArguments: [String] = []

    func run() throws {
        var previous: [String: String] = [:]
        while true {
            let stamps = Self.stamps(of: watchedFiles())
            if stamps != previous {
                // Debounce: wait until a whole interval passes without further change.
                Thread.sleep(forTimeInterval: interval)
                let settled = Self.stamps(of: watchedFiles())
                if settled != stamps { continue }
                previous = settled
                Console.out("── \(ISO8601DateFormatter().string(from: Date())) running \(notebook)\n")
                let process = Process()
                process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
                process.arguments = ["run"] + runArguments + [notebook]
                try process.run()
                process.waitUntilExit()
                Console.out("── exit \(process.terminationStatus); watching for changes\n")
            }
            Thread.sleep(forTimeInterval: interval)
        }
    }

    /// The notebook and, when it plans, the files its steps read.
    private func watchedFiles() -> [String] {
        var files = [notebook]
        if let planned = try? Pipeline(parameters: ParameterOptions()).planQuietly(notebook) {
            for step in planned.plan.steps {
                for file in step.files { files.append(file.hasPrefix("/") ? file : planned.directory + "/" + file) }
            }
        }
        return files
    }

    private static func stamps(of files: [String]) -> [String: String] {
        var stamps: [String: String] = [:]
        for file in files {
            let attributes = try? FileManager.default.attributesOfItem(atPath: file)
            let size = (attributes?[.size] as? NSNumber)?.intValue ?? -1
            let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? -1
            stamps[file] = "\(size)/\(modified)"
        }
        return stamps
    }
}
