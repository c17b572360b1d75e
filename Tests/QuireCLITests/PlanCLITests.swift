import Foundation
import TestSupport
import Testing

/// `quire plan`, as engine adapters read it: the step graph with each step's dependencies,
/// condition, resources and (where it can be computed) cache key, checked against the keys a
/// run then records in its JSON summary.
@Suite struct PlanCLITests {
    static let notebook = """
        ---
        params: {retrain: false}
        ---
        # Plan

        ```step rows
        load: rows.csv
        ```

        ```step split
        split: {from: rows, test_size: 0.25, seed: 3}
        resources: {cpu: 2, memory: 4Gi}
        timeout: 5m
        ```

        ```step model
        train: {data: split.train, algorithm: linear_regression, target: y}
        resources: {cpu: 500m, gpu: 1}
        ```

        ```step again
        train: {data: split.train, algorithm: random_forest, target: y, n_estimators: 5, seed: 1}
        when: params.retrain
        needs: model
        title: Train again
        ```
        """
    static let csv =
        "x,y\n" + (1...40).map { "\($0),\(Double($0) * 1.5 + Double($0 % 7))" }.joined(separator: "\n") + "\n"

    static func project() throws -> TemporaryDirectory {
        let project = try TemporaryDirectory()
        try project.write("", to: "quire.yaml")
        try project.write(csv, to: "rows.csv")
        try project.write(notebook, to: "nb.md")
        return project
    }

    static func plan(_ project: TemporaryDirectory, _ extra: [String] = []) throws -> [String: Any] {
        let plan = try QuireProcess.run(["plan", "nb.md", "--json"] + extra, in: project.url)
        #expect(plan.status == 0, "\(plan.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(plan.stdout.utf8)) as? [String: Any])
    }

    static func steps(_ document: [String: Any]) -> [String: [String: Any]] {
        let steps = document["steps"] as? [[String: Any]] ?? []
        return Dictionary(uniqueKeysWithValues: steps.map { ($0["id"] as? String ?? "", $0) })
    }

