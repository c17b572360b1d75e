import Foundation
import Synchronization
import TestSupport
import Testing

/// `quire run NOTEBOOK --only STEP`, as the tasks of a distributed run use it: one step per
/// process, inputs from the cache, outputs to the cache, nothing else written; then a plain run
/// assembles the report from the cache.
@Suite struct OnlyCLITests {
    static let notebook = """
        ---
        title: Only
        ---
        # Only

        ```step rows
        load: rows.csv
        ```

        ```step split
        split: {from: rows, test_size: 0.25, seed: 3}
        ```

        ```step linear
        train: {data: split.train, algorithm: linear_regression, target: y}
        ```

        ```step forest
        train: {data: split.train, algorithm: random_forest, target: y, n_estimators: 5, seed: 2}
        ```

        ```step quality
        evaluate: {model: linear, data: split.test}
        ```

        ```step forest_quality
        evaluate: {model: forest, data: split.test}
        ```
        """
    static let order = ["rows", "split", "linear", "forest", "quality", "forest_quality"]
    static let csv =
        "x,y\n" + (1...60).map { "\($0),\(Double($0) * 1.5 + Double($0 % 7))" }.joined(separator: "\n") + "\n"

    static func project() throws -> TemporaryDirectory {
        let project = try TemporaryDirectory()
        try project.write("", to: "quire.yaml")
        try project.write(csv, to: "rows.csv")
        try project.write(notebook, to: "nb.md")
        return project
    }

    static func exists(_ project: TemporaryDirectory, _ path: String) -> Bool {
        FileManager.default.fileExists(atPath: project.url.appendingPathComponent(path).path)
    }

