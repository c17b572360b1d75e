import Foundation
import TestSupport
import Testing

/// The bad-input corpus: hostile and mistaken notebooks, data and arguments, each run through the
/// built binary as a user would, with its documented exit code and the position its message names.
///
/// A case is a folder under `BadInputs/` holding the files of a small project and a `case` file:
///
///     # what the case is about
///     args: run --no-cache nb.md     # the quire arguments (default: check nb.md)
///     exit: 2                        # the exit code (required)
///     stderr: nb.md:4:12: error:     # text stderr must contain (repeatable)
///     stderr-not: root:x:0           # text stderr must not contain (repeatable)
///     stdout: …  /  stdout-not: …    # the same for stdout
///     output-not: root:x:0           # no file written under the project may contain it (repeatable)
///     exists: reports/nb.html        # a file that must exist afterwards (repeatable)
///     absent: reports/nb.json        # a file that must not exist afterwards (repeatable)
///     symlink: logo.png -> /etc/passwd
///     fifo: pipe.md
///     timeout: 10                    # seconds before the case counts as a hang (default 10)
///
/// Files are copied into a fresh directory holding a `quire.yaml` (the project root). In files
/// that are copied, `⟪N×TEXT⟫` stands for TEXT repeated N times (`\n` in TEXT is a newline), so
/// deeply nested or very long inputs stay small in the repository. No case may crash (die by a
/// signal) or outlive its timeout.
@Suite(.tags(.slow)) struct BadInputCorpusTests {
    static let corpus: URL = Bundle.module.resourceURL!.appendingPathComponent("BadInputs")

    static let names: [String] = {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: corpus.path)) ?? []
        return entries.filter {
            FileManager.default.fileExists(
                atPath: corpus.appendingPathComponent($0).appendingPathComponent("case").path)
        }.sorted()
    }()

    struct Case {
        var arguments = ["check", "nb.md"]
        var exit: Int32?
        var expectations: [(key: String, value: String)] = []
        var timeout: Double = 10

        init(text: String) {
            for rawLine in text.split(separator: "\n", omittingEmptySubsequences: true) {
                let line = rawLine.trimmingCharacters(in: .whitespaces)
                guard !line.hasPrefix("#"), let colon = line.firstIndex(of: ":") else { continue }
                let key = String(line[..<colon])
                let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                switch key {
                case "args": arguments = Self.words(value)
                case "exit": exit = Int32(value)
                case "timeout": timeout = Double(value) ?? timeout
                default: expectations.append((key, value))
                }
            }
        }

        /// Splits on spaces, keeping 'single-quoted' words whole.
        static func words(_ text: String) -> [String] {
            var words: [String] = []
            var current = ""
            var quoted = false
            var started = false
            for character in text {
                if character == "'" {
                    quoted.toggle()
                    started = true
                } else if character == " " && !quoted {
                    if started { words.append(current) }
                    current = ""
                    started = false
                } else {
                    current.append(character)
                    started = true
                }
            }
            if started { words.append(current) }
            return words
        }
    }

    /// A regular file, not a link, FIFO or directory (reading a FIFO would block).
    static func isRegularFile(_ url: URL) -> Bool {
        var info = stat()
        return lstat(url.path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }

    @Test func corpusIsLargeEnough() {
        #expect(Self.names.count >= 150, "the corpus has \(Self.names.count) cases")
    }

    @Test(arguments: names)
    func badInput(name: String) throws {
        let source = Self.corpus.appendingPathComponent(name)
        let spec = Case(text: try String(contentsOf: source.appendingPathComponent("case"), encoding: .utf8))
        let project = try TemporaryDirectory()
        try project.write("", to: "quire.yaml")
        let fm = FileManager.default
        for file in try fm.contentsOfDirectory(atPath: source.path) where file != "case" {
            let data = try Data(contentsOf: source.appendingPathComponent(file))
            if let text = String(data: data, encoding: .utf8), text.contains("⟪") {
                try project.write(CorpusMacro.expand(text), to: file)
            } else {
                try project.write(data, to: file)
            }
        }
        for (key, value) in spec.expectations {
            switch key {
            case "symlink":
                let parts = value.components(separatedBy: " -> ")
                try fm.createSymbolicLink(
                    atPath: project.url.appendingPathComponent(parts[0]).path, withDestinationPath: parts[1])
            case "fifo":
                #expect(mkfifo(project.url.appendingPathComponent(value).path, 0o644) == 0)
            default: break
            }
        }
        let started = Date()
        let output = try QuireProcess.run(spec.arguments, in: project.url, timeout: spec.timeout)
        let seconds = Date().timeIntervalSince(started)
        let context = "\(name): exit \(output.status), \(String(format: "%.1f", seconds)) s\n\(output.stderr)"
        #expect(!output.timedOut, "hung past \(spec.timeout) s: \(context)")
        #expect(!output.crashed, "killed by signal \(output.status): \(context)")
        let expectedExit = try #require(spec.exit, "\(name)/case has no `exit:` line")
        #expect(output.status == expectedExit, "\(context)")
        for (key, value) in spec.expectations {
            switch key {
            case "stderr": #expect(output.stderr.contains(value), "stderr lacks '\(value)': \(context)")
            case "stderr-not": #expect(!output.stderr.contains(value), "stderr has '\(value)': \(context)")
            case "stdout":
                #expect(output.stdout.contains(value), "stdout lacks '\(value)': \(context)\n\(output.stdout)")
            case "stdout-not": #expect(!output.stdout.contains(value), "stdout has '\(value)': \(context)")
            case "exists":
                #expect(
                    fm.fileExists(atPath: project.url.appendingPathComponent(value).path), "no \(value): \(context)")
            case "absent":
                #expect(!fm.fileExists(atPath: project.url.appendingPathComponent(value).path), "\(value): \(context)")
            case "output-not":
                for case let url as URL in fm.enumerator(at: project.url, includingPropertiesForKeys: nil)!
                where Self.isRegularFile(url) {
                    guard let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
                    #expect(!text.contains(value), "\(url.lastPathComponent) contains '\(value)': \(context)")
                }
            case "symlink", "fifo": break
            default: Issue.record("\(name)/case: unknown key '\(key)'")
            }
        }
    }
}