    @Test func theGraphWithDependenciesConditionsAndResources() throws {
        let project = try Self.project()
        let document = try Self.plan(project)
        #expect(document["schema"] as? Int == 1)
        #expect((document["params"] as? [String: Any])?["retrain"] as? Bool == false)
        #expect(
            (document["steps"] as? [[String: Any]])?.map { $0["id"] as? String } == ["rows", "split", "model", "again"])
        let steps = Self.steps(document)
        #expect(steps["split"]?["depends_on"] as? [String] == ["rows"])
        #expect(steps["split"]?["inputs"] as? [String] == ["rows.frame"])
        #expect(steps["split"]?["outputs"] as? [String] == ["train", "test", "valid"])
        #expect(steps["split"]?["timeout_seconds"] as? Double == 300)
        let resources = try #require(steps["split"]?["resources"] as? [String: Any])
        #expect(resources["cpu"] as? String == "2" && resources["memory"] as? String == "4Gi")
        #expect(resources["gpu"] is NSNull)
        let model = try #require(steps["model"]?["resources"] as? [String: Any])
        #expect(model["cpu"] as? String == "500m" && model["gpu"] as? Int == 1)
        #expect(steps["rows"]?["resources"] is NSNull)
        #expect(steps["rows"]?["files"] as? [String] == ["rows.csv"])
        #expect(steps["again"]?["when"] as? String == "params.retrain")
        #expect(steps["again"]?["needs"] as? [String] == ["model"])
        #expect(steps["again"]?["depends_on"] as? [String] == ["model", "split"])
        #expect(steps["again"]?["title"] as? String == "Train again")
        // Before any run: only `rows` (it reads a file) has a key; the others wait for it.
        #expect(steps["rows"]?["cache"] as? String == "miss")
        #expect((steps["rows"]?["cache_key"] as? String)?.count == 64)
        #expect(steps["split"]?["cache_key"] is NSNull)
    }

    /// After a run every step's key is known, equal to the one its summary records, and a hit.
    @Test func keysAreTheOnesTheRunRecords() throws {
        let project = try Self.project()
        let run = try QuireProcess.run(["run", "--quiet", "nb.md"], in: project.url)
        #expect(run.status == 0, "\(run.stderr)")
        let summary = try #require(
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: project.url.appendingPathComponent("reports/nb.json")))
                as? [String: Any])
        let recorded = (summary["steps"] as? [[String: Any]] ?? []).filter { $0["status"] as? String == "ok" }
        #expect(recorded.count == 3)
        let steps = Self.steps(try Self.plan(project))
        for step in recorded {
            let id = try #require(step["id"] as? String)
            #expect(steps[id]?["cache_key"] as? String == step["cache_key"] as? String, "\(id)")
            #expect(steps[id]?["cache"] as? String == "hit", "\(id)")
        }
        #expect(steps["again"]?["cache"] as? String == "skipped")
        // A parameter changes what is planned: the condition holds, the step would run.
        let retrain = Self.steps(try Self.plan(project, ["-p", "retrain=true"]))
        #expect(retrain["again"]?["cache"] as? String == "miss")
        // Without the cache nothing is a hit.
        let uncached = Self.steps(try Self.plan(project, ["--no-cache"]))
        #expect(uncached.values.allSatisfy { $0["cache"] as? String != "hit" })
    }

    @Test func theTextFormHasOneLinePerStep() throws {
        let project = try Self.project()
        let plan = try QuireProcess.run(["plan", "nb.md"], in: project.url)
        #expect(plan.status == 0, "\(plan.stderr)")
        let lines = plan.stdout.split(separator: "\n")
        #expect(lines.count == 4)
        #expect(
            lines[1].hasPrefix("split  split") && lines[1].contains("after rows")
                && lines[1].contains("(cpu 2, memory 4Gi)"))
        #expect(lines[3].contains("when params.retrain"))
    }

    @Test func anInvalidNotebookIsRefusedWithItsDiagnostics() throws {
        let project = try Self.project()
        try project.write("```step a\nload: rows.csv\nresources: {cpus: 2}\n```\n", to: "bad.md")
        let plan = try QuireProcess.run(["plan", "bad.md", "--json"], in: project.url)
        #expect(plan.status == 2)
        #expect(plan.stdout.isEmpty)
        #expect(plan.stderr.contains("bad.md:3:13: error: 'resources' has no 'cpus'"), "\(plan.stderr)")
        #expect(plan.stderr.contains("did you mean 'cpu'?"))
    }

    /// Every command of docs/plan-json.md, as written, on a copy of the example notebooks; and
    /// the documented keys are exactly the printed ones.
    @Test func documentedCommandsAndKeys() throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..")
        let project = try TemporaryDirectory()
        try project.write("", to: "quire.yaml")
        try FileManager.default.copyItem(
            at: repository.appendingPathComponent("notebooks"), to: project.url.appendingPathComponent("notebooks"))
        let docs = try String(contentsOf: repository.appendingPathComponent("docs/plan-json.md"), encoding: .utf8)
        let block = try #require(
            docs.components(separatedBy: "```sh\n").dropFirst().first?.components(separatedBy: "```").first)
        let commands = block.split(separator: "\n").map(String.init)
        #expect(commands.count == 3)
        for command in commands {
            let (status, text) = try QuireProcess.shell(command, in: project.url)
            #expect(status == 0, "\(command): \(text)")
        }
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: project.url.appendingPathComponent("plan.json")))
                as? [String: Any])
        // The keys of the two tables: the document's, then each step's.
        let tables = docs.components(separatedBy: "| key | type | meaning |").dropFirst().map { table in
            Set(
                table.split(separator: "\n").dropFirst().prefix { $0.hasPrefix("|") }.compactMap {
                    $0.split(separator: "`").dropFirst().first.map(String.init)
                })
        }
        #expect(tables.count == 2)
        #expect(Set(document.keys) == tables.first)
        for step in document["steps"] as? [[String: Any]] ?? [] {
            #expect(Set(step.keys) == tables.last, "\(step["id"] ?? "")")
        }
    }
}