    /// A missing upstream step is exit 4, named with its key (the one `quire plan` gives); nothing
    /// runs and nothing but the cache is touched.
    @Test func aMissingUpstreamStepIsNamedWithItsKey() throws {
        let project = try Self.project()
        let plan = try QuireProcess.run(["plan", "nb.md", "--json"], in: project.url)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(plan.stdout.utf8)) as? [String: Any])
        let rows = try #require((document["steps"] as? [[String: Any]])?.first)
        let key = try #require(rows["cache_key"] as? String)
        let run = try QuireProcess.run(["run", "nb.md", "--only", "linear"], in: project.url)
        #expect(run.status == 4, "\(run.stderr)")
        #expect(
            run.stderr.contains("nb.md: --only linear: not run; it reads 1 step not in the cache:"), "\(run.stderr)")
        #expect(run.stderr.contains("rows: not in the cache (key \(key))"), "\(run.stderr)")
        #expect(!Self.exists(project, "reports"))
        #expect(!Self.exists(project, ".quire/history.sqlite"))
    }

    /// Each step in its own process, in plan order, then a plain run: it executes nothing and
    /// writes the same report as a run in one process.
    @Test func stepByStepThenAssembledEqualsOneRun() throws {
        let project = try Self.project()
        for step in Self.order {
            let run = try QuireProcess.run(["run", "nb.md", "--only", step], in: project.url)
            #expect(run.status == 0, "\(step): \(run.stderr)")
            #expect(run.stdout == "nb.md: --only \(step): ok\n")
            #expect(!Self.exists(project, "reports"), "--only writes no report")
        }
        let again = try QuireProcess.run(["run", "nb.md", "--only", "quality"], in: project.url)
        #expect(again.stdout == "nb.md: --only quality: cached\n")
        let assembled = try QuireProcess.run(["run", "--reproducible", "nb.md"], in: project.url)
        #expect(assembled.status == 0, "\(assembled.stderr)")
        #expect(assembled.stdout.contains("6 steps (6 cached)"), "\(assembled.stdout)")
        let single = try Self.project()
        let one = try QuireProcess.run(["run", "--reproducible", "nb.md"], in: single.url)
        #expect(one.status == 0, "\(one.stderr)")
        for file in ["reports/nb.json", "reports/nb.html"] {
            let a = try Data(contentsOf: project.url.appendingPathComponent(file))
            #expect(a == (try Data(contentsOf: single.url.appendingPathComponent(file))), "\(file)")
        }
    }

    /// Many `--only` processes on one cache at once: independent steps, and the same step
    /// twice. Every one succeeds and the cache they leave serves a plain run entirely.
    @Test func concurrentTasksShareOneCache() throws {
        let project = try Self.project()
        for step in ["rows", "split"] {
            let run = try QuireProcess.run(["run", "nb.md", "--only", step], in: project.url)
            #expect(run.status == 0, "\(run.stderr)")
        }
        let steps = ["linear", "forest", "linear", "forest", "linear", "forest"]
        let statuses = Mutex([Int32](repeating: -1, count: steps.count))
        let directory = project.url
        DispatchQueue.concurrentPerform(iterations: steps.count) { index in
            let run = try? QuireProcess.run(["run", "nb.md", "--only", steps[index], "--quiet"], in: directory)
            statuses.withLock { $0[index] = run?.status ?? -1 }
        }
        #expect(statuses.withLock { $0 } == [Int32](repeating: 0, count: steps.count))
        let rest = try QuireProcess.run(["run", "nb.md"], in: project.url)
        #expect(rest.status == 0, "\(rest.stderr)")
        #expect(
            rest.stdout.contains("6 steps (4 cached, 2 ran)") || rest.stdout.contains("6 steps (2 ran, 4 cached)"),
            "\(rest.stdout)")
    }

    /// A cache made by another engine revision misses every step: the message says so.
    @Test func aCacheOfAnotherEngineIsNamed() throws {
        let project = try Self.project()
        let rows = try QuireProcess.run(["run", "nb.md", "--only", "rows"], in: project.url)
        #expect(rows.status == 0, "\(rows.stderr)")
        // The entry as an older engine would have left it: another engine in its components,
        // so another key.
        let entries = project.url.appendingPathComponent(".quire/cache/entries")
        let files = try #require(FileManager.default.enumerator(atPath: entries.path)?.allObjects as? [String])
        let file = try #require(files.first { $0.hasSuffix(".json") })
        let url = entries.appendingPathComponent(file)
        var text = try String(contentsOf: url, encoding: .utf8)
        let engine = try #require(text.range(of: #"quire-engine\\/[^"]*"#, options: .regularExpression))
        text.replaceSubrange(engine, with: "quire-engine/0.0.1-r1")
        let oldKey = url.deletingPathExtension().lastPathComponent
        let newKey = String(repeating: "f", count: 64)
        text = text.replacingOccurrences(of: oldKey, with: newKey)
        try FileManager.default.createDirectory(
            at: entries.appendingPathComponent("ff"), withIntermediateDirectories: true)
        try text.write(to: entries.appendingPathComponent("ff/\(newKey).json"), atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(at: url)
        let run = try QuireProcess.run(["run", "nb.md", "--only", "split"], in: project.url)
        #expect(run.status == 4)
        #expect(run.stderr.contains("rows: not in the cache"), "\(run.stderr)")
        #expect(
            run.stderr.contains("the cache holds them as made by quire-engine/0.0.1-r1; this Quire is quire-engine/"),
            "\(run.stderr)")
    }

    /// A task whose notebook changed since the plan (`--planned`, as the Argo workflow and the
    /// Dask adapter pass it) is refused: its steps' keys are not the plan's.
    @Test func aNotebookChangedSinceThePlanIsRefused() throws {
        let project = try Self.project()
        let plan = try QuireProcess.run(["plan", "nb.md", "--json"], in: project.url)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(plan.stdout.utf8)) as? [String: Any])
        let digest = try #require((document["notebook"] as? [String: Any])?["digest"] as? String)
        let same = try QuireProcess.run(["run", "nb.md", "--only", "rows", "--planned", digest], in: project.url)
        #expect(same.status == 0, "\(same.stderr)")
        try project.write(Self.notebook.replacingOccurrences(of: "seed: 3", with: "seed: 4"), to: "nb.md")
        let changed = try QuireProcess.run(["run", "nb.md", "--only", "split", "--planned", digest], in: project.url)
        #expect(changed.status == 4)
        #expect(changed.stderr.contains("error: nb.md changed since it was planned"), "\(changed.stderr)")
        #expect(changed.stderr.contains("plan it again"))
        let alone = try QuireProcess.run(["run", "nb.md", "--planned", digest], in: project.url)
        #expect(alone.status == 64)
    }

    @Test func mistakesAreErrorsWithTheirExitCodes() throws {
        let project = try Self.project()
        let unknown = try QuireProcess.run(["run", "nb.md", "--only", "lineer"], in: project.url)
        #expect(unknown.status == 64)
        #expect(
            unknown.stderr.contains("--only lineer: 'nb.md' has no step 'lineer' (did you mean 'linear'?)"),
            "\(unknown.stderr)")
        let missing = try QuireProcess.run(
            ["run", "nb.md", "--only", "rows", "--cache-dir", "absent"], in: project.url)
        #expect(missing.status == 74)
        #expect(missing.stderr.contains("error: --only needs the cache: the cache directory absent does not exist"))
        let off = try QuireProcess.run(["run", "nb.md", "--only", "rows", "--no-cache"], in: project.url)
        #expect(off.status == 74)
        #expect(off.stderr.contains("--no-cache leaves it nothing to read or write"))
        try project.write(Self.notebook, to: "other.md")
        let two = try QuireProcess.run(["run", "nb.md", "other.md", "--only", "rows"], in: project.url)
        #expect(two.status == 64)
        #expect(two.stderr.contains("--only runs a step of one notebook: give exactly one."))
        let frozen = try QuireProcess.run(["run", "nb.md", "--only", "rows", "--frozen"], in: project.url)
        #expect(frozen.status == 64)
    }

    /// The session docs/running.md shows, typed as written on a project with this notebook
    /// (`nb.md`): the same lines, but for the key, which the docs shorten.
    @Test func theDocumentedSessionIsWhatPrints() throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..")
        let docs = try String(contentsOf: repository.appendingPathComponent("docs/running.md"), encoding: .utf8)
        let section = try #require(docs.components(separatedBy: "### One step at a time").dropFirst().first)
        let session = try #require(section.components(separatedBy: "```\n").dropFirst().first)
        let project = try Self.project()
        var expected: [String] = []
        var printed: [String] = []
        for line in session.split(separator: "\n").map(String.init) {
            guard line.hasPrefix("$ ") else {
                expected.append(line)
                continue
            }
            let (_, text) = try QuireProcess.shell(String(line.dropFirst(2)), in: project.url)
            printed += text.split(separator: "\n").map(String.init).filter {
                !$0.hasPrefix("  ✓") && !$0.hasPrefix("  –")
            }
        }
        #expect(expected.count == 6)
        func masked(_ line: String) -> String {
            guard let range = line.range(of: "(key ") else { return line }
            return line[..<range.upperBound] + "…)"
        }
        // The failing run also prints the step's failure in the diagnostic format first.
        let kept = printed.filter { line in expected.contains { masked($0) == masked(line) } }
        #expect(kept.map(masked) == expected.map(masked), "\(printed)")
    }
}
