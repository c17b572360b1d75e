import Foundation
import TestSupport
import Testing

/// Reports name paths relative to the project root, never the directories of the machine they
/// were rendered on, however the notebooks were given on the command line.
@Suite struct ReportPathTests {
    static let notebook = """
        # Paths

        ```step data
        generate: {kind: classification, n_samples: 80, n_features: 6, seed: 1}
        ```

        ```step model
        train: {data: data, algorithm: logistic_regression, target: target}
        ```

        ```step ship
        export: {model: model, name: NAME}
        ```

        ```step lost
        load: data/missing.csv
        ```
        """

    /// Every file under `directory` with its bytes, by relative path.
    static func files(_ directory: URL) -> [String: Data] {
        var files: [String: Data] = [:]
        for name in (FileManager.default.enumerator(atPath: directory.path)?.allObjects as? [String]) ?? [] {
            var isDirectory: ObjCBool = false
            let path = directory.appendingPathComponent(name).path
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[name] = FileManager.default.contents(atPath: path)
            }
        }
        return files
    }

    @Test func aNotebookGivenByAbsolutePathGivesTheSameReportAsGivenRelatively() throws {
        let project = try TemporaryDirectory()
        try project.write("", to: "quire.yaml")
        for name in ["a", "b"] {
            try project.write(
                Self.notebook.replacingOccurrences(of: "NAME", with: "model-\(name)"), to: "notebooks/\(name).md")
        }
        let elsewhere = try TemporaryDirectory()
        let absolute = ["a", "b"].map { project.url.appendingPathComponent("notebooks/\($0).md").path }
        let common = ["run", "--no-cache", "--reproducible", "-q"]

        let fromElsewhere = try QuireProcess.run(common + ["-o", "out"] + absolute, in: elsewhere.url)
        #expect(fromElsewhere.status == 1, "\(fromElsewhere.stderr)")
        let reports = Self.files(elsewhere.url.appendingPathComponent("out"))
        #expect(
            Set(reports.keys) == [
                "a.html", "a.json", "a.prom", "b.html", "b.json", "b.prom", "index.html", "models/model-a.json",
                "models/model-b.json",
            ])
        for (name, data) in reports {
            let text = String(decoding: data, as: UTF8.self)
            #expect(!text.contains(project.url.path), "\(name) names the project's absolute path")
            #expect(!text.contains("quire-test-"), "\(name) names a temporary directory")
        }
        let summary = try JSONSerialization.jsonObject(with: try #require(reports["a.json"])) as? [String: Any]
        #expect((summary?["notebook"] as? [String: Any])?["path"] as? String == "notebooks/a.md")
        let page = String(decoding: try #require(reports["a.html"]), as: UTF8.self)
        #expect(page.contains("notebooks/a.md:16:7"), "the failed step's place")
        #expect(
            page.contains("paths are relative to the notebook&#39;s directory (notebooks/)")
                || page.contains("paths are relative to the notebook's directory (notebooks/)"))
        let model = String(decoding: try #require(reports["models/model-a.json"]), as: UTF8.self)
        #expect(
            model.contains(#""path": "notebooks/a.md""#) || model.contains(#""path":"notebooks/a.md""#),
            "\(model.prefix(400))")
        #expect(String(decoding: try #require(reports["index.html"]), as: UTF8.self).contains("notebooks/b.md"))

        // The same bytes from the project root with relative paths, and from the notebooks' directory.
        let fromRoot = try QuireProcess.run(
            common + ["-o", elsewhere.url.appendingPathComponent("root").path, "notebooks/a.md", "notebooks/b.md"],
            in: project.url)
        #expect(fromRoot.status == 1, "\(fromRoot.stderr)")
        #expect(Self.files(elsewhere.url.appendingPathComponent("root")) == reports)
        let fromNotebooks = try QuireProcess.run(
            common + ["-o", elsewhere.url.appendingPathComponent("inside").path, "a.md", "b.md"],
            in: project.url.appendingPathComponent("notebooks"))
        #expect(fromNotebooks.status == 1, "\(fromNotebooks.stderr)")
        #expect(Self.files(elsewhere.url.appendingPathComponent("inside")) == reports)
    }
}
