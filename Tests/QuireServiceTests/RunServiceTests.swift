import Foundation
import QuireEngine
import QuireNotebook
import QuireReport
import QuireRunner
import QuireService
import TestSupport
import Testing

/// The run service in-process: each way a run can end comes back as a typed outcome.
@Suite struct RunServiceTests {
    static let valid = """
        ```step raw
        generate: {kind: blobs, n_samples: 20, seed: 1}
        ```

        ```step split
        split: {from: raw, seed: 1}
        ```
        """

    /// A drift between two generated frames (alert) and an exported model.
    static let monitored =
        SampleNotebooks.shiftedDrift + "\n" + SampleNotebooks.modelOnReference + """

            ```step release
            export: {model: model, name: "m-1"}
            ```
            """

    /// Runs `request` (notebooks relative to `project`), collecting the events.
    static func run(
        _ notebooks: [String], in project: TemporaryDirectory, configure: (inout RunRequest) -> Void = { _ in }
    ) throws -> (RunOutcome, [RunServiceEvent]) {
        var request = RunRequest(
            notebooks: notebooks.map { project.url.appendingPathComponent($0).path },
            outputDirectory: project.url.appendingPathComponent("reports").path, jobs: 2)
        request.reproducible = true
        configure(&request)
        let events = Events()
        let outcome = try RunService().run(request) { events.append($0) }
        return (outcome, events.all)
    }

    final class Events: @unchecked Sendable {
        // Guarded by `lock`: the service calls back from the executor's threads.
        private let lock = NSLock()
        private var events: [RunServiceEvent] = []
        func append(_ event: RunServiceEvent) { lock.withLock { events.append(event) } }
        var all: [RunServiceEvent] { lock.withLock { events } }
    }

