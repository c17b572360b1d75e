import Foundation
import TestSupport
import Testing

/// `quire run --frozen` against the committed JSON summaries (the lock), on a fresh `git clone`
/// that has no `.quire/cache`; and `latency`, a volatile step, measured on every run.
@Suite(.tags(.slow)) struct FrozenLockTests {
    static let csv =
        "id,x,y,label\n"
        + (1...240).map { i in "\(i),\(Double(i % 17) / 4),\(Double((i * 7) % 23) / 5),\(i % 3 == 0 ? 1 : 0)" }
        .joined(separator: "\n") + "\n"

    static let notebook = """
        ---
        title: Lock
        params: {seed: 3, test_size: 0.25}
        ---
        # Lock

        Some prose about the experiment.

        ```step rows
        load: data/rows.csv
        ```

        ```step split
        split: {from: rows, test_size: "${params.test_size}", stratify: label, seed: "${params.seed}"}
        ```

        ```step model
        train: {data: split.train, algorithm: logistic_regression, target: label, features: [x, y]}
        ```

        ```step quality
        evaluate: {model: model, data: split.test}
        ```

        ```step speed
        latency: {model: model, data: split.test, samples: 20, warmup: 2}
        ```

        ```step refit
        train: {data: split.train, algorithm: logistic_regression, target: label, features: [x, y]}
        when: quality.accuracy > 2
        ```
        """

    /// Runs `command` (git) in `directory`, failing the test when it fails.
    @discardableResult
    static func shell(_ arguments: [String], in directory: URL) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment
        for key in ["GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"] { environment[key] = "Quire Test" }
        for key in ["GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"] { environment[key] = "test@example.invalid" }
        process.environment = environment
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(arguments.joined(separator: " ")): \(text)")
        return text
    }

    /// A project with its reports made under `--reproducible` and committed, and a fresh clone of it.
    static func committedProject() throws -> (origin: TemporaryDirectory, clone: URL) {
        let origin = try TemporaryDirectory()
        try origin.write("", to: "quire.yaml")
        try origin.write(".quire/\n", to: ".gitignore")
        try origin.write(csv, to: "data/rows.csv")
        try origin.write(notebook, to: "nb.md")
        let run = try QuireProcess.run(["run", "--quiet", "--reproducible", "nb.md"], in: origin.url)
        #expect(run.status == 0, "\(run.stderr)")
        try shell(["git", "init", "--quiet", "--initial-branch=main"], in: origin.url)
        try shell(["git", "add", "."], in: origin.url)
        try shell(["git", "commit", "--quiet", "-m", "reports"], in: origin.url)
        let clone = origin.url.appendingPathComponent("clone")
        try shell(["git", "clone", "--quiet", origin.url.path, clone.path], in: origin.url)
        return (origin, clone)
    }

    static func files(under directory: URL) -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: directory.path)
        return ((enumerator?.allObjects as? [String]) ?? []).filter { !$0.hasPrefix(".git/") }.sorted()
    }

    @Test func freshCloneIsUpToDateAndNamesWhatChanged() throws {
        let (origin, clone) = try Self.committedProject()
        defer { withExtendedLifetime(origin) {} }
        #expect(!FileManager.default.fileExists(atPath: clone.appendingPathComponent(".quire").path))
        let before = Self.files(under: clone)

        let unchanged = try QuireProcess.run(["run", "--frozen", "nb.md"], in: clone)
        #expect(unchanged.status == 0, "\(unchanged.stderr)")
        #expect(unchanged.stdout.contains("nb.md: up to date (6 steps)"))
        // No cache is read or made, and nothing is written.
        #expect(Self.files(under: clone) == before)

        // A prose edit changes the report.
        let notebook = clone.appendingPathComponent("nb.md")
        try Data((Self.notebook + "\nOne more sentence.\n").utf8).write(to: notebook)
        let prose = try QuireProcess.run(["run", "--frozen", "nb.md"], in: clone)
        #expect(prose.status == 4)
        #expect(prose.stderr.contains("notebook changed"), "\(prose.stderr)")
        #expect(prose.stderr.contains("hint: run `quire run --reproducible` and commit the reports"))
        try Self.shell(["git", "checkout", "--quiet", "nb.md"], in: clone)

        // A parameter, in explain's words; the steps reading the split follow.
        let parameter = try QuireProcess.run(["run", "--frozen", "-p", "test_size=0.3", "nb.md"], in: clone)
        #expect(parameter.status == 4)
        #expect(parameter.stderr.contains("split: parameter test_size changed"), "\(parameter.stderr)")
        #expect(parameter.stderr.contains("model: input from 'split', which will run"))

        // One byte of data.
        let data = clone.appendingPathComponent("data/rows.csv")
        var bytes = try Data(contentsOf: data)
        let index = try #require(bytes.lastIndex(of: UInt8(ascii: "1")))
        bytes[index] = UInt8(ascii: "0")
        try bytes.write(to: data)
        let file = try QuireProcess.run(["run", "--frozen", "nb.md"], in: clone)
        #expect(file.status == 4)
        #expect(file.stderr.contains("rows: file data/rows.csv changed"), "\(file.stderr)")
        try Self.shell(["git", "checkout", "--quiet", "data/rows.csv"], in: clone)

        // Reports made by another engine revision.
        let summary = clone.appendingPathComponent("reports/nb.json")
        let json = try String(contentsOf: summary, encoding: .utf8)
        let engine = try #require(json.firstMatch(of: /"engine": "([^"]+)"/)).output.1
        try Data(json.replacingOccurrences(of: "\"\(engine)\"", with: "\"quire-engine/0.0.1-r1\"").utf8).write(
            to: summary)
        let revision = try QuireProcess.run(["run", "--frozen", "nb.md"], in: clone)
        #expect(revision.status == 4)
        #expect(revision.stderr.contains("engine quire-engine/0.0.1-r1 → \(engine) changed"), "\(revision.stderr)")
        try Self.shell(["git", "checkout", "--quiet", "reports/nb.json"], in: clone)
        #expect(try QuireProcess.run(["run", "--frozen", "nb.md"], in: clone).status == 0)
        #expect(!FileManager.default.fileExists(atPath: clone.appendingPathComponent(".quire").path))
    }

    /// `when:` is evaluated on the facts the summary recorded: a recorded accuracy above the
    /// threshold means the skipped `refit` would run now.
    @Test func conditionsAreEvaluatedOnRecordedFacts() throws {
        let (origin, clone) = try Self.committedProject()
        defer { withExtendedLifetime(origin) {} }
        let summary = clone.appendingPathComponent("reports/nb.json")
        let json = try String(contentsOf: summary, encoding: .utf8)
        let accuracy = try #require(json.firstMatch(of: /"accuracy": ([0-9.]+)/)).output.1
        try Data(json.replacingOccurrences(of: "\"accuracy\": \(accuracy)", with: "\"accuracy\": 3").utf8).write(
            to: summary)
        let frozen = try QuireProcess.run(["run", "--frozen", "nb.md"], in: clone)
        #expect(frozen.status == 4)
        #expect(
            frozen.stderr.contains(
                "refit: skipped in the recorded run (when: quality.accuracy > 2 is false), would run now"),
            "\(frozen.stderr)")
    }

    /// A step whose `when:` reads a measurement is not volatile itself (what it computes does not
    /// change); `--frozen` keeps its recorded decision, and the summary stays byte-stable.
    @Test func aConditionOnAMeasurementKeepsTheRecordedDecision() throws {
        let project = try TemporaryDirectory()
        try project.write("", to: "quire.yaml")
        try project.write(Self.csv, to: "data/rows.csv")
        try project.write(
            Self.notebook + "\n\n```step after_speed\nprofile: split.test\nwhen: speed.ok\n```\n", to: "nb.md")
        #expect(try QuireProcess.run(["run", "--quiet", "--reproducible", "nb.md"], in: project.url).status == 0)
        let summary = project.url.appendingPathComponent("reports/nb.json")
        let first = try Data(contentsOf: summary)
        #expect(try QuireProcess.run(["run", "--quiet", "--reproducible", "nb.md"], in: project.url).status == 0)
        #expect(try Data(contentsOf: summary) == first)
        let steps = try #require(
            (try JSONSerialization.jsonObject(with: first) as? [String: Any])?["steps"] as? [[String: Any]])
        let after = try #require(steps.first { $0["id"] as? String == "after_speed" })
        #expect(after["volatile"] == nil)
        #expect((after["outputs"] as? [String: [String: Any]])?["profile"]?["digest"] is String)
        let frozen = try QuireProcess.run(["run", "--frozen", "nb.md"], in: project.url)
        #expect(frozen.status == 0, "\(frozen.stderr)")
    }

    @Test func noSummaryIsStaleWithAHint() throws {
        let project = try TemporaryDirectory()
        try project.write("", to: "quire.yaml")
        try project.write(Self.csv, to: "data/rows.csv")
        try project.write(Self.notebook, to: "nb.md")
        let output = try QuireProcess.run(["run", "--frozen", "nb.md"], in: project.url)
        #expect(output.status == 4)
        #expect(output.stderr.contains("no recorded run: reports/nb.json does not exist"), "\(output.stderr)")
        #expect(output.stderr.contains("hint: run `quire run --reproducible` and commit the reports"))
    }

    @Test func failedStepsInTheLockAreStale() throws {
        let project = try TemporaryDirectory()
        try project.write("", to: "quire.yaml")
        try project.write(Self.csv, to: "data/rows.csv")
        try project.write(
            Self.notebook.replacingOccurrences(
                of: "algorithm: logistic_regression, target: label, features: [x, y]}\n```\n\n```step quality",
                with: "algorithm: knn, n_neighbors: 5000, target: label, features: [x, y]}\n```\n\n```step quality"),
            to: "nb.md")
        #expect(try QuireProcess.run(["run", "--quiet", "--reproducible", "nb.md"], in: project.url).status == 1)
        let frozen = try QuireProcess.run(["run", "--frozen", "nb.md"], in: project.url)
        #expect(frozen.status == 4)
        #expect(frozen.stderr.contains("model: failed in the recorded run:"), "\(frozen.stderr)")
    }

    @Test func latencyIsMeasuredOnEveryRunAndLeftOutOfReproducibleSummaries() throws {
        let (origin, _) = try Self.committedProject()
        let summary = origin.url.appendingPathComponent("reports/nb.json")
        let first = try Data(contentsOf: summary)
        let second = try QuireProcess.run(["run", "--reproducible", "nb.md"], in: origin.url)
        #expect(second.status == 0, "\(second.stderr)")
        // Everything else comes from the cache; the measurement is taken again.
        #expect(second.stdout.contains("1 ran, 4 cached, 1 skipped"), "\(second.stdout)")
        #expect((second.stdout + second.stderr).contains("✓ speed"), "\(second.stderr)")
        // Whatever the cache held, and whatever was measured, the summary is the same bytes.
        #expect(try Data(contentsOf: summary) == first)
        let json = try #require(try JSONSerialization.jsonObject(with: first) as? [String: Any])
        let steps = try #require(json["steps"] as? [[String: Any]])
        let speed = try #require(steps.first { $0["id"] as? String == "speed" })
        #expect(speed["volatile"] as? Bool == true)
        #expect(speed["status"] as? String == "ok")
        let rows = try #require(speed["monitor"] as? [[String: Any]])
        #expect(!rows.isEmpty && rows.allSatisfy { $0["value"] is NSNull })
        let outputs = try #require(speed["outputs"] as? [String: [String: Any]])
        #expect(outputs["monitor"]?["digest"] == nil)
        #expect((json["counts"] as? [String: Int])?["cached"] == 0)
        // `explain` says why it runs again.
        let explain = try QuireProcess.run(["explain", "nb.md"], in: origin.url)
        #expect(explain.stdout.contains("volatile: latency measures again on every run"), "\(explain.stdout)")
        // Without --reproducible, the measurement is there.
        let plain = try QuireProcess.run(["run", "--quiet", "-o", "plain", "nb.md"], in: origin.url)
        #expect(plain.status == 0)
        let plainJSON = try Data(contentsOf: origin.url.appendingPathComponent("plain/nb.json"))
        let plainSteps = try #require(
            (try JSONSerialization.jsonObject(with: plainJSON) as? [String: Any])?["steps"] as? [[String: Any]])
        let measured = try #require(plainSteps.first { $0["id"] as? String == "speed" }?["monitor"] as? [[String: Any]])
        #expect(measured.allSatisfy { $0["value"] is Double })
    }

    /// The repository's example notebooks and committed reports, as a fresh clone has them (no
    /// `.quire`), pass the gate.
    @Test func committedExampleReportsAreCurrent() throws {
        let project = try TemporaryDirectory()
        try FileManager.default.createDirectory(
            at: project.url.appendingPathComponent(".git"), withIntermediateDirectories: true)
        for name in ["notebooks", "reports"] {
            try FileManager.default.copyItem(
                at: Self.repository.appendingPathComponent(name), to: project.url.appendingPathComponent(name))
        }
        let notebooks = try FileManager.default.contentsOfDirectory(
            atPath: project.url.appendingPathComponent("notebooks").path
        ).filter { $0.hasSuffix(".md") }.sorted().map { "notebooks/" + $0 }
        try? FileManager.default.removeItem(at: project.url.appendingPathComponent("notebooks/.quire"))
        let frozen = try QuireProcess.run(["run", "--frozen"] + notebooks, in: project.url)
        #expect(frozen.status == 0, "\(frozen.stderr)")
        #expect(
            frozen.stdout.hasSuffix(
                "\(notebooks.count) notebooks: \(notebooks.count) up to date (--frozen runs nothing)\n"))
        #expect(!FileManager.default.fileExists(atPath: project.url.appendingPathComponent(".quire").path))
        // One changed data byte makes the notebooks that read it stale, and the total says so.
        let data = project.url.appendingPathComponent("notebooks/data/churn.csv")
        var bytes = try Data(contentsOf: data)
        bytes[bytes.count - 2] = bytes[bytes.count - 2] == UInt8(ascii: "1") ? UInt8(ascii: "2") : UInt8(ascii: "1")
        try bytes.write(to: data)
        let stale = try QuireProcess.run(["run", "--frozen"] + notebooks, in: project.url)
        #expect(stale.status == 4)
        #expect(stale.stderr.contains("file data/churn.csv changed"), "\(stale.stderr)")
        #expect(stale.stdout.contains("stale (--frozen runs nothing)"), "\(stale.stdout)")
    }

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
}
