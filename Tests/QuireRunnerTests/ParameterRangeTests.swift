import QuireEngine
import QuireNotebook
import QuireRunner
import Testing

/// Every number a notebook gives an op has a declared range, checked at the value's position
/// before anything runs; what only the data can refuse fails the step at the parameter.
@Suite struct ParameterRangeTests {
    /// Every op's numeric parameters, including each algorithm's hyperparameters.
    static let numericParameters: [(op: String, parameter: OpSchema.Parameter)] = OpRegistry.standard.names.flatMap {
        name in
        let schema = OpRegistry.standard.schema(named: name)!
        let all = schema.parameters + schema.dependentCatalog.flatMap(\.parameters)
        return all.filter(\.isNumeric).map { (name, $0) }
    }

    @Test func everyNumericParameterDeclaresARange() {
        #expect(Self.numericParameters.count > 40)
        let missing = Self.numericParameters.filter { $0.parameter.range == nil }.map {
            "\($0.op).\($0.parameter.name)"
        }
        #expect(missing.isEmpty, "parameters without a declared range: \(missing)")
    }

    @Test func everyDefaultIsInsideItsRange() {
        for (op, parameter) in Self.numericParameters {
            guard let range = parameter.range, let value = parameter.defaultValue?.number else { continue }
            #expect(range.contains(value), "\(op).\(parameter.name) default \(value) is not \(range)")
        }
    }

    @Test func everyCountIsBoundedAbove() {
        // An unbounded count is how `n_samples: 1e10` reached an allocation; seeds may be any integer.
        for (op, parameter) in Self.numericParameters where parameter.type == .integer && parameter.name != "seed" {
            #expect(parameter.range?.upper != nil, "\(op).\(parameter.name) has no upper bound")
        }
    }

    @Test func rangesReadAsEnglish() {
        #expect(ParameterRange.between(1, 100_000_000).description == "between 1 and 100000000")
        #expect(ParameterRange.greaterThan(0, atMost: 1).description == "greater than 0 and at most 1")
        #expect(ParameterRange.strictlyBetween(0, 1).description == "greater than 0 and less than 1")
        #expect(ParameterRange.atLeast(0.5).description == "at least 0.5")
        #expect(ParameterRange.finite.description == "any finite value")
    }

    static let containments: [(ParameterRange, [Double], [Double])] = [
        (.between(1, 10), [1.0, 10, 5.5], [0.0, 10.5, .nan, .infinity]),
        (.strictlyBetween(0, 1), [0.5, 1e-9], [0.0, 1, -0.1]),
        (.greaterThan(0, atMost: 1), [1.0, 0.01], [0.0, 1.01]),
        (.finite, [-1e300, 0, 1e300], [.nan, -.infinity]),
    ]

