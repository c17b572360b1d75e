import Foundation
import QuireNotebook
import QuireReport
import QuireRunner
import QuireSupport
import QuireValues
import TestSupport
import Testing

/// Every standard kind from a cache entry renders as it did fresh; display choices are made at
/// render time; summaries keep their numbers exactly.
@Suite struct ValueKindTests {
    static let notebook = """
        # Every kind

        ```step data
        generate: {kind: classification, n_samples: 40, n_features: 3, n_informative: 2, n_redundant: 0, seed: 4}
        ```

        ```step summary
        profile: data
        ```

        ```step model
        train: {data: data, algorithm: logistic_regression, target: target}
        ```

        ```step quality
        evaluate: {model: model, data: data}
        ```

        ```step importance
        explain: {model: model, data: data, scoring: accuracy, repeats: 2, seed: 1}
        ```

        ```step check
        expect:
          from: data
          expectations:
            - not_null: {column: x00}
        ```
        """

    static func run(cache: CacheStore, previewRows: Int = 10) throws -> (RunResult, String) {
        let parsed = try #require(
            NotebookParser(options: [.renderProse]).parse(bytes: Array(notebook.utf8), path: "nb.md").notebook)
        let plan = try Planner().plan(parsed, params: ParamSet(frontMatter: nil)).get()
        var options = RunOptions(baseDirectory: cache.directory.path, projectRoot: cache.directory.path)
        options.cache = cache
        let run = Executor(plan: plan, options: options).run()
        let html = ReportRenderer(options: .init(reproducible: true, previewRows: previewRows)).render(parsed, run: run)
        return (run, html)
    }

    @Test func everyKindRendersTheSameFromTheCache() throws {
        let directory = try TemporaryDirectory()
        let cache = try CacheStore(directory: directory.url)
        let (cold, coldHTML) = try Self.run(cache: cache)
        #expect(cold.results.allSatisfy { $0.status == .ok })
        let (warm, warmHTML) = try Self.run(cache: cache)
        #expect(warm.results.allSatisfy { $0.status == .cached })
        #expect(warmHTML == coldHTML)

        let kinds = Set(warm.results.flatMap { $0.outputs.values.map(\.kind) })
        #expect(kinds == [.frame, .profile, .model, .evaluation, .table, .monitor])
        for result in warm.results {
            for (name, record) in result.outputs {
                let html = ValueKinds.standard.render(record.summary, name: name, options: RenderOptions()).markup
                #expect(html.contains("class=\"output \(record.kind.name)\""), "\(result.id).\(name)")
                let fresh = try #require(cold.result(result.id)?.outputs[name])
                #expect(record == fresh, "\(result.id).\(name)")
            }
        }
    }

    @Test func previewRowsAreChosenWhenRendering() throws {
        let directory = try TemporaryDirectory()
        let cache = try CacheStore(directory: directory.url)
        _ = try Self.run(cache: cache)
        // From the same cached summary of the 40 generated rows: what the renderer asks for, up to
        // what the summary keeps.
        for (asked, shown) in [(3, 3), (10, 10), (FrameSummary.previewLimit + 5, FrameSummary.previewLimit)] {
            let (run, html) = try Self.run(cache: cache, previewRows: asked)
            #expect(run.result("data")?.status == .cached)
            #expect(html.contains("<p class=\"note\">First \(shown) of 40 rows.</p>"), "asked for \(asked)")
        }
    }

    @Test func aKindTheRegistryDoesNotKnowShowsItsName() throws {
        let directory = try TemporaryDirectory()
        let cache = try CacheStore(directory: directory.url)
        let (run, _) = try Self.run(cache: cache)
        let record = try #require(run.result("summary")?.outputs["profile"])
        let html = ValueKinds([FrameKind.self]).render(record.summary, name: "profile", options: RenderOptions())
        #expect(html.markup == "<p>profile: profile</p>")
    }

    @Test func aSummaryKeepsItsNumbersExactly() throws {
        let numbers: [Double] = [
            .nan, .infinity, -.infinity, -0.0, 0.1, 1e300, .leastNonzeroMagnitude, 9_007_199_254_740_992, 3, 1e15, 1e22,
            123_456_789_012, -4_503_599_627_370_497, 18_014_398_509_481_988,
        ]
        let table = Table(
            columns: ["text", "number"], rows: numbers.map { [.text("nan"), .number($0)] },
            metrics: ["auc": .nan, "best": 0.75])
        let summary = OutputSummary(TableKind.self, table)
        let data = try JSONCoding.encoder.encode(summary)
        let read = try JSONCoding.decoder.decode(OutputSummary.self, from: data)
        let back = try #require(read.as(TableKind.self))
        #expect(back.columns == table.columns)
        for (row, number) in zip(back.rows, numbers) {
            #expect(row.first == .text("nan"))
            guard case .number(let value) = row.last else {
                Issue.record("not a number: \(row)")
                continue
            }
            #expect(value.bitPattern == number.bitPattern || (value.isNaN && number.isNaN), "\(number)")
        }
        #expect(back.metrics["auc"]?.isNaN == true)
        #expect(read.scalars["best"] == 0.75)
        #expect(read.scalars["rows"] == Double(numbers.count))
        #expect(try JSONCoding.encoder.encode(read) == data)
    }
}
