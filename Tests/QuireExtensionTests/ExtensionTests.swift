import Foundation
import QuireNotebook
import QuireReport
import QuireRunner
import QuireValues
import TestSupport
import Testing

/// A program adds an op and a value kind of its own (``SketchOp`` and ``SketchKind``, one file
/// each) and runs a notebook with them through the library: planner, executor with a cache,
/// report, JSON summary and Prometheus text, cold and then warm.
@Suite struct ExtensionTests {
    static let notebook = """
        # Sketches

        ```step data
        load: data.csv
        ```

        ```step hist
        sketch: {from: data, column: x}
        ```

        ```step counted
        profile: data
        when: hist.total == 6 and not hist.empty
        ```

        ```step never
        profile: data
        when: hist.empty
        ```
        """

    /// `x` spans [0, 8]: four equal bins [0, 2), [2, 4), [4, 6), [6, 8] hold 0, 1, 1.5 | 3 | — | 7, 8.
    static let csv = "x\n0\n1\n1.5\n3\n7\n8\n"
    static let counts = [3, 1, 0, 2]

    static var operations: OpRegistry {
        var registry = OpRegistry.standard
        registry.register(SketchOp.self)
        return registry
    }

    static var kinds: ValueKinds {
        var kinds = ValueKinds.standard
        kinds.register(SketchKind.self)
        return kinds
    }

    struct Outputs {
        var run: RunResult
        var html: String
        var json: String
        var prometheus: String
    }

    static func run(in directory: TemporaryDirectory, cache: CacheStore) throws -> Outputs {
        let parsed = try #require(
            NotebookParser(options: [.renderProse]).parse(bytes: Array(notebook.utf8), path: "nb.md").notebook)
        let plan = try Planner(registry: operations).plan(parsed, params: ParamSet(frontMatter: nil)).get()
        var options = RunOptions(baseDirectory: directory.url.path, projectRoot: directory.url.path)
        options.cache = cache
        options.valueKinds = kinds
        let run = Executor(plan: plan, options: options, registry: operations).run()
        let html = ReportRenderer(options: .init(reproducible: true)).render(parsed, run: run)
        let json = RunSummary(run: run, notebookPath: "nb.md", notebookDigest: "-", reproducible: true).json.text
        let prometheus = PrometheusExporter(run: run, notebook: "nb", timestamp: nil, reproducible: true).text
        return Outputs(run: run, html: html, json: json, prometheus: prometheus)
    }

    @Test func aKindAndAnOpFromOutsideRunRenderAndCache() throws {
        let directory = try TemporaryDirectory()
        try Self.csv.write(to: directory.url.appendingPathComponent("data.csv"), atomically: true, encoding: .utf8)
        let cache = try CacheStore(directory: directory.url.appendingPathComponent("cache"))

        let cold = try Self.run(in: directory, cache: cache)
        #expect(cold.run.results.map(\.status) == [.ok, .ok, .ok, .skipped])
        let record = try #require(cold.run.result("hist")?.outputs["sketch"])
        #expect(record.kind == SketchKind.kind)
        #expect(record.summary.as(SketchKind.self)?.counts == Self.counts)
        #expect(record.summary.scalars["total"] == 6)

        // The kind's HTML, in the step's place in the report.
        let items = Self.counts.map { "<li>\($0)</li>" }.joined()
        #expect(cold.html.contains("<ol class=\"sketch\">\(items)</ol>"))
        #expect(cold.html.contains("<span class=\"output-name\">sketch</span> · x from 0 to 8"))
        // Its JSON form and its scalars in the summary.
        let summary = try #require(
            JSONSerialization.jsonObject(with: Data(cold.json.utf8)) as? [String: Any])
        let steps = try #require(summary["steps"] as? [[String: Any]])
        let hist = try #require(steps.first { $0["id"] as? String == "hist" })
        let output = try #require((hist["outputs"] as? [String: Any])?["sketch"] as? [String: Any])
        #expect(output["kind"] as? String == "histogram-sketch")
        #expect((output["sketch"] as? [String: Any])?["counts"] as? [Int] == Self.counts)
        #expect((output["scalars"] as? [String: Any])?["total"] as? Int == 6)
        // Its gauge, after the standard kinds' families.
        #expect(cold.prometheus.contains("quire_sketch_total{notebook=\"nb\",step=\"hist\",output=\"sketch\"} 6\n"))
        let frameRows = try #require(cold.prometheus.range(of: "# HELP quire_frame_rows"))
        let sketchTotal = try #require(cold.prometheus.range(of: "# HELP quire_sketch_total"))
        #expect(frameRows.lowerBound < sketchTotal.lowerBound)

        // Warm: every step from the cache, the same report, summary and metrics without a blob.
        let warm = try Self.run(in: directory, cache: cache)
        #expect(warm.run.results.map(\.status) == [.cached, .cached, .cached, .skipped])
        #expect(warm.html == cold.html)
        // The summary and metrics differ only in how many steps ran and how many were cached.
        #expect(try Self.outputs(warm.json) == Self.outputs(cold.json))
        let statusFree = { (text: String) in
            text.split(separator: "\n").filter { !$0.hasPrefix("quire_steps{") && !$0.hasPrefix("quire_step_status{") }
        }
        #expect(statusFree(warm.prometheus) == statusFree(cold.prometheus))

        // The entry names the kind and keeps its summary; the blob decodes with the registry.
        let entry = try #require(cache.entries().map(\.entry).first { $0.step == "hist" })
        let stored = try #require(entry.outputs["sketch"])
        #expect(stored.kind.name == "histogram-sketch")
        #expect(stored.summary.as(SketchKind.self) == record.summary.as(SketchKind.self))
        let bytes = try cache.object(stored.digest)
        let value = try StepValue.decode(stored.kind, from: bytes, kinds: Self.kinds)
        #expect(value.as(SketchKind.self)?.counts == Self.counts)
        #expect(throws: ValueKindError.unknown(SketchKind.kind)) {
            try StepValue.decode(stored.kind, from: bytes, kinds: .standard)
        }
    }

    /// Each step's `outputs` object of a JSON summary, as text, by step.
    static func outputs(_ json: String) throws -> [String: String] {
        let summary = try #require(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        var outputs: [String: String] = [:]
        for step in try #require(summary["steps"] as? [[String: Any]]) {
            let id = try #require(step["id"] as? String)
            let object = try #require(step["outputs"])
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            outputs[id] = String(decoding: data, as: UTF8.self)
        }
        return outputs
    }

    @Test func aReferenceToTheNewKindIsCheckedByThePlanner() throws {
        let source = """
            ```step data
            load: data.csv
            ```

            ```step hist
            sketch: {from: data, column: x}
            ```

            ```step bad
            profile: hist
            ```
            """
        let parsed = try #require(NotebookParser().parse(bytes: Array(source.utf8), path: "nb.md").notebook)
        let result = Planner(registry: Self.operations).plan(parsed, params: ParamSet(frontMatter: nil))
        guard case .failure(let error) = result else {
            Issue.record("a histogram sketch given where a frame is expected was accepted")
            return
        }
        #expect(error.diagnostics.contains { $0.message.contains("is a histogram sketch") })
    }
}
