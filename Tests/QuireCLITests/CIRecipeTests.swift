import Foundation
import TestSupport
import Testing
import Yams

/// The CI recipes in docs/ci/ work as written: their shell lines run in order in a fresh clone of
/// a small project, with the one step that builds Quire replaced by copying the binary under test.
/// What the platforms do themselves (actions/checkout, actions/cache, Pages) is not run here.
@Suite(.tags(.slow)) struct CIRecipeTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static let notebook = """
        ---
        title: CI
        params: {seed: 4}
        ---
        # CI

        ```step rows
        load: data/rows.csv
        ```

        ```step split
        split: {from: rows, test_size: 0.25, seed: "${params.seed}"}
        ```

        ```step model
        train: {data: split.train, algorithm: linear_regression, target: y}
        ```

        ```step speed
        latency: {model: model, data: split.test, samples: 10, warmup: 1}
        ```
        """

    static let csv = "x,y\n" + (1...80).map { "\($0),\(Double($0 * 3 % 17) / 2)" }.joined(separator: "\n") + "\n"

    /// What a result of running some lines was.
    struct Ran {
        var status: Int32
        var output: String
    }

    /// Runs `script` with bash (as both platforms do: errexit and pipefail) in `directory`.
    static func bash(_ script: String, in directory: URL, environment: [String: String]) throws -> Ran {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["--noprofile", "--norc", "-eo", "pipefail", "-c", script]
        process.currentDirectoryURL = directory
        process.environment = environment
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return Ran(status: process.terminationStatus, output: text)
    }

    /// A project whose reports were made with `--reproducible` and committed, cloned afresh. The
    /// notebook is committed before its reports are made, as docs/operations.md says: the report
    /// is dated by the notebook's last commit.
    static func clonedProject() throws -> (directory: TemporaryDirectory, clone: URL) {
        let directory = try TemporaryDirectory()
        let origin = directory.url.appendingPathComponent("origin")
        let clone = directory.url.appendingPathComponent("clone")
        try directory.write(".quire/\n.quire-bin/\npublic/\nreports/*.prom\n", to: "origin/.gitignore")
        try directory.write(notebook, to: "origin/notebooks/nb.md")
        try directory.write(csv, to: "origin/notebooks/data/rows.csv")
        let environment = gitEnvironment()
        let binary = QuireProcess.binary.path
        let setup = try bash(
            """
            git init --quiet --initial-branch=main
            git add . && git commit --quiet -m notebooks
            "\(binary)" run --quiet --reproducible notebooks/*.md
            git add . && git commit --quiet -m reports
            git clone --quiet . ../clone
            """, in: origin, environment: environment)
        #expect(setup.status == 0, "\(setup.output)")
        return (directory, clone)
    }

    static func gitEnvironment() -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_AUTHOR_NAME"] = "Quire Test"
        environment["GIT_COMMITTER_NAME"] = "Quire Test"
        environment["GIT_AUTHOR_EMAIL"] = "test@example.invalid"
        environment["GIT_COMMITTER_EMAIL"] = "test@example.invalid"
        environment["NO_COLOR"] = "1"
        return environment
    }

    static func recipe(_ name: String) throws -> Node {
        let text = try String(contentsOf: repository.appendingPathComponent("docs/ci/\(name)"), encoding: .utf8)
        return try #require(try Yams.compose(yaml: text))
    }

    // MARK: GitHub Actions

    /// Runs the `run:` steps of the workflow's `notebooks` job for `event`, as Actions would:
    /// `env:` exported, `if:` evaluated, `$GITHUB_PATH` added to PATH for the steps after.
    /// Returns each run step's name and result; stops at the first that fails.
    static func runGitHubJob(event: String, in clone: URL, home: URL) throws -> [(name: String, ran: Ran)] {
        let workflow = try recipe("github-actions.yml")
        let steps = try #require(workflow["jobs"]?["notebooks"]?["steps"]?.sequence)
        var environment = gitEnvironment()
        for (key, value) in workflow["env"]?.mapping ?? [:] {
            if let key = key.string, let value = value.string { environment[key] = value }
        }
        let githubPath = home.appendingPathComponent("github-path")
        try Data().write(to: githubPath)
        environment["HOME"] = home.path
        environment["GITHUB_PATH"] = githubPath.path
        environment["RUNNER_TEMP"] = home.appendingPathComponent("runner-temp").path
        environment["GITHUB_BASE_REF"] = "main"  // set by Actions on pull requests
        environment["GITHUB_STEP_SUMMARY"] = home.appendingPathComponent("step-summary.md").path
        let basePath = environment["PATH"] ?? "/usr/bin:/bin"
        var ran: [(name: String, ran: Ran)] = []
        for step in steps {
            guard let run = step["run"]?.string else { continue }  // `uses:` steps: the platform's own
            let name = step["name"]?.string ?? run
            if let condition = step["if"]?.string {
                switch condition {
                case "steps.quire-binary.outputs.cache-hit != 'true'": break  // a cold cache
                case "github.event_name == 'pull_request'": if event != "pull_request" { continue }
                case "github.event_name != 'pull_request'": if event == "pull_request" { continue }
                default:
                    Issue.record("the test does not know the condition \(condition)")
                    continue
                }
            }
            let script =
                name == "Build quire"
                ? "mkdir -p \"$HOME/.quire-bin\" && cp '\(QuireProcess.binary.path)' \"$HOME/.quire-bin/quire\"" : run
            let added = try String(contentsOf: githubPath, encoding: .utf8).split(separator: "\n").reversed()
            environment["PATH"] = (added.map(String.init) + [basePath]).joined(separator: ":")
            let result = try bash(script, in: clone, environment: environment)
            ran.append((name, result))
            if result.status != 0 { break }
        }
        return ran
    }

    @Test func gitHubWorkflowGatesPullRequestsAndRendersPushes() throws {
        let (directory, clone) = try Self.clonedProject()
        let home = directory.url.appendingPathComponent("home")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)

        let gate = try Self.runGitHubJob(event: "pull_request", in: clone, home: home)
        #expect(
            gate.map(\.name) == [
                "Install the libraries quire links (cmark, OpenSSL, SQLite)", "Build quire", "Put quire on PATH",
                "Gate (the committed reports are current)", "Compare with the base branch",
            ])
        #expect(gate.allSatisfy { $0.ran.status == 0 }, "\(gate.map(\.ran.output))")
        #expect(gate.dropLast().last?.ran.output.contains("notebooks/nb.md: up to date (4 steps)") == true)
        let summary = home.appendingPathComponent("step-summary.md")
        #expect(try String(contentsOf: summary, encoding: .utf8).contains("No difference"))
        #expect(!FileManager.default.fileExists(atPath: clone.appendingPathComponent(".quire").path))

        // A pull request that changes data without re-rendering fails the gate, naming the file.
        let data = clone.appendingPathComponent("notebooks/data/rows.csv")
        try Data((Self.csv + "81,2.5\n").utf8).write(to: data)
        let stale = try Self.runGitHubJob(event: "pull_request", in: clone, home: home)
        #expect(stale.last?.name == "Gate (the committed reports are current)")
        #expect(stale.last?.ran.status == 4)
        #expect(
            stale.last?.ran.output.contains("rows: file data/rows.csv changed") == true,
            "\(stale.last?.ran.output ?? "")")

        // A push re-renders; the reports it makes are the committed ones, byte for byte.
        try Data(Self.csv.utf8).write(to: data)
        let push = try Self.runGitHubJob(event: "push", in: clone, home: home)
        #expect(push.last?.name == "Render the reports")
        #expect(push.allSatisfy { $0.ran.status == 0 }, "\(push.map(\.ran.output))")
        #expect(FileManager.default.fileExists(atPath: clone.appendingPathComponent(".quire/cache").path))
        let changed = try Self.bash("git status --porcelain", in: clone, environment: Self.gitEnvironment())
        #expect(changed.output.isEmpty, "\(changed.output)")
    }

    // MARK: GitLab CI

    /// Runs a job of the GitLab file: its template's `before_script`, then its `script`, in one
    /// shell, with `variables:` exported.
    static func runGitLabJob(_ name: String, in clone: URL) throws -> Ran {
        let file = try recipe("gitlab-ci.yml")
        let job = try #require(file[Node(name)])
        let template = try #require(job["extends"]?.string.flatMap { file[Node($0)] })
        var environment = gitEnvironment()
        for (key, value) in file["variables"]?.mapping ?? [:] {
            if let key = key.string, let value = value.string { environment[key] = value }
        }
        environment["CI_MERGE_REQUEST_TARGET_BRANCH_NAME"] = "main"  // set by GitLab in merge request pipelines
        var lines: [String] = []
        for line in (template["before_script"]?.sequence ?? []).compactMap(\.string) {
            lines.append(
                line.hasPrefix("# Build quire")
                    ? "mkdir -p .quire-bin && cp '\(QuireProcess.binary.path)' .quire-bin/quire" : line)
        }
        lines += (job["script"]?.sequence ?? []).compactMap(\.string)
        #expect(lines.count >= 4)
        return try bash(lines.joined(separator: "\n"), in: clone, environment: environment)
    }

    @Test func gitLabJobsGateMergeRequestsAndPublishPages() throws {
        let file = try Self.recipe("gitlab-ci.yml")
        #expect(
            file["gate"]?["rules"]?.sequence?.first?["if"]?.string == "$CI_PIPELINE_SOURCE == \"merge_request_event\"")
        let (directory, clone) = try Self.clonedProject()
        defer { withExtendedLifetime(directory) {} }
        let gate = try Self.runGitLabJob("gate", in: clone)
        #expect(gate.status == 0, "\(gate.output)")
        #expect(gate.output.contains("notebooks/nb.md: up to date (4 steps)"), "\(gate.output)")
        #expect(gate.output.contains("No difference"), "\(gate.output)")

        let pages = try Self.runGitLabJob("pages", in: clone)
        #expect(pages.status == 0, "\(pages.output)")
        #expect(FileManager.default.fileExists(atPath: clone.appendingPathComponent("public/nb.html").path))
        #expect(FileManager.default.fileExists(atPath: clone.appendingPathComponent(".quire/cache").path))

        // A prose edit without re-rendered reports fails the gate.
        let notebook = clone.appendingPathComponent("notebooks/nb.md")
        try Data((Self.notebook + "\nA new paragraph.\n").utf8).write(to: notebook)
        let stale = try Self.runGitLabJob("gate", in: clone)
        #expect(stale.status == 4)
        #expect(stale.output.contains("notebook changed"), "\(stale.output)")
    }

    // MARK: Pull-request diff

    /// A pull request that changes a parameter and commits its re-rendered reports passes both
    /// gates, and both recipes show the change against main's committed summaries.
    @Test func pullRequestsShowTheirDiffAgainstMain() throws {
        let (directory, clone) = try Self.clonedProject()
        let home = directory.url.appendingPathComponent("home")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        let notebook = clone.appendingPathComponent("notebooks/nb.md")
        try Data(Self.notebook.replacingOccurrences(of: "params: {seed: 4}", with: "params: {seed: 5}").utf8)
            .write(to: notebook)
        let branch = try Self.bash(
            """
            git checkout --quiet -b feature
            git commit --quiet -am "seed 5"
            "\(QuireProcess.binary.path)" run --quiet --reproducible notebooks/*.md
            git add reports && git commit --quiet -m reports
            """, in: clone, environment: Self.gitEnvironment())
        #expect(branch.status == 0, "\(branch.output)")

        let job = try Self.runGitHubJob(event: "pull_request", in: clone, home: home)
        #expect(job.allSatisfy { $0.ran.status == 0 }, "\(job.map(\.ran.output))")
        #expect(job.last?.name == "Compare with the base branch")
        let summary = try String(contentsOf: home.appendingPathComponent("step-summary.md"), encoding: .utf8)
        #expect(summary.hasPrefix("## Quire diff: origin/main → HEAD\n\n### CI\n"), "\(summary)")
        #expect(summary.contains("| seed | 4 | 5 | changed |"), "\(summary)")
        #expect(summary.contains("Computed from something different (the key changed): split, model, speed."))

        let gate = try Self.runGitLabJob("gate", in: clone)
        #expect(gate.status == 0, "\(gate.output)")
        let artifact = try String(contentsOf: clone.appendingPathComponent("quire-diff.md"), encoding: .utf8)
        #expect(artifact == summary, "the same comparison")
    }
}