    @Test(arguments: containments)
    func containment(_ range: ParameterRange, inside: [Double], outside: [Double]) {
        for value in inside { #expect(range.contains(value), "\(value) should be \(range)") }
        for value in outside { #expect(!range.contains(value), "\(value) should not be \(range)") }
    }

    struct Case: CustomTestStringConvertible, Sendable {
        var body: String
        /// The column of the value on line 2.
        var column: Int
        var message: String
        var testDescription: String { message }
    }

    static let refused: [Case] = [
        Case(
            body: "generate: {kind: blobs, n_samples: 10000000000}", column: 36,
            message: "'n_samples' must be between 1 and 100000000, not 10000000000"),
        Case(
            body: "generate: {kind: blobs, n_features: 1000000000}", column: 37,
            message: "'n_features' must be between 1 and 10000, not 1000000000"),
        Case(
            body: "generate: {kind: blobs, cluster_std: .nan}", column: 38,
            message: "'cluster_std' must be a finite number, not .nan"),
        Case(
            body: "generate: {kind: blobs, cluster_std: .inf}", column: 38,
            message: "'cluster_std' must be a finite number, not .inf"),
        Case(
            body: "generate: {kind: blobs, shift: {x00: .nan}}", column: 38,
            message: "'shift.x00' must be a finite number, not .nan"),
        Case(body: "profile: {from: g, top: -1}", column: 25, message: "'top' must be between 0 and 1000, not -1"),
        Case(
            body: "split: {from: g, test_size: 0}", column: 29,
            message: "'test_size' must be greater than 0 and at most 100000000, not 0"),
        Case(
            body: "train: {data: g, algorithm: gradient_boosting, target: target, max_bins: 256}", column: 74,
            message: "'max_bins' must be between 2 and 255, not 256"),
        Case(
            body: "train: {data: g, algorithm: gradient_boosting, target: target, validation_fraction: 1}", column: 85,
            message: "'validation_fraction' must be greater than 0 and less than 1, not 1"),
        Case(
            body: "train: {data: g, algorithm: random_forest, target: target, max_features: 0}", column: 74,
            message: "'max_features' must be greater than 0 and at most 100000, not 0"),
        Case(
            body: "drift: {reference: g, current: g, bins: 10000000000}", column: 41,
            message: "'bins' must be between 1 and 10000, not 10000000000"),
        Case(
            body: "drift: {reference: g, current: g, threshold: .nan}", column: 46,
            message: "'threshold' must be a finite number, not .nan"),
        Case(
            body: "drift: {reference: g, current: g, columns: {x00: {threshold: .nan}}}", column: 62,
            message: "'threshold' must be a finite number, not .nan"),
        Case(
            body: "expect: {from: g, expectations: [{not_null: {column: x00, mostly: 1.5}}]}", column: 67,
            message: "'mostly' must be greater than 0 and at most 1, not 1.5"),
        Case(
            body: "expect: {from: g, expectations: [{not_null: {column: x00, mostly: 0}}]}", column: 67,
            message: "'mostly' must be greater than 0 and at most 1, not 0"),
        Case(
            body: "tune: {data: g, algorithm: knn, target: target, grid: {n_neighbors: [3]}, cv: 1}", column: 79,
            message: "'cv' must be between 2 and 1000, not 1"),
        Case(
            body: "tune: {data: g, algorithm: gradient_boosting, target: target, grid: {max_bins: [64, 300]}}",
            column: 85, message: "'max_bins' must be between 2 and 255, not 300"),
        Case(
            body: "latency: {model: g, data: g, samples: 0}", column: 39,
            message: "'samples' must be between 1 and 1000000, not 0"),
        Case(
            body: "explain: {model: g, data: g, repeats: 1001}", column: 39,
            message: "'repeats' must be between 1 and 1000, not 1001"),
        Case(
            body: "tune: {data: g, algorithm: knn, target: target, grid: {n_neighbors: [3]}, n_iter: 0}", column: 83,
            message: "'n_iter' must be between 1 and 10000, not 0"),
        Case(
            body: "drift: {reference: g, current: g, drift_share: 0}", column: 48,
            message: "'drift_share' must be greater than 0 and at most 1, not 0"),
        Case(
            body: "split: {from: g, valid_size: -2}", column: 30,
            message: "'valid_size' must be greater than 0 and at most 100000000, not -2"),
        Case(
            body: "train: {data: g, algorithm: kmeans, n_clusters: 0}", column: 49,
            message: "'n_clusters' must be between 1 and 100000, not 0"),
    ]

    @Test(arguments: refused)
    func refusedAtTheValue(_ example: Case) throws {
        let source = "```step s\n\(example.body)\n```\n```step g\ngenerate: blobs\n```\n"
        let found = try RunnerHarness().diagnostics(source)
        let diagnostic = try #require(
            found.first { $0.id == .parameterRange }, "got \(found.map { "\($0.id): \($0.message)" })")
        #expect(diagnostic.message == example.message)
        #expect(diagnostic.range?.start == SourceLocation(line: 2, column: example.column))
        #expect(diagnostic.hint != nil)
    }

    @Test func substitutedValuesAreCheckedWhereTheSubstitutionIsWritten() throws {
        let source = "---\nparams: {n: 100}\n---\n```step g\ngenerate: {kind: blobs, n_samples: \"${params.n}\"}\n```\n"
        let harness = try RunnerHarness()
        let notebook = try harness.parse(source)
        var params = ParamSet(frontMatter: notebook.frontMatter)
        try params.override("n", text: "0")
        guard case .failure(let error) = Planner().plan(notebook, params: params) else {
            Issue.record("n_samples 0 was accepted")
            return
        }
        let diagnostic = try #require(error.diagnostics.first)
        #expect(diagnostic.id == .parameterRange)
        #expect(diagnostic.range?.start == SourceLocation(line: 5, column: 36))
    }

    @Test func valuesInsideTheirRangesPlan() throws {
        let harness = try RunnerHarness()
        _ = try harness.plan(
            "```step g\ngenerate: {kind: blobs, n_samples: 100000000, cluster_std: 0, seed: -3}\n```\n"
                + "```step s\nsplit: {from: g, test_size: 0.999}\n```\n")
    }

    @Test func catalogShowsRanges() throws {
        let generate = try #require(OpRegistry.standard.schema(named: "generate")).catalogText
        #expect(generate.contains("an integer (between 1 and 100000000); default 100"))
        let train = try #require(OpRegistry.standard.schema(named: "train")).catalogText
        #expect(train.contains("with algorithm: gradient_boosting:"))
        #expect(train.contains("an integer (between 2 and 255); default 255"))
        #expect(OpRegistry.standard.markdownCatalog.contains("`mostly` greater than 0 and at most 1 | required |"))
    }

    // MARK: Refused by the data, at the parameter

    func failure(_ source: String, step: String) throws -> StepFailure {
        let harness = try RunnerHarness(files: ["data.csv": RunnerHarness.csv])
        let run = try harness.run(source, cache: false)
        let result = try #require(run.results.first { $0.id == step })
        #expect(result.status == .failed)
        return try #require(result.failure)
    }

    @Test func knnNeighborsAboveTheTrainingRows() throws {
        let failure = try failure(
            "```step d\nload: data.csv\n```\n```step m\ntrain: {data: d, algorithm: knn, target: label, features: [age], n_neighbors: 50}\n```\n",
            step: "m")
        #expect(failure.message == "n_neighbors is 50 but there are only 10 training rows")
        #expect(failure.range?.start == SourceLocation(line: 5, column: 79))
    }

    @Test func forestMaxFeaturesAboveTheFeatureCount() throws {
        let failure = try failure(
            "```step d\nload: data.csv\n```\n```step m\ntrain: {data: d, algorithm: random_forest, target: label, features: [age], max_features: 3}\n```\n",
            step: "m")
        #expect(failure.message == "max_features is 3 but there is only 1 feature")
        #expect(failure.range?.start == SourceLocation(line: 5, column: 90))
    }

    @Test func splitLeavingOneTestRow() throws {
        let failure = try failure(
            "```step d\nload: data.csv\n```\n```step s\nsplit: {from: d, test_size: 1}\n```\n", step: "s")
        #expect(failure.message == "the split leaves 1 row in the test set (10 rows)")
        #expect(failure.range?.start == SourceLocation(line: 5, column: 29))
    }

    @Test func splitLeavingOneClassInASet() throws {
        // 9 × a and 1 × b: stratified, training gets 7 a and the b, so the test set is all a.
        let csv = "flag,x\n" + (0..<10).map { "\($0 == 0 ? "b" : "a"),\($0)\n" }.joined()
        let harness = try RunnerHarness(files: ["flags.csv": csv])
        let run = try harness.run(
            "```step d\nload: flags.csv\n```\n```step s\nsplit: {from: d, test_size: 2, stratify: flag}\n```\n",
            cache: false)
        let failure = try #require(run.results.first { $0.id == "s" }?.failure)
        #expect(failure.message == "the split leaves a single class of `flag` in the test set (2 rows)")
        #expect(failure.range?.start == SourceLocation(line: 5, column: 29))
    }

    @Test func unknownStratifyColumnPointsAtTheStratifyValue() throws {
        let failure = try failure(
            "```step d\nload: data.csv\n```\n```step s\nsplit: {from: d, stratify: lable}\n```\n", step: "s")
        #expect(failure.message == "`stratify`: no column named `lable`")
        #expect(failure.range?.start == SourceLocation(line: 5, column: 28))
    }

    @Test func driftWithoutSharedColumnsFails() throws {
        let failure = try failure(
            "```step d\nload: data.csv\n```\n```step a\nselect: {from: d, columns: [age]}\n```\n"
                + "```step b\nselect: {from: d, columns: [income]}\n```\n"
                + "```step drift\ndrift: {reference: a, current: b}\n```\n",
            step: "drift")
        #expect(failure.message == "drift: the reference and the current data have no column in common")
        #expect(failure.range?.start == SourceLocation(line: 11, column: 32))
    }

    @Test func driftIncludePointsAtTheIncludeValue() throws {
        let failure = try failure(
            "```step d\nload: data.csv\n```\n```step drift\ndrift: {reference: d, current: d, include: [agee]}\n```\n",
            step: "drift")
        #expect(failure.message == "drift: `include` names `agee`, which the reference does not have")
        #expect(failure.range?.start == SourceLocation(line: 5, column: 44))
    }

    @Test func delimiterErrorsPointAtTheDelimiter() throws {
        let failure = try failure("```step d\nload: {path: data.csv, delimiter: '\"'}\n```\n", step: "d")
        #expect(failure.message.contains("delimiter"))
        #expect(failure.range?.start == SourceLocation(line: 2, column: 35))
    }

    // MARK: Memory

    @Test func oneHotAboveTheBudgetFailsNamingTheWidestColumn() throws {
        let rows = 20_000
        let frame = try Frame(columns: [
            Column(name: "id", strings: (0..<rows).map { "c\($0)" }),
            Column(name: "city", strings: (0..<rows).map { "p\($0 % 3)" }),
        ])
        let encoder = try OneHotEncoder.fit(frame)
        #expect(throws: FrameError.self) { try encoder.checkMemory(rows: rows) }
        do {
            _ = try encoder.apply(to: frame)
            Issue.record("a 3.2 GB encoding was allocated")
        } catch let error as FrameError {
            #expect(
                error.message
                    == "one_hot would make 20003 columns for 20000 rows, 3.2 GB, above the 2 GiB memory budget")
            #expect(error.hint?.hasPrefix("the columns with the most categories are `id` (20000), `city` (3)") == true)
            #expect(error.argument == "preprocess")
        }
        #expect(throws: Never.self) { try encoder.checkMemory(rows: 1000) }
    }

