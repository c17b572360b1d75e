import Foundation
import QuireRunner
import TestSupport
import Testing

/// Entries of another layout are ignored cleanly: recomputed and rewritten, never misread.
@Suite struct CacheLayoutTests {
    static let notebook = """
        ```step data
        load: data.csv
        ```

        ```step adults
        filter: {from: data, where: "age >= 30"}
        ```
        """

    /// Rewrites every entry file with `change` applied to its JSON object.
    static func rewriteEntries(in cache: URL, _ change: (inout [String: Any]) -> Void) throws -> Int {
        let entries = cache.appendingPathComponent("entries")
        let files = try #require(FileManager.default.enumerator(at: entries, includingPropertiesForKeys: nil))
        var count = 0
        for case let url as URL in files where url.pathExtension == "json" {
            var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
            change(&object)
            try JSONSerialization.data(withJSONObject: object).write(to: url)
            count += 1
        }
        return count
    }

    @Test func anEntryOfTheFirstLayoutIsRecomputedAndRewritten() throws {
        let harness = try RunnerHarness(files: ["data.csv": RunnerHarness.csv])
        #expect(try harness.run(Self.notebook).results.map(\.status) == [.ok, .ok])
        #expect(try harness.run(Self.notebook).results.map(\.status) == [.cached, .cached])

        // Layout 1 had no `layout` field and kept each output's summary under `summary`.
        let rewritten = try Self.rewriteEntries(in: harness.cacheDirectory) { entry in
            entry["layout"] = nil
            var outputs = entry["outputs"] as? [String: [String: Any]] ?? [:]
            for (name, var output) in outputs {
                output["summary"] = output["kindSummary"]
                output["kindSummary"] = nil
                outputs[name] = output
            }
            entry["outputs"] = outputs
        }
        #expect(rewritten == 2)
        let cache = try CacheStore(directory: harness.cacheDirectory)
        #expect(cache.entries().isEmpty)

        let rerun = try harness.run(Self.notebook)
        #expect(rerun.results.map(\.status) == [.ok, .ok])
        #expect(rerun.result("adults")?.outputs["frame"]?.summary.frame?.rows == 7)
        let entries = cache.entries().map(\.entry)
        #expect(entries.count == 2)
        #expect(entries.allSatisfy { $0.layout == CacheEntry.layoutVersion })
        #expect(try harness.run(Self.notebook).results.map(\.status) == [.cached, .cached])
    }

    @Test func anEntryOfALaterLayoutIsIgnored() throws {
        let harness = try RunnerHarness(files: ["data.csv": RunnerHarness.csv])
        _ = try harness.run(Self.notebook)
        _ = try Self.rewriteEntries(in: harness.cacheDirectory) { $0["layout"] = CacheEntry.layoutVersion + 1 }
        #expect(try harness.run(Self.notebook).results.map(\.status) == [.ok, .ok])
    }

    @Test func anEntryKeepsEachOutputsKindAndItsOwnSummary() throws {
        let harness = try RunnerHarness(files: ["data.csv": RunnerHarness.csv])
        _ = try harness.run(Self.notebook)
        let entries = try CacheStore(directory: harness.cacheDirectory).entries().map(\.entry)
        let adults = try #require(entries.first { $0.step == "adults" }?.outputs["frame"])
        #expect(adults.kind == .frame)
        let frame = try #require(adults.summary.frame)
        // The CSV has 7 people aged 30 or more; the preview keeps them all (fewer than the limit).
        #expect(frame.rows == 7)
        #expect(frame.preview.count == 7)
        #expect(frame.columns.map(\.name) == ["id", "age", "income", "city", "label"])
        #expect(adults.summary.scalars == ["rows": 7, "columns": 5])
        // A summary is its kind's alone: read as another kind, it is nothing.
        #expect(adults.summary.profile == nil)
        #expect(adults.summary.monitor == nil)
    }
}
