import Foundation
import TestSupport
import Testing

/// Every subcommand, run the way a user types it against the built binary, with its exit code and
/// output checked: run, check, explain, graph, watch, ops, cache (ls, gc, clear), push, reference,
/// mermaid and dump.
@Suite(.tags(.slow)) struct SubcommandTests {
    static let notebook = """
        ---
        title: Watched
        params:
          n: 30
        ---

        # Watched

        ```step data
        load: data.csv
        ```

        ```step blobs
        generate:
          kind: blobs
          n_samples: ${params.n}
          seed: 1
        ```

        ```step shape
        profile: data
        ```

        """

    static let data = "x,y\n1,2\n3,4\n"

    /// A project (it holds `quire.yaml`) with `nb.md` and `data.csv`.
    static func project() throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory()
        try directory.write("", to: "quire.yaml")
        try directory.write(notebook, to: "nb.md")
        try directory.write(data, to: "data.csv")
        return directory
    }

    static func text(_ directory: TemporaryDirectory, _ name: String) -> String? {
        try? String(contentsOf: directory.url.appendingPathComponent(name), encoding: .utf8)
    }

    // MARK: run, check, explain, graph, dump

    @Test func runWritesTheReportSet() throws {
        let project = try Self.project()
        let output = try QuireProcess.run(["run", "nb.md"], in: project.url, timeout: 60)
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("nb.md: 3 steps (3 ran) → reports/nb.html"), "\(output.stdout)")
        for file in ["nb.html", "nb.json", "nb.prom"] {
            #expect(Self.text(project, "reports/" + file) != nil, "no reports/\(file)")
        }
        let again = try QuireProcess.run(["run", "nb.md"], in: project.url, timeout: 60)
        #expect(again.status == 0)
        #expect(again.stdout.contains("nb.md: 3 steps (3 cached)"), "\(again.stdout)")
    }

    @Test func checkSaysOkOrPrintsDiagnostics() throws {
        let project = try Self.project()
        let ok = try QuireProcess.run(["check", "nb.md"], in: project.url, timeout: 30)
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout == "nb.md: ok (3 steps)\n")
        try project.write(Self.notebook.replacingOccurrences(of: "profile: data", with: "profile: date"), to: "bad.md")
        let bad = try QuireProcess.run(["check", "bad.md"], in: project.url, timeout: 30)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("bad.md:21:10: error:"), "\(bad.stderr)")
        #expect(bad.stderr.contains("did you mean 'data'"), "\(bad.stderr)")
    }

    @Test func explainSaysMissThenHit() throws {
        let project = try Self.project()
        let before = try QuireProcess.run(["explain", "nb.md"], in: project.url, timeout: 30)
        #expect(before.status == 0, "\(before.stderr)")
        #expect(before.stdout.contains("data   miss"), "\(before.stdout)")
        #expect(try QuireProcess.run(["run", "nb.md"], in: project.url, timeout: 60).status == 0)
        let after = try QuireProcess.run(["explain", "nb.md"], in: project.url, timeout: 30)
        #expect(after.stdout.contains("data   hit"), "\(after.stdout)")
        let changed = try QuireProcess.run(["explain", "-p", "n=40", "nb.md"], in: project.url, timeout: 30)
        #expect(changed.stdout.contains("blobs  miss"), "\(changed.stdout)")
        #expect(changed.stdout.contains("data   hit"), "\(changed.stdout)")
    }

    @Test func graphPrintsAFlowchart() throws {
        let project = try Self.project()
        let output = try QuireProcess.run(["graph", "nb.md"], in: project.url, timeout: 30)
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.hasPrefix("flowchart"), "\(output.stdout)")
        #expect(output.stdout.contains("n0[\"data<br/><small>load</small>\"]"), "\(output.stdout)")
        #expect(output.stdout.contains("n0 --> n2"), "\(output.stdout)")
    }

    @Test func dumpPrintsTheTreeWithRanges() throws {
        let project = try Self.project()
        let output = try QuireProcess.run(["dump", "nb.md"], in: project.url, timeout: 30)
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("step data @9:1-11:3"), "\(output.stdout)")
    }

    // MARK: ops, cache

    @Test func opsListsAndDescribes() throws {
        let list = try QuireProcess.run(["ops"], timeout: 30)
        #expect(list.status == 0)
        #expect(list.stdout.contains("load "), "\(list.stdout)")
        #expect(list.stdout.contains("`quire ops NAME` describes one, with an example."))
        let one = try QuireProcess.run(["ops", "split"], timeout: 30)
        #expect(one.status == 0)
        #expect(one.stdout.contains("test_size"), "\(one.stdout)")
        #expect(one.stdout.contains("example:\n  ```step split\n  split: {"), "\(one.stdout)")
        let unknown = try QuireProcess.run(["ops", "splt"], timeout: 30)
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("no operation 'splt' (did you mean 'split'?)"), "\(unknown.stderr)")
    }

    @Test func cacheListsCollectsAndClears() throws {
        let project = try Self.project()
        let none = try QuireProcess.run(["cache", "ls"], in: project.url, timeout: 30)
        #expect(none.status == 64)
        #expect(none.stderr.contains("no cache at .quire/cache"), "\(none.stderr)")
        #expect(try QuireProcess.run(["run", "nb.md"], in: project.url, timeout: 60).status == 0)
        let listed = try QuireProcess.run(["cache", "ls"], in: project.url, timeout: 30)
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdout.contains(" profile "), "\(listed.stdout)")
        #expect(listed.stdout.contains("3 entries,"), "\(listed.stdout)")
        let collected = try QuireProcess.run(["cache", "gc"], in: project.url, timeout: 30)
        #expect(collected.status == 0, "\(collected.stderr)")
        #expect(collected.stdout.hasPrefix("removed 0 entries (0 B); kept 3 "), "\(collected.stdout)")
        // A run with another parameter leaves the old `blobs` entry unused by the latest run.
        #expect(try QuireProcess.run(["run", "-p", "n=40", "nb.md"], in: project.url, timeout: 60).status == 0)
        let trimmed = try QuireProcess.run(["cache", "gc"], in: project.url, timeout: 30)
        #expect(trimmed.stdout.hasPrefix("removed 1 entries"), "\(trimmed.stdout)")
        let cleared = try QuireProcess.run(["cache", "clear"], in: project.url, timeout: 30)
        #expect(cleared.status == 0)
        #expect(cleared.stdout == "cleared .quire/cache\n")
        let empty = try QuireProcess.run(["cache", "ls"], in: project.url, timeout: 30)
        #expect(empty.stdout == "0 entries, 0 B\n", "\(empty.stdout)")
    }

    // MARK: reference, mermaid

    @Test func referenceSavesAProfile() throws {
        let project = try Self.project()
        let output = try QuireProcess.run(["reference", "data.csv", "-o", "ref.json"], in: project.url, timeout: 30)
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout == "data.csv: 2 rows × 2 columns → ref.json\n")
        let json = try #require(Self.text(project, "ref.json"))
        #expect(json.contains("\"x\""), "\(json.prefix(300))")
        let missing = try QuireProcess.run(["reference", "nope.csv", "-o", "ref.json"], in: project.url, timeout: 30)
        // Data that cannot be read as CSV is a usage error, not an invalid notebook.
        #expect(missing.status == 64)
        #expect(missing.stderr.contains("nope.csv"), "\(missing.stderr)")
    }

    @Test func mermaidDrawsSVG() throws {
        let project = try Self.project()
        try project.write("flowchart LR\n  a[Load] --> b[Train]\n", to: "d.mmd")
        let output = try QuireProcess.run(["mermaid", "d.mmd"], in: project.url, timeout: 30)
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.hasPrefix("<svg"), "\(output.stdout.prefix(200))")
        #expect(output.stdout.contains(">Train<"))
        try project.write("flowchart LR\n  a[Load --> b\n", to: "bad.mmd")
        let bad = try QuireProcess.run(["mermaid", "bad.mmd"], in: project.url, timeout: 30)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("bad.mmd:2:"), "\(bad.stderr)")
    }

    // MARK: watch

    /// `quire watch` started as a process, its stdout collected as it comes.
    final class Watcher: @unchecked Sendable {
        let process = Process()
        private let lock = NSLock()
        private var collected = Data()
        private var errors = Data()

        /// Starts `executable arguments…` in `directory`, with `path` (if given) in front of PATH.
        init(_ executable: URL, _ arguments: [String], in directory: URL, path: String? = nil) throws {
            process.executableURL = executable
            process.arguments = arguments
            process.currentDirectoryURL = directory
            var environment = ProcessInfo.processInfo.environment
            environment["NO_COLOR"] = "1"
            if let path { environment["PATH"] = path + ":" + (environment["PATH"] ?? "/usr/bin:/bin") }
            process.environment = environment
            let out = Pipe()
            let err = Pipe()
            process.standardOutput = out
            process.standardError = err
            process.standardInput = FileHandle.nullDevice
            out.fileHandleForReading.readabilityHandler = { [weak self] handle in
                let data = handle.availableData
                if data.isEmpty { handle.readabilityHandler = nil }  // end of file
                self?.lock.withLock { self?.collected.append(data) }
            }
            err.fileHandleForReading.readabilityHandler = { [weak self] handle in
                let data = handle.availableData
                if data.isEmpty { handle.readabilityHandler = nil }  // end of file
                self?.lock.withLock { self?.errors.append(data) }
            }
            try process.run()
        }

        var stdout: String { lock.withLock { String(decoding: collected, as: UTF8.self) } }
        var stderr: String { lock.withLock { String(decoding: errors, as: UTF8.self) } }

        /// Waits until stdout holds `count` occurrences of `text`; false after `timeout` seconds.
        func waitFor(_ text: String, count: Int = 1, timeout: Double = 60) -> Bool {
            let deadline = Date().addingTimeInterval(timeout)
            while Date() < deadline {
                if stdout.components(separatedBy: text).count - 1 >= count { return true }
                Thread.sleep(forTimeInterval: 0.05)
            }
            return false
        }

        /// Sends `signal` and returns how long the process took to exit (nil: it had not after 10 s).
        func stop(with signal: Int32) -> Double? {
            let started = Date()
            kill(process.processIdentifier, signal)
            while process.isRunning {
                if Date().timeIntervalSince(started) > 10 {
                    kill(process.processIdentifier, SIGKILL)
                    process.waitUntilExit()
                    return nil
                }
                Thread.sleep(forTimeInterval: 0.02)
            }
            return Date().timeIntervalSince(started)
        }

        deinit { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
    }

    /// Runs on start, runs again when the data file changes (the report changes with it), and
    /// stops promptly with exit 0 on `signal`.
    @Test(arguments: [SIGINT, SIGTERM])
    func watchRerunsOnChangeAndStopsOnSignal(signal: Int32) throws {
        let project = try Self.project()
        let watcher = try Watcher(
            QuireProcess.binary, ["watch", "--interval", "0.1", "-p", "n=35", "nb.md"], in: project.url)
        #expect(watcher.waitFor("── exit 0;"), "no first run: \(watcher.stdout)\n\(watcher.stderr)")
        #expect(watcher.stdout.contains("nb.md: 3 steps (3 ran) → reports/nb.html"), "\(watcher.stdout)")
        let first = try #require(Self.text(project, "reports/nb.json"))
        #expect(first.contains("\"n\": 35"), "-p reached the run: \(first.prefix(400))")
        try project.write(Self.data + "5,6\n", to: "data.csv")
        #expect(watcher.waitFor("── exit 0;", count: 2), "no re-run: \(watcher.stdout)\n\(watcher.stderr)")
        #expect(
            watcher.stdout.contains("nb.md: 3 steps (2 ran, 1 cached)"),
            "only the data's steps re-ran: \(watcher.stdout)")
        let second = try #require(Self.text(project, "reports/nb.json"))
        #expect(second != first, "the report did not change")
        let seconds = watcher.stop(with: signal)
        #expect(seconds != nil && seconds! < 3, "took \(seconds.map { String($0) } ?? "over 10") s to stop")
        #expect(watcher.process.terminationReason == .exit)
        #expect(watcher.process.terminationStatus == 0, "\(watcher.stderr)")
        // The pipe's last bytes may reach the reader just after the process ended.
        #expect(watcher.waitFor("── stopped\n", timeout: 5), "\(watcher.stdout)")
        #expect(watcher.stdout.hasSuffix("── stopped\n"), "\(watcher.stdout)")
    }

    /// Started by name through PATH (`/usr/bin/env quire …`), it still finds itself to re-run.
    @Test func watchStartedThroughPATHRunsItself() throws {
        let project = try Self.project()
        let directory = QuireProcess.binary.deletingLastPathComponent().path
        let watcher = try Watcher(
            URL(fileURLWithPath: "/usr/bin/env"), ["quire", "watch", "--interval", "0.1", "nb.md"], in: project.url,
            path: directory)
        #expect(watcher.waitFor("── exit 0;"), "no run: \(watcher.stdout)\n\(watcher.stderr)")
        #expect(Self.text(project, "reports/nb.html") != nil)
        #expect(watcher.stop(with: SIGINT) != nil)
        #expect(watcher.process.terminationStatus == 0, "\(watcher.stderr)")
    }

    /// A stop signal in the middle of a run stops the run too, at once.
    @Test func watchStopsARunInProgress() throws {
        let project = try Self.project()
        try project.write(
            """
            ```step g
            generate: {kind: classification, n_samples: 200000, n_features: 20, seed: 1}
            ```

            ```step m
            train: {data: g, algorithm: random_forest, target: target, n_estimators: 300}
            ```

            """, to: "slow.md")
        let watcher = try Watcher(QuireProcess.binary, ["watch", "slow.md", "--", "--no-cache"], in: project.url)
        #expect(watcher.waitFor("running slow.md"), "\(watcher.stderr)")
        Thread.sleep(forTimeInterval: 0.5)
        let seconds = watcher.stop(with: SIGINT)
        #expect(seconds != nil && seconds! < 3, "took \(seconds.map { String($0) } ?? "over 10") s to stop")
        #expect(watcher.process.terminationStatus == 0, "\(watcher.stderr)")
        #expect(!watcher.stdout.contains("── exit"), "the run finished instead of stopping: \(watcher.stdout)")
        #expect(Self.text(project, "reports/slow.html") == nil)
    }

    /// The two commands of docs/operations.md, "Watching", on a copy of the example notebooks.
    @Test(arguments: [
        ["watch", "notebooks/churn.md"],
        ["watch", "-p", "seed=7", "--interval", "0.1", "notebooks/churn.md", "--", "--no-cache"],
    ])
    func documentedWatchCommandsWork(arguments: [String]) throws {
        let project = try TemporaryDirectory()
        try project.write("", to: "quire.yaml")
        let notebooks = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "../../notebooks")
        try FileManager.default.copyItem(at: notebooks, to: project.url.appendingPathComponent("notebooks"))
        let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "../../docs/operations.md")
        #expect(try String(contentsOf: docs, encoding: .utf8).contains("quire " + arguments.joined(separator: " ")))
        let watcher = try Watcher(QuireProcess.binary, arguments, in: project.url)
        #expect(watcher.waitFor("── exit 0;"), "\(watcher.stdout)\n\(watcher.stderr)")
        #expect(
            watcher.stdout.contains("notebooks/churn.md: 8 steps (8 ran) → reports/churn.html"), "\(watcher.stdout)")
        let json = try #require(Self.text(project, "reports/churn.json"))
        #expect(json.contains("\"seed\": \(arguments.contains("seed=7") ? 7 : 42)"), "\(json.prefix(600))")
        #expect(watcher.stop(with: SIGINT) != nil)
        #expect(watcher.process.terminationStatus == 0, "\(watcher.stderr)")
    }

    @Test func watchRefusesWhatItCannotRun() throws {
        let project = try Self.project()
        let missing = try QuireProcess.run(["watch", "missing.md"], in: project.url, timeout: 10)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("missing.md: error: cannot read notebook: no such file or directory"))
        let data = try QuireProcess.run(["watch", "data.csv"], in: project.url, timeout: 10)
        #expect(data.status == 2)
        #expect(data.stderr.contains("[not-a-notebook]"), "\(data.stderr)")
        let badRun = try QuireProcess.run(["watch", "nb.md", "--", "--jobs", "0"], in: project.url, timeout: 10)
        #expect(badRun.status == 64)
        #expect(badRun.stderr.contains("not valid for `quire run`: --jobs must be at least 1."), "\(badRun.stderr)")
        let badParam = try QuireProcess.run(["watch", "-p", "m=1", "nb.md"], in: project.url, timeout: 10)
        #expect(badParam.status == 64)
        #expect(badParam.stderr.contains("did you mean 'n'?"), "\(badParam.stderr)")
    }

    // MARK: push

    /// A Pushgateway on loopback (Debian's `prometheus-pushgateway`), stopped with the value.
    final class Gateway {
        let process = Process()
        let url: String

        init() throws {
            let binary = "/usr/bin/prometheus-pushgateway"
            try #require(FileManager.default.isExecutableFile(atPath: binary), "apt-get install prometheus-pushgateway")
            let port = 40_000 + Int(getpid() % 20_000)
            url = "http://127.0.0.1:\(port)"
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = ["--web.listen-address=127.0.0.1:\(port)"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
        }

        deinit {
            process.terminate()
            process.waitUntilExit()
        }
    }

    @Test func pushDeliversTheMetrics() throws {
        let gateway = try Gateway()
        let project = try Self.project()
        #expect(try QuireProcess.run(["run", "nb.md"], in: project.url, timeout: 60).status == 0)
        var pushed = try QuireProcess.run(["push", "nb.md", "--gateway", gateway.url], in: project.url, timeout: 30)
        for _ in 0..<50 where pushed.status != 0 {
            Thread.sleep(forTimeInterval: 0.1)
            pushed = try QuireProcess.run(["push", "nb.md", "--gateway", gateway.url], in: project.url, timeout: 30)
        }
        #expect(pushed.status == 0, "\(pushed.stderr)")
        #expect(pushed.stdout == "pushed reports/nb.prom to \(gateway.url)/metrics/job/quire/notebook/nb\n")
        let metrics = try String(contentsOf: URL(string: gateway.url + "/metrics")!, encoding: .utf8)
        #expect(metrics.contains("quire_last_run_success{instance=\"\",job=\"quire\",notebook=\"nb\"} 1"))
    }

    @Test func pushToAnUnreachableGatewayExits69() throws {
        let project = try Self.project()
        #expect(try QuireProcess.run(["run", "nb.md"], in: project.url, timeout: 60).status == 0)
        // Port 9 (discard) on loopback: nothing listens there, so the connection is refused at once.
        let output = try QuireProcess.run(
            ["push", "nb.md", "--gateway", "http://127.0.0.1:9", "--timeout", "5"], in: project.url, timeout: 30)
        #expect(output.status == 69, "\(output.stderr)")
        #expect(
            output.stderr.hasPrefix("error: cannot reach the Pushgateway at http://127.0.0.1:9: "), "\(output.stderr)")
        #expect(output.stderr.contains("nothing was pushed"))
        let notURL = try QuireProcess.run(["push", "nb.md", "--gateway", "pushgateway:9091"], in: project.url)
        #expect(notURL.status == 64)
        #expect(notURL.stderr.contains("--gateway 'pushgateway:9091' is not an http:// or https:// URL"))
    }

    /// A gateway that accepts the connection and never answers: `--timeout` bounds the wait.
    @Test func pushGivesUpAfterItsTimeout() throws {
        let project = try Self.project()
        #expect(try QuireProcess.run(["run", "nb.md"], in: project.url, timeout: 60).status == 0)
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #expect(listener >= 0)
        defer { close(listener) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, length) == 0 && listen(listener, 8) == 0 && getsockname(listener, $0, &length) == 0
            }
        }
        try #require(bound)
        let port = UInt16(bigEndian: address.sin_port)
        let started = Date()
        let output = try QuireProcess.run(
            ["push", "nb.md", "--gateway", "http://127.0.0.1:\(port)", "--timeout", "1.5"], in: project.url,
            timeout: 30)
        let seconds = Date().timeIntervalSince(started)
        #expect(output.status == 69, "\(output.stderr)")
        #expect(output.stderr.contains("did not answer within 1.5 s; nothing was pushed"), "\(output.stderr)")
        #expect(seconds < 10, "push waited \(seconds) s with --timeout 1.5")
        for bad in ["0", "-1", "nan", "inf"] {
            let refused = try QuireProcess.run(
                ["push", "nb.md", "--gateway", "http://127.0.0.1:\(port)", "--timeout=\(bad)"], in: project.url)
            #expect(refused.status == 64, "--timeout \(bad): \(refused.stderr)")
        }
    }

    // MARK: reading

    /// A 1 GiB sparse notebook: every command that reads one refuses it from its size, at once.
    @Test(arguments: ["check", "run", "dump", "explain", "graph", "watch"])
    func oversizedNotebookIsRefusedBeforeReading(command: String) throws {
        let project = try Self.project()
        let url = try project.write("", to: "huge.md")
        let handle = try FileHandle(forWritingTo: url)
        try handle.truncate(atOffset: 1 << 30)
        try handle.close()
        let output = try QuireProcess.run([command, "huge.md"], in: project.url, timeout: 20)
        #expect(output.status == 2, "\(output.stderr)")
        #expect(
            output.stderr.hasPrefix(
                "huge.md: error: notebook is 1 GiB, more than the limit of 256 MiB [file-unreadable]\n"),
            "\(output.stderr)")
        #expect(Self.text(project, "reports/huge.html") == nil)
    }

    // MARK: help

    @Test func helpListsEveryExitCode() throws {
        let output = try QuireProcess.run(["--help"], timeout: 30)
        #expect(output.status == 0)
        let help = output.stdout.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(
            of: "  ", with: " ")
        for code in [
            "0 success", "1 a step failed", "2 invalid notebook", "64 command-line usage error", "69 `quire push`",
        ] {
            #expect(help.contains(code), "--help lacks '\(code)'")
        }
    }
}