    @Test func success() throws {
        let project = try TemporaryDirectory()
        try project.write(Self.valid, to: "ok.md")
        let (outcome, events) = try Self.run(["ok.md"], in: project)
        let notebook = try #require(outcome.notebooks.first)
        guard case .succeeded = notebook.ending else {
            Issue.record("ended \(notebook.ending)")
            return
        }
        #expect(notebook.location.reportName == "ok")
        #expect(notebook.outputs == ["ok.prom", "ok.json", "ok.html", "index.html"])
        #expect(notebook.report == "ok.html")
        #expect(notebook.result?.results.map(\.status) == [.ok, .ok])
        for output in notebook.outputs {
            #expect(
                FileManager.default.fileExists(atPath: project.url.appendingPathComponent("reports/\(output)").path))
        }
        #expect(events.contains { if case .started = $0 { true } else { false } })
        #expect(events.filter { if case .step(_, .finished) = $0 { true } else { false } }.count == 2)
        guard case .written(let index) = outcome.index else {
            Issue.record("a single notebook's run writes the index too")
            return
        }
        #expect(index.hasSuffix("reports/index.html"))
        // A second run comes from the cache.
        let (again, _) = try Self.run(["ok.md"], in: project)
        #expect(again.notebooks.first?.result?.results.map(\.status) == [.cached, .cached])
    }

    @Test func failedStep() throws {
        let project = try TemporaryDirectory()
        try project.write(
            Self.valid + "\n```step data\nload: missing.csv\n```\n\n```step after\nprofile: data\n```\n", to: "f.md")
        let (outcome, _) = try Self.run(["f.md"], in: project)
        let notebook = try #require(outcome.notebooks.first)
        guard case .stepsFailed = notebook.ending else {
            Issue.record("ended \(notebook.ending)")
            return
        }
        #expect(notebook.result?.result("data")?.status == .failed)
        #expect(notebook.result?.result("after")?.status == .notRun)
        #expect(notebook.outputs.contains("f.html"), "the report is still written")
    }

    @Test func gateTrippedAndArtifactWritten() throws {
        let project = try TemporaryDirectory()
        try project.write(Self.monitored, to: "mon.md")
        let (plain, _) = try Self.run(["mon.md"], in: project)
        let worst = try #require(plain.notebooks.first?.monitorStatus)
        guard case .succeeded = try #require(plain.notebooks.first).ending else {
            Issue.record("without failOn a drift is not a failure")
            return
        }
        let (gated, _) = try Self.run(["mon.md"], in: project) { $0.failOn = worst }
        let notebook = try #require(gated.notebooks.first)
        guard case .gateTripped(let status) = notebook.ending else {
            Issue.record("ended \(notebook.ending)")
            return
        }
        #expect(status == worst)
        #expect(notebook.gateTripped == worst)
        // The export step declared its model file; the service wrote it in the same set.
        #expect(notebook.artifacts == [.init(step: "release", path: "models/m-1.json")])
        #expect(notebook.outputs.first == "models/m-1.json")
        let data = try Data(contentsOf: project.url.appendingPathComponent("reports/models/m-1.json"))
        let file = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let manifest = try #require(file["manifest"] as? [String: Any])
        #expect(manifest["name"] as? String == "m-1")
        #expect(manifest["step"] as? String == "release")
        #expect((manifest["notebook"] as? [String: Any])?["path"] as? String == "mon.md")
        let model = try TrainedModel.decode(try JSONSerialization.data(withJSONObject: try #require(file["model"])))
        #expect(model.features.count == 2)
    }

    /// The committed exported model (reports/models) comes out byte for byte from the service.
    @Test func exportedModelIsByteIdenticalToTheCommittedOne() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let output = try TemporaryDirectory()
        var request = RunRequest(
            notebooks: [root.appendingPathComponent("notebooks/churn-model.md").path],
            outputDirectory: output.url.path, jobs: 2, cache: .none)
        request.reproducible = true
        let outcome = try RunService().run(request)
        let notebook = try #require(outcome.notebooks.first)
        let artifact = try #require(notebook.artifacts.first)
        let written = try Data(contentsOf: output.url.appendingPathComponent(artifact.path))
        let committed = try Data(contentsOf: root.appendingPathComponent("reports/\(artifact.path)"))
        #expect(written == committed)
    }

    @Test func invalidNotebook() throws {
        let project = try TemporaryDirectory()
        try project.write("```step Bad\nload: x\n```\n", to: "bad.md")
        try project.write(Self.valid, to: "ok.md")
        let (outcome, _) = try Self.run(["bad.md", "ok.md"], in: project)
        guard case .invalidNotebook(let diagnostics) = try #require(outcome.notebooks.first).ending else {
            Issue.record("ended \(outcome.notebooks[0].ending)")
            return
        }
        #expect(diagnostics.map(\.id.rawValue).contains("step-invalid-id"))
        #expect(outcome.notebooks[0].outputs.isEmpty)
        guard case .succeeded = outcome.notebooks[1].ending else {
            Issue.record("the valid notebook still runs")
            return
        }
        guard case .written = outcome.index else {
            Issue.record("two notebooks get an index")
            return
        }
    }

    @Test func staleUnderFrozen() throws {
        let project = try TemporaryDirectory()
        try project.write(Self.valid, to: "ok.md")
        let (outcome, _) = try Self.run(["ok.md"], in: project) { $0.frozen = true }
        guard case .stale(let stale) = try #require(outcome.notebooks.first).ending else {
            Issue.record("ended \(outcome.notebooks[0].ending)")
            return
        }
        // No summary in the output directory: nothing is recorded to check against.
        #expect(stale.isEmpty)
        #expect(outcome.notebooks[0].staleReasons.first?.hasPrefix("no recorded run:") == true)
        #expect(!FileManager.default.fileExists(atPath: project.url.appendingPathComponent("reports").path))
        _ = try Self.run(["ok.md"], in: project)
        let (fresh, _) = try Self.run(["ok.md"], in: project) { $0.frozen = true }
        guard case .succeeded = try #require(fresh.notebooks.first).ending else {
            Issue.record("after a run, nothing is stale")
            return
        }
    }

    @Test func outputFailure() throws {
        let project = try TemporaryDirectory()
        try project.write(Self.valid, to: "ok.md")
        try project.write("a file, not a directory", to: "blocker")
        let (outcome, _) = try Self.run(["ok.md"], in: project) {
            $0.outputDirectory = project.url.appendingPathComponent("blocker/reports").path
        }
        let notebook = try #require(outcome.notebooks.first)
        guard case .outputFailed(let error) = notebook.ending else {
            Issue.record("ended \(notebook.ending)")
            return
        }
        #expect(error.path.contains("blocker"))
        #expect(notebook.outputs.isEmpty)
    }

    @Test func usageErrorsAreThrown() throws {
        let project = try TemporaryDirectory()
        try project.write(Self.valid, to: "ok.md")
        #expect(throws: RunServiceError.self) {
            _ = try Self.run(["ok.md"], in: project) { $0.force = ["rwa"] }
        }
        #expect(throws: RunServiceError.self) {
            _ = try Self.run(["ok.md"], in: project) { $0.parameters = ParameterOverrides(assignments: ["seed"]) }
        }
    }

    @Test func cacheErrorsCarryACode() throws {
        let project = try TemporaryDirectory()
        try project.write("", to: "file")
        do {
            _ = try CacheStore(directory: project.url.appendingPathComponent("file/cache"))
            Issue.record("a cache under a file cannot be created")
        } catch {
            #expect(error.code == .unwritable)
            #expect(error.code.rawValue == "cache-unwritable")
            #expect(error.path?.hasSuffix("file/cache") == true)
            #expect(error.description.hasPrefix("cannot create the cache at "))
        }
    }

    @Test func locationIsDerivedOnce() throws {
        let project = try TemporaryDirectory()
        try project.write("", to: ".git/HEAD")
        try project.write(Self.valid, to: "notebooks/churn.md")
        let location = NotebookLocation(
            path: project.url.appendingPathComponent("notebooks/../notebooks/churn.md").path)
        #expect(location.reportName == "churn")
        #expect(location.pathInProject == "notebooks/churn.md")
        #expect(location.directory.hasSuffix("/notebooks"))
        #expect(location.absolutePath == location.directory + "/churn.md")
        #expect(location.projectRoot == project.url.resolvingSymlinksInPath().path)
    }
}
