import Foundation
import QuireNotebook
import QuireRunner
import Testing

/// Running, caching, failing, skipping: through the public API on real files.
@Suite struct ExecutorTests {
    static let notebook = """
        ---
        params: {seed: 3, min_age: 30}
        ---
        ```step people
        load: people.csv
        ```
        ```step adults
        filter: {from: people, where: "age >= ${params.min_age}"}
        ```
        ```step split
        split: {from: adults, test_size: 0.5, seed: "${params.seed}"}
        ```
        ```step summary
        profile: split.train
        ```
        ```step synthetic
        generate: {kind: classification, n_samples: 50, n_features: 4, seed: 1}
        ```
        """

    @Test func runsThenServesEverythingFromTheCache() throws {
        let harness = try RunnerHarness(files: ["people.csv": RunnerHarness.csv])
        let first = try harness.run(Self.notebook)
        #expect(
            first.results.map(\.status) == [.ok, .ok, .ok, .ok, .ok],
            "\(first.results.map { $0.failure?.message ?? "" })")
        #expect(first.result("adults")?.outputs["frame"]?.summary.frame?.rows == 7)
        let second = try harness.run(Self.notebook)
        #expect(second.results.map(\.status) == Array(repeating: .cached, count: 5))
        #expect(second.results.map(\.key) == first.results.map(\.key))
        #expect(
            second.results.map { $0.outputs.mapValues(\.digest) }
                == first.results.map { $0.outputs.mapValues(\.digest) })
    }

    @Test func resultsAreIdenticalForEveryJobCount() throws {
        let one = try RunnerHarness(files: ["people.csv": RunnerHarness.csv]).run(Self.notebook, cache: false, jobs: 1)
        let two = try RunnerHarness(files: ["people.csv": RunnerHarness.csv]).run(Self.notebook, cache: false, jobs: 2)
        let four = try RunnerHarness(files: ["people.csv": RunnerHarness.csv]).run(Self.notebook, cache: false, jobs: 4)
        for run in [two, four] {
            #expect(
                run.results.map { $0.outputs.mapValues(\.digest) } == one.results.map { $0.outputs.mapValues(\.digest) }
            )
            #expect(run.results.map(\.key) == one.results.map(\.key))
        }
    }

    @Test func changingOneByteReRunsExactlyWhatReadsIt() throws {
        let harness = try RunnerHarness(files: ["people.csv": RunnerHarness.csv])
        _ = try harness.run(Self.notebook)
        // Row 10 is under min_age: the filter's output, hence everything after it, stays the same.
        try harness.directory.write(
            RunnerHarness.csv.replacingOccurrences(of: "10,27,39000", with: "10,26,39000"), to: "people.csv")
        let explained = try harness.explain(Self.notebook)
        #expect(explained.first { $0.id == "people" }?.reasons == ["file people.csv changed"])
        let rerun = try harness.run(Self.notebook)
        #expect(rerun.results.map(\.status) == [.ok, .ok, .cached, .cached, .cached])
    }

    @Test func aParameterChangeIsExplainedAndCascadesOnlyWhereValuesChange() throws {
        let harness = try RunnerHarness(files: ["people.csv": RunnerHarness.csv])
        _ = try harness.run(Self.notebook)
        let explained = try harness.explain(Self.notebook, overrides: ["seed": "4"])
        #expect(explained.map(\.verdict) == [.hit, .hit, .miss, .miss, .hit])
        #expect(explained.first { $0.id == "split" }?.reasons == ["parameter seed changed"])
        #expect(explained.first { $0.id == "summary" }?.reasons == ["input from 'split', which will run"])
    }

    @Test func displayOptionsAndTitlesDoNotChangeKeys() throws {
        let harness = try RunnerHarness(files: ["people.csv": RunnerHarness.csv])
        let plain = try harness.run("```step a\nload: people.csv\n```\n")
        let decorated = try harness.run(
            "```step a echo=false fold=true\nload: people.csv\ntitle: Raw data\ntimeout: 5m\n```\n")
        #expect(decorated.results[0].status == .cached)
        #expect(decorated.results[0].key == plain.results[0].key)
    }

    @Test func renamingAnUpstreamStepKeepsDownstreamKeys() throws {
        let harness = try RunnerHarness(files: ["people.csv": RunnerHarness.csv])
        let before = try harness.run("```step raw\nload: people.csv\n```\n```step p\nprofile: raw\n```\n")
        let after = try harness.run("```step source\nload: people.csv\n```\n```step p\nprofile: source\n```\n")
        #expect(after.result("p")?.status == .cached)
        #expect(after.result("p")?.key == before.result("p")?.key)
    }

    @Test func aFailureStopsOnlyItsDependents() throws {
        let harness = try RunnerHarness(files: ["people.csv": RunnerHarness.csv])
        let source = """
            ```step people
            load: people.csv
            ```
            ```step broken
            filter: {from: people, where: "agee > 3"}
            ```
            ```step after
            profile: broken
            ```
            ```step fine
            profile: people
            ```
            """
        let run = try harness.run(source)
        #expect(run.results.map(\.status) == [.ok, .failed, .notRun, .ok])
        let failure = try #require(run.result("broken")?.failure)
        #expect(failure.range?.start == QuireNotebook.SourceLocation(line: 5, column: 32))
        #expect(failure.hint == "did you mean `age`?")
        #expect(!run.succeeded)
    }

    @Test func whenFalseSkipsTheStepAndItsDependents() throws {
        let harness = try RunnerHarness(files: ["people.csv": RunnerHarness.csv])
        let source = """
            ---
            params: {retrain: false}
            ---
            ```step people
            load: people.csv
            ```
            ```step big
            profile: people
            when: people.rows > 100 or params.retrain
            ```
            ```step after
            select: {from: people, columns: [age]}
            needs: big
            ```
            """
        let run = try harness.run(source)
        #expect(run.results.map(\.status) == [.ok, .skipped, .skipped])
        let forced = try harness.run(source, overrides: ["retrain": "true"])
        #expect(forced.results.map(\.status) == [.cached, .ok, .ok])
    }

    @Test func timeoutFailsTheStep() throws {
        // 400,000 rows take far longer than a millisecond to generate.
        let harness = try RunnerHarness()
        let run = try harness.run(
            "```step slow\ngenerate: {kind: regression, n_samples: 400000, n_features: 20}\ntimeout: 1ms\n```\n",
            cache: false)
        #expect(run.results[0].status == .failed)
        #expect(run.results[0].failure?.message == "timed out after 1 ms")
    }

    @Test func forceReRunsTheStepAndDependents() throws {
        let harness = try RunnerHarness(files: ["people.csv": RunnerHarness.csv])
        _ = try harness.run(Self.notebook)
        let plan = try harness.plan(Self.notebook)
        let forced = Set(plan.steps(dependingOn: "adults").map(\.id))
        let run = try harness.run(Self.notebook, force: forced)
        #expect(run.results.map(\.status) == [.cached, .ok, .ok, .ok, .cached])
    }

    @Test func corruptCacheObjectIsDetectedAndRecomputed() throws {
        let harness = try RunnerHarness(files: ["people.csv": RunnerHarness.csv])
        let first = try harness.run(Self.notebook)
        // Damage the blob of `people`'s frame, then force a dependent to need it.
        let digest = try #require(first.result("people")?.outputs["frame"]?.digest)
        let blob = harness.cacheDirectory.appendingPathComponent("objects/\(digest.prefix(2))/\(digest)")
        var bytes = try [UInt8](Data(contentsOf: blob))
        bytes[bytes.count / 2] ^= 0xFF
        try Data(bytes).write(to: blob)
        let run = try harness.run(Self.notebook, force: ["adults"])
        #expect(run.result("adults")?.status == .ok)
        #expect(run.warnings.contains { $0.contains("corrupt") })
        #expect(run.result("adults")?.outputs == first.result("adults")?.outputs)
        let objectBytes = try [UInt8](Data(contentsOf: blob))
        #expect(Digest.sha256(objectBytes) == digest, "the recomputed blob was stored again")
    }

    @Test func aValueLeavesMemoryOnceTheStepsThatReadItAreDecided() throws {
        let harness = try RunnerHarness(files: ["people.csv": RunnerHarness.csv])
        let source =
            Self.notebook + """

                ```step model
                train: {data: synthetic, algorithm: logistic_regression, target: target}
                ```
                ```step shipped
                export: {model: model, name: kept}
                ```
                """
        for cache in [true, false] {
            let plan = try harness.plan(source)
            let executor = Executor(plan: plan, options: try harness.options(cache: cache, jobs: 1))
            let run = executor.run()
            #expect(run.results.allSatisfy { $0.status == .ok }, "\(run.results.map { $0.failure?.message ?? "" })")
            // The export writes its file after the run, from its own output; nothing else stays.
            #expect(executor.valuesInMemory == [StepReference(step: "shipped", output: "model")])
            // A value that left memory is still there for whoever asks: from the cache, or recomputed.
            let adults = try executor.value(of: StepReference(step: "adults", output: "frame"))
            #expect(adults.frame?.rowCount == 7)
        }
    }

    @Test func everyStoredBlobIsItsValuesEncodingUnderItsDigest() throws {
        let harness = try RunnerHarness(files: ["people.csv": RunnerHarness.csv])
        let cached = try harness.run(Self.notebook)
        let uncached = try RunnerHarness(files: ["people.csv": RunnerHarness.csv]).run(Self.notebook, cache: false)
        #expect(
            uncached.results.map { $0.outputs.mapValues(\.digest) }
                == cached.results.map { $0.outputs.mapValues(\.digest) })
        let records = cached.results.flatMap { $0.outputs.values }
        #expect(records.count >= 5)
        for record in records {
            let blob = harness.cacheDirectory.appendingPathComponent(
                "objects/\(record.digest.prefix(2))/\(record.digest)")
            let bytes = try [UInt8](Data(contentsOf: blob))
            #expect(Digest.sha256(bytes) == record.digest)
            #expect(bytes.count == record.byteCount)
            #expect(try StepValue.decode(record.kind, from: bytes).encoded() == bytes)
        }
        let leftovers = try FileManager.default.contentsOfDirectory(
            atPath: harness.cacheDirectory.appendingPathComponent("tmp").path)
        #expect(leftovers.isEmpty, "\(leftovers)")
    }

    @Test func aStepReadingAFewColumnsDecodesOnlyThoseFromTheCache() throws {
        let harness = try RunnerHarness(files: ["people.csv": RunnerHarness.csv])
        let source = """
            ```step people
            load: people.csv
            ```
            ```step slim
            select: {from: people, columns: [income, age]}
            ```
            """
        let first = try harness.run(source)
        // `slim` again, `people` from the cache with two of its columns: the same output.
        let again = try harness.run(source, force: ["slim"])
        #expect(again.results.map(\.status) == [.cached, .ok])
        #expect(again.result("slim")?.outputs == first.result("slim")?.outputs)
        // A damaged byte in a column `slim` reads is found, and `people` recomputed.
        let digest = try #require(first.result("people")?.outputs["frame"]?.digest)
        let blob = harness.cacheDirectory.appendingPathComponent("objects/\(digest.prefix(2))/\(digest)")
        var bytes = try [UInt8](Data(contentsOf: blob))
        let income = try #require(bytes.indices.first { bytes[$0...].starts(with: Array("income".utf8)) })
        bytes[income + 8 + 3] ^= 0xFF  // the name padded to 8, then the first number's bytes
        try Data(bytes).write(to: blob)
        let repaired = try harness.run(source, force: ["slim"])
        #expect(repaired.warnings.contains { $0.contains("corrupt") }, "\(repaired.warnings)")
        #expect(repaired.result("slim")?.outputs == first.result("slim")?.outputs)
    }

    @Test func filesOutsideTheProjectRootAreRefused() throws {
        let harness = try RunnerHarness()
        let run = try harness.run("```step a\nload: ../../../../etc/hostname\n```\n", cache: false)
        #expect(run.results[0].status == .failed)
        #expect(run.results[0].failure?.message.contains("outside the project root") == true)
        #expect(run.results[0].failure?.range?.start == QuireNotebook.SourceLocation(line: 2, column: 7))
    }
}
