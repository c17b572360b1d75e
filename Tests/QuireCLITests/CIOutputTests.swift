import Foundation
import TestSupport
import Testing

/// What CI and a pull request see of `quire run` and `quire check`: the last lines (steps, alerts,
/// warnings), the monitors `--fail-on` names, `--summary-md`, `--diagnostics-format github`; and
/// the command line's polish: "did you mean", subcommand usage, completion scripts, `--version`.
@Suite(.tags(.slow)) struct CIOutputTests {
    /// A drift between two generated frames (some columns alert), a model and its evaluation.
    static let monitored =
        SampleNotebooks.titled("\"Monitored | <i>drift</i>\"") + "\n" + SampleNotebooks.shiftedDrift + "\n"
        + SampleNotebooks.modelOnReference + "\n" + SampleNotebooks.qualityOnCurrent

    static let plain = "```step raw\ngenerate: {kind: blobs, n_samples: 20, seed: 1}\n```\n"

    static func project() throws -> TemporaryDirectory {
        let project = try TemporaryDirectory()
        try project.write("", to: "quire.yaml")
        try project.write(monitored, to: "mon.md")
        try project.write(plain, to: "plain.md")
        return project
    }

    /// The monitor rows of the JSON summary (the oracle for what the console counts): status,
    /// step, subject, test.
    static func monitorRows(_ project: TemporaryDirectory, _ name: String) throws -> [(String, String, String, String)]
    {
        let data = try Data(contentsOf: project.url.appendingPathComponent("reports/\(name).json"))
        let summary = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var rows: [(String, String, String, String)] = []
        for step in summary["steps"] as? [[String: Any]] ?? [] {
            for row in step["monitor"] as? [[String: Any]] ?? [] {
                rows.append(
                    (
                        row["status"] as? String ?? "", step["id"] as? String ?? "", row["subject"] as? String ?? "",
                        row["test"] as? String ?? ""
                    ))
            }
        }
        return rows
    }

    static func plural(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }

    // MARK: the console

    @Test func lastLinesCountStepsAlertsAndWarnings() throws {
        let project = try Self.project()
        let single = try QuireProcess.run(["run", "mon.md"], in: project.url, timeout: 120)
        #expect(single.status == 0, "\(single.stderr)")
        let rows = try Self.monitorRows(project, "mon")
        let alerts = rows.filter { $0.0 == "alert" }.count
        let warnings = rows.filter { $0.0 == "warn" }.count
        #expect(alerts > 0)
        var counts = [Self.plural(alerts, "alert")]
        if warnings > 0 { counts.append(Self.plural(warnings, "warning")) }
        let expected = "mon.md: 5 steps (5 ran) · \(counts.joined(separator: ", ")) → reports/mon.html\n"
        #expect(single.stdout.hasSuffix(expected), "\(single.stdout)")

        let several = try QuireProcess.run(["run", "plain.md", "mon.md"], in: project.url, timeout: 120)
        #expect(several.status == 0, "\(several.stderr)")
        #expect(several.stdout.contains("plain.md: 1 step (1 ran) → reports/plain.html\n"), "\(several.stdout)")
        #expect(several.stdout.contains("mon.md: 5 steps (5 cached) · "), "\(several.stdout)")
        let last = several.stdout.split(separator: "\n").last.map(String.init) ?? ""
        #expect(
            last.hasPrefix("2 notebooks: 6 steps (1 ran, 5 cached) · \(counts.joined(separator: ", "))"), "\(last)")

        // Monitors that are all ok say so; a notebook without monitors says nothing of them.
        let quiet = try QuireProcess.run(["run", "--quiet", "mon.md"], in: project.url, timeout: 120)
        #expect(quiet.stdout.isEmpty, "\(quiet.stdout)")
    }

    @Test func failOnNamesTheMonitorsThatTripped() throws {
        let project = try Self.project()
        let gated = try QuireProcess.run(["run", "--fail-on", "warn", "mon.md"], in: project.url, timeout: 120)
        #expect(gated.status == 3, "\(gated.stderr)")
        let tripped = try Self.monitorRows(project, "mon").filter { $0.0 != "ok" }
        #expect(!tripped.isEmpty)
        #expect(
            gated.stderr.contains(
                "mon.md: monitoring reached alert (--fail-on warn): \(Self.plural(tripped.count, "monitor")) at warn or worse\n"
            ), "\(gated.stderr)")
        for (status, step, subject, test) in tripped {
            #expect(gated.stderr.contains("  \(status): \(step) · \(subject) · \(test) = "), "\(gated.stderr)")
        }
    }

    // MARK: --summary-md

    @Test func summaryMarkdownIsAppendedAndEscaped() throws {
        let project = try Self.project()
        let first = try QuireProcess.run(
            ["run", "--fail-on", "alert", "--summary-md", "summary.md", "mon.md"], in: project.url, timeout: 120)
        #expect(first.status == 3, "written also when the gate trips: \(first.stderr)")
        try project.write(Self.plain + "```step broken\nload: missing.csv\n```\n", to: "plain.md")
        let second = try QuireProcess.run(
            ["run", "--summary-md", "summary.md", "plain.md"], in: project.url, timeout: 120)
        #expect(second.status == 1, "written also when a step fails: \(second.stderr)")
        let text = try String(contentsOf: project.url.appendingPathComponent("summary.md"), encoding: .utf8)
        #expect(text.components(separatedBy: "## Quire run\n").count == 3, "appended, not replaced: \(text)")
        #expect(text.contains("### Monitored \\| &lt;i&gt;drift&lt;/i&gt;\n"), "\(text)")
        #expect(!text.contains("<i>"))
        #expect(text.contains("**succeeded · "), "\(text)")
        #expect(text.contains("monitoring gate tripped (alert, --fail-on alert)"), "\(text)")
        #expect(text.contains("| step | monitor | column | value | status |"))
        #expect(text.contains("| quality.r2 | "), "\(text)")
        #expect(text.contains("**failed at step broken**"), "\(text)")
    }

    @Test func anUnwritableSummaryFailsBeforeAnythingRuns() throws {
        let project = try Self.project()
        let output = try QuireProcess.run(
            ["run", "--summary-md", "no/such/dir/summary.md", "mon.md"], in: project.url, timeout: 60)
        #expect(output.status == 74, "\(output.stderr)")
        #expect(
            output.stderr.contains(
                "error: cannot open the --summary-md file no/such/dir/summary.md: No such file or directory"),
            "\(output.stderr)")
        #expect(!FileManager.default.fileExists(atPath: project.url.appendingPathComponent("reports/mon.html").path))
    }

    // MARK: --diagnostics-format github

    @Test func githubAnnotationsForCheckRunAndTheGate() throws {
        let project = try Self.project()
        try project.write("```step Bad\nload: x\n```\n", to: "sub/bad.md")
        let check = try QuireProcess.run(["check", "--diagnostics-format", "github", "sub/bad.md"], in: project.url)
        #expect(check.status == 2)
        #expect(
            check.stderr.hasPrefix(
                "::error file=sub/bad.md,line=1,col=9,endLine=1,endColumn=11,title=step-invalid-id::'Bad' is not a valid step id%0Ahint: "
            ), "\(check.stderr)")
        // Relative to the repository's checkout when GitHub names it.
        let workspace = try QuireProcess.run(
            ["check", "--diagnostics-format", "github", "bad.md"], in: project.url.appendingPathComponent("sub"),
            environment: ["GITHUB_WORKSPACE": project.url.deletingLastPathComponent().path])
        #expect(
            workspace.stderr.hasPrefix("::error file=\(project.url.lastPathComponent)/sub/bad.md,line=1,"),
            "\(workspace.stderr)")

        try project.write(Self.plain + "```step broken\nload: missing.csv\n```\n", to: "broken.md")
        let run = try QuireProcess.run(["run", "--diagnostics-format", "github", "broken.md"], in: project.url)
        #expect(run.status == 1)
        #expect(run.stderr.contains("::error file=broken.md,line=5,col=7,"), "\(run.stderr)")
        #expect(run.stderr.contains(",title=step-failed::step 'broken' failed: cannot read 'missing.csv'"))

        let gate = try QuireProcess.run(
            ["run", "--diagnostics-format", "github", "--fail-on", "warn", "mon.md"], in: project.url, timeout: 120)
        #expect(gate.status == 3)
        // The drift step's fence is on line 11.
        #expect(
            gate.stderr.contains(
                "::error file=mon.md,line=11,col=1,endLine=11,endColumn=1,title=fail-on warn::monitor drift · "),
            "\(gate.stderr)")
    }

    // MARK: polish

    @Test func aMistypedSubcommandGetsASuggestion() throws {
        let output = try QuireProcess.run(["rnu", "notebooks/churn.md"])
        #expect(output.status == 64)
        #expect(output.stderr.hasPrefix("Error: unknown command 'rnu'; did you mean 'run'?\n"), "\(output.stderr)")
        #expect(output.stderr.contains("Usage: quire <subcommand>"))
        let far = try QuireProcess.run(["frobnicate"])
        #expect(far.status == 64)
        #expect(far.stderr.hasPrefix("Error: unknown command 'frobnicate'\n"), "\(far.stderr)")
        let notebook = try QuireProcess.run(["nb.md"])
        #expect(notebook.status == 64)
        #expect(
            notebook.stderr.hasPrefix("Error: unknown command 'nb.md'; did you mean 'quire run nb.md'?\n"),
            "\(notebook.stderr)")
    }

    @Test func errorsFoundWhileRunningShowTheSubcommandsUsage() throws {
        let project = try Self.project()
        let parameter = try QuireProcess.run(["run", "-p", "oops", "plain.md"], in: project.url)
        #expect(parameter.status == 64)
        #expect(parameter.stderr.contains("Error: -p expects name=value, not 'oops'"), "\(parameter.stderr)")
        #expect(parameter.stderr.contains("\nUsage: quire run [<options>] <notebooks> ..."), "\(parameter.stderr)")
        #expect(parameter.stderr.contains("See 'quire run --help' for more information."))
        #expect(!parameter.stderr.contains("quire <subcommand>"))
        let push = try QuireProcess.run(["push", "plain.md", "--gateway", "http://127.0.0.1:9"], in: project.url)
        #expect(push.status == 64)
        #expect(push.stderr.contains("Error: no metrics at reports/plain.prom"), "\(push.stderr)")
        #expect(push.stderr.contains("\nUsage: quire push <notebook> --gateway <url>"), "\(push.stderr)")
        #expect(push.stderr.contains("See 'quire push --help' for more information."))
    }

    @Test(arguments: ["bash", "zsh", "fish"])
    func completionScriptsCompleteNotebooksAsMarkdownFiles(shell: String) throws {
        let output = try QuireProcess.run(["--generate-completion-script", shell])
        #expect(output.status == 0, "\(output.stderr)")
        let filter =
            switch shell {
            case "bash": "-fX '!*.@(md)'"
            case "zsh": "_files -g '\\''*.md'\\''"
            default: "*.\\'md\\'"
            }
        #expect(output.stdout.contains(filter), "\(output.stdout)")
        // The shell itself parses the script, when it is installed.
        let directory = try TemporaryDirectory()
        let script = try directory.write(output.stdout, to: "quire.\(shell)")
        let candidates = ["/bin/\(shell)", "/usr/bin/\(shell)"]
        guard let executable = candidates.first(where: FileManager.default.isExecutableFile(atPath:)) else {
            #expect(shell != "bash", "bash is always installed")
            return
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["-n", script.path]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(shell) -n rejects the script")
    }

    @Test func versionNamesTheEngineRevisionAndTheCommit() throws {
        let output = try QuireProcess.run(["--version"])
        #expect(output.status == 0)
        let pattern =
            #/^quire \d+\.\d+\.\d+ \(quire-engine/\d+\.\d+\.\d+-r\d+, commit ([0-9a-f]{7,40}(-dirty)?|unknown)\)\n$/#
        #expect(output.stdout.wholeMatch(of: pattern) != nil, "\(output.stdout)")
    }
}

