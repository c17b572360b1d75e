import Foundation
import QuireEngine
import QuireNotebook
import QuireRunner
import TestSupport
import Testing

/// Each op's ``Operation/outputSchemas(_:in:)``: what the planner knows of the frames before
/// anything runs, and what it reports.
@Suite struct SchemaPropagationTests {
    static let csv = """
        id,age,income,city,label
        1,34,52000,Paris,1
        2,45,61000,Lyon,0
        3,23,,Paris,1

        """

    /// A project with people.csv; plans `steps` after `load: people.csv` (step `people`).
    final class Project {
        let directory: TemporaryDirectory
        init(csv: String = SchemaPropagationTests.csv) throws {
            directory = try TemporaryDirectory()
            try directory.write("", to: "quire.yaml")
            try directory.write(csv, to: "people.csv")
        }

        func notebook(_ steps: String) throws -> Notebook {
            let source = "```step people\nload: people.csv\n```\n" + steps
            let path = directory.url.appendingPathComponent("nb.md").path
            let result = NotebookParser().parse(bytes: Array(source.utf8), path: path)
            return try #require(result.notebook)
        }

        func schemas(_ steps: String) throws -> [StepReference: FrameSchema] {
            let notebook = try notebook(steps)
            return Planner().frameSchemas(notebook, params: ParamSet(frontMatter: notebook.frontMatter))
        }

        func schema(_ steps: String, _ step: String, _ output: String = "frame") throws -> FrameSchema {
            try #require(try schemas(steps)[StepReference(step: step, output: output)], "no schema for \(step)")
        }

        func diagnostics(_ steps: String) throws -> [Diagnostic] {
            let notebook = try notebook(steps)
            switch Planner().plan(notebook, params: ParamSet(frontMatter: notebook.frontMatter)) {
            case .success(let plan): return plan.warnings
            case .failure(let error): return error.diagnostics
            }
        }
    }

    static func columns(_ schema: FrameSchema) -> [String] {
        schema.columns.map { "\($0.name):\($0.kind?.rawValue ?? "?")" }
    }

