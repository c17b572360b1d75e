import QuireNotebook
import QuireRunner
import Testing

/// Planning reports every mistake with its position, before anything runs.
@Suite struct PlannerTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var id: Diagnostic.ID
        var source: String
        var line: Int
        var column: Int
        var hint: String?
        var testDescription: String { "\(id.rawValue) @\(line):\(column)" }
    }

    static let cases: [Case] = [
        Case(id: .unknownOp, source: "```step a\nlod: x.csv\n```\n", line: 2, column: 1, hint: "did you mean 'load'?"),
        Case(
            id: .unknownParameter, source: "```step a\nload: {path: x.csv, delimitr: ';'}\n```\n", line: 2, column: 21,
            hint: "did you mean 'delimiter'?"),
        Case(
            id: .parameterType, source: "```step a\ngenerate: {kind: blobs, n_samples: many}\n```\n", line: 2,
            column: 36, hint: nil),
        Case(
            id: .parameterType, source: "```step a\ngenerate: {kind: blob}\n```\n", line: 2, column: 18,
            hint: "did you mean 'blobs'?"),
        Case(
            id: .missingParameter, source: "```step a\nfilter: {where: \"x > 1\"}\n```\n", line: 2, column: 1, hint: nil
        ),
        Case(
            id: .unknownStep, source: "```step a\nload: x.csv\n```\n```step b\nprofile: {from: aa}\n```\n", line: 5,
            column: 17, hint: "did you mean 'a'?"),
        Case(
            id: .unknownOutput,
            source: "```step s\ngenerate: blobs\n```\n```step t\nsplit: s\n```\n```step p\nprofile: t.tran\n```\n",
            line: 8, column: 10, hint: "did you mean 't.train'?"),
        Case(
            id: .unknownOutput,
            source: "```step s\ngenerate: blobs\n```\n```step t\nsplit: {from: s}\n```\n```step p\nprofile: t\n```\n",
            line: 8, column: 10, hint: "write t.train or t.test or t.valid"),
        Case(
            id: .inputKind,
            source: "```step s\ngenerate: blobs\n```\n```step p\nprofile: s\n```\n```step q\nprofile: p\n```\n",
            line: 8, column: 10, hint: nil),
        Case(id: .unknownStep, source: "```step a\nload: x.csv\nneeds: [b]\n```\n", line: 3, column: 9, hint: nil),
        Case(
            id: .cycle,
            source:
                "```step a\nselect: {from: b, columns: [x]}\n```\n```step b\nselect: {from: a, columns: [x]}\n```\n",
            line: 5, column: 16, hint: nil),
        Case(id: .cycle, source: "```step a\nload: x.csv\nneeds: a\n```\n", line: 3, column: 8, hint: nil),
        Case(id: .badCondition, source: "```step a\nload: x.csv\nwhen: \"1 <\"\n```\n", line: 3, column: 10, hint: nil),
        Case(
            id: .undeclaredParam, source: "---\nparams: {n: 1}\n---\n```step a\nload: x.csv\nwhen: params.m\n```\n",
            line: 6, column: 7, hint: "did you mean 'n'?"),
    ]

    @Test(arguments: cases)
    func diagnostic(_ example: Case) throws {
        let harness = try RunnerHarness()
        let found = try harness.diagnostics(example.source)
        let diagnostic = try #require(
            found.first { $0.id == example.id }, "got \(found.map { "\($0.id): \($0.message)" })")
        #expect(
            diagnostic.range?.start == QuireNotebook.SourceLocation(line: example.line, column: example.column),
            "\(diagnostic.message)")
        if let hint = example.hint { #expect(diagnostic.hint == hint) }
    }

    @Test func cycleIsPrintedAsItsPath() throws {
        let harness = try RunnerHarness()
        let source =
            "```step a\nselect: {from: c, columns: [x]}\n```\n```step b\nselect: {from: a, columns: [x]}\n```\n```step c\nselect: {from: b, columns: [x]}\n```\n"
        let cycle = try #require(try harness.diagnostics(source).first { $0.id == .cycle })
        #expect(cycle.message.hasSuffix("a → b → c → a"))
    }

    @Test func everyProblemInOnePass() throws {
        let harness = try RunnerHarness()
        let source =
            "```step a\nlod: x\n```\n```step b\nsplit: {from: a, test_sze: 1}\n```\n```step c\nprofile: b.tran\n```\n"
        let ids = Set(try harness.diagnostics(source).map(\.id))
        #expect(ids == [.unknownOp, .unknownParameter, .unknownOutput])
    }

    @Test func orderFollowsDependenciesThenDocument() throws {
        let harness = try RunnerHarness()
        let plan = try harness.plan(
            "```step p\nprofile: g\n```\n```step h\ngenerate: blobs\n```\n```step g\ngenerate: blobs\n```\n")
        #expect(plan.steps.map(\.id) == ["h", "g", "p"])
        #expect(plan.steps(dependingOn: "g").map(\.id) == ["g", "p"])
    }

    @Test func substitutionKeepsTypesAndInterpolatesText() throws {
        let harness = try RunnerHarness()
        let source = """
            ---
            params: {n: 30, kind: blobs, sep: 1.5, label: run}
            ---
            ```step g
            generate: {kind: "${params.kind}", n_samples: "${params.n}", cluster_std: "${params.sep}"}
            title: ${params.label}
            ```
            ```step f
            filter: {from: g, where: "x00 > ${params.sep} and concat('$${literal}', 'x') != 'y'"}
            ```
            """
        let plan = try harness.plan(source, overrides: ["n": "40"])
        #expect(plan.step("g")?.parameters["n_samples"] == .integer(40))
        #expect(plan.step("g")?.parameters["cluster_std"] == .number(1.5))
        #expect(plan.step("f")?.parameters["where"] == .string("x00 > 1.5 and concat('${literal}', 'x') != 'y'"))
    }

    @Test func overridesAreTypedByTheDefault() throws {
        var params = ParamSet(
            frontMatter: try RunnerHarness().parse("---\nparams: {n: 3, rate: 0.5, on: true, name: x}\n---\n")
                .frontMatter)
        try params.override("n", text: "7")
        try params.override("rate", text: "2")
        try params.override("on", text: "false")
        try params.override("name", text: "42")
        #expect(params["n"] == .integer(7))
        #expect(params["rate"] == .number(2))
        #expect(params["on"] == .bool(false))
        #expect(params["name"] == .string("42"))
        #expect(throws: ParamSet.OverrideError.self) { try params.override("n", text: "seven") }
        #expect(throws: ParamSet.OverrideError.self) { try params.override("m", text: "1") }
    }

    @Test func mermaidGraphShowsDataAndOrderEdges() throws {
        let harness = try RunnerHarness()
        let plan = try harness.plan(
            "```step g\ngenerate: blobs\n```\n```step s\nsplit: g\n```\n```step p\nprofile: s.test\nneeds: g\n```\n")
        #expect(
            plan.mermaid == """
                flowchart TD
                  n0["g<br/><small>generate</small>"]
                  n1["s<br/><small>split</small>"]
                  n2["p<br/><small>profile</small>"]
                  n0 --> n1
                  n1 -->|test| n2
                  n0 -.-> n2

                """)
    }
}

extension PlannerTests {
    /// Two exports with one name would both write OUTPUT/models/NAME.json: refused before anything runs.
    @Test func twoExportsWithOneNameAreRefusedAtTheSecondName() throws {
        let harness = try RunnerHarness()
        let source = """
            ```step m
            train: {from: d, algorithm: logistic_regression, target: y}
            ```
            ```step x
            export: {model: m, name: same}
            ```
            ```step z
            export:
              model: m
              name: same
            ```
            ```step w
            export: {model: m, name: other}
            ```

            """
        let all: [Diagnostic] = try harness.diagnostics(source)
        let found = all.filter { $0.id == Diagnostic.ID.exportDuplicateName }
        #expect(found.count == 1, "\(all.map { $0.message })")
        let diagnostic = try #require(found.first)
        #expect(diagnostic.message == "export name 'same' is already used by step 'x'")
        #expect(diagnostic.range?.start == QuireNotebook.SourceLocation(line: 10, column: 9))
        #expect(diagnostic.hint == "both would write OUTPUT/models/same.json; give each export its own name")
        #expect(diagnostic.notes.first?.range.start == QuireNotebook.SourceLocation(line: 5, column: 26))
    }
}