/// The examples of docs/running.md ("Progress", "In a pull request"), printed by the binary on a
/// copy of the example notebooks.
@Suite(.tags(.slow)) struct CIOutputDocTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..")

    /// The lines of docs/running.md's code blocks that start with `prefix`.
    static func documentedLines(startingWith prefixes: [String]) throws -> [String] {
        let text = try String(contentsOf: root.appendingPathComponent("docs/running.md"), encoding: .utf8)
        var lines: [String] = []
        var inBlock = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") {
                inBlock.toggle()
            } else if inBlock, prefixes.contains(where: { line.hasPrefix($0) }) {
                lines.append(String(line))
            }
        }
        return lines
    }

    static func examples() throws -> TemporaryDirectory {
        let project = try TemporaryDirectory()
        try project.write("", to: "quire.yaml")
        try FileManager.default.copyItem(
            at: root.appendingPathComponent("notebooks"), to: project.url.appendingPathComponent("notebooks"))
        return project
    }

    @Test func theDocumentedLinesAreWhatQuirePrints() throws {
        let project = try Self.examples()
        let names = ["churn-model.md", "churn.md", "drift-monitoring.md"].map { "notebooks/" + $0 }
        let run = try QuireProcess.run(["run", "--no-cache"] + names, in: project.url, timeout: 300)
        #expect(run.status == 0, "\(run.stderr)")
        let progress = try Self.documentedLines(startingWith: ["notebooks/drift-monitoring.md: 8", "3 notebooks:"])
        #expect(progress.count == 2)
        for line in progress { #expect(run.stdout.contains(line + "\n"), "\(line) in \(run.stdout)") }

        let gate = try QuireProcess.run(
            ["run", "--fail-on", "warn", "notebooks/drift-monitoring.md"], in: project.url, timeout: 300)
        #expect(gate.status == 3)
        let named = try Self.documentedLines(startingWith: ["notebooks/drift-monitoring.md: monitoring", "  alert: "])
        #expect(named.count == 7)
        #expect(gate.stderr.contains(named.joined(separator: "\n") + "\n"), "\(gate.stderr)")

        let churn = project.url.appendingPathComponent("notebooks/churn.md")
        let text = try String(contentsOf: churn, encoding: .utf8)
        try text.replacingOccurrences(of: "```step split\n", with: "```step Split\n").write(
            to: churn, atomically: true, encoding: .utf8)
        let check = try QuireProcess.run(
            ["check", "--diagnostics-format", "github", "notebooks/churn.md"], in: project.url, timeout: 60)
        let annotation = try Self.documentedLines(startingWith: ["::error "])
        #expect(annotation.count == 1)
        #expect(check.stderr == annotation.joined() + "\n", "\(check.stderr)")
    }
}