    @Test func loadReadsTheHeaderAndInfersKinds() throws {
        let project = try Project()
        let schema = try project.schema("", "people")
        #expect(
            Self.columns(schema) == [
                "id:numeric", "age:numeric", "income:numeric", "city:categorical", "label:numeric",
            ])
        #expect(schema["city"]?.distinct == 2)
        #expect(schema.sampleRows == 3)
        // The same as a full load of the file.
        let full = try CSVReader.read(contentsOf: project.directory.url.appendingPathComponent("people.csv").path)
        #expect(Self.columns(schema) == Self.columns(FrameSchema(full.schema)))
    }

    @Test func loadHonoursTypesAndOptions() throws {
        let project = try Project(csv: "a;b\n1;x\nNA;y\n")
        let schema = try project.schema(
            "```step typed\nload: {path: people.csv, delimiter: ';', types: {a: categorical}}\n```\n", "typed")
        #expect(Self.columns(schema) == ["a:categorical", "b:categorical"])
    }

    @Test func aLongFileKeepsSampledNumbersUnknown() throws {
        var rows = "n,t\n"
        for index in 0..<10_000 { rows += "\(index),w\(index % 7)\n" }
        let project = try Project(csv: rows)
        let schema = try project.schema("", "people")
        #expect(Self.columns(schema) == ["n:?", "t:categorical"], "numbers may turn to text after the sample")
        #expect((schema.sampleRows ?? 0) < 10_000)
        #expect(schema["t"]?.distinct == 7)
        let typed = try project.schema("```step typed\nload: {path: people.csv, types: {n: numeric}}\n```\n", "typed")
        #expect(typed["n"]?.kind == .numeric, "types: makes it certain")
    }

    @Test func aMissingFileIsUnknownAndNotAnError() throws {
        let project = try Project()
        let steps =
            "```step other\nload: nothing.csv\n```\n```step kept\nfilter: {from: other, where: \"x > 1\"}\n```\n"
        #expect(try project.schemas(steps)[StepReference(step: "other", output: "frame")] == nil)
        #expect(try project.diagnostics(steps).isEmpty)
    }

    @Test func generateKnowsItsColumns() throws {
        let project = try Project()
        let steps = "```step made\ngenerate: {kind: regression, n_samples: 500, n_features: 3}\n```\n"
        let schema = try project.schema(steps, "made")
        let frame = try DataGenerator.regression(RegressionSpec(samples: 5, features: 3, informative: 3), seed: 0)
        #expect(schema == FrameSchema(frame.schema))
    }

    @Test func deriveAddsKindsFromTheExpressions() throws {
        let project = try Project()
        let schema = try project.schema(
            "```step more\nderive: {from: people, columns: {old: age > 40, place: \"if(old == 1, city, 'x')\", age: age * 2}}\n```\n",
            "more")
        #expect(
            Self.columns(schema) == [
                "id:numeric", "age:numeric", "income:numeric", "city:categorical", "label:numeric", "old:numeric",
                "place:categorical",
            ])
    }

    @Test func selectDropRenameSortFilterSplit() throws {
        let project = try Project()
        let steps = """
            ```step kept
            filter: {from: people, where: "age > 30"}
            ```
            ```step sorted
            sort: {from: kept, by: [city]}
            ```
            ```step named
            rename: {from: sorted, columns: {income: salary}}
            ```
            ```step fewer
            drop: {from: named, columns: [id]}
            ```
            ```step picked
            select: {from: fewer, columns: [label, salary]}
            ```
            ```step parts
            split: {from: picked, test_size: 0.5, valid_size: 0.25}
            ```

            """
        let schemas = try project.schemas(steps)
        func names(_ step: String, _ output: String = "frame") -> [String]? {
            schemas[StepReference(step: step, output: output)]?.names
        }
        #expect(names("kept") == ["id", "age", "income", "city", "label"])
        #expect(names("sorted") == names("kept"))
        #expect(names("named") == ["id", "age", "salary", "city", "label"])
        #expect(names("fewer") == ["age", "salary", "city", "label"])
        #expect(names("picked") == ["label", "salary"])
        for output in ["train", "test", "valid"] { #expect(names("parts", output) == ["label", "salary"]) }
        #expect(try project.diagnostics(steps).isEmpty)
    }

    @Test func predictAddsAColumnAndOpensTheFrame() throws {
        let project = try Project()
        let steps = """
            ```step model
            train: {data: people, algorithm: logistic_regression, target: label, features: [age]}
            ```
            ```step scored
            predict: {model: model, data: people, column: guess}
            ```
            ```step picked
            select: {from: scored, columns: [guess, probability_1]}
            ```

            """
        let schema = try project.schema(steps, "scored")
        #expect(schema.isOpen)
        #expect(schema["guess"] != nil && schema["guess"]?.kind == nil)
        #expect(try project.diagnostics(steps).isEmpty, "a probability column may exist")
    }

    @Test func opsWithoutTheHookStopTheChecks() throws {
        struct Opaque: QuireRunner.Operation {
            static let schema = OpSchema(
                name: "opaque", summary: "An op without the hook.",
                parameters: [.init("from", .input(.frame), required: true, "the frame")],
                outputs: [.init("frame", .frame, "something")])
            struct Parameters: Decodable, Sendable { var from: StepReference }
            static func run(_ parameters: Parameters, in context: OpContext) throws -> [String: StepValue] { [:] }
        }
        let project = try Project()
        var registry = OpRegistry.standard
        registry.register(Opaque.self)
        let notebook = try project.notebook(
            "```step o\nopaque: {from: people}\n```\n```step kept\nfilter: {from: o, where: \"nothing > 1\"}\n```\n")
        let planned = Planner(registry: registry).plan(notebook, params: ParamSet(frontMatter: nil))
        guard case .success(let plan) = planned else {
            Issue.record("no false error downstream of an op without the hook")
            return
        }
        #expect(plan.warnings.isEmpty)
    }

    @Test(arguments: [
        ("select: {from: people, columns: [age, agee]}", "agee", "did you mean 'age'?"),
        ("filter: {from: people, where: \"incme > 1\"}", "incme", "did you mean `income`?"),
        ("split: {from: people, order_by: ag}", "ag", "did you mean 'age'?"),
        ("train: {data: people, algorithm: ridge, target: lable}", "lable", "did you mean 'label'?"),
        ("generate: {kind: blobs, shift: {x9: 1}}", "x9", nil),
    ])
    func unknownColumnsAreAtTheirName(step: String, name: String, hint: String?) throws {
        let project = try Project()
        let found = try project.diagnostics("```step next\n\(step)\n```\n")
        let diagnostic = try #require(found.first, "\(step)")
        #expect(diagnostic.id == .unknownColumn)
        #expect(diagnostic.severity == .error)
        let column = try #require(step.range(of: name)).lowerBound
        #expect(
            diagnostic.range?.start
                == SourceLocation(line: 5, column: step.distance(from: step.startIndex, to: column) + 1))
        if let hint { #expect(diagnostic.hint == hint, "\(diagnostic.hint ?? "")") }
    }

    @Test func theOneHotWarningNeedsOneHotAndManyValues() throws {
        var rows = "key,grp,y\n"
        for index in 0..<120 { rows += "k\(index),g\(index % 3),\(index % 2)\n" }
        let project = try Project(csv: rows)
        let warned = try project.diagnostics(
            "```step m\ntrain: {data: people, algorithm: logistic_regression, target: y, preprocess: [one_hot]}\n```\n")
        #expect(warned.map(\.id) == [.manyCategories])
        #expect(warned.first?.severity == .warning)
        #expect(warned.first?.message.contains("`key` has 120 distinct values in the 120 rows") == true)
        let without = try project.diagnostics(
            "```step m\ntrain: {data: people, algorithm: logistic_regression, target: y, features: [grp], preprocess: [one_hot]}\n```\n"
        )
        #expect(without.isEmpty)
    }

    @Test func expressionsOverUnknownKindsAreNotRefused() throws {
        var rows = "n\n"
        for index in 0..<20_000 { rows += "\(index)\n" }  // beyond the 64 KiB sample
        let project = try Project(csv: rows)
        for condition in ["n > 3", "n == \\\"x\\\""] {
            let found = try project.diagnostics("```step k\nfilter: {from: people, where: \"\(condition)\"}\n```\n")
            #expect(found.isEmpty, "\(condition): \(found.map(\.message))")
        }
        // An unknown name is still one, whatever the kinds.
        let found = try project.diagnostics("```step k\nfilter: {from: people, where: \"m > 3\"}\n```\n")
        #expect(found.map(\.id) == [.unknownColumn])
    }
}
