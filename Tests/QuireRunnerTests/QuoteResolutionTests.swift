import QuireNotebook
import QuireRunner
import Testing

/// `check` resolves every quoted value at its position, with "did you mean", before anything runs.
@Suite struct QuoteResolutionTests {
    static let steps = """
        ```step data
        generate: {kind: classification, n_samples: 100, seed: 1}
        ```

        ```step split
        split: {from: data, test_size: 0.3, seed: 1}
        ```

        ```step model
        train: {data: split.train, target: target, algorithm: logistic_regression}
        ```

        ```step eval
        evaluate: {model: model, data: split.test}
        ```

        ```step board
        compare: {evaluations: [eval], metric: roc_auc}
        ```

        """

    static func diagnostics(_ prose: String, frontMatter: String = "---\nparams: {seed: 3}\n---\n") -> [Diagnostic] {
        let source = frontMatter + steps + prose + "\n"
        let result = NotebookParser(options: [.checkProse]).parse(bytes: Array(source.utf8), path: "nb.md")
        guard let notebook = result.notebook, result.isValid else { return result.diagnostics }
        switch Planner().plan(notebook, params: ParamSet(frontMatter: notebook.frontMatter)) {
        case .success(let plan): return plan.warnings
        case .failure(let error): return error.diagnostics
        }
    }

    /// The line of the prose: after the front matter (3 lines) and the steps.
    static let proseLine = 3 + steps.split(separator: "\n", omittingEmptySubsequences: false).count

    @Test func validReferencesResolve() {
        let found = Self.diagnostics(
            "AUC {{ eval.roc_auc | .3f }} {{ eval.r2 }} {{ split.test.rows }} {{ data.columns }} ${params.seed} "
                + "{{ params.seed }} {{ model.algorithm }} {{ board.accuracy[0] }} {{ board.rows }}")
        #expect(found.isEmpty, "\(found.map(\.message))")
    }

    @Test(arguments: [
        ("{{ evl.roc_auc }}", Diagnostic.ID.unknownStep, 4, "did you mean 'eval'?"),
        ("{{ eval.roc_aux }}", .unknownField, 4, "did you mean 'eval.roc_auc'?"),
        ("{{ split.tset.rows }}", .unknownOutput, 4, "did you mean 'split.test'?"),
        ("{{ split.rows }}", .unknownOutput, 4, "write split.train.rows or split.test.rows or split.valid.rows"),
        ("{{ data.rowz }}", .unknownField, 4, "did you mean 'data.rows'?"),
        ("{{ params.sed }}", .undeclaredParam, 4, "did you mean 'seed'?"),
        ("${params.sed}", .undeclaredParam, 3, "did you mean 'seed'?"),
        ("{{ eval }}", .unknownField, 4, "quote one of its values"),
        ("{{ data.rows[0] }}", .unknownField, 4, "write {{ data.rows }}"),
    ])
    func unknownReferences(prose: String, id: Diagnostic.ID, column: Int, hint: String) throws {
        let found = Self.diagnostics("See " + prose + ".")
        let diagnostic = try #require(found.first, "no diagnostic for \(prose)")
        #expect(found.count == 1, "\(found.map(\.message))")
        #expect(diagnostic.id == id)
        #expect(diagnostic.severity == .error)
        #expect(diagnostic.range?.start == SourceLocation(line: Self.proseLine, column: 4 + column))
        #expect(diagnostic.hint?.contains(hint) == true, "\(diagnostic.hint ?? "no hint")")
    }

    @Test func titleReferencesAreResolvedAtTheirPosition() throws {
        let found = Self.diagnostics(
            "Text.", frontMatter: "---\ntitle: \"AUC {{ eval.roc_auc }} {{ eval.acuracy }}\"\nparams: {seed: 3}\n---\n")
        let diagnostic = try #require(found.first)
        #expect(found.count == 1)
        #expect(diagnostic.id == .unknownField)
        #expect(diagnostic.range?.start == SourceLocation(line: 2, column: 35))
        #expect(diagnostic.hint == "did you mean 'eval.accuracy'?")
    }
}
