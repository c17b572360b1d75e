import Foundation
import QuireNotebook
import QuireRunner
import Testing

/// The model operations through the runner: hyperparameters checked by the planner, models that
/// train, evaluate, predict and export, keys that stay put across runs.
@Suite struct ModelOpsTests {
    static let notebook = """
        ```step data
        generate: {kind: classification, n_samples: 400, n_features: 6, n_informative: 3, class_sep: 2.0, seed: 4}
        ```
        ```step split
        split: {from: data, test_size: 0.25, stratify: target, seed: 1}
        ```
        ```step model
        train: {data: split.train, algorithm: logistic_regression, target: target, preprocess: [standardize], C: 0.5}
        ```
        ```step quality
        evaluate: {model: model, data: split.test}
        ```
        ```step scored
        predict: {model: model, data: split.test}
        ```
        """

    @Test func hyperparametersAreCheckedBeforeRunning() throws {
        let harness = try RunnerHarness()
        let typo = try harness.diagnostics(
            "```step d\ngenerate: blobs\n```\n```step m\ntrain: {data: d, algorithm: ridge, target: x0, alpah: 2}\n```\n"
        )
        let unknown = try #require(typo.first { $0.id == .unknownParameter })
        #expect(unknown.hint == "did you mean 'alpha'?")
        #expect(unknown.range?.start == QuireNotebook.SourceLocation(line: 5, column: 48))
        let wrongType = try harness.diagnostics(
            "```step d\ngenerate: blobs\n```\n```step m\ntrain: {data: d, algorithm: ridge, target: x0, alpha: lots}\n```\n"
        )
        #expect(wrongType.contains { $0.id == .parameterType })
        let otherAlgorithm = try harness.diagnostics(
            "```step d\ngenerate: blobs\n```\n```step m\ntrain: {data: d, algorithm: ridge, target: x0, C: 1}\n```\n")
        #expect(otherAlgorithm.contains { $0.id == .unknownParameter }, "C belongs to logistic_regression, not ridge")
    }

    @Test func trainEvaluatePredict() throws {
        let harness = try RunnerHarness()
        let run = try harness.run(Self.notebook)
        #expect(
            run.results.map(\.status) == [.ok, .ok, .ok, .ok, .ok], "\(run.results.compactMap(\.failure?.message))")
        let evaluation = try #require(run.result("quality")?.outputs["metrics"]?.summary.evaluation)
        #expect((evaluation.metrics["accuracy"] ?? 0) > 0.85)
        #expect(evaluation.confusionMatrix?.flatMap { $0 }.reduce(0, +) == 100)
        let columns = run.result("scored")?.outputs["frame"]?.summary.frame?.columns.map(\.name) ?? []
        #expect(columns.suffix(3) == ["prediction", "probability_0", "probability_1"])
        let card = try #require(run.result("model")?.outputs["model"]?.summary.model)
        #expect(card.hyperparameters["C"] == "0.5")
        #expect(card.weightKind == "coefficients")
    }

    @Test func tuneCompareExplain() throws {
        let harness = try RunnerHarness()
        let source =
            Self.notebook + """

                ```step search
                tune: {data: split.train, algorithm: logistic_regression, target: target, grid: {C: [0.01, 1]}, cv: 3}
                ```
                ```step tree
                train: {data: split.train, algorithm: decision_tree, target: target, max_depth: 2}
                ```
                ```step tree_quality
                evaluate: {model: tree, data: split.test}
                ```
                ```step board
                compare: [quality, tree_quality]
                ```
                ```step why
                explain: {model: model, data: split.test, repeats: 2, seed: 3}
                ```
                """
        let run = try harness.run(source)
        #expect(run.results.allSatisfy { $0.status == .ok }, "\(run.results.compactMap(\.failure?.message))")
        let results = try #require(run.result("search")?.outputs["results"]?.summary.table)
        #expect(results.rows.count == 2)
        #expect(results.metrics["accuracy"] != nil)
        let board = try #require(run.result("board")?.outputs["leaderboard"]?.summary.table)
        #expect(board.rows.count == 2)
        if case .text(let winner) = board.rows[0][1] {
            let scores = ["quality", "tree_quality"].map {
                run.result($0)?.outputs["metrics"]?.summary.evaluation?.metrics["accuracy"] ?? 0
            }
            #expect(winner == (scores[0] >= scores[1] ? "quality" : "tree_quality"))
        }
        let importances = try #require(run.result("why")?.outputs["importances"]?.summary.table)
        #expect(importances.rows.count == 6)
    }

    @Test func modelBytesDoNotDependOnTrainingTime() throws {
        let first = try RunnerHarness().run(Self.notebook, cache: false)
        let second = try RunnerHarness().run(Self.notebook, cache: false, jobs: 1)
        #expect(first.result("model")?.outputs["model"]?.digest == second.result("model")?.outputs["model"]?.digest)
        #expect(
            first.result("quality")?.outputs["metrics"]?.digest == second.result("quality")?.outputs["metrics"]?.digest)
    }
}
