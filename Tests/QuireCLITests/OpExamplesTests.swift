import Foundation
import QuireRunner
import TestSupport
import Testing

/// Every op's examples (the ones docs/ops.md and `quire ops NAME` show) run, as written, together
/// as one notebook over the example data in `notebooks/data/`: a doc example cannot rot.
@Suite struct OpExamplesTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../..").standardized

    static var examples: [(op: String, example: OpSchema.Example)] {
        OpRegistry.standard.names.compactMap { OpRegistry.standard.schema(named: $0) }.flatMap { schema in
            schema.examples.map { (schema.name, $0) }
        }
    }

    @Test func everyOpHasAnExampleAndEveryExampleStepItsOwnName() {
        for name in OpRegistry.standard.names {
            #expect(OpRegistry.standard.schema(named: name)?.examples.isEmpty == false, "'\(name)' has no example")
        }
        let steps = Self.examples.map(\.example.step)
        #expect(Set(steps).count == steps.count, "two examples share a step name: \(steps.sorted())")
        for (op, example) in Self.examples {
            #expect(example.body.hasPrefix("\(op):"), "the example '\(example.step)' of '\(op)' uses another op")
        }
    }

    @Test func theExamplesRunTogetherAsOneNotebook() throws {
        let project = try TemporaryDirectory()
        try project.write("", to: "quire.yaml")
        for file in ["customers.csv", "plans.csv", "churn.csv"] {
            let data = try Data(contentsOf: Self.repository.appendingPathComponent("notebooks/data/\(file)"))
            try project.write(data, to: "data/\(file)")
        }
        let model = try Data(contentsOf: Self.repository.appendingPathComponent("reports/models/churn-baseline.json"))
        try project.write(model, to: "models/churn-baseline.json")
        let steps = Self.examples.map(\.example.fenced).joined(separator: "\n\n")
        try project.write("# Every op's examples\n\n\(steps)\n", to: "examples.md")

        let run = try QuireProcess.run(["run", "--quiet", "examples.md"], in: project.url)
        #expect(run.status == 0, "\(run.stderr)")
        let summary = try JSONSerialization.jsonObject(
            with: Data(contentsOf: project.url.appendingPathComponent("reports/examples.json")))
        let ran = ((summary as? [String: Any])?["steps"] as? [[String: Any]] ?? []).compactMap { step in
            (step["id"] as? String).map { ($0, step["status"] as? String ?? "") }
        }
        #expect(ran.count == Self.examples.count, "every example is a step of the report")
        for (step, status) in ran {
            #expect(status == "ok", "example step '\(step)' ended \(status)")
        }
    }
}