    @Test func memoryEstimateSaturates() {
        #expect(MemoryBudget.tableBytes(rows: .max, columns: 3) == .max)
        #expect(MemoryBudget.tableBytes(rows: 1000, columns: 10) == 80_000)
        #expect(MemoryBudget.text(3_200_160_000) == "3.2 GB")
        #expect(!MemoryBudget.fits(rows: 100_000_000, columns: 10_001))
    }

    @Test func generateAboveTheBudgetFailsAtNSamples() throws {
        let failure = try failure(
            "```step g\ngenerate: {kind: regression, n_samples: 100000000, n_features: 1000}\n```\n", step: "g")
        #expect(failure.message.hasSuffix("above the 2 GiB memory budget"))
        #expect(failure.range?.start == SourceLocation(line: 2, column: 41))
    }
}

extension ParameterRangeTests {
    @Test func trainingWithAOneHotAboveTheBudgetFailsAtPreprocess() throws {
        let rows = 17_000
        let csv = "id,label\n" + (0..<rows).map { "c\($0),\($0 % 2)\n" }.joined()
        let harness = try RunnerHarness(files: ["wide.csv": csv])
        let run = try harness.run(
            "```step d\nload: wide.csv\n```\n```step m\ntrain: {data: d, algorithm: logistic_regression, target: label, preprocess: [one_hot]}\n```\n",
            cache: false)
        let failure = try #require(run.results.first { $0.id == "m" }?.failure)
        #expect(failure.message.hasSuffix("above the 2 GiB memory budget"), "\(failure.message)")
        #expect(failure.hint?.contains("`id` (17000)") == true)
        #expect(failure.range?.start == SourceLocation(line: 5, column: 77))
    }
}
