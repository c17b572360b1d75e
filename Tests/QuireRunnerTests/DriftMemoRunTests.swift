import Foundation
import QuireEngine
import QuireNotebook
import QuireRunner
import TestSupport
import Testing

/// A run hands each step its inputs' digests, and `drift` names its data by them in the
/// process's `DriftMemo`: the second drift step on the same frames finds the first one's figures.
@Suite struct DriftMemoRunTests {
    static let notebook = """
        ---
        title: Two drift steps
        ---

        ```step ref
        generate: {kind: classification, n_samples: 400, n_features: 5, seed: 11}
        ```

        ```step cur
        generate: {kind: classification, n_samples: 300, n_features: 5, seed: 12}
        ```

        ```step psi
        drift: {reference: ref, current: cur, method: psi, binning: quantile}
        ```

        ```step ks
        drift: {reference: ref, current: cur, method: ks, include: [x00, x01, x02]}
        ```
        """

    @Test func driftStepsNameTheirDataByDigest() throws {
        let directory = try TemporaryDirectory()
        let parsed = try #require(NotebookParser().parse(bytes: Array(Self.notebook.utf8), path: "nb.md").notebook)
        let plan = try Planner().plan(parsed, params: ParamSet(frontMatter: parsed.frontMatter)).get()
        let options = RunOptions(baseDirectory: directory.url.path, projectRoot: directory.url.path)
        let run = Executor(plan: plan, options: options).run()
        #expect(run.results.allSatisfy { $0.status == .ok })
        let psi = try #require(run.result("psi")?.components)
        let ks = try #require(run.result("ks")?.components)
        let reference = try #require(psi.inputs["ref.frame"])
        let current = try #require(psi.inputs["cur.frame"])
        #expect(ks.inputs["ref.frame"] == reference && ks.inputs["cur.frame"] == current)
        for column in ["x00", "x01", "x02"] {
            #expect(DriftMemo.shared.hasSample(of: reference, column: column))
            #expect(DriftMemo.shared.hasSample(of: current, column: column))
        }
    }
}
