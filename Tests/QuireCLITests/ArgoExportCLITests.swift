import Foundation
import QuireRunner
import TestSupport
import Testing
import Yams

/// `quire export argo`: the Workflow validates against Argo's own JSON Schema (made strict about
/// unknown fields), and holds one task per step with the plan's dependencies, each running
/// `quire run NOTEBOOK --only STEP`, then the report.
@Suite struct ArgoExportCLITests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..")
    static let notebook = """
        ---
        params: {seed: 3, algorithm: linear_regression}
        ---
        ```step rows
        load: rows.csv
        ```

        ```step split_rows
        split: {from: rows, test_size: 0.25, seed: "${params.seed}"}
        resources: {cpu: 500m, memory: 1Gi}
        ```

        ```step model
        train: {data: split_rows.train, algorithm: "${params.algorithm}", target: y}
        resources: {cpu: 2, gpu: 1}
        ```

        ```step split-rows
        profile: {from: rows}
        when: params.seed > 1
        needs: model
        ```
        """

    static func project() throws -> TemporaryDirectory {
        let project = try TemporaryDirectory()
        try project.write("", to: "quire.yaml")
        try project.write("x,y\n1,2\n2,4\n3,7\n4,8\n5,11\n6,12\n7,15\n8,16\n", to: "rows.csv")
        try project.write(notebook, to: "nb.md")
        try FileManager.default.copyItem(
            at: repository.appendingPathComponent("notebooks"), to: project.url.appendingPathComponent("notebooks"))
        return project
    }

    static func export(_ project: TemporaryDirectory, _ notebook: String, _ extra: [String] = []) throws -> String {
        let run = try QuireProcess.run(
            ["export", "argo", notebook, "--image", "registry.example/quire-project:1", "--cache-claim", "quire-cache"]
                + extra, in: project.url)
        #expect(run.status == 0, "\(run.stderr)")
        return run.stdout
    }

    /// Argo's schema, strict, on this notebook's workflow and every example notebook's.
    @Test func everyWorkflowValidatesAgainstArgosSchema() throws {
        let project = try Self.project()
        var files = ["nb.md"]
        let examples = try FileManager.default.contentsOfDirectory(
            atPath: project.url.appendingPathComponent("notebooks").path)
        files += examples.filter { $0.hasSuffix(".md") }.sorted().map { "notebooks/" + $0 }
        #expect(files.count >= 4)
        var paths: [String] = []
        for (index, file) in files.enumerated() {
            let path = project.url.appendingPathComponent("wf\(index).json").path
            try Self.export(project, file, ["--json"]).write(toFile: path, atomically: true, encoding: .utf8)
            paths.append(path)
        }
        // A misspelt field must fail: the check is strict.
        let broken = project.url.appendingPathComponent("broken.json").path
        try
            #"{"apiVersion": "argoproj.io/v1alpha1", "kind": "Workflow", "metadata": {}, "spec": {"entrypoint": "a", "templatse": []}}"#
            .write(toFile: broken, atomically: true, encoding: .utf8)
        let schema = Self.repository.appendingPathComponent("../shared/specs/argo-workflows-schema.json").path
        let validate = { (documents: [String]) throws -> (Int32, String) in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
            process.arguments =
                [Self.repository.appendingPathComponent("scripts/validate-argo.py").path, schema] + documents
            let out = Pipe()
            process.standardOutput = out
            process.standardError = out
            try process.run()
            let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return (process.terminationStatus, text)
        }
        let (status, text) = try validate(paths)
        #expect(status == 0, "needs /usr/bin/python3 with python3-jsonschema (scripts/lib.sh installs it): \(text)")
        #expect(text.components(separatedBy: ": valid").count == paths.count + 1, "\(text)")
        let (brokenStatus, brokenText) = try validate([broken])
        #expect(brokenStatus == 1 && brokenText.contains("'templatse' was unexpected"), "\(brokenText)")
    }

    /// One task per step, named from its id, after the steps the plan says it depends on, running
    /// `--only` with the workflow's parameters; the step's resources as requests; then the report.
    @Test func tasksFollowThePlan() throws {
        let project = try Self.project()
        let yaml = try Self.export(project, "nb.md")
        let json = try Self.export(project, "nb.md", ["--json"])
        let fromYAML = try #require(try Yams.load(yaml: yaml) as? [String: Any])
        let fromJSON = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(NSDictionary(dictionary: fromYAML).isEqual(to: fromJSON), "the YAML and the JSON say the same")
        let spec = try #require(fromJSON["spec"] as? [String: Any])
        let parameters = (spec["arguments"] as? [String: Any])?["parameters"] as? [[String: String]]
        #expect(parameters == [["name": "seed", "value": "3"], ["name": "algorithm", "value": "linear_regression"]])
        let templates = try #require(spec["templates"] as? [[String: Any]])
        let dag = try #require((templates.first?["dag"] as? [String: Any])?["tasks"] as? [[String: Any]])
        #expect(
            dag.map { $0["name"] as? String } == [
                "step-rows", "step-split-rows", "step-model", "step-split-rows-2", "report",
            ])
        func dependencies(_ name: String) -> [String] {
            dag.first { $0["name"] as? String == name }?["dependencies"] as? [String] ?? []
        }
        #expect(dependencies("step-model") == ["step-split-rows"])
        #expect(dependencies("step-split-rows-2") == ["step-model", "step-rows"])
        #expect(dependencies("report").count == 4)
        func container(_ name: String) -> [String: Any] {
            templates.first { $0["name"] as? String == name }?["container"] as? [String: Any] ?? [:]
        }
        let args = container("step-split-rows-2")["args"] as? [String]
        #expect(
            args == [
                "run", "nb.md", "--only", "split-rows", "--planned", Digest.sha256(Array(Self.notebook.utf8)),
                "--cache-dir", "/quire/cache", "--no-history",
                "-p", "seed={{workflow.parameters.seed}}", "-p", "algorithm={{workflow.parameters.algorithm}}",
            ])
        #expect(container("step-rows")["image"] as? String == "registry.example/quire-project:1")
        let resources = container("step-model")["resources"] as? [String: [String: String]]
        #expect(resources?["requests"] == ["cpu": "2", "nvidia.com/gpu": "1"])
        #expect(resources?["limits"] == ["nvidia.com/gpu": "1"])
        #expect(
            (container("step-split-rows")["resources"] as? [String: [String: String]])?["requests"] == [
                "cpu": "500m", "memory": "1Gi",
            ])
        #expect(container("step-rows")["resources"] == nil)
        #expect((container("quire-report")["args"] as? [String])?.contains("/quire/reports") == true)
        let retry = templates.first { $0["name"] as? String == "step-rows" }?["retryStrategy"] as? [String: String]
        #expect(retry == ["limit": "2", "retryPolicy": "Always"])
        let volume = (spec["volumes"] as? [[String: Any]])?.first?["persistentVolumeClaim"] as? [String: String]
        #expect(volume == ["claimName": "quire-cache"])
        // A task's arguments run here too: the step runs alone from the cache, as in the pod.
        let rows = try QuireProcess.run(["run", "nb.md", "--only", "rows", "--no-history"], in: project.url)
        #expect(rows.status == 0, "\(rows.stderr)")
    }

    @Test func mistakesAreErrors() throws {
        let project = try Self.project()
        let noImage = try QuireProcess.run(["export", "argo", "nb.md", "--cache-claim", "c"], in: project.url)
        #expect(noImage.status == 64)
        #expect(noImage.stderr.contains("--image"))
        try project.write("```step a\nlod: x.csv\n```\n", to: "bad.md")
        let invalid = try QuireProcess.run(
            ["export", "argo", "bad.md", "--image", "i", "--cache-claim", "c"], in: project.url)
        #expect(invalid.status == 2)
        #expect(invalid.stdout.isEmpty)
        #expect(invalid.stderr.contains("bad.md:2:1: error:"), "\(invalid.stderr)")
    }

    /// The commands of docs/distributed.md's Argo section, as written, on a copy of the examples.
    @Test func documentedCommandsWork() throws {
        let project = try Self.project()
        let docs = try String(
            contentsOf: Self.repository.appendingPathComponent("docs/distributed.md"), encoding: .utf8)
        let section = try #require(docs.components(separatedBy: "## Argo Workflows").dropFirst().first)
        let block = try #require(
            section.components(separatedBy: "```sh\n").dropFirst().first?.components(separatedBy: "```").first)
        let commands = block.split(separator: "\n").map(String.init)
        #expect(commands.count == 2)
        var outputs: [String] = []
        for command in commands {
            let (status, text) = try QuireProcess.shell(command, in: project.url, separateErrors: true)
            outputs.append(text)
            #expect(status == 0, "\(command)")
        }
        let yaml = try String(contentsOf: project.url.appendingPathComponent("churn.yaml"), encoding: .utf8)
        #expect(yaml.hasPrefix("apiVersion: \"argoproj.io/v1alpha1\"\nkind: \"Workflow\"\n"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(outputs[1].utf8)) as? [String: Any])
        let parameters =
            ((json["spec"] as? [String: Any])?["arguments"] as? [String: Any])?["parameters"] as? [[String: String]]
        #expect(parameters?.first == ["name": "seed", "value": "7"])
    }
}
